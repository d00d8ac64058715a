"""Picture files named in YAML (logos, figures): checked before anything reads them for real.

A file must be what its name says (PNG, JPEG or SVG, by its first bytes, not only its suffix) and
small enough to be a picture. An SVG is XML, and XML can declare entities that pull in other
files ("XXE") or expand exponentially, and SVG can refer to other files by ``href``; an SVG that
declares entities, or refers to any file, is refused here. svglib is in any case run
without entity resolution and confined to the SVG's own folder.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Largest picture file accepted; logos and figures are far smaller.
MAX_BYTES = 10 * 1024 * 1024

_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
_KIND = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}
# An entity declaration, or a DOCTYPE with an internal subset ("[ … ]") where entities live. A
# plain public DOCTYPE, as design tools write it, is harmless: its DTD is never fetched.
_ENTITIES = re.compile(rb"<!\s*ENTITY|<!\s*DOCTYPE[^>\[]*\[", re.IGNORECASE)
_SVG_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s>]")
# href="…" pointing anywhere but inside the SVG itself (#id) or at embedded data (data:)
_OUTSIDE_REF = re.compile(rb"""\bhref\s*=\s*["']\s*(?!#|data:)([^"']*)["']""", re.IGNORECASE)


def problem(path: Path) -> tuple[str, str] | None:
    """``(expected, found)`` when ``path`` is not a safe picture of its type, else None."""
    kind = _KIND[path.suffix.lower()]
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (f"a picture file of at most {MAX_BYTES // (1024 * 1024)} MB",
                f"{size / (1024 * 1024):.0f} MB")
    data = path.read_bytes()
    if kind != "SVG":
        if not data.startswith(_SIGNATURES[path.suffix.lower()]):
            return f"a {kind} picture", f"a file whose content is not {kind}{_guess(data)}"
        return None
    if _ENTITIES.search(data):
        return ("an SVG without entity declarations",
                "<!ENTITY or a <!DOCTYPE [...] block (refused: entities can read other files); "
                "export the SVG again without them")
    ref = _OUTSIDE_REF.search(data)
    if ref is not None:
        return ("an SVG that does not refer to other files",
                f"a reference to {ref.group(1).decode('utf-8', 'replace')!r}; embed the picture "
                f"in the SVG instead")
    if not _SVG_ROOT.search(data[:4096]):
        return "an SVG picture", f"a file without an <svg> element{_guess(data)}"
    return _svg_problem(data)


def _svg_problem(data: bytes) -> tuple[str, str] | None:
    """Is the SVG well-formed XML with an <svg> root? (Parsed without entities or network.)"""
    from lxml import etree  # svglib's own parser; imported here to keep the CLI's start fast

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return "an SVG picture (well-formed XML)", f"a broken file: {exc.msg}"
    if etree.QName(root).localname != "svg":
        return "an SVG picture", f"an XML file whose root is <{etree.QName(root).localname}>"
    return None


def _guess(data: bytes) -> str:
    for kind, signatures in (("PNG", _SIGNATURES[".png"]), ("JPEG", _SIGNATURES[".jpg"])):
        if data.startswith(signatures):
            return f" (it is a {kind}: fix the file name's ending)"
    if _SVG_ROOT.search(data[:4096]):
        return " (it is an SVG: fix the file name's ending)"
    return ""
