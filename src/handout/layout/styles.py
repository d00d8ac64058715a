"""The style sheet of one edition: a format's type sizes × a clinic's palette × our family.

Formats differ by ``Metrics`` (the handout, the booklet and large print share builders), and may
adjust the palette and family they are given; ``_SPECS`` turns metrics into ReportLab paragraph
styles in this one place, and ``StyleSheet.derive`` builds a format's own extra styles the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from handout.colours import Palette
from handout.fonts import Family


@dataclass(frozen=True)
class Metrics:
    """Type sizes and spacing of a format, in points."""

    body: float = 12
    leading: float = 1.42  # line height as a multiple of the size
    lede: float = 14
    title: float = 27
    subtitle: float = 15
    h2: float = 19
    h3: float = 14.5
    card_title: float = 13.5
    quote: float = 16.5
    small: float = 10.5
    footer: float = 9
    space: float = 0.55  # space after a paragraph, as a multiple of the body size
    min_size: float = 0  # no text smaller than this (large print: 18 pt everywhere)
    #: how cards, notes and the clinic panel stand apart from the text: on a pale ``"tint"``, or
    #: inside an ``"outline"`` (large print: no text over a tinted background)
    surface: str = "tint"
    outline: float = 1.5  # width of that outline
    #: numbered cards: ``"boxed"`` (on the surface, with a number badge), or ``"open"`` (large
    #: print: no box and no badge); either way kept on one page where they fit one
    cards: str = "boxed"
    qr: float = 102  # side of the QR code in the clinic panel
    #: break long words at the line's end where the language's hyphenation allows (large print
    #: does not: whole words are easier to read for readers with low vision)
    hyphenate: bool = True


@dataclass(frozen=True)
class StyleSheet:
    metrics: Metrics
    palette: Palette
    family: Family
    #: ``handout.languages.hyphenation.hyphenator`` of the edition's language, or None: running
    #: text (``HYPHENATED``) then breaks long words at the line's end
    hyphenation: Callable[[str], Iterator[tuple[str, str]]] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cache", {})

    def colour(self, value: str) -> HexColor:
        return HexColor(value)

    def derive(self, name: str, size: float, font: str | None = None, colour: str | None = None,
               **extra) -> ParagraphStyle:
        """A style a format adds for its own pages (a cover, a notes page), built like ours."""
        cache: dict[str, ParagraphStyle] = self.__dict__["_cache"]
        if name not in cache:
            cache[name] = _para(self, name, size, font, colour, **extra)
        return cache[name]

    def __getattr__(self, name: str) -> ParagraphStyle:
        if name.startswith("_"):
            raise AttributeError(name)
        cache: dict[str, ParagraphStyle] = self.__dict__["_cache"]
        if name not in cache:
            spec = _SPECS.get(name)
            if spec is None:
                raise AttributeError(name)
            cache[name] = spec(self)
        return cache[name]


def _para(s: StyleSheet, name: str, size: float, font: str | None = None, colour: str | None = None,
          leading: float | None = None, before: float = 0, after: float | None = None,
          alignment: int = TA_LEFT, **extra) -> ParagraphStyle:
    m = s.metrics
    size = max(size, m.min_size)
    if s.hyphenation is not None and m.hyphenate and name in HYPHENATED:
        extra["hyphenationLang"] = s.hyphenation
    return ParagraphStyle(
        name, fontName=font or s.family.regular, fontSize=size,
        leading=leading if leading is not None else round(size * m.leading, 2),
        textColor=HexColor(colour or s.palette.ink), spaceBefore=before,
        spaceAfter=m.body * m.space if after is None else after,
        alignment=alignment, allowWidows=0, allowOrphans=0, splitLongWords=1, **extra)


#: Styles of running text, which may be hyphenated; never headings, labels or citations.
HYPHENATED = frozenset({"body", "intro", "lede", "card_body", "list_item", "panel_text", "small",
                        "cell"})

_SPECS = {
    "body": lambda s: _para(s, "body", s.metrics.body),
    "intro": lambda s: _para(s, "intro", s.metrics.body, keepWithNext=1),
    "lede": lambda s: _para(s, "lede", s.metrics.lede, leading=s.metrics.lede * 1.4),
    "kicker": lambda s: _para(s, "kicker", s.metrics.small + 0.5, s.family.bold,
                              s.palette.brand_text, after=s.metrics.body * 0.25),
    "title": lambda s: _para(s, "title", s.metrics.title, s.family.display, leading=s.metrics.title * 1.15,
                             after=s.metrics.body * 0.6),
    "subtitle": lambda s: _para(s, "subtitle", s.metrics.subtitle, s.family.regular,
                                s.palette.brand_text, leading=s.metrics.subtitle * 1.3,
                                after=s.metrics.body * 1.4),
    "h2": lambda s: _para(s, "h2", s.metrics.h2, s.family.display, leading=s.metrics.h2 * 1.2,
                          before=s.metrics.body * 1.3, after=s.metrics.body * 0.5, keepWithNext=1),
    "h3": lambda s: _para(s, "h3", s.metrics.h3, s.family.bold, leading=s.metrics.h3 * 1.25,
                          before=s.metrics.body * 0.9, after=s.metrics.body * 0.35, keepWithNext=1),
    "section_kicker": lambda s: _para(s, "section_kicker", s.metrics.small + 0.5, s.family.bold,
                                      s.palette.brand_text, before=s.metrics.body * 1.5,
                                      after=s.metrics.body * 0.15, keepWithNext=1),
    "card_kicker": lambda s: _para(s, "card_kicker", s.metrics.small, s.family.bold,
                                   s.palette.brand_text, after=1),
    "card_title": lambda s: _para(s, "card_title", s.metrics.card_title, s.family.bold,
                                  leading=s.metrics.card_title * 1.25, after=s.metrics.body * 0.3),
    "card_body": lambda s: _para(s, "card_body", s.metrics.body, after=s.metrics.body * 0.25),
    "card_source": lambda s: _para(s, "card_source", s.metrics.small, colour=s.palette.muted, after=0),
    "quote": lambda s: _para(s, "quote", s.metrics.quote, s.family.quote,
                             leading=s.metrics.quote * 1.4, after=s.metrics.body * 0.4),
    "attribution": lambda s: _para(s, "attribution", s.metrics.body - 1, s.family.bold,
                                   s.palette.muted, after=0),
    "small": lambda s: _para(s, "small", s.metrics.small, colour=s.palette.muted,
                             after=s.metrics.small * 0.45),
    "source_entry": lambda s: _para(s, "source_entry", s.metrics.small, colour=s.palette.ink,
                                    after=s.metrics.small * 0.5, leftIndent=s.metrics.small * 2.2,
                                    firstLineIndent=-s.metrics.small * 2.2),
    "panel_heading": lambda s: _para(s, "panel_heading", s.metrics.h2, s.family.display,
                                     leading=s.metrics.h2 * 1.2, after=s.metrics.body * 0.3),
    "panel_label": lambda s: _para(s, "panel_label", s.metrics.small, s.family.bold,
                                   s.palette.brand_text, after=0),
    "panel_text": lambda s: _para(s, "panel_text", s.metrics.body, after=s.metrics.body * 0.5),
    "cell": lambda s: _para(s, "cell", s.metrics.body - 0.5, after=0),
    "cell_bold": lambda s: _para(s, "cell_bold", s.metrics.body - 0.5, s.family.bold, after=0),
    "caption": lambda s: _para(s, "caption", s.metrics.small, colour=s.palette.muted,
                               alignment=TA_CENTER, after=0),
    "list_item": lambda s: _para(s, "list_item", s.metrics.body, after=s.metrics.body * 0.3),
    "list_label": lambda s: _para(s, "list_label", s.metrics.body, s.family.bold,
                                  s.palette.brand_text, after=0),
    "step_title": lambda s: _para(s, "step_title", s.metrics.body, s.family.bold,
                                  after=s.metrics.body * 0.15),
    "table_caption": lambda s: _para(s, "table_caption", s.metrics.body, s.family.bold,
                                     before=s.metrics.body * 0.4, after=s.metrics.body * 0.35,
                                     keepWithNext=1),
    "level": lambda s: _para(s, "level", s.metrics.small + 0.5, s.family.bold, s.palette.ink,
                             after=0),
    "note_heading": lambda s: _para(s, "note_heading", s.metrics.body, s.family.bold,
                                    s.palette.brand_text, after=s.metrics.body * 0.2),
}
