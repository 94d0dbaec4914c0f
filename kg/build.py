"""Articles in, graph out: the streaming, parallel build behind ``kg build``.

Articles are read lazily and cut into batches; each batch is parsed with ``nlp.pipe`` and
extracted inside a worker process that loaded the pipeline once, and only the resulting triples
travel back. The parent writes each article's named graph as soon as it arrives, so memory stays
flat, both cores stay busy, and an interrupted build keeps every article that was written.
Bad inputs are collected in the report, never fatal to the batch.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from rdflib import Dataset, Graph, URIRef

from kg.article import Article
from kg.errors import InputError
from kg.iris import GAZETTEER_GRAPH, article_graph_iri

Triple = tuple[Any, Any, Any]


class GraphSink(Protocol):
    """Where built article graphs go: a file or a store."""

    def put(self, graph_iri: URIRef, graph: Graph) -> None: ...

    def close(self) -> None: ...


@dataclass
class BuildReport:
    """What a build did: counts for the summary line and the inputs that were skipped."""

    articles: int = 0
    events: int = 0
    triples: int = 0
    actors: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class ArticleGraph:
    """The triples extracted from one article, as they travel back from a worker."""

    article_id: str
    source: str
    triples: tuple[Triple, ...]

    def graph(self) -> Graph:
        graph = Graph()
        for triple in self.triples:
            graph.add(triple)
        return graph


class FileSink:
    """Collects every article graph and writes the file atomically when closed."""

    def __init__(self, path: str | Path) -> None:
        from kg.graphio import format_for, new_dataset

        format_for(path)  # fail early on an unknown extension
        self.path = Path(path)
        self.dataset: Dataset = new_dataset()

    def put(self, graph_iri: URIRef, graph: Graph) -> None:
        self.dataset.remove_graph(self.dataset.graph(graph_iri))
        target = self.dataset.graph(graph_iri)
        for triple in graph:
            target.add(triple)

    def close(self) -> None:
        from kg.graphio import write_dataset

        write_dataset(self.dataset, self.path)


class StoreSink:
    """Replaces each article's named graph in a store, one transaction per article."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def put(self, graph_iri: URIRef, graph: Graph) -> None:
        self.store.replace_graph(graph_iri, graph)

    def close(self) -> None:
        pass


class ArticleExtractor:
    """One process's pipeline: the model, components and gazetteer, loaded once."""

    def __init__(self, model: str) -> None:
        from kg.gazetteer import load_gazetteer
        from kg.nlp import load_pipeline

        self.gazetteer = load_gazetteer()
        self.nlp = load_pipeline(model, gazetteer=self.gazetteer)

    def run(self, articles: Sequence[Article]) -> list[ArticleGraph | InputError]:
        """Parse and extract a batch; an article that fails is returned as an InputError."""
        from kg.extract import extract
        from kg.nlp import make_doc

        out: list[ArticleGraph | InputError] = []
        docs = self.nlp.pipe((make_doc(self.nlp, a) for a in articles), batch_size=max(1, len(articles)))
        for article, doc in zip(articles, docs, strict=True):
            source = article.source_path or article.id
            try:
                graph = extract(doc, article, gazetteer=self.gazetteer)
            except Exception as e:  # one bad article must not stop the batch
                out.append(InputError(f"extraction failed ({type(e).__name__}: {e})", path=source))
                continue
            out.append(ArticleGraph(article.id, source, tuple(graph)))
        return out


_WORKER: ArticleExtractor | None = None


def _init_worker(model: str) -> None:
    global _WORKER
    _WORKER = ArticleExtractor(model)


def _run_batch(articles: list[Article]) -> list[ArticleGraph | InputError]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(articles)


def _split_errors(items: Iterable[Article | InputError], report: BuildReport) -> Iterator[Article]:
    """Pass articles on; keep the loaders' errors (duplicates included) and warnings in the report."""
    for item in items:
        if isinstance(item, InputError):
            report.skipped.append(item)
            continue
        report.warnings.extend(f"{item.source_path}: {w}" for w in item.warnings)
        yield item


def _batches(articles: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while batch := list(islice(articles, size)):
        yield batch


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def resolve_model(model: str | None) -> str:
    """The model to load: the argument, else $KG_MODEL, else the default English model."""
    from kg.nlp import DEFAULT_MODEL

    return model or os.environ.get("KG_MODEL") or DEFAULT_MODEL


def extract_batches(
    batches: Iterator[list[Article]], *, model: str, jobs: int
) -> Iterator[ArticleGraph | InputError]:
    """Run the extractor over batches, in this process (jobs=1) or a bounded pool of workers."""
    if jobs <= 1:
        extractor = ArticleExtractor(model)
        for batch in batches:
            yield from extractor.run(batch)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(model,)
    ) as pool:
        pending: set[Future[list[ArticleGraph | InputError]]] = set()
        window = 2 * jobs  # batches in flight: enough to keep workers busy, few enough to stay flat
        for batch in batches:
            pending.add(pool.submit(_run_batch, batch))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        for future in pending:
            yield from future.result()


def ensure_model(model: str) -> None:
    """Raise ModelNotFoundError unless ``model`` is an installed spaCy package or a model folder."""
    import spacy.util

    from kg.errors import ModelNotFoundError

    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise ModelNotFoundError(model)


def build_articles(
    inputs: Sequence[str | Path],
    *,
    sink: GraphSink,
    model: str | None = None,
    jobs: int | None = None,
    batch_size: int = 16,
    loader_options: Any | None = None,
    input_format: str | None = None,
    on_article: Callable[[ArticleGraph, BuildReport], None] | None = None,
) -> BuildReport:
    """Build every article of ``inputs`` (files, folders, globs) into ``sink``.

    Returns a report; unreadable inputs are listed in ``report.skipped`` and the rest is built.
    The sink is closed at the end (a file sink writes its file then, atomically).
    """
    import loaders
    from kg.gazetteer import load_gazetteer

    started = time.perf_counter()
    report = BuildReport()
    model_name = resolve_model(model)
    ensure_model(model_name)  # a missing model fails before any worker starts
    articles = _split_errors(
        loaders.iter_articles(list(inputs), format=input_format, options=loader_options), report
    )
    if isinstance(sink, FileSink):
        sink.put(GAZETTEER_GRAPH, load_gazetteer().graph)
    results = extract_batches(_batches(articles, batch_size), model=model_name, jobs=jobs or default_jobs())
    for result in results:
        if isinstance(result, InputError):
            report.skipped.append(result)
            continue
        graph = result.graph()
        sink.put(article_graph_iri(result.article_id), graph)
        _count(graph, report)
        if on_article is not None:
            on_article(result, report)
    sink.close()
    report.seconds = time.perf_counter() - started
    return report


def _count(graph: Graph, report: BuildReport) -> None:
    from kg.namespace import CF

    report.articles += 1
    report.triples += len(graph)
    report.events += sum(1 for _ in graph.subjects(CF.datePrecision, None, unique=True))
    for predicate, bucket in (
        (CF.perpetrator, report.actors),
        (CF.allegedPerpetrator, report.actors),
        (CF.target, report.actors),
        (CF.victim, report.actors),
        (CF.participant, report.actors),
        (CF.place, report.places),
        (CF.url, report.sources),
    ):
        bucket.update(str(o) for o in graph.objects(None, predicate))
