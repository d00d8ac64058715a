"""A message written with our inline markup → its plain-text and HTML alternatives.

Takes the clinic's (or the default) message text and the values of its placeholders; gives the
two bodies of ``multipart/alternative`` made from the same spans, so they never say different
things. Paragraphs are separated by blank lines, and their lines are joined (YAML text is wrapped
to suit the editor, not the reader) — except in a paragraph of short lines only, such as a
signature or an address, whose line breaks are kept. Every character of the text is escaped in
the HTML: markup comes only from ``**bold**``, ``*italic*`` and ``[label](https://…)``.
"""

from __future__ import annotations

import re
import textwrap
from html import escape

from handout import inline
from handout.model.clinic import bare_url
from handout.model.email import EXTRA

Fields = dict[str, tuple[str, str | None]]

WIDTH = 72  # plain-text lines, as mail programs quote and show them
SHORT = 50  # a paragraph whose lines are all shorter keeps its line breaks


def paragraphs(text: str, fields: Fields) -> list[tuple[inline.Span, ...]]:
    """The text's paragraphs as spans, placeholders filled."""
    out = []
    for part in re.split(r"\n[ \t]*\n", text.strip()):
        lines = [ln.strip() for ln in part.strip().split("\n")]
        if not any(lines):
            continue
        joined = "\n".join(lines) if all(len(ln) < SHORT for ln in lines) else " ".join(lines)
        out.append(inline.fill(inline.parse(joined, EXTRA), fields))
    return out


def line(text: str, fields: Fields) -> str:
    """One line (a subject, a name) as plain text, placeholders filled, markup dropped."""
    return inline.plain(inline.fill(inline.parse(text, EXTRA), fields))


def _plain_span(span: inline.Span) -> str:
    if span.href is None:
        return span.text
    href = span.href
    if href.startswith(("tel:", "mailto:")):
        return span.text  # the number or address is its own label
    if span.text.strip() in (href, bare_url(href)):
        return href  # the full address, so that mail programs make it a link
    return f"{span.text} ({href})"


def plain(paras: list[tuple[inline.Span, ...]]) -> str:
    """Paragraphs as plain text wrapped at ``WIDTH``, web addresses never broken."""
    out = []
    for spans in paras:
        text = "".join(_plain_span(s) for s in spans)
        out.append("\n".join(textwrap.fill(ln, WIDTH, break_long_words=False,
                                           break_on_hyphens=False) or ""
                             for ln in text.split("\n")))
    return "\n\n".join(out)


def _html_span(span: inline.Span, link: str) -> str:
    text = escape(span.text, quote=False).replace("\n", "<br>\n")
    if span.bold:
        text = f"<strong>{text}</strong>"
    if span.italic:
        text = f"<em>{text}</em>"
    if span.href:
        keep = "white-space:nowrap;" if span.href.startswith("tel:") else ""  # one number, one line
        text = f'<a href="{escape(span.href)}" style="color:{link};{keep}">{text}</a>'
    return text


def html(paras: list[tuple[inline.Span, ...]], link: str) -> list[str]:
    """Each paragraph as the inside of an HTML ``<p>``; links in the colour ``link``."""
    return ["".join(_html_span(s, link) for s in spans) for spans in paras]
