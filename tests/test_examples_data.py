"""Data checks on the bundled example articles and their gold annotations.

Every article in ``examples/articles/`` must follow the dated text format (header line
`` date YYYY-MM-DD ``, paragraphs separated by blank lines, a last line ``Sources 1/ URL ...``),
and have a gold file in ``examples/gold/`` in the schema of ``../shared/eval/seed.gold.json``
(see ``examples/gold/README.md``). These tests check the data only; scoring the extractor against
the gold files is a separate test.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from kg.article import host_of, is_bare_home_page, own_url
from tests.gold import ENTITY_TYPES, EVENT_KEYS, EVENT_OPTIONAL_KEYS, KINDS, MODES, ROLES, date_start

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "examples" / "articles"
GOLD = ROOT / "examples" / "gold"
SHARED = Path(__file__).resolve().parents[2] / "shared"

ARTICLE_FILES = sorted(ARTICLES.glob("*.txt"))
GOLD_FILES = sorted(GOLD.glob("*.gold.json"))

HEADER = re.compile(r"^ date (\d{4}-\d{2}-\d{2}) $")
SOURCES = re.compile(r"^Sources( \d+/ \S+)+$")
SOURCE_ITEM = re.compile(r"(\d+)/ (\S+)")
DATE_FORMATS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}

TOP_KEYS = {"article", "publication_date", "note", "events", "entities"}


def parse_example(path: Path) -> dict:
    """Split an example file into its header date, paragraphs and listed URLs, by the format's rules."""
    lines = path.read_text(encoding="utf-8").split("\n")
    match = HEADER.match(lines[0])
    assert match, f"{path.name}: first line must be ' date YYYY-MM-DD ', got {lines[0]!r}"
    published = dt.date.fromisoformat(match.group(1))
    body = [line for line in lines[1:]]
    while body and not body[-1].strip():
        body.pop()
    assert body, f"{path.name}: no text after the header"
    last = body.pop()
    assert SOURCES.match(last), f"{path.name}: last line must be 'Sources 1/ URL 2/ URL', got {last!r}"
    items = SOURCE_ITEM.findall(last)
    numbers = [int(n) for n, _ in items]
    assert numbers == list(range(1, len(items) + 1)), f"{path.name}: sources must be numbered 1/, 2/, ..."
    urls = [url for _, url in items]
    paragraphs: list[str] = []
    current: list[str] = []
    for line in body:
        if line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return {"published": published, "paragraphs": paragraphs, "urls": urls}


def gold_of(article: Path) -> Path:
    return GOLD / f"{article.stem}.gold.json"


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def names_known(gold: dict) -> set[str]:
    out: set[str] = set()
    for entity in gold["entities"]:
        out.add(entity["name"].lower())
        out.update(alias.lower() for alias in entity["aliases"])
    return out


def test_enough_examples() -> None:
    assert len(ARTICLE_FILES) >= 16, f"expected at least 16 example articles, found {len(ARTICLE_FILES)}"


def test_every_article_has_gold_and_vice_versa() -> None:
    article_stems = {p.stem for p in ARTICLE_FILES}
    gold_stems = {p.name.removesuffix(".gold.json") for p in GOLD_FILES}
    assert article_stems - gold_stems == set(), "articles without a gold file"
    assert gold_stems - article_stems == set(), "gold files without an article"


def test_file_names() -> None:
    for path in ARTICLE_FILES:
        assert re.fullmatch(r"\d{3}_[a-z0-9-]+", path.stem), (
            f"{path.name}: name like 001_erbil-airport-drone.txt"
        )


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_article_format(path: Path) -> None:
    parsed = parse_example(path)
    assert dt.date(2019, 1, 1) <= parsed["published"] <= dt.date(2024, 12, 31)
    assert len(parsed["paragraphs"]) >= 3, f"{path.name}: at least 3 paragraphs"
    assert 1 <= len(parsed["urls"]) <= 3, f"{path.name}: one to three listed sources"
    url = own_url(parsed["urls"])
    assert url is not None, f"{path.name}: no listed URL other than a bare home page"
    host = host_of(url)
    assert host is not None and host.endswith(".example"), f"{path.name}: own URL must be on .example"
    for other in parsed["urls"]:
        assert is_bare_home_page(other) or host_of(other).endswith(".example"), other  # type: ignore[union-attr]
    words = sum(len(p.split()) for p in parsed["paragraphs"])
    assert 250 <= words <= 600, f"{path.name}: {words} words, expected 250-600"


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_gold_schema(path: Path) -> None:
    gold = load_gold(gold_of(path))
    parsed = parse_example(path)
    text = path.read_text(encoding="utf-8").lower()
    assert set(gold) == TOP_KEYS, f"top-level keys {sorted(gold)}"
    assert gold["article"] == path.name
    assert gold["publication_date"] == parsed["published"].isoformat()
    known = names_known(gold)
    ids = [event["id"] for event in gold["events"]]
    assert len(ids) == len(set(ids)), "event ids must be unique"
    assert any(not event.get("optional") for event in gold["events"]), "at least one required event"
    for event in gold["events"]:
        where = f"{path.stem}:{event.get('id')}"
        keys = set(event)
        assert keys >= EVENT_KEYS, f"{where}: missing {sorted(EVENT_KEYS - keys)}"
        assert keys <= EVENT_KEYS | EVENT_OPTIONAL_KEYS, f"{where}: unknown {sorted(keys - EVENT_KEYS)}"
        assert event["kind"] in KINDS, where
        assert event["mode"] in MODES, f"{where}: mode {event['mode']!r}"
        if "optional" in event:
            assert event["optional"] is True, f"{where}: write optional only as true"
        for number in ("fatalities", "injuries"):
            value = event[number]
            assert value is None or (type(value) is int and value >= 0), f"{where}: {number} {value!r}"
        if event["date"] is not None:
            assert any(rx.match(event["date"]) for rx in DATE_FORMATS.values()), f"{where}: date"
            assert date_start(event["date"]) <= parsed["published"], f"{where}: date after publication"
        else:
            assert event.get("optional"), f"{where}: an undated event must be optional"
        assert isinstance(event["place_aliases"], list)
        if event["place"] is not None:
            forms = [event["place"], *event["place_aliases"]]
            assert any(f.lower() in text or f.lower() in known for f in forms), f"{where}: place not in text"
        for role in ROLES:
            assert isinstance(event[role], list), f"{where}: {role} must be a list"
            for name in event[role]:
                assert name.lower() in text or name.lower() in known, f"{where}: {role} {name!r} unknown"
    for entity in gold["entities"]:
        assert set(entity) == {"name", "type", "aliases"}, entity
        assert entity["type"] in ENTITY_TYPES, entity
        forms = [entity["name"], *entity["aliases"]]
        assert any(f.lower() in text for f in forms), f"{path.stem}: entity {entity['name']!r} not in text"


@pytest.mark.shared
def test_no_seed_sentences_copied() -> None:
    seed_dir = SHARED / "seed"
    if not seed_dir.is_dir():
        pytest.skip(f"../shared is absent ({seed_dir} not found)")
    sentences = set()
    for seed in seed_dir.glob("*.txt"):
        for part in re.split(r"(?<=[.!?])\s+", seed.read_text(encoding="utf-8")):
            words = part.split()
            if len(words) >= 8:
                sentences.add(" ".join(words).lower())
    for path in ARTICLE_FILES:
        text = " ".join(path.read_text(encoding="utf-8").split()).lower()
        copied = [s for s in sentences if s in text]
        assert not copied, f"{path.name} copies seed sentences: {copied[:1]}"


@pytest.mark.shared
def test_gold_keys_match_seed_gold() -> None:
    seed_gold = SHARED / "eval" / "seed.gold.json"
    if not seed_gold.is_file():
        pytest.skip(f"../shared is absent ({seed_gold} not found)")
    seed = load_gold(seed_gold)
    assert set(seed) == TOP_KEYS
    for event in seed["events"]:
        assert EVENT_KEYS <= set(event) <= EVENT_KEYS | EVENT_OPTIONAL_KEYS


@pytest.mark.parametrize("path", ARTICLE_FILES, ids=lambda p: p.stem)
def test_project_loader_reads_example(path: Path) -> None:
    """The project's own loader agrees with the format rules: date, own URL, publisher, paragraphs."""
    loaders = pytest.importorskip("loaders")
    parsed = parse_example(path)
    results = list(loaders.load_file(path))
    assert len(results) == 1, results
    article = results[0]
    assert not isinstance(article, Exception), article
    assert article.published == parsed["published"]
    assert article.urls == tuple(parsed["urls"])
    assert article.url == own_url(parsed["urls"])
    assert article.publisher == host_of(article.url)
    assert not article.publisher.startswith(("google.", "bing."))
    assert article.paragraph_texts() == parsed["paragraphs"]
    assert not article.warnings, article.warnings


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name.removesuffix(".gold.json"))
def test_gold_note_names_the_right_weekday(path: Path) -> None:
    """The file note states the publication weekday that relative dates were resolved against."""
    gold = load_gold(path)
    match = re.search(r"Publication date is an? (\w+day)", gold["note"])
    assert match, f"{path.name}: say 'Publication date is a <weekday>' in the note"
    weekday = dt.date.fromisoformat(gold["publication_date"]).strftime("%A")
    assert match.group(1) == weekday, f"{path.name}: the publication date is a {weekday}"
