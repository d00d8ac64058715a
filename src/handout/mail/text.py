"""A message written with our inline markup → its paragraphs, and its plain-text alternative.

Takes the clinic's (or the default) message text and the values of its placeholders; gives the
paragraphs as spans, from which both bodies of ``multipart/alternative`` are made (the plain text
here, the HTML in ``html_body``), so that they never say different things. Paragraphs are
separated by blank lines, and their lines are joined (YAML text is wrapped to suit the editor,
not the reader) — except in a paragraph of short lines only, such as a signature or an address,
whose line breaks are kept.
"""

from __future__ import annotations

import re
import textwrap

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
