"""Name normalisation for entity resolution: the rules are tables, applied as cumulative steps.

Each step of ``STEPS`` normalises a little more than the one before; two names that first agree
after step ``k`` are merged by the rule named ``STEPS[k].rule``, so every merge says why.

>>> name_keys("Kata'ib Hizballah")[-1] == name_keys("Kataib Hezbollah")[-1]
True
>>> first_agreement("President Joe Biden", "Joe Biden", person=True)
'title-stripped'
>>> first_agreement("Mustafa al-Kadhimi", "Mustafa Kadhimi", person=True)
'article-prefix'
>>> first_agreement("Ain al-Assad", "Ain al-Asad")
'transliteration'
>>> acronym("Islamic State of Iraq and the Levant")
'isil'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

#: Titles and descriptors stripped from the front of person names (longest first when matching).
TITLES: tuple[str, ...] = (
    "prime minister", "foreign minister", "defence minister", "defense minister", "interior minister",
    "deputy prime minister", "vice president", "supreme leader", "grand ayatollah", "lieutenant general",
    "major general", "brigadier general", "lieutenant colonel", "secretary of state", "secretary general",
    "president", "minister", "colonel", "col", "general", "gen", "lieutenant", "lt", "major", "maj",
    "captain", "capt", "sergeant", "commander", "spokesman", "spokeswoman", "spokesperson", "sheikh",
    "shaikh", "ayatollah", "cleric", "king", "prince", "emir", "sayyed", "sayyid", "mr", "mrs", "ms", "dr",
    "former", "late", "acting", "senator", "sen", "rep", "ambassador", "premier", "chancellor",
    "us", "u s", "american", "iraqi", "iranian", "kurdish", "syrian", "israeli", "turkish", "british",
)  # fmt: skip

#: Arabic article forms dropped before a name: "al-Kadhimi", "el-Sisi", "Al Asad", "ash-Sham".
ARTICLE_PREFIX = re.compile(
    r"\b(?:al|el)(?:\s*-\s*|\s+(?=\w))|\b(?:ad|adh|an|ar|as|ash|at|ath|az|ed|es|esh)\s*-\s*", re.IGNORECASE
)

#: Transliteration variants, applied in order to one lower-case ASCII token.
TRANSLITERATION: tuple[tuple[str, str], ...] = (
    (r"ou", "u"),  # Qassem Soulaimani / Suleimani
    (r"ee", "i"),
    (r"oo", "u"),
    (r"dh", "z"),  # Kadhimi / Kazimi
    (r"th", "t"),
    (r"ph", "f"),
    (r"kh", "k"),
    (r"gh", "g"),
    (r"q", "k"),  # Qasem / Kasem
    (r"(?<=..)at$", "a"),  # construct-state ta marbuta: Sarayat / Saraya, Harakat / Haraka
    (r"y", "i"),  # Sayyid / Saiid
    (r"([b-df-hj-np-tv-z])\1", r"\1"),  # doubled consonants: Assad / Asad, Hezbollah / Hezbolah
    (r"(?<=.)[aeiou](?=.)", ""),  # inner vowels: Hizballah / Hezbollah (a final -i stays)
)

#: The fewest letters a key needs before two names may be merged on it.
MIN_KEY_LETTERS = 3

#: Words skipped when forming an acronym from a long name.
ACRONYM_STOPWORDS: frozenset[str] = frozenset({"of", "the", "and", "in", "for", "on", "al", "el", "&"})

#: Generic facility words that variants add or drop: "Al Asad Airbase" / "Al Asad Air Base".
FACILITY_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bairbase\b", "air base"),
    (r"\bairfield\b", "air field"),
    (r"\bint l\b", "international"),
)

_APOSTROPHES = re.compile(r"['’‘`ʼʻ]")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_TITLE_RE = re.compile(
    r"^(?:(?:the|a|an)\s+)?(?:(?:" + "|".join(re.escape(t) for t in TITLES) + r")\s+)+", re.IGNORECASE
)


def basic(name: str) -> str:
    """Case, diacritics, possessives, apostrophes and punctuation: the IRI slug's normalisation.

    >>> basic("  Iraq's  Kata’ib Ḥezbollah ")
    'iraq kataib hezbollah'
    """
    text = _POSSESSIVE.sub("", name)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = _APOSTROPHES.sub("", text)
    for pattern, replacement in FACILITY_WORDS:
        text = re.sub(pattern, replacement, text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def strip_titles(name: str) -> str:
    """Drop leading titles and nationality words from a person's name.

    >>> strip_titles("Coalition spokesman Colonel Wayne Marotto")
    'Coalition spokesman Colonel Wayne Marotto'
    >>> strip_titles("Iraqi Prime Minister Mustafa al-Kadhimi")
    'Mustafa al-Kadhimi'
    """
    stripped = _TITLE_RE.sub("", name.strip())
    return stripped or name


def drop_article_prefixes(name: str) -> str:
    """Remove "al-", "el-", "Al " and assimilated "ash-" forms.

    >>> drop_article_prefixes("Ain al-Asad")
    'Ain Asad'
    >>> drop_article_prefixes("Al Asad Air Base")
    'Asad Air Base'
    >>> drop_article_prefixes("Abu Baqir al - Saadi")
    'Abu Baqir Saadi'
    """
    return " ".join(ARTICLE_PREFIX.sub("", name).split())


def transliterate(text: str) -> str:
    """A consonant skeleton of each word, robust to transliteration variants.

    >>> transliterate("hizballah") == transliterate("hezbollah")
    True
    """
    words = []
    for word in text.split():
        for pattern, replacement in TRANSLITERATION:
            word = re.sub(pattern, replacement, word)
        words.append(word)
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class Step:
    """One normalisation step: the rule it stands for and the function that applies it."""

    rule: str
    apply: Callable[[str], str]
    persons_only: bool = False


#: The cumulative steps; keys are compared after each one, the first agreement names the rule.
STEPS: tuple[Step, ...] = (
    Step("same-normalised-name", basic),
    Step("title-stripped", lambda name: basic(strip_titles(name)), persons_only=True),
    Step("article-prefix", lambda name: basic(drop_article_prefixes(name))),
    Step("transliteration", lambda name: transliterate(basic(drop_article_prefixes(name)))),
)


def name_keys(name: str, *, person: bool = False) -> list[str]:
    """The key of ``name`` after each step of ``STEPS`` (titles stripped for persons only)."""
    keys: list[str] = []
    text = strip_titles(name) if person else name
    for step in STEPS:
        if step.persons_only and not person:
            keys.append(keys[-1])
            continue
        keys.append(step.apply(text) if step.rule != "same-normalised-name" else basic(name))
    return keys


def usable_key(key: str) -> bool:
    """Keys shorter than ``MIN_KEY_LETTERS`` letters say too little to merge on."""
    return len(key.replace(" ", "")) >= MIN_KEY_LETTERS


def first_agreement(a: str, b: str, *, person: bool = False) -> str | None:
    """The rule under which two names first agree, or None.

    >>> first_agreement("Erbil", "Baghdad") is None
    True
    """
    keys_a, keys_b = name_keys(a, person=person), name_keys(b, person=person)
    for step, key_a, key_b in zip(STEPS, keys_a, keys_b, strict=True):
        if usable_key(key_a) and key_a == key_b:
            return step.rule
    return None


def acronym(name: str) -> str | None:
    """The initials of a long name (two or more significant words), lower case.

    >>> acronym("Popular Mobilization Forces")
    'pmf'
    >>> acronym("Hezbollah") is None
    True
    """
    words = [w for w in basic(name).split() if w not in ACRONYM_STOPWORDS]
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words)


def is_acronym(name: str) -> bool:
    """True for a name written as one upper-case token of 2 to 6 letters ("ISIL", "PMF", "KH").

    >>> is_acronym("ISIS"), is_acronym("Isis"), is_acronym("U.S.")
    (True, False, False)
    """
    token = name.strip()
    return 2 <= len(token) <= 6 and token.isalpha() and token.isupper()


def person_tokens(name: str) -> list[str]:
    """The words of a person's name after titles and article prefixes, transliterated.

    >>> person_tokens("Iraqi Prime Minister Mustafa al-Kadhimi")
    ['mstfa', 'kzmi']
    """
    return transliterate(basic(drop_article_prefixes(strip_titles(name)))).split()
