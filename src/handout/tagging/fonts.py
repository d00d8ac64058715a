"""ToUnicode maps that a screen reader can use: no code may claim to be U+0000, and glyphs
that shaping drew say which characters they are.

ReportLab writes a subset's ToUnicode map for all of the subset's codes, and maps the codes it
did not use (and code 0, the .notdef slot) to U+0000, which PDF/UA forbids (ISO 14289-1 7.21.7:
every mapping must be a real character). Codes no text uses need no mapping at all, so such
entries are dropped; every code that text does use keeps its mapping.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from handout.shaping import PRIVATE

if TYPE_CHECKING:
    import pikepdf

_BFCHAR = re.compile(rb"(\d+)\s+beginbfchar\s*(.*?)endbfchar", re.S)
_PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_NOT_A_CHARACTER = {b"0000", b"FEFF", b"FFFE"}
_PER_BLOCK = 100  # the most entries one bfchar block may hold (PDF 1.7, 9.10.3)


def fix_to_unicode(pdf: pikepdf.Pdf) -> int:
    """Drop mappings to non-characters from every font's ToUnicode map, and map the glyphs
    shaping drew with private-use code points to the text they stand for
    (``handout.shaping.PRIVATE``); returns fonts fixed."""
    fixed = 0
    seen: set[tuple[int, int]] = set()
    for obj in pdf.objects:
        if not _is_font(obj) or "/ToUnicode" not in obj:
            continue
        stream = obj.ToUnicode
        if stream.objgen in seen:
            continue
        seen.add(stream.objgen)
        data = stream.read_bytes()
        name = str(obj.get("/BaseFont", "")).lstrip("/").partition("+")[2]
        cleaned = _clean(data, PRIVATE.get(name, {}))
        if cleaned != data:
            stream.write(cleaned)
            fixed += 1
    return fixed


def _real(dst: bytes, private: dict[int, str]) -> bytes:
    """A private-use destination → the text its glyph stands for, as UTF-16BE hex."""
    text = private.get(int(dst, 16))
    return text.encode("utf-16-be").hex().upper().encode() if text else dst


def _is_font(obj) -> bool:
    try:
        return obj.get("/Type") == "/Font"
    except (AttributeError, TypeError, ValueError):
        return False


def _clean(cmap: bytes, private: dict[int, str]) -> bytes:
    pairs: list[tuple[bytes, bytes]] = []
    for block in _BFCHAR.finditer(cmap):
        pairs += [(src, _real(dst, private)) for src, dst in _PAIR.findall(block.group(2))
                  if dst.upper() not in _NOT_A_CHARACTER]
    matches = list(_BFCHAR.finditer(cmap))
    if not matches:
        return cmap
    blocks = []
    for start in range(0, len(pairs), _PER_BLOCK):
        chunk = pairs[start:start + _PER_BLOCK]
        lines = b"\n".join(b"<%s> <%s>" % pair for pair in chunk)
        blocks.append(b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), lines))
    head, tail = cmap[:matches[0].start()], cmap[matches[-1].end():]
    return head + b"".join(blocks) + tail.lstrip(b"\n")
