"""Roles, actors and places of events (nlp2_roles): one hand-built sentence per general rule.

Each case is data: a text, and role triples ``(role, actor label, modality)`` that must (or must not)
appear on the frames the real pipeline builds from it. Places: the place the frame of a trigger gets.
The model and gazetteer load once per session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kg.article import Article, Paragraph

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="session")
def roles_env(nlp: Any, gazetteer: Any) -> tuple[Any, Any]:
    return nlp, gazetteer


def frames_of(env: tuple[Any, Any], text: str) -> list[Any]:
    from kg.nlp.frames import FrameBuilder
    from kg.nlp.pipeline import make_doc

    nlp, gazetteer = env
    article = Article(
        id="0" * 16, text=text, paragraphs=(Paragraph(0, len(text)),), published=dt.date(2024, 1, 21)
    )
    doc = nlp(make_doc(nlp, article))
    return FrameBuilder(doc, gazetteer=gazetteer).build()


def roles_of(env: tuple[Any, Any], text: str) -> set[tuple[str, str, str]]:
    return {(r.role, r.actor.label, r.modality) for f in frames_of(env, text) for r in f.roles}


# (text, roles that must be there, roles that must not be there)
ROLE_CASES = [
    pytest.param(
        "Rockets hit the base on Saturday. The Islamic Resistance in Iraq, a loose alliance of "
        "armed factions, claimed the barrage in a post on Telegram.",
        {("perpetrator", "Islamic Resistance in Iraq", "Claimed")},
        set(),
        id="claim-of-an-event-noun-in-a-later-sentence",
    ),
    pytest.param(
        "A suicide bomber struck a mosque in Baghdad, an attack the Islamic State later claimed.",
        {("perpetrator", "Islamic State of Iraq and the Levant", "Claimed")},
        set(),
        id="claim-in-a-reduced-relative-clause",
    ),
    pytest.param(
        "Drones attacked Harir air base on Thursday. A group calling itself the Islamic Resistance in "
        "Iraq claimed the attack on Harir in a Telegram post.",
        {("perpetrator", "Islamic Resistance in Iraq", "Claimed")},
        {("perpetrator", "group", "Asserted")},
        id="claimant-named-by-calling-itself",
    ),
    pytest.param(
        "A rocket attack hit the Green Zone on Friday. The Security Media Cell blamed the attack on "
        "Daesh terrorist remnants.",
        {
            ("alleged_perpetrator", "Islamic State of Iraq and the Levant", "Blamed"),
            ("alleged_perpetrator", "Daesh terrorist remnants", "Blamed"),
        },
        set(),
        id="blame-on-a-named-group-modifying-a-common-noun",
    ),
    pytest.param(
        "A Turkish drone struck a vehicle near Sinjar on Saturday, killing two members of the Sinjar "
        "Resistance Units.",
        {("perpetrator", "Turkey", "Asserted"), ("victim", "Sinjar Resistance Units", "Asserted")},
        {("victim", "members", "Asserted")},
        id="demonym-weapon-owner-and-partitive-members-of",
    ),
    pytest.param(
        "Iraqi F-16 fighter jets carried out an airstrike on a hideout in Kirkuk on Monday.",
        {("perpetrator", "Iraq", "Asserted")},
        set(),
        id="demonym-of-a-platform-subject-of-a-light-verb",
    ),
    pytest.param(
        "Earlier on Wednesday, a roadside bomb hit a convoy of trucks carrying equipment for the "
        "coalition near Diwaniyah.",
        {("target", "US-led coalition", "Asserted")},
        set(),
        id="convoy-carrying-supplies-for-x-targets-x",
    ),
    pytest.param(
        "Mortar rounds were fired at the sprawling US embassy compound in Baghdad early on Friday.",
        {("target", "US embassy", "Asserted")},
        set(),
        id="embassy-hit-is-a-target-actor",
    ),
    pytest.param(
        "US jets struck depots near Abu Kamal on Thursday.",
        {("perpetrator", "United States", "Asserted")},
        set(),
        id="demonym-of-an-aircraft-subject",
    ),
    pytest.param(
        "US jets struck depots near Abu Kamal on Thursday. The facilities were used by Iran's Islamic "
        "Revolutionary Guard Corps, the Pentagon said.",
        {("target", "Islamic Revolutionary Guard Corps", "Asserted")},
        set(),
        id="facilities-used-by-x-in-a-later-sentence-target-x",
    ),
    pytest.param(
        "A drone hit the air base and wounded three American service members, one of them critically.",
        {("victim", "American service members", "Asserted")},
        set(),
        id="a-number-in-apposition-is-no-name",
    ),
    pytest.param(
        "A previously unknown group, the Ghaliboun Brigade, said in a statement on Friday that it had "
        "launched the drones at the base.",
        {("perpetrator", "Ghaliboun Brigade", "Asserted")},
        {("perpetrator", "unknown group", "Asserted")},
        id="pronoun-resolves-to-the-name-in-apposition",
    ),
    pytest.param(
        "Biden warned Tehran on Friday that the United States was ready to act.",
        {("target", "Iran", "Asserted")},
        set(),
        id="threat-warned-capital-is-its-state",
    ),
    pytest.param(
        "Trump warned on Tuesday that Tehran would pay a very big price for any loss of life.",
        {("target", "Iran", "Asserted")},
        set(),
        id="threat-who-would-pay",
    ),
    pytest.param(
        "The Guards warned on Monday that any further Israeli attack would meet a harsh response.",
        {("target", "Israel", "Asserted")},
        set(),
        id="threat-against-the-author-of-a-future-attack",
    ),
    pytest.param(
        "Nujaba vowed on Thursday to make the Americans pay for the killing.",
        {("target", "Americans", "Asserted")},
        set(),
        id="threat-make-x-pay-with-a-nationality-noun",
    ),
    pytest.param(
        "Three people, including Abu Baqir al-Saadi and his driver, were killed in the strike.",
        {("victim", "Abu Baqir al-Saadi", "Asserted"), ("target", "Abu Baqir al-Saadi", "Asserted")},
        set(),
        id="named-victim-after-including",
    ),
    pytest.param(
        "Gunmen attacked a checkpoint on Monday. The Iraqi army blamed Iran-backed militants.",
        {("alleged_perpetrator", "pro-Iran armed groups", "Blamed")},
        set(),
        id="gazetteer-variant-iran-backed-militants",
    ),
    pytest.param(
        "The Baghdad strike killed two men on Thursday.",
        {("victim", "men", "Asserted")},
        {("perpetrator", "Government of Iraq", "Asserted")},
        id="a-city-modifying-an-event-noun-is-no-actor",
    ),
    pytest.param(
        "The strike came a day after twin bombings in Kerman killed scores of people, an attack the "
        "Islamic State later claimed.",
        set(),
        {("perpetrator", "Islamic State of Iraq and the Levant", "Claimed")},
        id="claim-about-a-subordinate-event-is-not-the-main-events",
    ),
    pytest.param(
        "President Recep Tayyip Erdogan chaired a security meeting in Istanbul on Saturday.",
        {("participant", "Recep Tayyip Erdogan", "Asserted")},
        set(),
        id="chair-a-meeting-makes-a-participant",
    ),
    pytest.param(
        "French President Emmanuel Macron visited Baghdad on Saturday.",
        {("participant", "Emmanuel Macron", "Asserted")},
        {("participant", "Government of Iraq", "Asserted")},
        id="visited-city-is-the-place-not-a-participant",
    ),
    pytest.param(
        "Coalition forces engaged three drones near Ain al-Asad air base on Monday, destroying two of them.",
        {("target", "US-led coalition", "Asserted")},
        {("perpetrator", "US-led coalition", "Asserted")},
        id="who-defeats-incoming-drones-was-their-target",
    ),
    pytest.param(
        "The Peshmerga shot down a drone near Erbil on Friday.",
        {("target", "Peshmerga", "Asserted")},
        {("participant", "Peshmerga", "Asserted")},
        id="who-shoots-down-a-drone-was-its-target",
    ),
    pytest.param(
        "A rocket struck the base on Monday and caused minor injuries to coalition personnel.",
        {("target", "coalition personnel", "Asserted")},
        set(),
        id="injuries-caused-to-someone-make-a-target",
    ),
    pytest.param(
        "Two rockets hit Camp Taji on Monday, and three Iraqi soldiers suffered light injuries.",
        {("target", "Iraqi Security Forces", "Asserted")},
        set(),
        id="who-suffers-injuries-was-a-target",
    ),
    pytest.param(
        "The Iraqi army condemned the US airstrikes and said they killed four policemen.",
        {("perpetrator", "United States", "Asserted")},
        {("perpetrator", "Iraqi Army", "Asserted"), ("perpetrator", "Iraqi Security Forces", "Asserted")},
        id="they-is-not-a-singular-speaker",
    ),
    pytest.param(
        "The Hezbollah Brigades warned on Monday that its fighters would strike American bases unless the "
        "troops left.",
        {("target", "American bases", "Asserted")},
        {("target", "fighters", "Asserted"), ("target", "United States", "Asserted")},
        id="a-threat-to-bases-named-by-nationality-not-to-its-own-fighters",
    ),
    pytest.param(
        "Prime Minister Mohammed Shia al-Sudani said he had sent a letter to Turkish President Recep Tayyip "
        "Erdogan, warning him that Iraq would respond to any new strike.",
        {("target", "Recep Tayyip Erdogan", "Asserted")},
        {("target", "Mohammed Shia al-Sudani", "Asserted")},
        id="warning-him-is-the-person-named-before-not-the-speaker",
    ),
    pytest.param(
        "Gunmen stormed a prison in Hasakah on Thursday. The Syrian Democratic Forces, the militia that "
        "guards the prison, said 20 of its men were killed.",
        {("target", "Syrian Democratic Forces", "Asserted")},
        set(),
        id="who-guards-the-attacked-place-is-a-target",
    ),
    pytest.param(
        "No group claimed the bombing by Friday evening.",
        set(),
        {("perpetrator", "group", "Claimed"), ("perpetrator", "group", "Asserted")},
        id="no-group-claimed-gives-no-perpetrator",
    ),
    pytest.param(
        "Damascus had vowed at the time that Israel would pay for the killings.",
        {("target", "Israel", "Asserted")},
        set(),
        id="a-predicted-harm-hung-on-another-noun-still-names-the-threatened",
    ),
    pytest.param(
        "Officials said the rockets had most likely been fired by Kataib Hezbollah.",
        {("alleged_perpetrator", "Kataib Hezbollah", "Suspected")},
        {("perpetrator", "Kataib Hezbollah", "Asserted")},
        id="a-hedged-author-is-suspected",
    ),
    pytest.param(
        "Asaib Ahl al-Haq is believed to have fired the rockets at the base on Monday.",
        {("alleged_perpetrator", "Asaib Ahl al-Haq", "Suspected")},
        {("target", "Asaib Ahl al-Haq", "Asserted")},
        id="believed-to-have-fired-makes-a-suspect-not-a-target",
    ),
    pytest.param(
        "Kataib Hezbollah said in a statement that its fighters had launched drones at two bases.",
        {("perpetrator", "Kataib Hezbollah", "Asserted")},
        {("perpetrator", "fighters", "Asserted")},
        id="its-fighters-in-what-a-group-says-are-the-group",
    ),
    pytest.param(
        "A drone killed four men near Sinjar on Monday. Local officials said the dead belonged to the "
        "Sinjar Resistance Units.",
        {("target", "Sinjar Resistance Units", "Asserted")},
        set(),
        id="the-group-the-dead-belonged-to-is-a-target",
    ),
    pytest.param(
        "US jets struck depots in Anbar province used by militias affiliated with Kataib Hezbollah late on "
        "Friday.",
        {("target", "Kataib Hezbollah", "Asserted")},
        set(),
        id="used-by-groups-affiliated-with-a-named-group",
    ),
    pytest.param(
        "The factions offered to halt their attacks on US troops but warned that they would resume them "
        "unless a date for the withdrawal was set.",
        {("target", "US military", "Asserted")},
        set(),
        id="resuming-them-threatens-the-targets-of-the-attacks-named-before",
    ),
    pytest.param(
        "US Central Command says its forces struck more than 60 targets at six facilities, two in Iraq and "
        "four in Syria, used by Kataib Hezbollah and the militias it backs.",
        {("target", "Kataib Hezbollah", "Asserted")},
        set(),
        id="used-by-however-the-parser-hangs-it",
    ),
    pytest.param(
        "On Tuesday, Foreign Minister Fuad Hussein and Secretary of State Antony Blinken led a session of "
        "the strategic dialogue in Washington.",
        {("participant", "Fuad Hussein", "Asserted"), ("participant", "Antony Blinken", "Asserted")},
        set(),
        id="who-leads-a-session-of-talks-takes-part-and-of-state-is-no-verb-of-saying",
    ),
    pytest.param(
        "On Sunday, hundreds of militia supporters broke into the British embassy compound in Baghdad.",
        {("participant", "militia supporters", "Asserted"), ("target", "British embassy", "Asserted")},
        {("perpetrator", "militia supporters", "Asserted")},
        id="a-crowd-breaking-into-an-embassy-protests-against-it",
    ),
    pytest.param(
        "Protesters gathered outside the US embassy in Baghdad on Monday, and hours later hundreds of them "
        "stormed the compound.",
        {("participant", "protesters", "Asserted"), ("target", "US embassy", "Asserted")},
        set(),
        id="hundreds-of-them-storming-the-compound-are-the-protesters-at-the-embassy",
    ),
    pytest.param(
        "Three members of the Popular Mobilization Forces were martyred when a bomb targeted their patrol "
        "near Tarmiyah on Sunday.",
        {("victim", "Popular Mobilization Forces", "Asserted")},
        set(),
        id="martyred-members-of-a-group-are-victims",
    ),
    pytest.param(
        "An attack by terrorist elements on an army post near Tuz Khurmatu killed two soldiers on Monday.",
        {("perpetrator", "terrorist elements", "Asserted")},
        set(),
        id="terrorist-elements-are-an-actor",
    ),
    pytest.param(
        "Air defences shot down a drone heading for Erbil International Airport late on Monday, the second "
        "attempt this week to hit the airport, which hosts troops of the US-led coalition.",
        {("target", "US-led coalition", "Asserted")},
        set(),
        id="the-group-whose-troops-a-hit-airport-hosts-is-a-target",
    ),
    pytest.param(
        "A US drone strike in Baghdad on Thursday killed Ahmed Jaber al-Musawi, better known as Abu Hussein, "
        "a senior commander of Kataib Hezbollah.",
        {("target", "Kataib Hezbollah", "Asserted")},
        set(),
        id="the-group-a-named-victim-commanded-is-a-target",
    ),
    pytest.param(
        "The raid hit a convoy leaving the base shortly after dawn, killing at least six fighters, among "
        "them Abu Fadak al-Mohammadawi, a senior commander, according to a spokesman for the group.",
        {("victim", "Abu Fadak al-Mohammadawi", "Asserted")},
        set(),
        id="a-name-among-the-dead-hung-on-the-verb-is-a-victim",
    ),
    pytest.param(
        'Governor Ali Hassan called the bombing a "criminal act", ordered an inquiry into failures at the '
        "checkpoint and drove to the town later on Monday to meet police chiefs.",
        {("participant", "Ali Hassan", "Asserted")},
        set(),
        id="a-verb-listed-after-a-comma-shares-the-first-verbs-subject",
    ),
    pytest.param(
        "Warplanes bombed the Saraya Awliya al-Dam, the militia that Washington blamed for the rocket attack "
        "on the airport.",
        {("alleged_perpetrator", "Saraya Awliya al-Dam", "Blamed")},
        set(),
        id="the-noun-a-relative-blame-clause-hangs-on-is-alleged",
    ),
    pytest.param(
        "Iraq's foreign ministry summoned the Turkish and Iranian ambassadors on Sunday to protest against "
        "the shelling.",
        {
            ("perpetrator", "Iraq's foreign ministry", "Asserted"),
            ("target", "Turkey", "Asserted"),
            ("target", "Iran", "Asserted"),
        },
        {("participant", "Iraq's foreign ministry", "Asserted")},
        id="a-ministry-summoning-envoys-to-protest-protests-against-their-states",
    ),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), ROLE_CASES)
def test_roles_from_hand_built_sentences(roles_env, text, wanted, unwanted):
    found = roles_of(roles_env, text)
    assert wanted <= found, found
    assert not (unwanted & found), found


# (text, trigger word, the place its frame must get, or None for no place)
PLACE_CASES = [
    pytest.param(
        "Biden warned Tehran on Friday that the United States was ready to act.",
        "warned",
        None,
        id="the-party-warned-is-no-place",
    ),
    pytest.param(
        "Two missiles hit the airport early on Sunday. The missiles were fired at about 2 a.m. from the "
        "direction of the Golan Heights.",
        "fired",
        None,
        id="origin-from-the-direction-of-is-no-place",
    ),
    pytest.param(
        "Gunmen stormed a checkpoint on Friday while the army brought reinforcements from Hasakah.",
        "brought",
        None,
        id="origin-from-x-is-no-place",
    ),
    pytest.param(
        "A rocket landed 20 km from Erbil on Monday.",
        "landed",
        "Erbil",
        id="distance-from-x-is-a-place",
    ),
    pytest.param(
        "Kurdistan Region Prime Minister Masrour Barzani condemned the attack on the gas field.",
        "attack",
        None,
        id="place-inside-a-title-is-no-place",
    ),
    pytest.param(
        "Militants attacked a police post in the al-Saadiya district north of Baaquba late on Sunday.",
        "attacked",
        "al-Saadiya",
        id="a-name-the-text-calls-a-district-is-the-finer-place",
    ),
    pytest.param(
        "The talks were overshadowed by Israel's weekend strikes and by the question of how long foreign "
        "troops will stay in Baghdad.",
        "talks",
        None,
        id="a-place-in-a-clause-of-what-will-happen-is-no-place",
    ),
    pytest.param(
        "The prime minister met the king in Amman on Monday, a visit overshadowed by Iran's weekend "
        "missile barrage against Israel.",
        "barrage",
        None,
        id="a-meetings-place-is-not-the-place-of-an-attack-it-mentions",
    ),
]


@pytest.mark.parametrize(("text", "trigger", "place"), PLACE_CASES)
def test_places_from_hand_built_sentences(roles_env, text, trigger, place):
    frames = [f for f in frames_of(roles_env, text) if trigger in f.trigger.text]
    for frame in frames:
        assert (frame.place.label if frame.place is not None else None) == place


def test_labels_of_new_actors_have_no_spaces_around_hyphens():
    from kg.nlp.linking import clean_name, is_platform

    assert clean_name("the Abu Baqir al - Saadi") == "Abu Baqir al-Saadi"
    assert clean_name("Jabal Al - Zawiya") == "Jabal Al-Zawiya"
    assert clean_name("Kurdistan Region - A") == "Kurdistan Region"  # a spaced dash separates
    assert is_platform("MQ-9 Reaper") and is_platform("F-15E Strike Eagles")
    assert not is_platform("Kataib Hezbollah")


def test_platforms_are_never_actors(roles_env):
    found = roles_of(roles_env, "An MQ-9 Reaper drone struck a car in Baghdad on Monday, killing two men.")
    assert not any("Reaper" in label or "MQ-9" in label for _, label, _ in found), found


def test_a_name_typed_by_an_area_noun_is_a_place_not_an_actor(roles_env):
    frames = frames_of(roles_env, "Gunmen opened fire on soldiers in the al-Saadiya district on Sunday.")
    assert [f.place.label if f.place else None for f in frames] == ["al-Saadiya"]
    assert not any("Saadiya" in r.actor.label for f in frames for r in f.roles)


def test_a_ministry_of_a_state_keeps_the_state_in_its_name(roles_env):
    from kg.nlp.linking import Linker
    from kg.nlp.pipeline import make_doc

    nlp, gazetteer = roles_env
    text = "Syria's foreign ministry condemned the raid on Monday."
    article = Article(
        id="0" * 16, text=text, paragraphs=(Paragraph(0, len(text)),), published=dt.date(2024, 1, 21)
    )
    doc = nlp(make_doc(nlp, article))
    ministry = next(t for t in doc if t.lower_ == "ministry")
    actor = Linker(doc, gazetteer=gazetteer).actor_for(ministry)
    assert actor is not None and (actor.label, actor.cls) == ("Syria's foreign ministry", "GovernmentOffice")


def test_linker_finds_tokens_by_lemma_and_form_and_keeps_the_text(roles_env):
    """``Linker.tokens_with`` finds the few tokens a whole-article rule needs (hosts, forces) on the
    Doc's arrays instead of a Python pass over every token."""
    from kg.nlp.linking import Linker

    nlp, gazetteer = roles_env
    text = "Harir hosts US troops. The base, home to Iraqi forces, housed the Army's drones."
    doc = nlp(text)
    linker = Linker(doc, gazetteer=gazetteer, text=text)
    found = linker.tokens_with(lemmas=frozenset({"house", "host"}), lowers=frozenset({"home"}))
    assert [t.text for t in found] == ["hosts", "home", "housed"]
    forces = linker.tokens_with(lemmas=frozenset({"army", "force", "troops"}))
    assert {t.text for t in forces} >= {"forces", "Army"}
    assert linker.text == doc.text and Linker(doc, gazetteer=gazetteer).text == text
