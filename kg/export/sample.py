"""A tiny hand-made graph in the shape of docs/data-model.md, for examples, doctests and tests.

Two articles (one named graph each) and a gazetteer graph: a drone strike and a rocket attack on
bases in Iraq, a meeting in Baghdad and a threat. The sentences are written for this sample.
"""

from __future__ import annotations

import warnings

from rdflib import Dataset

SAMPLE_TRIG = """\
@prefix cf: <https://w3id.org/conflict-kg/ontology#> .
@prefix cfr: <https://w3id.org/conflict-kg/resource/> .
@prefix cfg: <https://w3id.org/conflict-kg/graph/> .
@prefix actor: <https://w3id.org/conflict-kg/resource/actor/> .
@prefix place: <https://w3id.org/conflict-kg/resource/place/> .
@prefix event: <https://w3id.org/conflict-kg/resource/event/> .
@prefix role: <https://w3id.org/conflict-kg/resource/role/> .
@prefix ev: <https://w3id.org/conflict-kg/resource/evidence/> .
@prefix art: <https://w3id.org/conflict-kg/resource/article/> .
@prefix ga: <https://w3id.org/conflict-kg/graph/article/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

cfg:gazetteer {
  actor:kataib-hezbollah a cf:NonStateArmedGroup ; rdfs:label "Kataib Hezbollah" ;
      skos:altLabel "KH", "Kata'ib Hizballah" ; cf:wikidata "Q1739460" ;
      cf:memberOf actor:popular-mobilization-forces .
  actor:popular-mobilization-forces a cf:NonStateArmedGroup ;
      rdfs:label "Popular Mobilization Forces" ; skos:altLabel "PMF" .
  actor:islamic-resistance-in-iraq a cf:ActorCategory ; rdfs:label "Islamic Resistance in Iraq" .
  actor:united-states a cf:State ; rdfs:label "United States" .
  actor:us-armed-forces a cf:ArmedForces ; rdfs:label "US armed forces" ;
      cf:country actor:united-states .
  actor:government-of-iraq a cf:GovernmentOffice ; rdfs:label "Government of Iraq" .
  place:iraq a cf:State, cf:Country ; rdfs:label "Iraq" ;
      wgs:lat "33.0"^^xsd:decimal ; wgs:long "44.0"^^xsd:decimal .
  place:erbil-governorate a cf:AdminRegion ; rdfs:label "Erbil Governorate" ;
      cf:locatedIn place:iraq ; wgs:lat "36.2"^^xsd:decimal ; wgs:long "44.3"^^xsd:decimal .
  place:harir-air-base a cf:MilitaryBase ; rdfs:label "Harir Air Base" ;
      cf:locatedIn place:erbil-governorate ;
      wgs:lat "36.54"^^xsd:decimal ; wgs:long "44.35"^^xsd:decimal .
  place:ain-al-asad-air-base a cf:MilitaryBase ; rdfs:label "Ain al-Asad Air Base" ;
      cf:locatedIn place:iraq ; wgs:lat "33.80"^^xsd:decimal ; wgs:long "42.44"^^xsd:decimal .
  place:baghdad a cf:Settlement ; rdfs:label "Baghdad" ; cf:locatedIn place:iraq ;
      wgs:lat "33.315"^^xsd:decimal ; wgs:long "44.366"^^xsd:decimal .
}

ga:00000000000000a1 {
  art:00000000000000a1 a cf:NewsArticle ; rdfs:label "Drones hit a base in northern Iraq" ;
      cf:url "https://news.example.org/2024/01/drones-iraq"^^xsd:anyURI ;
      cf:publicationDate "2024-01-21"^^xsd:date ; cf:articleId "00000000000000a1" .
  event:00000000000000a1-1 a cf:DroneStrike ; cf:date "2024-01-20"^^xsd:date ;
      cf:datePrecision cf:DayPrecision ; cf:place place:harir-air-base ; cf:geoPrecision 1 ;
      cf:allegedPerpetrator actor:islamic-resistance-in-iraq ; cf:target actor:us-armed-forces ;
      cf:injuries 3 ; cf:injuriesQualifier cf:Exact ;
      cf:hasRole role:00000000000000a1-1-target-us-armed-forces ;
      cf:evidence ev:00000000000000a1-0-64 ; prov:wasDerivedFrom art:00000000000000a1 .
  role:00000000000000a1-1-target-us-armed-forces a cf:RoleAssignment ; cf:roleType cf:TargetRole ;
      cf:actor actor:us-armed-forces ; cf:modality cf:Asserted ;
      cf:evidence ev:00000000000000a1-0-64 .
  ev:00000000000000a1-0-64 a cf:Evidence ;
      cf:text "Two drones struck Harir Air Base on Saturday & hurt three <US> soldiers." ;
      cf:startOffset 0 ; cf:endOffset 64 ; cf:inArticle art:00000000000000a1 .
  event:00000000000000a1-2 a cf:Threat ; cf:date "2024-01-01"^^xsd:date ;
      cf:datePrecision cf:MonthPrecision ; cf:earliestDate "2024-01-01"^^xsd:date ;
      cf:latestDate "2024-01-31"^^xsd:date ;
      cf:perpetrator actor:kataib-hezbollah ; cf:target actor:united-states ;
      cf:evidence ev:00000000000000a1-65-120 ; prov:wasDerivedFrom art:00000000000000a1 .
  ev:00000000000000a1-65-120 a cf:Evidence ;
      cf:text "This month the group warned Washington of more attacks." ;
      cf:startOffset 65 ; cf:endOffset 120 ; cf:inArticle art:00000000000000a1 .
}

ga:00000000000000b2 {
  art:00000000000000b2 a cf:NewsArticle ; rdfs:label "Rockets fired at Ain al-Asad" ;
      cf:url "https://news.example.org/2024/01/rockets-asad"^^xsd:anyURI ;
      cf:publicationDate "2024-01-23"^^xsd:date ; cf:articleId "00000000000000b2" .
  event:00000000000000b2-1 a cf:RocketAttack ; cf:date "2024-01-22"^^xsd:date ;
      cf:datePrecision cf:DayPrecision ; cf:place place:ain-al-asad-air-base ; cf:geoPrecision 1 ;
      cf:perpetrator actor:kataib-hezbollah ; cf:target actor:us-armed-forces ;
      cf:fatalities 0 ; cf:munitions 4 ;
      cf:evidence ev:00000000000000b2-0-70 ; prov:wasDerivedFrom art:00000000000000b2 .
  ev:00000000000000b2-0-70 a cf:Evidence ;
      cf:text "Officials blamed Kataib Hezbollah for four rockets fired at Ain al-Asad." ;
      cf:startOffset 0 ; cf:endOffset 70 ; cf:inArticle art:00000000000000b2 .
  event:00000000000000b2-2 a cf:RocketAttack ; cf:date "2024-01-27"^^xsd:date ;
      cf:datePrecision cf:DayPrecision ; cf:place place:harir-air-base ; cf:geoPrecision 1 ;
      cf:perpetrator actor:kataib-hezbollah ; cf:target actor:us-armed-forces ;
      cf:fatalities 1 ; cf:fatalitiesQualifier cf:AtLeast ;
      cf:evidence ev:00000000000000b2-71-130 ; prov:wasDerivedFrom art:00000000000000b2 .
  ev:00000000000000b2-71-130 a cf:Evidence ;
      cf:text "A second salvo five days later killed at least one contractor." ;
      cf:startOffset 71 ; cf:endOffset 130 ; cf:inArticle art:00000000000000b2 .
  event:00000000000000b2-3 a cf:Meeting ; cf:date "2024-01-25"^^xsd:date ;
      cf:datePrecision cf:DayPrecision ; cf:place place:baghdad ; cf:geoPrecision 1 ;
      cf:participant actor:government-of-iraq, actor:united-states ;
      cf:evidence ev:00000000000000b2-131-190 ; prov:wasDerivedFrom art:00000000000000b2 .
  ev:00000000000000b2-131-190 a cf:Evidence ;
      cf:text "Iraqi and American officials met in Baghdad to discuss the attacks." ;
      cf:startOffset 131 ; cf:endOffset 190 ; cf:inArticle art:00000000000000b2 .
}
"""


def sample_dataset() -> Dataset:
    """The sample as an rdflib Dataset (default graph = union of the named graphs).

    >>> dataset = sample_dataset()
    >>> len(list(dataset.graphs())) >= 3
    True
    """
    dataset = Dataset(default_union=True)
    with warnings.catch_warnings():
        # rdflib 7.6 warns about its own internals when parsing TriG into a Dataset
        warnings.filterwarnings(
            "ignore", "(Dataset.default_context|ConjunctiveGraph) is deprecated", DeprecationWarning
        )
        dataset.parse(data=SAMPLE_TRIG, format="trig")
    return dataset
