"""Build on a Dask distributed cluster: each task turns a group of article files into an
N-Quads shard; ``kg load`` (or ``kg.store``'s bulk loader) puts the shards into a store.

Workers must see the input files and the shard folder at the same paths (a shared file system,
or one machine). Each worker process loads the spaCy pipeline once and keeps it for every task.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import ConfigError, InputError


@dataclass
class ShardResult:
    """What one task wrote: its shard file, how many articles and quads, and what it skipped."""

    shard: str
    articles: int = 0
    quads: int = 0
    skipped: list[str] = field(default_factory=list)


@dataclass
class DistributedReport:
    """The sum of every shard's result."""

    shards: list[str] = field(default_factory=list)
    articles: int = 0
    quads: int = 0
    skipped: list[str] = field(default_factory=list)


def build_shard(
    files: Sequence[str],
    shard_path: str,
    *,
    model: str,
    input_format: str | None = None,
    batch_size: int = 16,
) -> ShardResult:
    """Build ``files`` into one N-Quads file at ``shard_path`` (written atomically). Runs on a worker.

    The worker process keeps its pipeline (``kg.build.local_extractor``) for later tasks, and the
    shard is streamed: each article's quads are written as soon as they are extracted.
    """
    import loaders
    from kg.build import ArticleGraph, _batches, local_extractor, ntriples_to_nquads
    from kg.fsutil import atomic_write
    from kg.iris import article_graph_iri

    result = ShardResult(shard=shard_path)
    articles = []
    for item in loaders.iter_articles(list(files), format=input_format):
        if isinstance(item, InputError):
            result.skipped.append(str(item))
        else:
            articles.append(item)
    with atomic_write(shard_path) as handle:
        for batch in _batches(iter(articles), batch_size):
            for built in local_extractor(model).run(batch):
                if isinstance(built, ArticleGraph):
                    handle.write(ntriples_to_nquads(built.ntriples, str(article_graph_iri(built.article_id))))
                    result.articles += 1
                    result.quads += built.triple_count
                else:
                    result.skipped.append(str(built))
    return result


def partition(files: Sequence[str], parts: int) -> list[list[str]]:
    """Split ``files`` into at most ``parts`` contiguous groups of near-equal size.

    >>> partition(["a", "b", "c", "d", "e"], 2)
    [['a', 'b', 'c'], ['d', 'e']]
    """
    parts = max(1, min(parts, len(files)))
    size, extra = divmod(len(files), parts)
    groups, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        groups.append(list(files[start:end]))
        start = end
    return [g for g in groups if g]


def build_on_dask(
    inputs: Sequence[str | Path],
    *,
    shard_dir: str | Path,
    model: str,
    scheduler: str | Any | None = None,
    files_per_shard: int = 200,
    input_format: str | None = None,
) -> DistributedReport:
    """Spread the article files of ``inputs`` over a Dask cluster, one N-Quads shard per task.

    ``scheduler`` is an address such as ``tcp://10.0.0.5:8786``, a ``distributed.Client``, or
    None for $DASK_SCHEDULER_ADDRESS.
    """
    try:
        from distributed import Client
    except ImportError as e:
        raise ConfigError("the dask executor needs the 'dask' extra: pip install 'conflict-kg[dask]'") from e
    import loaders

    files: list[str] = []
    report = DistributedReport()
    for item in loaders.expand_inputs(list(inputs)):
        if isinstance(item, InputError):
            report.skipped.append(str(item))
        else:
            files.append(str(Path(item).resolve()))
    if not files:
        raise InputError("no article files found in the inputs; give files, folders or globs")
    out = Path(shard_dir)
    out.mkdir(parents=True, exist_ok=True)
    groups = partition(files, max(1, -(-len(files) // files_per_shard)))
    owns_client = not isinstance(scheduler, Client)
    if isinstance(scheduler, Client):
        client = scheduler
    else:
        address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
        if not address:
            raise ConfigError("give --scheduler ADDRESS (or set DASK_SCHEDULER_ADDRESS) for --executor dask")
        client = Client(address)
    try:
        futures = [
            client.submit(
                build_shard,
                group,
                str((out / f"shard-{i:05d}.nq").resolve()),
                model=model,
                input_format=input_format,
                pure=False,
            )
            for i, group in enumerate(groups)
        ]
        for shard in client.gather(futures):
            report.shards.append(shard.shard)
            report.articles += shard.articles
            report.quads += shard.quads
            report.skipped.extend(shard.skipped)
    finally:
        if owns_client:
            client.close()
    return report
