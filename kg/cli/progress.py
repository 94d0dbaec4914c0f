"""A progress bar for long builds: articles/s and ETA on a terminal, silent when piped."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def estimate_total(inputs: Sequence[str | Path], *, input_format: str | None = None) -> int | None:
    """The number of article files ``inputs`` name (without reading them), for the bar's ETA.

    A JSON Lines or JSON file counts once although it may hold many articles, so the bar grows its
    total when the build passes it. None when the inputs cannot be listed.

    >>> estimate_total(["no/such/folder"]) is None
    True
    """
    import loaders

    try:
        files = [
            item
            for item in loaders.expand_inputs(list(inputs), format=input_format)
            if not isinstance(item, Exception)
        ]
    except Exception:  # the build itself reports bad inputs; the bar only needs an estimate
        return None
    return len(files) or None


def progress_callback(
    *, enabled: bool, total: int | None = None
) -> tuple[Callable[..., None] | None, Callable[[], None]]:
    """Return ``(on_article, finish)``; both do nothing when ``enabled`` is false.

    ``on_article(article_graph, report)`` is what :func:`kg.build.build_articles` calls after each
    article; the rate is measured from the first call of this function, the ETA needs ``total``.

    >>> on_article, finish = progress_callback(enabled=False)
    >>> on_article is None
    True
    """
    if not enabled:
        return None, lambda: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} articles" if total else "{task.completed} articles"),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = progress.add_task("build", total=total, rate=0.0)
    started = time.perf_counter()
    progress.start()
    state = {"total": total}

    def on_article(_article: Any, report: Any) -> None:
        done = report.articles + len(report.skipped)
        elapsed = time.perf_counter() - started
        if state["total"] is not None and done > state["total"]:  # a JSON Lines file held several
            state["total"] = done + 1
            progress.update(task, total=state["total"])
        progress.update(task, completed=done, rate=report.articles / elapsed if elapsed > 0 else 0.0)

    return on_article, progress.stop
