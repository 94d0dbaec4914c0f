"""The seed article (../shared/seed, absent in a user's clone) and the bundled examples load cleanly."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.article import Article
from loaders import iter_articles

ROOT = Path(__file__).parents[1]
SHARED = Path(__file__).parents[2] / "shared"
SEED = SHARED / "seed"
EXAMPLES = ROOT / "examples" / "articles"


@pytest.mark.shared
@pytest.mark.skipif(not SEED.is_dir(), reason="../shared/seed is absent (only in the development checkout)")
def test_seed_article() -> None:
    items = list(iter_articles([SEED]))
    assert items and all(isinstance(item, Article) for item in items), items
    article = items[0]
    assert isinstance(article, Article)
    assert article.format == "dated"
    assert article.published == dt.date(2021, 7, 24)
    assert article.urls[0] == "https://Google.com/"
    assert article.url is not None and article.url.startswith("https://www.aljazeera.com/news/2021/7/24/")
    assert article.publisher == "aljazeera.com"
    assert article.title is None
    assert article.warnings == ()
    assert "Sources" not in article.text and "Google" not in article.text
    for paragraph in article.paragraphs:
        assert article.text[paragraph.start : paragraph.end].strip()
    assert len(article.paragraphs) == 15


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="no examples/articles folder")
def test_bundled_examples_load_without_errors() -> None:
    items = list(iter_articles([EXAMPLES]))
    errors = [str(item) for item in items if not isinstance(item, Article)]
    assert not errors
    for item in items:
        assert isinstance(item, Article)
        assert item.published is not None, item.source_path
        assert item.url is not None, item.source_path
