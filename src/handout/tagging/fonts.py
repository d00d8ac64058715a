"""ToUnicode maps that a screen reader can use: no code may claim to be U+0000, and glyphs
that shaping drew say which characters they are.

``clean_map`` mends each map as ReportLab writes it: the tagging asks for that before the
document is written (``document.tag``).

ReportLab writes a subset's ToUnicode map for all of the subset's codes, and maps the codes it
did not use (and code 0, the .notdef slot) to U+0000, which PDF/UA forbids (ISO 14289-1 7.21.7:
every mapping must be a real character). Codes no text uses need no mapping at all, so such
entries are dropped; every code that text does use keeps its mapping.
"""

from __future__ import annotations

import re
from functools import lru_cache

from handout.shaping import PRIVATE

_BFCHAR = re.compile(rb"(\d+)\s+beginbfchar\s*(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_NOT_A_CHARACTER = {b"0000", b"FEFF", b"FFFE"}
_PER_BLOCK = 100  # the most entries one bfchar block may hold (PDF 1.7, 9.10.3)


def clean_map(base_font: str, cmap: str) -> str:
    """A subset's ToUnicode map (the text ReportLab wrote for the font named ``base_font``,
    ``ABCDEF+Name``) without mappings to non-characters, and with the glyphs shaping drew with
    private-use code points mapped to the text they stand for; as ReportLab writes the file
    (``reportlab_private.fonts.rewrite_to_unicode_maps``)."""
    face = base_font.partition("+")[2]
    return _cleaned(cmap, face, len(PRIVATE.get(face, {})))


@lru_cache(maxsize=64)
def _cleaned(cmap: str, face: str, known: int) -> str:
    """``clean_map`` of a map of ``face``, kept: a run of similar documents writes the same maps
    again. ``known``, how many glyphs of the face ``PRIVATE`` knows, is part of the key; it only
    grows (a glyph keeps its code point, and what it stands for, for the life of the process),
    so a map cleaned when as many were known is cleaned alike."""
    data = cmap.encode("ascii")
    cleaned = _clean(data, PRIVATE.get(face, {}))
    return cmap if cleaned is data else cleaned.decode("ascii")


def _real(dst: bytes, private: dict[int, str]) -> bytes:
    """A private-use destination → the text its glyph stands for, as UTF-16BE hex."""
    text = private.get(int(dst, 16))
    return text.encode("utf-16-be").hex().upper().encode() if text else dst


def _clean(cmap: bytes, private: dict[int, str]) -> bytes:
    matches = list(_BFCHAR.finditer(cmap))
    if not matches:
        return cmap
    pairs: list[tuple[bytes, bytes]] = []
    for block in matches:
        found = [(src, dst) for src, dst in _PAIR.findall(block.group(2))
                 if dst.upper() not in _NOT_A_CHARACTER]
        pairs += [(src, _real(dst, private)) for src, dst in found] if private else found
    blocks = []
    for start in range(0, len(pairs), _PER_BLOCK):
        chunk = pairs[start:start + _PER_BLOCK]
        lines = b"\n".join(b"<%s> <%s>" % pair for pair in chunk)
        blocks.append(b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), lines))
    head, tail = cmap[:matches[0].start()], cmap[matches[-1].end():]
    return head + b"".join(blocks) + tail.lstrip(b"\n")
