"""Shared fixtures: paths, the CLI runner, and graphs built once per session (the model is slow)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "articles"
GOLD = ROOT / "examples" / "gold"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared, or skip the test when the folder is absent (a user's own clone)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present: ../shared exists only in the project's workplace")
    return path


@pytest.fixture(scope="session")
def gazetteer() -> Any:
    """The default gazetteer, loaded once per session."""
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def nlp(gazetteer: Any) -> Any:
    """The full extraction pipeline on the default model, loaded once per session (about 1 s)."""
    from kg.nlp import load_pipeline

    return load_pipeline(gazetteer=gazetteer)


def article_from_text(text: str, *, published: dt.date) -> Any:
    """An Article for a hand-written text, with a URL and id derived from the text."""
    from kg.article import Article, make_article_id, split_paragraphs

    text, paragraphs = split_paragraphs(text)
    url = "https://www.example-news.test/news/" + make_article_id(url=None, text=text)
    return Article(
        id=make_article_id(url=url, text=text),
        text=text,
        paragraphs=paragraphs,
        published=published,
        url=url,
        urls=(url,),
        publisher="example-news.test",
    )


@pytest.fixture(scope="session")
def run_kg() -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in this process: returns (exit code, stdout, stderr)."""
    import contextlib
    import io

    from kg.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
        return code, out.getvalue(), err.getvalue()

    return run


@pytest.fixture(scope="session")
def examples_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled examples built once into a TriG file (jobs=1: tests share the 2 cores)."""
    from kg.build import FileSink, build_articles

    out = tmp_path_factory.mktemp("examples") / "examples.trig"
    report = build_articles([EXAMPLES], sink=FileSink(out), jobs=1)
    assert report.articles >= 12 and not report.skipped, report.skipped
    return out


@pytest.fixture(scope="session", autouse=True)
def _isolated_default_store(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never touch a developer's own default store."""
    os.environ.setdefault("KG_STORE", str(tmp_path_factory.mktemp("default-store") / "store"))
