"""Where a language lets a word break at the end of a line: pyphen's hyphenation patterns (the
dictionaries of LibreOffice and TeX), for ReportLab's line breaking.

ReportLab takes a function from a word to its (head, tail) splits, longest head first, and draws
a hyphen after the head. (A soft hyphen, U+00AD, would be the character PDF reserves for a hyphen
added at a line break, but ReportLab keeps it only in paragraphs with inline markup and drops it
from plain ones, leaving a word broken with no hyphen; so the heads end in a hyphen-minus, as
ReportLab's own hyphenation does.) English editions are set without hyphenation, as before.

Takes a language code; gives the hyphenation function for ``StyleSheet``, or None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from handout.outputs import ENGLISH

HYPHEN = "-"

Hyphenator = Callable[[str], Iterator[tuple[str, str]]]


@cache
def hyphenator(language: str) -> Hyphenator | None:
    """The hyphenation of ``language``, or None (English, or a language pyphen does not know)."""
    if language == ENGLISH:
        return None
    import pyphen

    if not pyphen.language_fallback(language):
        return None
    # at least two letters before the break and three after: "a-gua" and "dí-a" do not break,
    # and no line starts with a lone "to." or "mo"
    dictionary = pyphen.Pyphen(lang=language, left=2, right=3)

    def splits(word: str) -> Iterator[tuple[str, str]]:
        for head, tail in dictionary.iterate(word):
            yield head + HYPHEN, tail

    splits.__qualname__ = f"hyphenator({language!r})"  # its repr names it in style caches
    return splits
