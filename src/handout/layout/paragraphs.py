"""Paragraphs that do not repeat work: parsed once per text and style, broken once per width.

Every clinic's edition sets the same guide text in the same styles, and ReportLab parses each
paragraph's markup (an HTML parser in Python) and breaks its lines anew for every ``Paragraph``,
and again each time a table or ``KeepTogether`` measures it. Measured on a batch of generated
clinics, parsing and line breaking were about a third of rendering a handout.

- Parsed fragments are shared between paragraphs of equal markup and equal style, through the
  ``frags`` argument of ReportLab's own constructor (line breaking copies fragments before it
  changes them; it only marks each with its kind, the same mark every time). The cache is
  bounded, so memory stays flat however many clinics a process builds.
- Broken lines are shared the same way, per width: equal fragments at an equal width break
  alike. Splitting a paragraph over a page may edit the words of its lines in place (ReportLab's
  "hard" split does), so a paragraph that splits breaks lines of its own first.
- Each paragraph keeps its lines for the width it was last wrapped to: they depend on the width
  only, and ReportLab drops them itself when a split fails (``reportlab_private.flowables.has_lines``).
  A paragraph whose text is one clinic's alone (``shared=False``) keeps only these.
- A paragraph whose text other clinics set with other digits and colours (a tagline holding
  the clinic's phone number, its language's name in the clinic's colour; a paragraph of the
  guide whose links and citation marks are in the clinic's colour: ``AlikeParagraph``)
  is parsed and broken as the one text that stands for all of them (``markup.stand_in``), and
  takes those fragments and lines with its own digits and colours put back. A digit stands in
  for another only in a face whose ten digits are equally wide (ours are), so the lines break
  alike.

Whatever the caches hold, a PDF's bytes are the same (tests render with cold and warm caches).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cache
from typing import Any

from reportlab.lib.colors import Color, toColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph as _Paragraph

from handout.layout.markup import STAND_IN_COLOURS, Markup, StandIn, stand_in
from handout.reportlab_private.flowables import (
    copy_lines,
    forget_lines,
    has_lines,
    line_break_extras,
    set_line_break_extras,
)

#: Distinct (markup, style) pairs kept: the guide's own (about 120 a handout, shared by every
#: clinic) plus the clinic-specific ones of the last few editions.
PARSED_MAX = 1024

_parsed: OrderedDict[tuple[str, str], tuple[Any, list[Any]]] = OrderedDict()
_broken: OrderedDict[tuple[tuple[str, str], bool, tuple[float, ...]],
                     tuple[Any, tuple[Any, float | None]]] = OrderedDict()
#: Parse key of a stand-in → the colours of its text that are not stand-ins, or None when its
#: digits and colours cannot stand in (``AlikeParagraph``).
_can_stand_in: OrderedDict[tuple[str, str], frozenset[tuple[float, ...]] | None] = OrderedDict()
#: Styles whose content was written out, by identity (the style is held, so the id stays its own).
_style_keys: OrderedDict[int, tuple[ParagraphStyle, str]] = OrderedDict()


def _style_key(style: ParagraphStyle) -> str:
    """A style's content: two clinics' body styles are equal objects in all but identity."""
    hit = _style_keys.get(id(style))
    if hit is not None and hit[0] is style:
        return hit[1]
    key = repr(sorted(item for item in vars(style).items() if item[0] != "parent"))
    key += repr(_style_key(style.parent)) if style.parent is not None else ""
    _remember(_style_keys, id(style), (style, key))
    return key


def _remember(cache: OrderedDict, key: Any, value: Any) -> None:
    cache[key] = value
    if len(cache) > PARSED_MAX:
        cache.popitem(last=False)


class Paragraph(_Paragraph):
    _shared: tuple[str, str] | None = None  # the parse key, when the fragments are shared

    def __init__(self, text: Markup, style: ParagraphStyle, bulletText: str | None = None,
                 frags: list[Any] | None = None, shared: bool = True, **kw: Any):
        """``shared=False``: a text no other edition sets (a clinic's own, with its phone
        number), parsed and broken for this paragraph alone, not kept for others."""
        if frags is None and not isinstance(text, Markup):
            raise TypeError("a paragraph takes Markup from handout.layout.markup, which escapes "
                            f"its text; got {type(text).__name__} {str(text)[:40]!r}")
        if (not shared or frags is not None or bulletText is not None
                or getattr(style, "bulletText", None)):
            super().__init__(text, style, bulletText, frags, **kw)  # split halves, bullets
            return
        key = (text, _style_key(style))
        hit = _parsed.get(key)
        if hit is None:
            super().__init__(text, style, **kw)
            _remember(_parsed, key, (self.style, self.frags))
        else:
            _parsed.move_to_end(key)
            super().__init__(text, hit[0], frags=hit[1], **kw)
        self._shared = key

    def breakLines(self, width):  # noqa: N802  (ReportLab's name)
        return self._lines_at(width, cjk=False)

    def breakLinesCJK(self, width):  # noqa: N802  (ReportLab's name; wordWrap "CJK" breaks here)
        return self._lines_at(width, cjk=True)

    def _lines_at(self, width, cjk: bool):
        """The lines ReportLab's ``breakLines`` (or ``breakLinesCJK``) gives at ``width``."""
        if self._shared is None:
            return super().breakLinesCJK(width) if cjk else super().breakLines(width)
        key = (self._shared, cjk, tuple(width) if isinstance(width, (list, tuple)) else (width,))
        hit = _broken.get(key)
        if hit is None:
            lines = super().breakLinesCJK(width) if cjk else super().breakLines(width)
            _remember(_broken, key, (lines, line_break_extras(self)))
            return lines
        _broken.move_to_end(key)
        lines, extras = hit
        set_line_break_extras(self, extras)
        return lines

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self._shared is not None:  # a split may edit the lines' words: break lines of our own
            self._shared = None
            self._break_own(available_width, available_height)
        return super().split(available_width, available_height)

    def _break_own(self, available_width: float, available_height: float) -> None:
        self.__dict__.pop("_wrapped_at", None)
        forget_lines(self)
        self.wrap(available_width, available_height)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_at") == available_width and has_lines(self):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_at = available_width
        return size


class AlikeParagraph(Paragraph):
    """A paragraph whose text other editions set with other digits and colours (see the
    module): it takes the fragments and lines of the text that stands for all of them, with its
    own digits and colours. Where they cannot stand in (a face whose digits differ in width, a
    stand-in colour used for more than text), it is a paragraph of its own (``shared=False``)."""

    _swap: _Swap | None = None
    _template: Paragraph

    def __init__(self, text: Markup, style: ParagraphStyle, bulletText: str | None = None,
                 frags: list[Any] | None = None, **kw: Any):
        if frags is not None or bulletText is not None:  # the halves of a split
            super().__init__(text, style, bulletText, frags, shared=False, **kw)
            return
        found = stand_in(text)
        try:
            if found is None:
                raise _Unlike
            template = Paragraph(found.markup, style)
            swap = _Swap.make(found, template, style)
        except _Unlike:
            super().__init__(text, style, shared=False, **kw)
            return
        super().__init__(text, style, frags=swap.own, **kw)
        self._template, self._swap = template, swap

    def _lines_at(self, width, cjk: bool):
        if self._swap is None:
            return super()._lines_at(width, cjk)
        template_lines = self._template._lines_at(width, cjk)
        try:
            lines = self._swap.lines(template_lines)
        except _Unlike:  # the stand-in's lines do not hold its digits as the text's would
            self._swap = None
            return super()._lines_at(width, cjk)
        # its fragments stay those of its parse (breaking leaves them one per word): only
        # ``split``, which breaks its own lines first, and ``getPlainText`` read them
        set_line_break_extras(self, (self.frags, line_break_extras(self._template)[1]))
        return lines

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self._swap is not None:  # its lines share words with the stand-in's: break its own
            self._swap = None
            self._break_own(available_width, available_height)
        return super().split(available_width, available_height)


class _Unlike(Exception):
    """A paragraph's digits or colours cannot stand in for the stand-in's."""


@cache
def _colour(value: str) -> Color:
    """A colour of markup as ReportLab's parser reads it."""
    return toColor(value)


#: The stand-in colours as red, green and blue.
_STAND_INS = frozenset(_colour(c).rgb() for c in STAND_IN_COLOURS)


class _Swap:
    """Puts a paragraph's own digits and colours into the fragments and lines of its stand-in:
    each "0" of the stand-in's texts, in reading order, becomes the next of its digits."""

    def __init__(self, found: StandIn):
        self.digits = found.digits
        self.colours = {_colour(stand).rgb(): _colour(real)
                        for stand, real in zip(STAND_IN_COLOURS, found.colours, strict=False)}
        self.own: list[Any] = []  # the paragraph's fragments, as parsing its markup gives them

    @classmethod
    def make(cls, found: StandIn, template: Paragraph, style: ParagraphStyle) -> _Swap:
        """The swap for ``template``, the stand-in parsed (see ``AlikeParagraph``)."""
        key = template._shared
        if key is None or key not in _can_stand_in:
            can = not any(_stand_in(v) for v in vars(style).values()) and all(
                not ("0" in getattr(frag, "text", "") and not _tabular(frag.fontName))
                and not any(_stand_in(v) for k, v in vars(frag).items() if k != "textColor")
                for frag in template.frags)
            besides = _text_colours(template.frags) - _STAND_INS
            if key is not None:
                _remember(_can_stand_in, key, besides if can else None)
        others = _can_stand_in[key] if key is not None else None
        # a clinic's colour that the rest of the text is also in would join fragments the
        # stand-ins kept apart (ReportLab sets neighbouring fragments of one style together)
        if others is None or any(_colour(c).rgb() in others for c in found.colours):
            raise _Unlike
        swap = cls(found)
        digits = _Digits(swap.digits)
        swap.own = [swap._own(f, digits) for f in template.frags]
        digits.check()
        return swap

    def lines(self, lines: Any) -> Any:
        digits = _Digits(self.digits)
        out = copy_lines(lines, lambda whole: self._own(whole, _Digits(self.digits)),
                         lambda w: digits.put(w) if type(w) is str else self._own(w, digits))
        digits.check()
        return out

    def _own(self, frag: Any, digits: _Digits) -> Any:
        text = getattr(frag, "text", None)
        colour = getattr(frag, "textColor", None)
        mine = self.colours.get(colour.rgb()) if isinstance(colour, Color) else None
        if mine is None and not (text and "0" in text):
            return frag
        if text and type(text) is not str:
            raise _Unlike  # a text that carries more than its characters (soft hyphens)
        changed = frag.clone()
        if text:
            changed.text = digits.put(text)
        if mine is not None:
            changed.textColor = mine
        return changed


def _stand_in(value: Any) -> bool:
    return isinstance(value, Color) and value.rgb() in _STAND_INS


def _text_colours(frags: list[Any]) -> frozenset[tuple[float, ...]]:
    """The colours (as red, green and blue) that ``frags``' texts are in."""
    colours = (getattr(f, "textColor", None) for f in frags)
    return frozenset(c.rgb() for c in colours if isinstance(c, Color))


class _Digits:
    """A paragraph's digits, put in place of the "0"s of its stand-in's texts in reading order."""

    def __init__(self, digits: str):
        self.digits = digits
        self.taken = 0

    def put(self, text: str) -> str:
        if "0" not in text:
            return text
        out = []
        for c in text:
            if c == "0":
                if self.taken == len(self.digits):
                    raise _Unlike
                c = self.digits[self.taken]
                self.taken += 1
            out.append(c)
        return "".join(out)

    def all_taken(self) -> bool:
        return self.taken == len(self.digits)

    def check(self) -> None:
        if not self.all_taken():
            raise _Unlike


@cache
def _tabular(font: str) -> bool:
    """Whether the ten digits of ``font`` are equally wide."""
    return len({stringWidth(d, font, 10) for d in "0123456789"}) == 1


def clear() -> None:
    """Forget every shared parse and line break (a cold start, as in a new process)."""
    _parsed.clear()
    _broken.clear()
    _can_stand_in.clear()
    _style_keys.clear()
