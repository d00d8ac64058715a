"""Language codes → what PDFs and messages call them.

A PDF's ``/Lang`` is a BCP 47 tag; a translation is tagged with the clinic's region (the region
of its ``language``, such as ``en-GB``; the United States when it names none), since Spanish as
written for patients in the US is ``es-US``. English editions keep the guide's own ``language``.
Takes language codes; gives tags and English names of languages (for messages to office staff).
"""

from __future__ import annotations

from functools import cache

from handout.outputs import ENGLISH

#: The region of a clinic that names none: the clinics this tool is made for are in the US.
DEFAULT_REGION = "US"


def pdf_tag(language: str, clinic_language: str) -> str:
    """The ``/Lang`` of an edition in ``language`` for a clinic whose ``language`` is given."""
    if language == ENGLISH or "-" in language:
        return language
    region = clinic_language.partition("-")[2] or DEFAULT_REGION
    return f"{language}-{region}"


@cache
def name(language: str) -> str:
    """``es`` → ``Spanish``: the language's name in English, for messages."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_")).get_display_name("en") or language
    except (ValueError, UnknownLocaleError):
        return language


def code_of(cell: str, known: tuple[str, ...]) -> str | None:
    """The code among ``known`` that ``cell`` names: the code itself (``es``), or the language's
    name in English or in itself (``Spanish``, ``español``), in any case; None if none does.
    Office staff fill in a spreadsheet's language column either way."""
    wanted = cell.strip().casefold()
    for code in known:
        if wanted in (code.casefold(), name(code).casefold(), _own_name(code).casefold()):
            return code
    return None


@cache
def _own_name(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language.replace("-", "_")).get_display_name(
            language.replace("-", "_")) or language
    except (ValueError, UnknownLocaleError):
        return language
