"""Words broken at a line's end, read whole: the ``/ActualText`` of their two parts.

ReportLab breaks a long word at the end of a line where the language's hyphenation allows
(``handout.languages.hyphenation``; Spanish editions) and draws a hyphen after its first part;
a word with a hyphen of its own may break after it ("COVID-" / "19"). Drawn as they are, the
two parts read "ma- reo" to a screen reader and in the structure's text. So the first part,
hyphen included, is drawn as a marked-content sequence of its own (of the paragraph's element)
whose ``/ActualText`` is the whole word as written ("mareo", "COVID-19"), and the second as one
whose ``/ActualText`` is empty: readers that take a sequence's text (screen readers,
``pdftotext``) read the word once, whole, where it begins. Sequences of their own, not spans
inside the paragraph's: poppler reads an element's text only up to the end of the first
sequence nested in it. (ISO 32000 asks for a hyphen added at a line break to read as a soft hyphen, U+00AD;
poppler joins a word across lines only when its line ends in a hyphen-minus, and none joins
"ma\u00ad" and "reo" into one word in the structure's text, so the whole word is given
instead.) A word whose second part is never drawn in the same text object (its paragraph
continues on the next page) keeps the soft hyphen: "ma\u00ad".

Takes the text of a line's last run and of the next line's first; gives the words as they read
and the operators that say so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from handout.reportlab_private.text import Operator

#: The last word of a line's text, broken after a hyphen that follows a letter or digit.
_HEAD = re.compile(r"(?:(?<=\s)|^)\S*\w-$")
#: The start of the next line: the rest of the broken word, and what is joined to it (")", ".").
_TAIL = re.compile(r"(\w+)\S*")

SOFT_HYPHEN = "\u00ad"
#: Left by ReportLab before a word's hyphen, and by people (an opening bracket or quote).
_LEADING = "([{\u00bf\u00a1\"'\u201c\u00ab"

Hyphenation = Callable[[str], Iterable[tuple[str, str]]]


def head(text: str) -> int | None:
    """Where in ``text`` (a run of words) the first part of a word broken after it begins, if
    the run ends in a hyphen that follows a letter or digit; else None."""
    if not text.endswith(("-", "-\n")):  # most runs: the expression would try every word
        return None
    found = _HEAD.search(text)
    return found.start() if found else None


def tail(text: str) -> str:
    """The rest of the broken word at the start of ``text`` (the next line's first words), with
    the punctuation that follows it before a space: read with the word's first part, so that
    nothing is left to begin the next line alone ("postraumático)", not "postraumático )")."""
    found = _TAIL.match(text)
    return found.group() if found else ""


def whole(first: str, rest: str | None, hyphenation: Hyphenation | None) -> str:
    """How ``first`` (the first part of a broken word, hyphen included) reads: the word whole,
    ``rest`` joined without the hyphen where the hyphenation added it and after the word's own
    hyphen otherwise; without ``rest`` (not drawn here), the first part with a soft hyphen."""
    if not rest:
        return first[:-1] + SOFT_HYPHEN
    letters = first[len(first) - len(first.lstrip(_LEADING)):]
    end = _TAIL.match(rest)
    word = end[1] if end else rest
    added = hyphenation is not None and (letters, word) in set(hyphenation(letters[:-1] + word))
    return (first[:-1] if added else first) + rest


def with_text(mark: str, text: str | None) -> Operator:
    """``mark`` (``/P <</MCID n>> BDC``) with ``/ActualText`` ``text`` (None: as it was), as a
    ``/Span`` sequence: poppler reads ``/ActualText`` only there (the element it belongs to is
    the one its MCID names, whatever the tag)."""
    if text is None:
        return Operator(mark)
    found = re.fullmatch(r"/\w+ <</MCID (\d+)>> BDC", mark)
    assert found is not None, mark
    return Operator(f"/Span <</MCID {found[1]} /ActualText {text_value(text)}>> BDC")


def text_value(text: str) -> str:
    """``text`` as a PDF text string in content-stream code (an ``/ActualText``): UTF-16 with its
    byte-order mark, in hex; ``()`` when empty."""
    return f"<FEFF{text.encode('utf-16-be').hex().upper()}>" if text else "()"
