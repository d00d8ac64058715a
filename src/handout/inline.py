"""The inline markup that content authors may use inside any text, and nothing more.

    **bold**   *italic*   [label](https://…)   [@source-id]   {clinic.phone}   \\*  {{ }}

``parse`` turns a string into ``Span``s. Any character that is not part of this markup is text,
including ``<``, ``>`` and ``&``: the layout stage escapes every span before ReportLab sees it, so
ReportLab's own paragraph markup is unreachable from YAML. A ``*`` or ``[`` that does not open
markup is kept as a literal character; a malformed placeholder or link is an ``InlineError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

#: Placeholders that guide text may use, with what each stands for.
PLACEHOLDERS: dict[str, str] = {
    "clinic.name": "the clinic's display name",
    "clinic.short_name": "the clinic's short name",
    "clinic.phone": "the clinic's main phone number (a tel: link)",
    "clinic.email": "the clinic's email address (a mailto: link)",
    "clinic.website": "the clinic's website (a link)",
    "clinic.booking": "the clinic's booking link, or its website when it has none",
}

#: URL schemes a link may use; anything else (javascript:, file:, data:) is refused.
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")


class InlineError(ValueError):
    """Malformed inline markup; the message says what was expected."""


@dataclass(frozen=True)
class Span:
    """A run of text with one set of attributes."""

    text: str = ""
    bold: bool = False
    italic: bool = False
    href: str | None = None
    cite: str | None = None  # a source id; the layout prints its reference number
    field: str | None = None  # a placeholder name, filled in by the resolve stage


_TOKEN = re.compile(
    r"""
      (?P<escape>\\[\\*\[\]{}()_])
    | (?P<lbrace>\{\{) | (?P<rbrace>\}\})
    | (?P<field>\{\s*(?P<fname>[A-Za-z_][\w.]*)\s*\})
    | (?P<cite>\[@(?P<cid>[a-z0-9][a-z0-9-]*)\])
    | (?P<link>\[(?P<label>(?:\\.|[^\]\\])+)\]\((?P<url>[^)\s]+)\))
    | (?P<bold>\*\*)
    | (?P<star>\*)
    """,
    re.VERBOSE,
)


@lru_cache(maxsize=1024)  # every clinic's edition parses the same guide text again
def parse(text: str, extra: frozenset[str] = frozenset()) -> tuple[Span, ...]:
    """Parse ``text`` into spans; raises ``InlineError`` naming the first mistake.

    ``extra`` names placeholders allowed here besides ``PLACEHOLDERS`` (an intake email may
    greet ``{patient.name}``; a guide may not).
    """
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []
    pos = 0

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    opens = _pairable(text)
    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        pos = m.end()
        kind = m.lastgroup if m.lastgroup not in ("fname", "cid", "label", "url") else None
        kind = kind or next(k for k in ("field", "cite", "link") if m.group(k))
        if kind == "escape":
            buf.append(m.group()[1])
        elif kind == "lbrace":
            buf.append("{")
        elif kind == "rbrace":
            buf.append("}")
        elif kind == "field":
            name = m.group("fname")
            if name not in PLACEHOLDERS and name not in extra:
                raise InlineError(_unknown_placeholder(name, extra))
            flush()
            spans.append(Span("", bold, italic, field=name))
        elif kind == "cite":
            flush()
            spans.append(Span("", bold, italic, cite=m.group("cid")))
        elif kind == "link":
            url = m.group("url")
            check_url(url)
            flush()
            label = re.sub(r"\\(.)", r"\1", m.group("label"))
            spans.append(Span(label, bold, italic, href=url))
        elif kind == "bold":
            if bold or m.start() in opens:
                flush()
                bold = not bold
            else:
                buf.append("**")
        elif kind == "star":
            if italic or m.start() in opens:
                flush()
                italic = not italic
            else:
                buf.append("*")
    buf.append(text[pos:])
    flush()
    return tuple(s for s in spans if s.text or s.field or s.cite)


def plain(spans: tuple[Span, ...]) -> str:
    """The text a reader sees, without markup (placeholders and citations left out)."""
    return "".join(s.text for s in spans)


def fill(spans: tuple[Span, ...], fields: dict[str, tuple[str, str | None]]) -> tuple[Span, ...]:
    """Replace placeholder spans by their (text, link) from ``fields``."""
    out = []
    for s in spans:
        if s.field is not None:
            text, href = fields[s.field]
            out.append(replace(s, text=text, href=href, field=None))
        else:
            out.append(s)
    return tuple(out)


def check_url(url: str) -> str:
    if not url.lower().startswith(LINK_SCHEMES):
        raise InlineError(f"a link starting with https://, http://, mailto: or tel:, got {url!r}")
    if any(c.isspace() or ord(c) < 32 for c in url) or len(url) > 2000:
        raise InlineError(f"a link without spaces or control characters, got {url!r}")
    return url


_PAIRS = (re.compile(r"(?<![\\*])\*\*(?=\S)(.+?)(?<=\S)\*\*"),  # **bold**
          re.compile(r"(?<![\\*])\*(?=[^\s*])(.+?)(?<=[^\s*\\])\*(?!\*)"))  # *italic*


def _pairable(text: str) -> set[int]:
    """Offsets of ``*``/``**`` markers that have a closing partner (others are literal)."""
    opens: set[int] = set()
    for pattern in _PAIRS:
        for m in pattern.finditer(text):
            opens.add(m.start())
    return opens


def _unknown_placeholder(name: str, extra: frozenset[str] = frozenset()) -> str:
    import difflib

    names = [*PLACEHOLDERS, *sorted(extra)]
    close = difflib.get_close_matches(name, names, n=1) or \
        difflib.get_close_matches(f"clinic.{name.split('.')[-1]}", names, n=1)
    known = ", ".join("{" + k + "}" for k in names)
    msg = f"a known placeholder ({known}), got {{{name}}}"
    if close:
        msg += f"; did you mean {{{close[0]}}}?"
    return msg
