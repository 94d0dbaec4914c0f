"""A progress bar for long builds: articles/s and ETA on a terminal, silent when piped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def progress_callback(
    *, enabled: bool, total: int | None = None
) -> tuple[Callable[..., None] | None, Callable[[], None]]:
    """Return ``(on_article, finish)``; both do nothing when ``enabled`` is false."""
    if not enabled:
        return None, lambda: None
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    progress = Progress(
        TextColumn("[bold]building"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TextColumn("{task.fields[rate]:.1f}/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
    )
    task = progress.add_task("build", total=total, rate=0.0)
    progress.start()

    def on_article(_article: Any, report: Any) -> None:
        progress.update(task, completed=report.articles, rate=report.articles_per_second)

    return on_article, progress.stop
