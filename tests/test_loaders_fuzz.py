"""Property-based: whatever a file holds, the loaders yield Articles or InputErrors, nothing else."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.article import Article
from kg.errors import InputError
from loaders import LoaderOptions, iter_articles

SUFFIXES = [".txt", ".md", ".json", ".jsonl", ".html"]
FUZZ = settings(
    max_examples=60,
    deadline=dt.timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
)
OPTIONS = LoaderOptions(max_bytes=1 << 20)


@pytest.fixture(scope="module", autouse=True)
def _warm_up() -> None:
    """Import the lazily loaded libraries once, so their import time is not an example's deadline."""
    with tempfile.TemporaryDirectory() as folder:
        for suffix, content in [
            (".html", "<p>x</p>"),
            (".md", "# x"),
            (".json", '{"text": "x", "date": "1 May 2020"}'),
        ]:
            path = Path(folder) / f"warm{suffix}"
            path.write_text(content)
            list(iter_articles([path]))


def check(items: list[Article | InputError]) -> None:
    for item in items:
        assert isinstance(item, Article | InputError), item
        if isinstance(item, InputError):
            assert "\n" not in str(item) and item.path
            continue
        assert item.text and item.paragraphs
        assert "\n\n".join(item.text[p.start : p.end] for p in item.paragraphs) == item.text
        for value in (item.text, item.title or "", item.url or "", *item.urls):
            assert all(
                char in "\n\t" or (ord(char) >= 32 and not 0x7F <= ord(char) <= 0x9F) for char in value
            )
            assert not any(char in value for char in "\u200b\u200c\u200d\u2060\ufeff")
            assert not any(0xD800 <= ord(char) <= 0xDFFF for char in value)


def run(suffix: str, data: bytes) -> list[Article | InputError]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        return list(iter_articles([path], options=OPTIONS))


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), data=st.binary(max_size=2000))
def test_any_bytes(suffix: str, data: bytes) -> None:
    check(run(suffix, data))


TEXTISH = st.text(
    alphabet=st.characters(codec="utf-8") | st.sampled_from(list('\n\n \t-#*[]()<>/:{}",\u200b\x00\x85')),
    max_size=1500,
)


@FUZZ
@given(suffix=st.sampled_from(SUFFIXES), text=TEXTISH)
def test_any_text(suffix: str, text: str) -> None:
    check(run(suffix, text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(
    header=st.sampled_from(
        [" date 2021-07-24 ", "date 2021-02-30", "date: 24/07/2021", "", "DATE 1999-12-31"]
    ),
    body=TEXTISH,
    sources=st.lists(
        st.sampled_from(["https://Google.com/", "https://x.org/a", "www.y.org/b", "nope", "3/"])
    ),
)
def test_dated_shaped_text(header: str, body: str, sources: list[str]) -> None:
    listed = " ".join(f"{n}/ {url}" for n, url in enumerate(sources, 1))
    text = f"{header}\n\n{body}\n\nSources {listed}\n"
    check(run(".txt", text.encode("utf-8", "surrogatepass")))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
RECORDS = st.fixed_dictionaries(
    {},
    optional={
        "text": st.text(max_size=200) | JSON_VALUES,
        "title": st.text(max_size=40) | JSON_VALUES,
        "date": st.sampled_from(["2021-07-24", "24 July 2021", "2021-02-30", "soon", ""]) | JSON_VALUES,
        "url": st.sampled_from(["https://x.org/a", "https://Google.com/", "not a url", ""]) | JSON_VALUES,
        "sources": st.lists(st.text(max_size=30), max_size=3) | JSON_VALUES,
        "publisher": JSON_VALUES,
    },
)


@FUZZ
@given(records=st.lists(RECORDS | JSON_VALUES, max_size=5), as_lines=st.booleans())
def test_json_records(records: list[object], as_lines: bool) -> None:
    if as_lines:
        data = "\n".join(json.dumps(record) for record in records)
        check(run(".jsonl", data.encode()))
    else:
        check(run(".json", json.dumps(records).encode()))
