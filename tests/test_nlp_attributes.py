"""conflict_attributes: the model's attribute ruler through lookup tables, token for token the same.

A user's scenario first (the real model on the bundled articles and on rare forms the ruler's
exceptions exist for), then rule sets on blank pipelines, each compared with spaCy's own
``AttributeRuler`` on the same Doc.
"""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, ORTH, POS, TAG
from spacy.tokens import Doc, Token

import loaders
from kg.nlp import load_pipeline
from kg.nlp.attributes import CompiledRules, Unsupported, use_table_ruler
from kg.nlp.pipeline import DEFAULT_MODEL, MODEL_COMPONENTS
from tests.conftest import EXAMPLES

COLUMNS = [ORTH, POS, TAG, MORPH, LEMMA, DEP, HEAD]

#: forms the model's ruler has exceptions for: contractions, "gonna", "y'all", "let's", expletive
#: "there", pronoun case by dependency, "but" as an adverb, whitespace tokens
RARE_FORMS = (
    "I ain't gonna say it, y'all. Let's go! C'mon, nothin' doin'. There is a camp nearby and "
    "there's another.  It hit me, and I saw you.  \n\n  Gotta go. Do you? I did; but then, they "
    "had left. What is that? That was all. She's gonna call 'em when the convoy's moving."
)


def _stock_model() -> spacy.language.Language:
    nlp = spacy.load(DEFAULT_MODEL)
    for name in list(nlp.pipe_names):
        if name not in MODEL_COMPONENTS:
            nlp.disable_pipe(name)
    return nlp


def _table_model() -> spacy.language.Language:
    nlp = _stock_model()
    assert use_table_ruler(nlp)
    return nlp


def _assert_same_tokens(expected: Doc, got: Doc) -> None:
    want, have = expected.to_array(COLUMNS), got.to_array(COLUMNS)
    if not numpy.array_equal(want, have):
        row = int(numpy.nonzero((want != have).any(axis=1))[0][0])
        a, b = expected[row], got[row]
        pytest.fail(
            f"token {row} {a.text!r}: stock {a.tag_}/{a.pos_}/{a.morph}/{a.lemma_}/{a.dep_}, "
            f"table {b.tag_}/{b.pos_}/{b.morph}/{b.lemma_}/{b.dep_}"
        )


@pytest.fixture(scope="module")
def both_models():
    return _stock_model(), _table_model()


def test_the_build_pipeline_runs_the_table_ruler_in_place_of_the_model_ruler():
    nlp = load_pipeline(DEFAULT_MODEL)
    names = nlp.pipe_names
    assert "attribute_ruler" not in names and "attribute_ruler" in nlp.disabled
    assert names.index("parser") < names.index("conflict_attributes") < names.index("lemmatizer")
    assert not nlp.get_pipe("conflict_attributes").exact_fallback  # the model's patterns all compile

    stock = load_pipeline(DEFAULT_MODEL, table_attribute_ruler=False)
    assert "attribute_ruler" in stock.pipe_names and "conflict_attributes" not in stock.pipe_names


def test_bundled_articles_and_rare_forms_get_the_model_ruler_annotations(both_models):
    stock, table = both_models
    texts = [a.text for a in loaders.iter_articles([EXAMPLES]) if not isinstance(a, Exception)]
    texts.append(RARE_FORMS)
    for expected, got in zip(stock.pipe(texts), table.pipe(texts), strict=True):
        _assert_same_tokens(expected, got)


def test_a_saved_pipeline_loads_with_the_table_ruler(both_models, tmp_path):
    stock, table = both_models
    table.to_disk(tmp_path / "model")
    reloaded = spacy.load(tmp_path / "model")
    assert "conflict_attributes" in reloaded.pipe_names
    _assert_same_tokens(stock(RARE_FORMS), reloaded(RARE_FORMS))


# --- rule sets on blank pipelines, compared with spaCy's AttributeRuler ---------------------------

WORDS = ["There", "is", "n't", "a", "gon", "na", "  ", "Y'", "all", "I", "saw", "it", "."]
TAGS = ["EX", "VBZ", "RB", "DT", "VBG", "TO", "_SP", "PRP", "DT", "PRP", "VBD", "PRP", "."]
DEPS = [
    "expl",
    "ROOT",
    "neg",
    "det",
    "nsubj",
    "aux",
    "dep",
    "nsubj",
    "appos",
    "nsubj",
    "ccomp",
    "dobj",
    "punct",
]
HEADS = [1, 1, 1, 1, 1, 4, 1, 1, 7, 10, 1, 10, 1]

RULE_SETS = {
    "tag map with a later exception winning": [
        {"patterns": [[{"TAG": "PRP"}]], "attrs": {"POS": "PRON", "MORPH": "PronType=Prs"}},
        {"patterns": [[{"TAG": "PRP", "LOWER": "i"}]], "attrs": {"MORPH": "Case=Nom|Person=1"}},
        {"patterns": [[{"TAG": "VBZ"}], [{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "LEMMA": "x"}},
    ],
    "an earlier rule's other attributes stay": [
        {"patterns": [[{"LOWER": "saw"}]], "attrs": {"LEMMA": "see"}},
        {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "LEMMA": "past"}},
        {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "AUX"}},
    ],
    "two-token patterns with positive and negative index": [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
        {
            "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]],
            "attrs": {"POS": "VERB"},
            "index": -1,
        },
        {"patterns": [[{"LOWER": {"REGEX": "^y'?$"}}, {"LOWER": "all"}]], "attrs": {"LEMMA": "you"}},
    ],
    "one attribute tested, one written (regression: Doc.to_array is flat then)": [
        {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}},
        {"patterns": [[{"LOWER": "saw"}]], "attrs": {"LEMMA": "see"}},
    ],
    "sets, negated sets, regexes and flags": [
        {
            "patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "neg"]}}]],
            "attrs": {"POS": "AUX"},
        },
        {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not"}},
        {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
        {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
        {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X"}},
        {"patterns": [[{"ORTH": "It"}], [{"TEXT": "it"}]], "attrs": {"LEMMA": "it"}},
    ],
}


def _blank_pair(rules: list[dict]) -> tuple[spacy.language.Language, spacy.language.Language]:
    stock = spacy.blank("en")
    stock.add_pipe("attribute_ruler").add_patterns(rules)
    table = spacy.blank("en")
    table.add_pipe("attribute_ruler").add_patterns(rules)
    assert use_table_ruler(table)
    return stock, table


def _tagged_doc(vocab) -> Doc:
    return Doc(vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


@pytest.mark.parametrize("name", list(RULE_SETS))
def test_rule_sets_give_what_spacys_attribute_ruler_gives(name):
    stock, table = _blank_pair(RULE_SETS[name])
    expected = stock.get_pipe("attribute_ruler")(_tagged_doc(stock.vocab))
    got = table.get_pipe("conflict_attributes")(_tagged_doc(table.vocab))
    assert not table.get_pipe("conflict_attributes").exact_fallback
    _assert_same_tokens(expected, got)


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "saw", "OP": "?"}],  # operators
        [{"LENGTH": 3}],  # an attribute the tables do not read
        [{"LOWER": {"FUZZY": "saw"}}],  # another predicate
        [{"_": {"flag": True}}],  # an extension attribute
    ],
)
def test_a_pattern_outside_the_subset_runs_the_model_ruler_itself(pattern):
    rules = [
        {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB"}},
        {"patterns": [pattern], "attrs": {"LEMMA": "y"}},
    ]
    if "_" in pattern[0] and not Token.has_extension("flag"):
        Token.set_extension("flag", default=False)
    with pytest.raises(Unsupported):
        stock, _ = _blank_pair(rules)
        CompiledRules(stock.get_pipe("attribute_ruler"))
    stock, table = _blank_pair(rules)
    component = table.get_pipe("conflict_attributes")
    got = component(_tagged_doc(table.vocab))
    assert component.exact_fallback
    _assert_same_tokens(stock.get_pipe("attribute_ruler")(_tagged_doc(stock.vocab)), got)


def test_rules_added_to_the_model_ruler_after_first_use_are_compiled_again():
    stock, table = _blank_pair(RULE_SETS["tag map with a later exception winning"])
    component = table.get_pipe("conflict_attributes")
    component(_tagged_doc(table.vocab))
    extra = [{"patterns": [[{"LOWER": "there"}]], "attrs": {"POS": "PRON", "LEMMA": "there"}}]
    for nlp in (stock, table):
        nlp.get_pipe("attribute_ruler").add_patterns(extra)
    _assert_same_tokens(
        stock.get_pipe("attribute_ruler")(_tagged_doc(stock.vocab)), component(_tagged_doc(table.vocab))
    )


def test_an_empty_doc_and_a_pipeline_without_a_ruler():
    _, table = _blank_pair(RULE_SETS["tag map with a later exception winning"])
    assert len(table("")) == 0
    assert use_table_ruler(spacy.blank("en")) is False
    assert use_table_ruler(table) is False  # already in place


def test_the_memo_of_attribute_combinations_stays_bounded(monkeypatch):
    """A feed of endless new words must not grow the table without end; answers stay the same."""
    import kg.nlp.attributes as attributes

    monkeypatch.setattr(attributes, "_MEMO_LIMIT", 3)
    stock, table = _blank_pair(RULE_SETS["sets, negated sets, regexes and flags"])
    component = table.get_pipe("conflict_attributes")
    for _ in range(3):
        got = component(_tagged_doc(table.vocab))
        assert len(component._rules()._row_memo) <= 3 + len(WORDS)
    _assert_same_tokens(stock.get_pipe("attribute_ruler")(_tagged_doc(stock.vocab)), got)


def test_rules_replaced_by_as_many_others_are_compiled_again():
    """Regression: the compiled tables were keyed on the number of rules only, so a ruler cleared and
    refilled with as many different rules kept the old tables."""
    first = [{"patterns": [[{"TAG": "VBD"}]], "attrs": {"LEMMA": "old"}}]
    second = [{"patterns": [[{"TAG": "PRP"}]], "attrs": {"LEMMA": "new"}}]
    stock, table = _blank_pair(first)
    component = table.get_pipe("conflict_attributes")
    component(_tagged_doc(table.vocab))
    for nlp in (stock, table):
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.clear()
        ruler.add_patterns(second)
    _assert_same_tokens(
        stock.get_pipe("attribute_ruler")(_tagged_doc(stock.vocab)), component(_tagged_doc(table.vocab))
    )
