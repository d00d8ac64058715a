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
  only, and ReportLab drops them itself when a split fails (``reportlab_private.has_lines``).
  A paragraph whose text is one clinic's alone (``shared=False``) keeps only these.

Whatever the caches hold, a PDF's bytes are the same (tests render with cold and warm caches).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph

from handout.layout.markup import Markup
from handout.reportlab_private import forget_lines, has_lines, line_break_extras, set_line_break_extras

#: Distinct (markup, style) pairs kept: the guide's own (about 120 a handout, shared by every
#: clinic) plus the clinic-specific ones of the last few editions.
PARSED_MAX = 1024

_parsed: OrderedDict[tuple[str, str], tuple[Any, list[Any]]] = OrderedDict()
_broken: OrderedDict[tuple[tuple[str, str], tuple[float, ...]], tuple[Any, tuple[Any, float]]] = \
    OrderedDict()
#: Styles whose content was written out, by identity (the style is held, so the id stays its own).
_style_keys: OrderedDict[int, tuple[ParagraphStyle, str]] = OrderedDict()


def _style_key(style: ParagraphStyle) -> str:
    """A style's content: two clinics' body styles are equal objects in all but identity."""
    hit = _style_keys.get(id(style))
    if hit is not None and hit[0] is style:
        return hit[1]
    key = repr(sorted((k, repr(v)) for k, v in vars(style).items() if k != "parent"))
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
        if self._shared is None:
            return super().breakLines(width)
        key = (self._shared, tuple(width) if isinstance(width, (list, tuple)) else (width,))
        hit = _broken.get(key)
        if hit is None:
            lines = super().breakLines(width)
            _remember(_broken, key, (lines, line_break_extras(self)))
            return lines
        _broken.move_to_end(key)
        lines, extras = hit
        set_line_break_extras(self, extras)
        return lines

    def split(self, available_width: float, available_height: float) -> list[Any]:
        if self._shared is not None:  # a split may edit the lines' words: break lines of our own
            self._shared = None
            self.__dict__.pop("_wrapped_at", None)
            forget_lines(self)
            self.wrap(available_width, available_height)
        return super().split(available_width, available_height)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_at") == available_width and has_lines(self):
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_at = available_width
        return size


def clear() -> None:
    """Forget every shared parse and line break (a cold start, as in a new process)."""
    _parsed.clear()
    _broken.clear()
    _style_keys.clear()
