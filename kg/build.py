"""Articles in, graph out: the streaming, parallel build behind ``kg build``.

Articles are read lazily and cut into batches; each batch is parsed with ``nlp.pipe`` and
extracted inside a worker process that loaded the pipeline once, and only the resulting graph
travels back, as N-Triples text with its counts (serialised in the worker, in parallel). The
parent only writes: each article's named graph goes to the sink as soon as it arrives (one store
transaction per article, or appended to a streamed ``.nq`` file), so memory stays flat, both cores
stay busy, and an interrupted build keeps every article that was written. The embedded store is
written from a background thread (``kg.background``), so with one job its commits overlap the
model. At most ``2 * jobs`` batches are in flight. Bad inputs, articles longer than the model's
``max_length`` and articles whose extraction fails are collected in the report, never fatal to the
batch. Ctrl-C stops the workers at once (they ignore SIGINT; the parent terminates them) and leaves
no output file.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from rdflib import Dataset, Graph, URIRef

from kg.article import Article
from kg.errors import ExportError, InputError
from kg.iris import GAZETTEER_GRAPH, ONTOLOGY_GRAPH, article_graph_iri

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
    """One article's extracted graph as it travels back from a worker: N-Triples text and counts.

    The worker serialises and counts (in parallel); the parent only hands the text to the sink.
    """

    article_id: str
    source: str
    ntriples: str
    triple_count: int = 0
    events: int = 0
    actors: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    sources: frozenset[str] = frozenset()

    @classmethod
    def from_triples(cls, article_id: str, source: str, triples: Sequence[Triple]) -> ArticleGraph:
        """Serialise and count an article's triples (runs in the worker), as :meth:`from_graph` does
        for a Graph but without building one."""
        from kg.ntriples import ntriples_text

        unique = list(dict.fromkeys(triples))
        events, actors, places, sources = _tally(unique)
        return cls(article_id, source, ntriples_text(unique), len(unique), events, actors, places, sources)

    @classmethod
    def from_graph(cls, article_id: str, source: str, graph: Graph) -> ArticleGraph:
        """Serialise and count ``graph`` (runs in the worker)."""
        from kg.namespace import CF

        actors: set[str] = set()
        for predicate in (CF.perpetrator, CF.allegedPerpetrator, CF.target, CF.victim, CF.participant):
            actors.update(str(o) for o in graph.objects(None, predicate))
        return cls(
            article_id,
            source,
            graph.serialize(format="nt", encoding="utf-8").decode("utf-8"),
            len(graph),
            sum(1 for _ in graph.subjects(CF.datePrecision, None, unique=True)),
            frozenset(actors),
            frozenset(str(o) for o in graph.objects(None, CF.place)),
            frozenset(str(o) for o in graph.objects(None, CF.url)),
        )

    @property
    def triples(self) -> tuple[Triple, ...]:
        """The triples as rdflib terms (parsed on demand)."""
        return tuple(self.graph())

    def graph(self) -> Graph:
        """The triples as an rdflib Graph (parsed on demand)."""
        return parse_ntriples(self.ntriples)


@functools.cache
def _counted_predicates() -> dict[URIRef, int]:
    """Which bin of :func:`_tally` each counted predicate feeds (0 events, 1 actors, 2 places, 3 sources)."""
    from kg.namespace import CF

    roles = (CF.perpetrator, CF.allegedPerpetrator, CF.target, CF.victim, CF.participant)
    return {CF.datePrecision: 0, **dict.fromkeys(roles, 1), CF.place: 2, CF.url: 3}


def _tally(triples: Sequence[Triple]) -> tuple[int, frozenset[str], frozenset[str], frozenset[str]]:
    """The events (subjects with a date precision), actors in a role, places and source URLs, in one
    pass over the triples with the predicates looked up once (each CF attribute is a namespace lookup)."""
    kinds = _counted_predicates()
    bins: tuple[set[Any], set[str], set[str], set[str]] = (set(), set(), set(), set())
    for s, p, o in triples:
        kind = kinds.get(p)
        if kind == 0:
            bins[0].add(s)
        elif kind is not None:
            bins[kind].add(str(o))
    return len(bins[0]), frozenset(bins[1]), frozenset(bins[2]), frozenset(bins[3])


def parse_ntriples(text: str) -> Graph:
    r"""An rdflib Graph from N-Triples text.

    >>> len(parse_ntriples('<urn:a> <urn:b> "c" .\n'))
    1
    """
    graph = Graph()
    if text.strip():
        graph.parse(data=text, format="nt")
    return graph


def ntriples_to_nquads(text: str, graph_iri: str) -> str:
    r"""Put N-Triples lines (as rdflib writes them: one triple per line ending in ``.``) in a graph.

    >>> ntriples_to_nquads('<urn:a> <urn:b> "c" .\n', "urn:g")
    '<urn:a> <urn:b> "c" <urn:g> .\n'
    """
    suffix = f" <{graph_iri}> .\n"
    out = []
    for line in text.splitlines():
        line = line.rstrip()
        if line and not line.startswith("#"):
            out.append(line[:-1].rstrip() + suffix)
    return "".join(out)


class FileSink:
    """Writes a graph file atomically: a temporary file beside it, renamed over it at close.

    ``.nq`` output is streamed (each article's quads are appended as they arrive, so memory stays
    flat); the other formats (.trig, .jsonld, .ttl) need the whole dataset in memory until close,
    so a big corpus should go to a store or to ``.nq``. A build that fails or is interrupted
    removes the temporary file and leaves no output.
    """

    def __init__(self, path: str | Path) -> None:
        from kg.graphio import format_for, new_dataset

        fmt, _ = format_for(path)  # fail early on an unknown extension
        self.path = Path(path)
        folder = self.path.parent if str(self.path.parent) else Path(".")
        if not folder.is_dir():
            raise ExportError(f"cannot write {self.path}: folder {folder} does not exist; create it first")
        self.streaming = fmt == "nquads"
        self.dataset: Dataset = new_dataset()
        self._seen: set[str] = set()
        self._handle: Any = None
        self._tmp: str | None = None

    def _open(self) -> Any:
        if self._handle is None:  # created on first write, so a build that never starts leaves nothing
            folder = self.path.parent if str(self.path.parent) else Path(".")
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
            self._handle = os.fdopen(fd, "w", encoding="utf-8")
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(fd, 0o666 & ~umask)  # mkstemp creates 0600; the output gets the usual mode
        return self._handle

    def put(self, graph_iri: URIRef, graph: Graph) -> None:
        if self.streaming:
            self.put_ntriples(graph_iri, graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))
            return
        self.dataset.remove_graph(self.dataset.graph(graph_iri))
        target = self.dataset.graph(graph_iri)
        for triple in graph:
            target.add(triple)

    def put_ntriples(self, graph_iri: URIRef, text: str) -> None:
        """Add one article's graph given as N-Triples text (the build's fast path)."""
        if not self.streaming:
            self.put(graph_iri, parse_ntriples(text))
            return
        if str(graph_iri) in self._seen:  # a graph is written once (loaders already drop duplicates)
            return
        self._seen.add(str(graph_iri))
        self._open().write(ntriples_to_nquads(text, str(graph_iri)))

    def close(self) -> None:
        if not self.streaming:
            from kg.graphio import write_dataset
            from kg.resolve import RESOLUTION_GRAPH, resolve_dataset

            resolution = resolve_dataset(self.dataset)  # one event per real event across the articles
            if len(resolution):
                self.put(RESOLUTION_GRAPH, resolution)
            write_dataset(self.dataset, self.path)
            return
        self._open().flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(str(self._tmp), self.path)
        self._handle = self._tmp = None

    def abort(self) -> None:
        """Drop what was written: no output file appears."""
        if self._handle is not None:
            self._handle.close()
        if self._tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
        self._handle = self._tmp = None


class StoreSink:
    """Replaces each article's named graph in a store, one transaction per article.

    On the embedded Oxigraph store the worker's N-Triples text goes straight to
    ``OxigraphStore.replace_graph_ntriples`` (a transactional load, or ``DROP GRAPH ; INSERT DATA``
    when the graph exists), on a remote one into that SPARQL update: no rdflib objects in between.
    """

    #: flush the embedded store's write buffers after this much N-Triples text: without it RocksDB keeps
    #: every write in memory tables (measured: ~880 MB after 300 articles; flat ~140 MB with flushes)
    FLUSH_BYTES = 16 * 2**20

    def __init__(self, store: Any) -> None:
        self.store = store
        self._fast = _accepts_ntriples(store)
        self._unflushed = 0

    @property
    def writes_in_background(self) -> bool:
        """True when ``build_articles`` may call :meth:`put_ntriples` from its writer thread: the
        embedded Oxigraph store, whose writes release the GIL (see ``kg.background``)."""
        from kg.store.oxigraph import OxigraphStore

        return isinstance(self.store, OxigraphStore)

    def put(self, graph_iri: URIRef, graph: Graph) -> None:
        self.store.replace_graph(graph_iri, graph)

    def put_ntriples(self, graph_iri: URIRef, text: str) -> None:
        """Replace one article's graph given as N-Triples text, in one transaction."""
        if not self._fast:
            self.put(graph_iri, parse_ntriples(text))
            return
        replace = getattr(self.store, "replace_graph_ntriples", None)
        if replace is not None:
            replace(graph_iri, text)
        else:
            name = f"<{graph_iri}>"
            self.store.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{text}}} }}")
        self._unflushed += len(text)
        if self._unflushed >= self.FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the embedded store's buffers to disk so memory stays flat (a no-op elsewhere)."""
        self._unflushed = 0
        flush = getattr(getattr(self.store, "ox", None), "flush", None)
        if callable(flush):
            flush()

    def close(self) -> None:
        pass


def _accepts_ntriples(store: Any) -> bool:
    """True for stores whose SPARQL update is native (Oxigraph embedded or a remote server)."""
    try:
        from kg.store.oxigraph import OxigraphStore
        from kg.store.remote import RemoteStore
    except ImportError:  # pragma: no cover - the store package is part of kg
        return False
    return isinstance(store, OxigraphStore | RemoteStore)


class ArticleExtractor:
    """One process's pipeline: the model, components and gazetteer, loaded once."""

    def __init__(self, model: str) -> None:
        from kg.gazetteer import load_gazetteer
        from kg.nlp import load_pipeline

        self.gazetteer = load_gazetteer()
        self.nlp = load_pipeline(model, gazetteer=self.gazetteer)

    def _too_long(self, article: Article) -> InputError | None:
        limit = int(self.nlp.max_length)
        if len(article.text) <= limit:
            return None
        return InputError(
            f"the article text is {len(article.text):,} characters, more than the model's limit of "
            f"{limit:,} (spaCy max_length); split it into several articles",
            path=article.source_path or article.id,
        )

    def _docs(self, articles: Sequence[Article]) -> list[Any]:
        """Parse a batch with nlp.pipe; if the batch fails, parse one by one (errors become InputError)."""
        from kg.nlp import make_doc

        try:
            return list(self.nlp.pipe((make_doc(self.nlp, a) for a in articles), batch_size=len(articles)))
        except Exception:
            pass
        docs: list[Any] = []
        for article in articles:
            try:
                docs.append(self.nlp(make_doc(self.nlp, article)))
            except Exception as e:
                docs.append(
                    InputError(
                        f"the NLP pipeline failed ({type(e).__name__}: {e})",
                        path=article.source_path or article.id,
                    )
                )
        return docs

    def run(self, articles: Sequence[Article]) -> list[ArticleGraph | InputError]:
        """Parse and extract a batch; an article that fails is returned as an InputError."""
        from kg.extract import extract_triples

        out: list[ArticleGraph | InputError] = []
        todo: list[Article] = []
        for article in articles:
            problem = self._too_long(article)
            if problem is not None:
                out.append(problem)
            else:
                todo.append(article)
        if not todo:
            return out
        for article, doc in zip(todo, self._docs(todo), strict=True):
            source = article.source_path or article.id
            if isinstance(doc, InputError):
                out.append(doc)
                continue
            try:
                triples = extract_triples(doc, article, gazetteer=self.gazetteer)
                out.append(ArticleGraph.from_triples(article.id, source, triples))
            except Exception as e:  # one bad article must not stop the batch
                out.append(InputError(f"extraction failed ({type(e).__name__}: {e})", path=source))
        return out


_WORKER: ArticleExtractor | None = None


def _init_worker(model: str) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: only the parent handles it (no worker tracebacks)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = ArticleExtractor(model)
    _freeze_loaded_objects()


def _freeze_loaded_objects() -> None:
    """After a model is loaded: move what is alive (the model, the gazetteer, the lexicon) out of the
    cyclic garbage collector's sight. They live as long as the process, and each full collection
    walked all of them again (measured: 0.7 ms per article of a 200-article build, 0.02 ms after
    ``gc.freeze``). Called once per model a process loads, not per build, so that a second model (a
    notebook comparing two) is frozen too; the garbage is collected first, since frozen objects are
    never collected."""
    gc.collect()
    gc.freeze()


def _run_batch(articles: list[Article]) -> list[ArticleGraph | InputError]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.run(articles)


_LOCAL: dict[str, ArticleExtractor] = {}


def local_extractor(model: str) -> ArticleExtractor:
    """This process's extractor for ``model``, loaded on first use and kept (builds with jobs=1,
    notebooks and tests pay the model's loading time once)."""
    if model not in _LOCAL:
        _LOCAL[model] = ArticleExtractor(model)
        _freeze_loaded_objects()
    return _LOCAL[model]


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
        extractor: ArticleExtractor | None = None
        for batch in batches:  # the model loads only when there is something to parse
            if extractor is None:
                extractor = local_extractor(model)
            yield from extractor.run(batch)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(model,)
    )
    try:
        pending: set[Future[list[ArticleGraph | InputError]]] = set()
        window = 2 * jobs  # batches in flight: enough to keep workers busy, few enough to stay flat
        for batch in batches:
            pending.add(pool.submit(_run_batch, batch))
            if len(pending) >= window:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
    except BaseException:
        # interrupted or failed: stop the workers now instead of finishing their batches
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        raise
    pool.shutdown(wait=True)


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
    ``on_article(article_graph, report)`` is called as each article is handed to the sink (the
    progress bar's tick); a store that writes in the background may still hold up to two batches in
    its queue then, all committed by the time the build returns (or is interrupted).
    """
    import loaders
    from kg.gazetteer import load_gazetteer
    from kg.ontology import load_ontology

    started = time.perf_counter()
    report = BuildReport()
    put_ntriples = getattr(sink, "put_ntriples", None)
    writer = None
    if put_ntriples is not None and getattr(sink, "writes_in_background", False):
        from kg.background import BackgroundWriter

        # a batch's articles arrive at once: room for two batches lets the writer overlap the next one
        writer = BackgroundWriter(put_ntriples, max_pending=2 * batch_size)
        put_ntriples = writer.put
    try:
        model_name = resolve_model(model)
        ensure_model(model_name)  # a missing model fails before any worker starts
        articles = _split_errors(
            loaders.iter_articles(list(inputs), format=input_format, options=loader_options), report
        )
        if isinstance(sink, FileSink):  # a graph file is self-contained: labels, places, class tree
            sink.put(GAZETTEER_GRAPH, load_gazetteer().graph)
            sink.put(ONTOLOGY_GRAPH, load_ontology())
        batches = _batches(articles, batch_size)
        results = extract_batches(batches, model=model_name, jobs=jobs or default_jobs())
        for result in results:
            if isinstance(result, InputError):
                report.skipped.append(result)
                continue
            graph_iri = article_graph_iri(result.article_id)
            if put_ntriples is not None:
                put_ntriples(graph_iri, result.ntriples)
            else:
                sink.put(graph_iri, result.graph())
            _count(result, report)
            if on_article is not None:
                on_article(result, report)
        if writer is not None:
            writer.close()  # every queued article written; a write error is raised here
        if report.articles == 0 and isinstance(sink, FileSink):
            sink.abort()  # nothing was built: no output file holding only the gazetteer
        else:
            sink.close()
    except BaseException:
        if writer is not None:
            writer.abort()  # the articles already queued are written, each in its own transaction
        abort = getattr(sink, "abort", None)
        if abort is not None:
            abort()
        raise
    report.seconds = time.perf_counter() - started
    return report


def _count(result: ArticleGraph, report: BuildReport) -> None:
    report.articles += 1
    report.triples += result.triple_count
    report.events += result.events
    report.actors.update(result.actors)
    report.places.update(result.places)
    report.sources.update(result.sources)
