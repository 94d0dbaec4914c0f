"""Property-based tests over the extraction: for any text, building it gives a graph that passes
the SHACL shapes or a clear ``kg.errors`` error, never an unhandled exception.

One pipeline is loaded for the whole module and reused by every example; the graphs are collected
and validated together at the end (one SHACL run instead of one per example).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KGError

pytestmark = pytest.mark.slow

TRIGGERS = [
    "fired rockets at",
    "launched a drone strike on",
    "attacked",
    "shelled",
    "killed",
    "wounded",
    "bombed",
    "met with",
    "visited",
    "accused",
    "blamed",
    "denied",
    "threatened",
    "protested against",
    "withdrew from",
    "arrested",
    "intercepted",
    "claimed responsibility for",
    "struck",
    "abducted",
]
ENTITIES = [
    "Kataib Hezbollah",
    "the US-led coalition",
    "Erbil",
    "Erbil airport",
    "Ain al-Asad air base",
    "Iraq",
    "Iran",
    "the United States",
    "the Pentagon",
    "Baghdad",
    "the Popular Mobilization Forces",
    "Syria",
    "Zorvan Telik",
    "the Qaraqosh Falcons",
    "Deir ez-Zor",
    "a US contractor",
    "civilians",
    "the IRGC",
    "Prime Minister Mustafa al-Kadhimi",
    "former US President Donald Trump",
]
NUMBERS = [
    "three",
    "12",
    "at least five",
    "dozens of",
    "1,000,000",
    "-3",
    "0",
    "two hundred",
    "a dozen",
    "99999999999999999999",
    "1.5",
    "nine",
]
DATES = [
    "on Friday",
    "on 24 July 2021",
    "last month",
    "in 2019",
    "on February 30",
    "yesterday",
    "in 9999",
    "early on Tuesday",
    "on 31/12/2020",
    "in the year 0",
    "overnight",
    "on 1 January 1900",
]
PUNCTUATION = [".", ",", "!", "?", ";", '"', "—", "(", ")", "...", ":", "'s", "-", "/"]
ODDITIES = [
    "\u200b",
    "é",
    "ß",
    "\u202e",
    "🚀",
    "中文",
    "\x00",
    "\x07",
    "\ufeff",
    "\u00a0",
    "\t",
    "\n\n",
    "İ",
    "ﬁ",
    "\u0301",
    "\U0001f1ee\U0001f1f6",
]

WORD = st.one_of(
    st.sampled_from(TRIGGERS),
    st.sampled_from(ENTITIES),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(ODDITIES),
    st.sampled_from(["rockets", "drones", "people", "soldiers", "the base", "said", "and", "near", "by"]),
)
SENTENCE = st.lists(WORD, min_size=1, max_size=14).map(lambda words: " ".join(words) + ".")
ARTICLE_TEXT = st.one_of(
    st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join),
    st.lists(SENTENCE, min_size=1, max_size=6).map("\n\n".join),
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
)


@pytest.fixture(scope="module")
def extractor():
    from kg.build import local_extractor, resolve_model

    return local_extractor(resolve_model(None))


def _build(extractor, text: str):
    """The graph of ``text`` as one article, or None when a loader or the model refuses it clearly."""
    from kg.extract import extract
    from kg.nlp import make_doc
    from loaders.options import LoaderOptions
    from loaders.text import parse_text

    try:
        article = parse_text(text, path=Path("fuzz.txt"), options=LoaderOptions(date="2021-07-24"))
    except KGError:
        return None
    if len(article.text) > extractor.nlp.max_length:
        return None
    doc = extractor.nlp(make_doc(extractor.nlp, article))
    try:
        return article, extract(doc, article, gazetteer=extractor.gazetteer)
    except KGError:
        return None


def test_any_text_builds_a_conforming_graph_or_fails_clearly(extractor):
    from kg.graphio import new_dataset
    from kg.iris import article_graph_iri
    from kg.validate import validate

    built: dict[str, tuple[str, object]] = {}

    @settings(
        max_examples=100,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(ARTICLE_TEXT)
    def build_one(text: str) -> None:
        result = _build(extractor, text)  # an exception other than KGError fails (and shrinks) here
        if result is not None:
            article, graph = result
            built[article.id] = (text, graph)

    build_one()
    assert built, "no example produced an article"
    dataset = new_dataset()
    for article_id, (_, graph) in built.items():
        target = dataset.graph(article_graph_iri(article_id))
        for triple in graph:  # type: ignore[attr-defined]
            target.add(triple)
    report = validate(dataset)
    if not report.conforms:
        failing = [text for article_id, (text, _) in built.items() if article_id in report.text]
        pytest.fail(f"{report.text[:2000]}\n\ntexts of the failing articles: {failing[:3]!r}")


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(texts=st.lists(ARTICLE_TEXT, min_size=1, max_size=4))
def test_a_batch_never_raises_and_accounts_for_every_article(extractor, texts):
    """Through the build's own batch runner: every article comes back built or as an InputError."""
    from kg.build import ArticleGraph
    from kg.errors import InputError
    from loaders.options import LoaderOptions
    from loaders.text import parse_text

    articles = []
    for i, text in enumerate(texts):
        try:
            articles.append(
                parse_text(text, path=Path(f"fuzz{i}.txt"), options=LoaderOptions(date="2021-07-24"))
            )
        except KGError:
            continue
    results = extractor.run(articles)
    assert len(results) == len(articles)
    for result in results:
        assert isinstance(result, ArticleGraph | InputError)
        if isinstance(result, InputError):
            assert "extraction failed" not in str(result), f"extraction crashed: {result}"
