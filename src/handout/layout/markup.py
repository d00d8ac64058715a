"""Spans → ReportLab paragraph markup, escaping every character that came from YAML.

This is the only place where paragraph markup is written. User text goes through ``escape``;
attribute values we write are our own (colours from the palette, escaped link targets), so no
user string can reach ReportLab's markup parser, whose attribute evaluation was CVE-2023-33733.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from handout.inline import Span


def escape(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` escaped: as text, never as markup."""
    return html.escape(text, quote=False)


def quoteattr(value: str) -> str:
    """``value`` as a double-quoted attribute value (the parser unescapes it again)."""
    return f'"{html.escape(value)}"'


def to_markup(spans: tuple[Span, ...], link_colour: str,
              cite: Callable[[str], int] | None = None) -> str:
    """Paragraph markup for ``spans``; ``cite`` maps a source id to its reference number."""
    out: list[str] = []
    for span in spans:
        if span.cite is not None:
            if cite is None:
                continue
            n = cite(span.cite)
            text = f'<a href="#source-{n}" color="{link_colour}">[{n}]</a>'
        else:
            text = escape(span.text)
            if span.href:
                text = (f"<a href={quoteattr(span.href)} color=\"{link_colour}\">"
                        f"<u>{text}</u></a>")
        if span.italic:
            text = f"<i>{text}</i>"
        if span.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def link(label: str, href: str, colour: str) -> str:
    """Markup for one link whose label is plain text."""
    return to_markup((Span(label, href=href),), colour)
