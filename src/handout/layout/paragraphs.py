"""Paragraphs that do not repeat work: parsed once per text and style, broken once per width.

Every clinic's edition sets the same guide text in the same styles, and ReportLab parses each
paragraph's markup (an HTML parser in Python) and breaks its lines anew for every ``Paragraph``,
and again each time a table or ``KeepTogether`` measures it. Measured on a batch of generated
clinics, parsing and line breaking were about a third of rendering a handout.

- Parsed fragments are shared between paragraphs of equal markup and equal style, through the
  ``frags`` argument of ReportLab's own constructor (line breaking copies fragments before it
  changes them; it only marks each with its kind, the same mark every time). The cache is
  bounded, so memory stays flat however many clinics a process builds.
- Each paragraph keeps its lines for the width it was last wrapped to: they depend on the width
  only, and ReportLab drops them itself when a split fails (``del blPara``).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as _Paragraph

#: Distinct (markup, style) pairs kept: the guide's own (about 120 a handout, shared by every
#: clinic) plus the clinic-specific ones of the last few editions.
PARSED_MAX = 1024

_parsed: OrderedDict[tuple[str, str], tuple[Any, list[Any]]] = OrderedDict()
_style_keys: WeakKeyDictionary[ParagraphStyle, str] = WeakKeyDictionary()


def _style_key(style: ParagraphStyle) -> str:
    """A style's content: two clinics' body styles are equal objects in all but identity."""
    key = _style_keys.get(style)
    if key is None:
        key = repr(sorted((k, repr(v)) for k, v in vars(style).items() if k != "parent"))
        key += repr(_style_key(style.parent)) if style.parent is not None else ""
        _style_keys[style] = key
    return key


class Paragraph(_Paragraph):
    def __init__(self, text: str, style: ParagraphStyle, bulletText: str | None = None,
                 frags: list[Any] | None = None, **kw: Any):
        if frags is not None or bulletText is not None or getattr(style, "bulletText", None):
            super().__init__(text, style, bulletText, frags, **kw)  # split halves, bullets
            return
        key = (text, _style_key(style))
        hit = _parsed.get(key)
        if hit is None:
            super().__init__(text, style, **kw)
            _parsed[key] = (self.style, self.frags)
            if len(_parsed) > PARSED_MAX:
                _parsed.popitem(last=False)
            return
        _parsed.move_to_end(key)
        parsed_style, parsed_frags = hit
        super().__init__(text, parsed_style, frags=parsed_frags, **kw)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if self.__dict__.get("_wrapped_at") == available_width and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(available_width, available_height)
        self._wrapped_at = available_width
        return size
