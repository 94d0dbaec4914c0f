"""The hand annotations (``*.gold.json``, the schema of ``../shared/eval/seed.gold.json``): their
schema, shared by the data checks, and pooled scoring of a multi-article graph against them."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from tests.conftest import shared_or_skip

KINDS = {"attack", "airstrike", "meeting", "threat", "other"}
MODES = {
    None,
    "rocket",
    "drone",
    "missile",
    "airstrike",
    "mortar",
    "ied",
    "shooting",
    "ambush",
    "suicide",
    "protest",
}
ROLES = ("perpetrators", "alleged_perpetrators", "targets", "participants")
EVENT_KEYS = {
    "id", "kind", "mode", "date", "place", "place_aliases", "country", *ROLES, "fatalities", "injuries",
    "note",
}  # fmt: skip
EVENT_OPTIONAL_KEYS = {"optional"}
ENTITY_TYPES = {
    "Person", "State", "Coalition", "ArmedGroup", "Organization", "MilitaryBase", "Airport", "Facility",
    "Place",
}  # fmt: skip


def date_start(value: str) -> dt.date:
    """The first day a gold date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) can denote.

    >>> date_start("2021-07"), date_start("2021")
    (datetime.date(2021, 7, 1), datetime.date(2021, 1, 1))
    """
    parts = [*map(int, value.split("-")), 1, 1][:3]
    return dt.date(parts[0], parts[1], parts[2])


def score_pooled(graph: Path, gold_files: Sequence[Path], tmp_path: Path) -> dict:
    """Score each gold file's article (found by its ``article`` file name through ``cf:fileName``)
    in a multi-article graph, pooled (micro-averaged) by the project's scorer; its JSON result."""
    from rdflib import Graph

    from kg.events import event_records, to_jsonl
    from kg.graphio import read_dataset
    from kg.iris import GAZETTEER_GRAPH, article_graph_iri
    from kg.namespace import CF

    scorer = shared_or_skip("eval", "score_events.py")
    dataset = read_dataset(graph)
    by_file = {
        Path(str(file_name)).name: str(article).rsplit("/", 1)[-1]
        for article, file_name in dataset.subject_objects(CF.fileName)
    }
    gazetteer = dataset.graph(GAZETTEER_GRAPH)
    args = [sys.executable, str(scorer), "--json"]
    for gold in gold_files:
        name = json.loads(gold.read_text(encoding="utf-8"))["article"]
        one_article = Graph()
        one_article += dataset.graph(article_graph_iri(by_file[name]))
        one_article += gazetteer
        pred = tmp_path / f"{gold.name.removesuffix('.gold.json')}.jsonl"
        pred.write_text(to_jsonl(event_records(one_article)), encoding="utf-8")
        args += ["--gold", str(gold), "--pred", str(pred), "--graph", str(graph)]
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)
