"""A sink's writes in one background thread, so that the store's commits overlap the model.

pyoxigraph releases the GIL while it parses and commits a write (checked: a Python loop keeps
running during ``Store.load``/``Store.update``), so with ``--jobs 1`` an article's ~7-10 ms of
store write runs on the second core while the main thread parses the next batch, instead of after
it. Writes keep their order and stay one transaction each; the queue is bounded so memory stays flat.
A write that fails stops the writer and the error is raised in the build at its next ``put`` or at
``close``; an interrupted build (``abort``) lets the writer finish the articles already queued, so
the store holds every finished article and never half of one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

_DONE = object()  # the sentinel that ends the writer thread


class BackgroundWriter:
    """Call ``write(*args)`` for each :meth:`put`, in order, in one daemon thread.

    >>> seen = []
    >>> writer = BackgroundWriter(lambda name, text: seen.append(name), max_pending=2)
    >>> writer.put("a", "..."); writer.put("b", "...")
    >>> writer.close(); seen
    ['a', 'b']
    """

    def __init__(self, write: Callable[..., None], *, max_pending: int = 64) -> None:
        self._write = write
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=max(1, max_pending))
        self._error: BaseException | None = None
        self._closed = False
        # started by the first put, after the build has forked its workers (no thread crosses a fork)
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if self._error is not None:
                continue  # after a failure, only drain (so that put never blocks) until the sentinel
            try:
                self._write(*item)
            except BaseException as e:  # handed to the build's thread, raised there
                self._error = e

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def put(self, *args: Any) -> None:
        """Queue one write (blocks while ``max_pending`` writes wait); raises an earlier write's error."""
        self._raise_error()
        if self._closed:
            raise RuntimeError("the background writer is closed")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
            self._thread.start()
        self._queue.put(args)

    def _finish(self) -> None:
        self._closed = True
        if self._thread is not None:
            self._queue.put(_DONE)
            self._thread.join()
            self._thread = None

    def close(self) -> None:
        """Wait until every queued write is done; raise the first write error, if any."""
        self._finish()
        self._raise_error()

    def abort(self) -> None:
        """Stop after the writes already queued (the build failed or was interrupted); never raises
        a write error of its own, so the build's own exception is the one the caller sees."""
        self._finish()
