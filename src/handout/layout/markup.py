"""Spans and plain text → ReportLab paragraph markup, escaping every character of text.

This is the only place where paragraph markup is written. What it gives is ``Markup``, and a
paragraph (``handout.layout.paragraphs.Paragraph``) takes nothing else; every text — from YAML,
from the clinic, from our own catalog of words — goes through ``text`` (or ``escape``), and
attribute values are our own (colours from the palette, escaped link targets). So no string can
reach ReportLab's markup parser unescaped, whose attribute evaluation was CVE-2023-33733, and a
translation holding ``&`` or ``<`` prints as written. A test looks for tags anywhere else.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from handout.inline import Span


class Markup(str):
    """Paragraph markup made here: its text escaped, its tags ours. Safe to combine."""

    __slots__ = ()


def escape(text: str) -> Markup:
    """``text`` with ``&``, ``<`` and ``>`` escaped: as text, never as markup."""
    return Markup(html.escape(text, quote=False))


def text(value: str) -> Markup:
    """Plain text as markup; markup made here stays as it is."""
    return value if isinstance(value, Markup) else escape(value)


def join(parts: Iterable[str], separator: str = "") -> Markup:
    """``parts`` (plain text or markup) one after another, with a plain-text separator."""
    return Markup(text(separator).join(text(p) for p in parts))


def face(name: str, value: str) -> Markup:
    """``value`` in the registered font ``name`` (a script's face: ``layout.taglines``)."""
    return Markup(f"<font face={quoteattr(name)}>{text(value)}</font>")


def bold(value: str) -> Markup:
    return Markup(f"<b>{text(value)}</b>")


def colour(value: str, content: str) -> Markup:
    """``content`` in the colour ``value`` (ours: a palette's ``#RRGGBB``)."""
    return Markup(f"<font color={quoteattr(value)}>{text(content)}</font>")


def lines(values: Iterable[str]) -> Markup:
    """Each value on a line of its own, in one paragraph."""
    return Markup("<br/>".join(text(v) for v in values))


def anchor(name: str) -> Markup:
    """A place that links inside the document jump to (``#name``)."""
    return Markup(f"<a name={quoteattr(name)}/>")


def cite(n: int, colour: str) -> Markup:
    """The reference mark ``[n]``, a link to entry ``n`` of the source list."""
    return Markup(f'<a href="#source-{n}" color="{colour}">[{n}]</a>')


def quoteattr(value: str) -> str:
    """``value`` as a double-quoted attribute value (the parser unescapes it again)."""
    return f'"{html.escape(value)}"'


def to_markup(spans: tuple[Span, ...], link_colour: str,
              number: Callable[[str], int] | None = None) -> Markup:
    """Paragraph markup for ``spans``; ``number`` maps a source id to its reference number
    (without it, citations are left out)."""
    out: list[str] = []
    for span in spans:
        if span.cite is not None:
            if number is None:
                continue
            piece: str = cite(number(span.cite), link_colour)
        else:
            piece = escape(span.text)
            if span.href:
                piece = (f"<a href={quoteattr(span.href)} color=\"{link_colour}\">"
                         f"<u>{piece}</u></a>")
        if span.italic:
            piece = f"<i>{piece}</i>"
        if span.bold:
            piece = f"<b>{piece}</b>"
        out.append(piece)
    return Markup("".join(out))


#: What stands in for the colours of ``colour`` in a ``StandIn``, the first colour of the markup
#: first (a paragraph whose style is in one of them is not stood in for: ``AlikeParagraph``).
STAND_IN_COLOURS = tuple(f"#fe01{n:02x}" for n in range(1, 9))

_TAG = re.compile(r"(<[^>]*>)")
_COLOUR_TAG = re.compile(r'^(<font color="|<a href="[^"]*" color=")(#[0-9a-fA-F]{6})(">)$')
_DIGIT = re.compile("[0-9]")


@dataclass(frozen=True)
class StandIn:
    """Markup whose texts differ from others' only in their digits and the colours of
    ``colour``, ``link`` and ``cite`` (a tagline holding a clinic's phone number, its language's
    name in the clinic's colour; a guide's paragraph with links in the clinic's colour), standing
    for all of them: every digit of its text is "0" and the n-th of its colours is
    ``STAND_IN_COLOURS[n]``. ``digits`` and ``colours`` give the markup back."""

    markup: Markup
    digits: str  # the text's digits, in reading order
    colours: tuple[str, ...]  # the colour each of STAND_IN_COLOURS stands in for


def stand_in(value: Markup) -> StandIn | None:
    """``value`` as a ``StandIn``; None if it has more colours than there are stand-ins."""
    digits: list[str] = []
    colours: list[str] = []
    out: list[str] = []
    for i, piece in enumerate(_TAG.split(value)):
        if i % 2 == 0:  # text between tags
            digits += _DIGIT.findall(piece)
            out.append(_DIGIT.sub("0", piece))
            continue
        found = _COLOUR_TAG.match(piece)
        if found:
            opening, colour_, closing = found.group(1), found.group(2).lower(), found.group(3)
            if colour_ not in colours:
                colours.append(colour_)
            if len(colours) > len(STAND_IN_COLOURS):
                return None
            piece = f"{opening}{STAND_IN_COLOURS[colours.index(colour_)]}{closing}"
        out.append(piece)
    return StandIn(Markup("".join(out)), "".join(digits), tuple(colours))


def link(label: str, href: str, colour: str) -> Markup:
    """Markup for one link whose label is plain text."""
    return to_markup((Span(label, href=href),), colour)
