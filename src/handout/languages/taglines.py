"""The taglines of a notice of language assistance, and the languages each state needs.

Both are data shipped with the package (``languages/data/``): ``taglines.yaml`` holds the HHS
taglines ("free language help is available, call …") by language, ``states.yaml`` the languages
most spoken by people with limited English in each state, from the Census Bureau (each file
names its source). A clinic's ``language_assistance`` (``handout.model.assistance``) chooses a
state, languages, or both; ``notice`` gives the lines it prints: English first, then each
language once, in the state's order and then the clinic's, with the clinic's numbers filled in.

Takes the clinic's choice; gives typed lines with the script and direction each is set in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from handout.outputs import ENGLISH

NBSP = "\u00a0"

#: The scripts set right to left.
RTL = frozenset({"Arab"})


@dataclass(frozen=True)
class Tagline:
    code: str  # BCP 47, the /Lang of the line
    name: str  # in English
    own_name: str  # in the language itself
    script: str  # ISO 15924: Latn, Cyrl, Arab, Hant, Jpan, Kore, Khmr
    text: str  # with {phone} and {tty}

    @property
    def rtl(self) -> bool:
        return self.script in RTL


@dataclass(frozen=True)
class StateLanguage:
    census: str  # the Census Bureau's name for the language (group)
    speakers: int  # who speak English less than "very well"
    code: str | None  # the tagline that serves it; None: none is shipped


@dataclass(frozen=True)
class State:
    code: str
    name: str
    languages: tuple[StateLanguage, ...]  # most spoken first

    @property
    def top(self) -> tuple[StateLanguage, ...]:
        """The 15 most spoken (Section 1557 asks for at least these)."""
        return self.languages[:TOP]


#: How many of its state's languages a notice covers (45 CFR 92.11: at least the top 15).
TOP = 15


@dataclass(frozen=True)
class Line:
    """One printed line of a notice."""

    tagline: Tagline
    text: str  # numbers filled in


@cache
def taglines() -> dict[str, Tagline]:
    data = _load("taglines.yaml")["taglines"]
    return {code: Tagline(code, **entry) for code, entry in data.items()}


@cache
def states() -> dict[str, State]:
    data = _load("states.yaml")["states"]
    return {code: State(code, entry["name"], tuple(StateLanguage(**lang)
                                                   for lang in entry["languages"]))
            for code, entry in data.items()}


@cache
def source(kind: str) -> str:
    """Where the taglines (``"taglines"``) or the states' lists (``"states"``) come from."""
    return " ".join(_load(f"{kind}.yaml")["source"].split())


def languages(state: str | None, extra: tuple[str, ...]) -> tuple[str, ...]:
    """The tagline codes of a notice: the state's top languages that have one, then ``extra``,
    each once (English leads every notice and is not listed)."""
    codes = [lang.code for lang in states()[state].top if lang.code] if state else []
    return tuple(dict.fromkeys(c for c in (*codes, *extra) if c != ENGLISH))


def unserved(state: str) -> tuple[str, ...]:
    """The Census names of a state's top languages that no shipped tagline serves."""
    return tuple(lang.census for lang in states()[state].top if lang.code is None)


def notice(codes: tuple[str, ...], phone: str, tty: str) -> tuple[Line, ...]:
    """The lines of a notice in ``codes``, English first, with the numbers filled in."""
    known = taglines()
    # a number is never broken between two lines, nor "TTY:" from its number
    phone, tty = phone.replace(" ", NBSP), tty.replace(" ", NBSP)
    return tuple(Line(known[code], _keep_tty(known[code].text.format(phone=phone, tty=tty), tty))
                 for code in (ENGLISH, *codes))


def _keep_tty(text: str, tty: str) -> str:
    for gap in (" : ", ": "):
        text = text.replace(gap + tty, gap.replace(" ", NBSP) + tty)
    return text


def _load(name: str) -> dict:
    text = resources.files("handout.languages").joinpath("data", name).read_text("utf-8")
    # libyaml's loader where PyYAML has it: the same values, ten times sooner than safe_load
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
