"""The gazetteer: complete entries, coordinates and located-in chains, extension by files."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

import kg.gazetteer
from kg.errors import OntologyError
from kg.gazetteer import ENV_VAR, Gazetteer, load_gazetteer
from kg.namespace import CF, CFR, GEO, WGS
from kg.ontology import actor_classes, load_ontology, place_classes

PLACE = "https://w3id.org/conflict-kg/resource/place/"
ACTOR = "https://w3id.org/conflict-kg/resource/actor/"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_every_place_has_coordinates_and_a_chain_to_a_country(gaz: Gazetteer) -> None:
    for entry in gaz.places():
        assert entry.lat is not None and entry.lon is not None, f"{entry.iri} has no coordinates"
        assert -90 <= entry.lat <= 90 and -180 <= entry.lon <= 180, entry.iri
        top = ([entry.iri, *gaz.chain(entry.iri)])[-1]
        assert CF.Country in gaz.get(top).types, f"{entry.iri}: chain ends at {top}, not at a cf:Country"
        if CF.Country not in entry.types:
            assert entry.located_in is not None, f"{entry.iri} has no cf:locatedIn"


def test_every_place_has_a_matching_wkt_geometry(gaz: Gazetteer) -> None:
    for entry in gaz.places():
        geometry = gaz.graph.value(entry.iri, GEO.hasGeometry)
        assert geometry is not None, f"{entry.iri} has no geo:hasGeometry"
        wkt = str(gaz.graph.value(geometry, GEO.asWKT))
        match = re.fullmatch(r"POINT\(([-\d.]+) ([-\d.]+)\)", wkt)
        assert match, f"{entry.iri}: bad WKT {wkt!r}"
        assert (float(match[1]), float(match[2])) == (entry.lon, entry.lat), (
            f"{entry.iri}: WKT differs from wgs"
        )


def test_every_entry_has_one_label_and_an_ontology_type(gaz: Gazetteer) -> None:
    known = set(actor_classes()) | set(place_classes())
    for entry in gaz.entries:
        labels = list(gaz.graph.objects(entry.iri, RDFS.label))
        assert len(labels) == 1, f"{entry.iri} has {len(labels)} rdfs:label"
        assert entry.types & known, entry.iri
        assert entry.label not in entry.aliases


def test_every_type_and_property_comes_from_the_ontology(gaz: Gazetteer) -> None:
    onto = load_ontology()
    for s, p, o in gaz.graph:
        for term in (p, o if p == RDF.type else None):
            if isinstance(term, URIRef) and str(term).startswith(str(CF)):
                assert (term, None, None) in onto, f"{s} uses {term}, which the ontology lacks"


def test_states_are_countries_and_positions_have_holders(gaz: Gazetteer) -> None:
    for entry in gaz.entries:
        if CF.State in entry.types:
            assert CF.Country in entry.types and str(entry.iri).startswith(PLACE)
    tenures = list(gaz.graph.subjects(RDF.type, CF.PositionTenure))
    assert len(tenures) >= 10
    for tenure in tenures:
        assert gaz.get(gaz.graph.value(tenure, CF.holder)) is not None, tenure


def test_iris_follow_the_data_model(gaz: Gazetteer) -> None:
    for entry in gaz.entries:
        prefix = PLACE if entry.kind == "place" else ACTOR
        slug = str(entry.iri)[len(prefix) :]
        assert str(entry.iri).startswith(prefix) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), entry.iri


def test_no_name_points_at_two_entries(gaz: Gazetteer) -> None:
    clashes = {}
    for entry in gaz.entries:
        for name in entry.names:
            found = gaz.find(name)
            if len(found) > 1:
                clashes[name] = sorted(str(e.iri) for e in found)
    assert not clashes, f"ambiguous names (an entity ruler could not choose): {clashes}"


REQUIRED = {
    # name as a text would write it -> the entry it must find
    "Iraq": "place/iraq",
    "Syria": "place/syria",
    "Iran": "place/iran",
    "United States": "place/united-states",
    "Turkey": "place/turkey",
    "Israel": "place/israel",
    "Jordan": "place/jordan",
    "Lebanon": "place/lebanon",
    "Kuwait": "place/kuwait",
    "Saudi Arabia": "place/saudi-arabia",
    "Yemen": "place/yemen",
    "Baghdad": "place/baghdad",
    "Erbil": "place/erbil",
    "Kurdistan Region": "place/kurdistan-region",
    "Anbar": "place/anbar",
    "Kirkuk": "place/kirkuk",
    "Deir ez-Zor": "place/deir-ez-zor",
    "Washington": "place/washington",
    "White House": "place/white-house",
    "the Pentagon": "place/the-pentagon",
    "Ain al-Asad": "place/ain-al-asad-air-base",
    "Ain al-Assad": "place/ain-al-asad-air-base",
    "Al Asad Airbase": "place/ain-al-asad-air-base",
    "Ayn al-Asad": "place/ain-al-asad-air-base",
    "Harir": "place/harir-air-base",
    "al-Harir": "place/harir-air-base",
    "Harir Air Base": "place/harir-air-base",
    "Erbil airport": "place/erbil-international-airport",
    "Baghdad airport": "place/baghdad-international-airport",
    "Victory base": "place/victory-base",
    "Camp Victory": "place/victory-base",
    "Balad Air Base": "place/balad-air-base",
    "US embassy in Baghdad": "place/us-embassy-in-baghdad",
    "Green Zone": "place/green-zone",
    "al-Tanf": "place/al-tanf",
    "al-Omar oil field": "place/al-omar-oil-field",
    "Conoco gas field": "place/conoco-gas-field",
    "Mosul": "place/mosul",
    "Nineveh": "place/nineveh",
    "Basra": "place/basra",
    "Salahuddin": "place/salahuddin",
    "Diyala": "place/diyala",
    "Babil": "place/babil",
    "Karbala": "place/karbala",
    "Najaf": "place/najaf",
    "Sulaymaniyah": "place/sulaymaniyah",
    "Duhok": "place/duhok",
    "al-Qaim": "place/al-qaim",
    "Abu Kamal": "place/abu-kamal",
    "Albu Kamal": "place/abu-kamal",
    "Mayadin": "place/mayadin",
    "Hasakah": "place/hasakah",
    "Shaddadi": "place/shaddadi",
    "Rmelan": "place/rmelan",
    "Rumalyn": "place/rmelan",
    "Tower 22": "place/tower-22",
    "Taji": "place/taji",
    "Union III": "place/union-iii",
    "K1": "place/k1-air-base",
    "Jurf al-Sakhar": "place/jurf-al-sakhar",
    "Akashat": "place/akashat",
    "CJTF-OIR": "actor/us-led-coalition",
    "the coalition": "actor/us-led-coalition",
    "US-led coalition": "actor/us-led-coalition",
    "international coalition": "actor/us-led-coalition",
    "Global Coalition": "actor/us-led-coalition",
    "US forces": "actor/us-military",
    "US troops": "actor/us-military",
    "American troops": "actor/us-military",
    "US military": "actor/us-military",
    "CENTCOM": "actor/us-central-command",
    "Iraqi security forces": "actor/iraqi-security-forces",
    "Iraqi army": "actor/iraqi-security-forces",
    "Counter-Terrorism Service": "actor/iraqi-counter-terrorism-service",
    "Peshmerga": "actor/peshmerga",
    "Kurdistan Regional Government": "actor/kurdistan-regional-government",
    "PMF": "actor/popular-mobilization-forces",
    "Hashd al-Shaabi": "actor/popular-mobilization-forces",
    "Popular Mobilisation Forces": "actor/popular-mobilization-forces",
    "Kataib Hezbollah": "actor/kataib-hezbollah",
    "Kata'ib Hizballah": "actor/kataib-hezbollah",
    "KH": "actor/kataib-hezbollah",
    "Kataib Sayyid al-Shuhada": "actor/kataib-sayyid-al-shuhada",
    "Asaib Ahl al-Haq": "actor/asaib-ahl-al-haq",
    "Harakat al-Nujaba": "actor/harakat-al-nujaba",
    "Saraya Awliya al-Dam": "actor/saraya-awliya-al-dam",
    "Islamic Resistance in Iraq": "actor/islamic-resistance-in-iraq",
    "Iraqi Resistance Coordination Committee": "actor/iraqi-resistance-coordination-committee",
    "Iraqi Resistance Coordinating Committee": "actor/iraqi-resistance-coordination-committee",
    "ISIL": "actor/isil",
    "ISIS": "actor/isil",
    "Islamic State": "actor/isil",
    "Daesh": "actor/isil",
    "IRGC": "actor/irgc",
    "Quds Force": "actor/quds-force",
    "SDF": "actor/sdf",
    "Hezbollah": "actor/hezbollah",
    "Houthis": "actor/houthis",
    "pro-Iran armed groups": "actor/pro-iran-armed-groups",
    "pro-Iranian factions": "actor/pro-iran-armed-groups",
    "Iran-backed militias": "actor/pro-iran-armed-groups",
    "Iran-aligned armed groups": "actor/pro-iran-armed-groups",
    "pro-Iran militias": "actor/pro-iran-armed-groups",
    "Adil Abdul-Mahdi": "actor/adil-abdul-mahdi",
    "Mustafa al-Kadhimi": "actor/mustafa-al-kadhimi",
    "Mohammed Shia al-Sudani": "actor/mohammed-shia-al-sudani",
    "Donald Trump": "actor/donald-trump",
    "Joe Biden": "actor/joe-biden",
    "Qassem Soleimani": "actor/qassem-soleimani",
    "Abu Mahdi al-Muhandis": "actor/abu-mahdi-al-muhandis",
    "Myles B. Caggins III": "actor/myles-b-caggins-iii",
    "Wayne Marotto": "actor/wayne-marotto",
    "Al Jazeera": "actor/al-jazeera",
    "Reuters": "actor/reuters",
    "AFP": "actor/agence-france-presse",
    "AP": "actor/associated-press",
    "BBC": "actor/bbc",
    "Rudaw": "actor/rudaw",
    "Kurdistan 24": "actor/kurdistan-24",
    "Shafaq News": "actor/shafaq-news",
    "Al-Monitor": "actor/al-monitor",
    "The National": "actor/the-national",
    "Al Arabiya": "actor/al-arabiya",
    "Middle East Eye": "actor/middle-east-eye",
    "CNN": "actor/cnn",
    "Anadolu": "actor/anadolu-agency",
    "IRNA": "actor/irna",
    "Tasnim": "actor/tasnim-news-agency",
    "SANA": "actor/sana",
    "Syrian Observatory for Human Rights": "actor/syrian-observatory-for-human-rights",
}


@pytest.mark.parametrize(("name", "local"), sorted(REQUIRED.items()))
def test_required_names(gaz: Gazetteer, name: str, local: str) -> None:
    assert [str(e.iri) for e in gaz.find(name)] == [str(CFR[local])]


@pytest.mark.parametrize(
    ("place", "expected"),
    [
        ("harir-air-base", ["erbil-governorate", "kurdistan-region", "iraq"]),
        ("erbil-international-airport", ["erbil", "erbil-governorate", "kurdistan-region", "iraq"]),
        ("us-embassy-in-baghdad", ["green-zone", "baghdad", "baghdad-governorate", "iraq"]),
        ("al-omar-oil-field", ["deir-ez-zor-governorate", "syria"]),
        ("tower-22", ["jordan"]),
        ("white-house", ["washington", "united-states"]),
    ],
)
def test_chains(gaz: Gazetteer, place: str, expected: list[str]) -> None:
    assert [str(i)[len(PLACE) :] for i in gaz.chain(CFR["place/" + place])] == expected
    assert gaz.country_of(CFR["place/" + place]) == CFR["place/" + expected[-1]]


def test_stands_for_and_media_hosts(gaz: Gazetteer) -> None:
    assert gaz.stands_for(CFR["place/washington"]) == CFR["actor/united-states-government"]
    assert gaz.stands_for(CFR["place/white-house"]) == CFR["actor/united-states-government"]
    assert gaz.stands_for(CFR["place/the-pentagon"]) == CFR["actor/us-department-of-defense"]
    assert gaz.stands_for(CFR["place/tehran"]) == CFR["place/iran"]
    assert gaz.stands_for(CFR["place/anbar"]) is None
    assert "aljazeera.com" in gaz.get(CFR["actor/al-jazeera"]).websites
    for entry in gaz.entries:
        if CF.MediaOrganization in entry.types:
            assert entry.websites, f"{entry.iri} has no cf:website"


def test_entry_fields(gaz: Gazetteer) -> None:
    iraq = gaz.get(CFR["place/iraq"])
    assert iraq.kind == "place" and iraq.is_actor and iraq.wikidata == "Q796" and iraq.geonames == "99237"
    kh = gaz.get(CFR["actor/kataib-hezbollah"])
    assert kh.kind == "actor" and kh.lat is None and CF.NonStateArmedGroup in kh.types
    assert CFR["actor/popular-mobilization-forces"] in kh.member_of
    assert kh.names[0] == "Kataib Hezbollah"
    assert gaz.country_of(kh.iri) == CFR["place/iraq"]
    assert gaz.get(CFR["place/nowhere"]) is None and gaz.chain(CFR["place/nowhere"]) == []


EXTRA = """
@prefix cf: <https://w3id.org/conflict-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix place: <https://w3id.org/conflict-kg/resource/place/> .
@prefix actor: <https://w3id.org/conflict-kg/resource/actor/> .
place:test-outpost a cf:MilitaryBase ; rdfs:label "Test Outpost" ; skos:altLabel "TO-1" ;
    cf:locatedIn place:anbar ; wgs:lat "33.1"^^xsd:decimal ; wgs:long "41.2"^^xsd:decimal .
actor:isil skos:altLabel "Test alias for ISIL" .
"""


def test_extra_file_and_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "outposts.ttl").write_text(EXTRA, encoding="utf-8")
    gaz = load_gazetteer([folder])
    outpost = gaz.get(CFR["place/test-outpost"])
    assert outpost is not None and outpost.aliases == ("TO-1",)
    assert gaz.chain(outpost.iri) == [CFR["place/anbar"], CFR["place/iraq"]]
    assert [e.iri for e in gaz.find("Test alias for ISIL")] == [CFR["actor/isil"]]
    assert load_gazetteer().get(CFR["place/test-outpost"]) is None  # the default is untouched
    monkeypatch.setenv(ENV_VAR, str(folder / "outposts.ttl"))
    assert load_gazetteer().get(CFR["place/test-outpost"]) is not None


def test_bad_extra_files_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("this is not turtle .", encoding="utf-8")
    with pytest.raises(OntologyError, match=r"broken\.ttl"):
        load_gazetteer([broken])
    with pytest.raises(OntologyError, match=r"missing\.ttl"):
        load_gazetteer([tmp_path / "missing.ttl"])


def test_geometry_and_coordinates_use_the_declared_vocabularies(gaz: Gazetteer) -> None:
    lat = gaz.graph.value(CFR["place/erbil"], WGS.lat)
    assert str(lat.datatype).endswith("#decimal")


def test_doctests() -> None:
    result = doctest.testmod(kg.gazetteer)
    assert result.failed == 0 and result.attempted > 0


def test_readme_worked_example_loads(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "ontology" / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```turtle\n(.*?)```", readme, flags=re.DOTALL)
    assert block, "ontology/README.md lost its worked example"
    (tmp_path / "my-places.ttl").write_text(block[1], encoding="utf-8")
    gaz = load_gazetteer([tmp_path])
    camp = gaz.get(CFR["place/camp-example"])
    assert camp is not None and gaz.country_of(camp.iri) == CFR["place/iraq"]
    assert gaz.find("Liwa al-Mithal")[0].iri == CFR["actor/example-brigade"]
    assert [e.iri for e in gaz.find("Tanzim al-Dawla")] == [CFR["actor/isil"]]


@pytest.mark.parametrize(
    ("position", "day", "expected"),
    [
        ("prime-minister-of-iraq", "2020-01-03", ["adil-abdul-mahdi"]),
        ("prime-minister-of-iraq", "2020-05-07", ["mustafa-al-kadhimi"]),
        ("prime-minister-of-iraq", "2024-01-28", ["mohammed-shia-al-sudani"]),
        ("president-of-the-united-states", "2020-01-03", ["donald-trump"]),
        ("president-of-the-united-states", "2024-02-02", ["joe-biden"]),
        ("president-of-the-united-states", "2025-03-01", ["donald-trump"]),
        ("spokesperson-of-cjtf-oir", None, ["myles-b-caggins-iii", "wayne-marotto"]),
    ],
)
def test_holders(gaz: Gazetteer, position: str, day: str | None, expected: list[str]) -> None:
    import datetime as dt

    on = dt.date.fromisoformat(day) if day else None
    assert [str(p)[len(ACTOR) :] for p in gaz.holders(CFR["position/" + position], on)] == expected
