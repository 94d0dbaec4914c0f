"""What resolution decided, for people: merges, near-misses kept apart, single-source events."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib.namespace import RDF

from kg.namespace import local_name
from kg.resolve.core import Resolution


@dataclass
class ResolutionSummary:
    """Counts of one resolution run (what ``refresh_resolution`` returns and ``kg stats`` shows)."""

    articles: int = 0
    events: int = 0
    canonical_events: int = 0
    resolved_events: int = 0
    single_source_events: int = 0
    ambiguous_events: int = 0
    entity_merges: int = 0
    kept_apart: int = 0
    triples: int = 0
    seconds: float = 0.0

    @property
    def distinct_events(self) -> int:
        """Events after deduplication: each real event counted once."""
        return self.events - self.resolved_events + self.canonical_events

    def as_dict(self) -> dict[str, int | float]:
        return {**asdict(self), "distinct_events": self.distinct_events}


@dataclass
class ResolutionReport:
    """Every decision of one resolution run, as plain data (JSON-ready)."""

    summary: ResolutionSummary
    merges: list[dict[str, Any]] = field(default_factory=list)
    kept_apart: list[dict[str, Any]] = field(default_factory=list)
    canonical_events: list[dict[str, Any]] = field(default_factory=list)
    ambiguous_events: list[dict[str, Any]] = field(default_factory=list)
    single_source_events: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary.as_dict(),
            "merges": self.merges,
            "kept_apart": self.kept_apart,
            "canonical_events": self.canonical_events,
            "ambiguous_events": self.ambiguous_events,
            "single_source_events": self.single_source_events,
        }

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self) -> str:
        """Plain-text tables, one section per kind of decision."""
        s = self.summary
        lines = [
            f"{s.articles} articles, {s.events} article events -> {s.distinct_events} distinct events "
            f"({s.canonical_events} merged from {s.resolved_events} reports); "
            f"{s.entity_merges} actor/place merges, {s.kept_apart} kept apart, "
            f"{s.single_source_events} single-source events, {s.ambiguous_events} ambiguous.",
        ]
        lines += _table(
            "Merges (owl:sameAs)",
            ["rule", "names", "entities"],
            [[m["rule"], " = ".join(m["names"]), " ".join(m["entities"])] for m in self.merges],
        )
        lines += _table(
            "Kept apart",
            ["reason", "names", "entities"],
            [[m["reason"], " / ".join(m["names"]), " ".join(m["entities"])] for m in self.kept_apart],
        )
        lines += _table(
            "Events merged across articles",
            ["event", "class", "date", "place", "sources", "conflicting"],
            [
                [e["event"], e["class"], e["date"] or "", e["place"] or "", str(e["sources"]),
                 "yes" if e["conflicting"] else ""]
                for e in self.canonical_events
            ],
        )  # fmt: skip
        lines += _table(
            "Ambiguous reports kept alone",
            ["event", "could be any of"],
            [[e["event"], " ".join(e["candidates"])] for e in self.ambiguous_events],
        )
        lines += _table(
            "Events supported by a single source",
            ["event", "class", "date", "place", "source"],
            [
                [e["event"], e["class"], e["date"] or "", e["place"] or "", e["source"] or ""]
                for e in self.single_source_events
            ],
        )
        return "\n".join(lines) + "\n"


def _short(iri: object) -> str:
    text = str(iri)
    for prefix, short in (
        ("https://w3id.org/conflict-kg/resource/", "cfr:"),
        ("https://w3id.org/conflict-kg/ontology#", "cf:"),
    ):
        if text.startswith(prefix):
            return short + text[len(prefix) :]
    return text


def _table(title: str, header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["", f"{title} ({len(rows)})"]
    if not rows:
        return [*lines, "  (none)"]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    widths[-1] = 0  # the last column is not padded
    for row in [header, *rows]:
        cells = (str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        lines.append("  " + "  ".join(cells))
    return [line.rstrip() for line in lines]


def summarise(resolution: Resolution) -> ResolutionSummary:
    """Counts for one resolution."""
    data = resolution.data
    resolved = {m for members in resolution.canonical_events.values() for m in members}
    single = [iri for iri, event in data.events.items() if iri not in resolved and len(event.sources) <= 1]
    return ResolutionSummary(
        articles=len(data.articles),
        events=len(data.events),
        canonical_events=len(resolution.canonical_events),
        resolved_events=len(resolved),
        single_source_events=len(single),
        ambiguous_events=len(resolution.events.ambiguous),
        entity_merges=len(resolution.actors.merges),
        kept_apart=len(resolution.actors.kept_apart),
        triples=len(resolution.graph),
        seconds=round(resolution.seconds, 3),
    )


def build_report(resolution: Resolution) -> ResolutionReport:
    """The full report of one resolution."""
    data = resolution.data
    entities = data.entities

    def label(iri: Any) -> str | None:
        record = entities.get(iri)
        return record.label if record is not None else (local_name(iri) if iri is not None else None)

    def event_row(iri: Any, event: Any) -> dict[str, Any]:
        cls = sorted(event.types)[0] if event.types else None
        return {
            "event": _short(iri),
            "class": local_name(cls) if cls is not None else None,
            "date": event.date.isoformat() if event.date else None,
            "place": label(resolution.actors.of(event.place)) if event.place is not None else None,
        }

    report = ResolutionReport(summary=summarise(resolution))
    for decision in resolution.actors.merges:
        iris = [_short(e) for e in decision.entities]
        report.merges.append({"rule": decision.rule, "names": list(decision.names), "entities": iris})
    for decision in resolution.actors.kept_apart:
        iris = [_short(e) for e in decision.entities]
        report.kept_apart.append({"reason": decision.rule, "names": list(decision.names), "entities": iris})
    graph = resolution.graph
    from kg.namespace import CF
    from kg.resolve.terms import HAS_CONFLICTING_REPORTS, SOURCE_COUNT

    for iri, members in sorted(resolution.canonical_events.items(), key=lambda item: str(item[0])):
        cls = graph.value(iri, RDF.type)
        date = graph.value(iri, CF.date)
        place = graph.value(iri, CF.place)
        report.canonical_events.append(
            {
                "event": _short(iri),
                "class": local_name(cls) if cls is not None else None,
                "date": str(date) if date is not None else None,
                "place": label(place) if place is not None else None,
                "sources": int(graph.value(iri, SOURCE_COUNT) or 0),  # type: ignore[arg-type]
                "conflicting": (iri, HAS_CONFLICTING_REPORTS, None) in graph,
                "members": [_short(m) for m in members],
            }
        )
    for iri, candidates in sorted(resolution.events.ambiguous.items()):
        report.ambiguous_events.append({"event": _short(iri), "candidates": [_short(c) for c in candidates]})
    resolved = {m for members in resolution.canonical_events.values() for m in members}
    for iri, event in sorted(data.events.items()):
        if iri in resolved or len(event.sources) > 1:
            continue
        row = event_row(iri, event)
        row["source"] = _short(next(iter(event.sources))) if event.sources else None
        report.single_source_events.append(row)
    return report
