"""SVG pictures: a file's bytes → a checked ``Vector``, a ReportLab drawing at its own size.

An SVG is XML, and XML can declare entities that pull in other files ("XXE") or expand
exponentially, and SVG can refer to other files by ``href``: an SVG that declares entities, or
refers to any file, is refused. So is one past the limits: more than ``MAX_SVG_ELEMENTS``
elements counting every copy a ``<use>`` makes (a ``<use>`` of a group of ``<use>``s multiplies),
nesting deeper than ``MAX_SVG_DEPTH``, a ``<use>`` that repeats itself, a viewBox or size that is
not a sane number. Pictures embedded in it (``data:`` addresses) pass the raster checks and are
normalised like any other. svglib then draws it from bytes, never from a path, without entities.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from handout.pictures import raster
from handout.pictures.limits import (
    MAX_PIXELS,
    MAX_SVG_DEPTH,
    MAX_SVG_ELEMENTS,
    MAX_SVG_NUMBER,
    MAX_SVG_SIZE,
    PictureError,
    megapixels,
)
from handout.pictures.sniff import SVG_ROOT, article, guess, kind_of

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

# An entity declaration, or a DOCTYPE with an internal subset ("[ … ]") where entities live. A
# plain public DOCTYPE, as design tools write it, is harmless: its DTD is never fetched.
_ENTITIES = re.compile(rb"<!\s*ENTITY|<!\s*DOCTYPE[^>\[]*\[", re.IGNORECASE)
# href="…" pointing anywhere but inside the SVG itself (#id) or at embedded data (data:)
_OUTSIDE_REF = re.compile(rb"""\bhref\s*=\s*["']\s*(?!#|data:)([^"']*)["']""", re.IGNORECASE)
# the embedded pictures svglib draws: PNG or JPEG in base64
_DATA_PICTURE = re.compile(r"^data:image/(jpe?g|png);base64,", re.IGNORECASE)
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


@dataclass(frozen=True, eq=False)
class Vector:
    """An SVG as a drawing at its own size, in points. Never changed: the layout scales a copy."""

    drawing: Drawing
    width: float
    height: float


def read(data: bytes) -> Vector:
    """Check an SVG file's bytes and draw it; ``PictureError`` when it is unsafe or unprintable."""
    if _ENTITIES.search(data):
        raise PictureError("an SVG without entity declarations",
                           "<!ENTITY or a <!DOCTYPE [...] block (refused: entities can read other "
                           "files); export the SVG again without them")
    ref = _OUTSIDE_REF.search(data)
    if ref is not None:
        raise PictureError("an SVG that does not refer to other files",
                           f"a reference to {ref.group(1).decode('utf-8', 'replace')!r}; embed "
                           f"the picture in the SVG instead")
    if not SVG_ROOT.search(data[:4096]) or kind_of(data) != "SVG":
        raise PictureError("an SVG picture", f"a file without an <svg> element{guess(data, 'SVG')}")
    from lxml import etree  # svglib's own parser; imported here to keep the CLI's start fast

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PictureError("an SVG picture (well-formed XML)", f"a broken file: {exc.msg}") from None
    if etree.QName(root).localname != "svg":
        raise PictureError("an SVG picture",
                           f"an XML file whose root is <{etree.QName(root).localname}>")
    _view_box(root.get("viewBox"))
    _count(root)
    if _embedded_pictures(root):
        data = etree.tostring(root)
    return draw(data)


def _view_box(value: str | None) -> None:
    if value is None:
        return
    try:
        numbers = [float(n) for n in value.replace(",", " ").split()]
    except ValueError:
        numbers = []
    if (len(numbers) != 4 or not all(math.isfinite(n) and abs(n) <= MAX_SVG_SIZE for n in numbers)
            or numbers[2] <= 0 or numbers[3] <= 0):
        raise PictureError(f"an SVG whose viewBox is four numbers: x, y, width and height, the "
                           f"width and height above 0 and none beyond {MAX_SVG_SIZE:,.0f}",
                           f"viewBox=\"{value}\"")


def _count(root) -> None:
    """Count elements as svglib will draw them (each <use> a copy of its target), refusing an
    SVG past the limits before any of it is drawn."""
    ids = {el.get("id"): el for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    path: list = []
    count = 0

    def visit(el) -> None:
        nonlocal count
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise PictureError(f"an SVG of at most {MAX_SVG_ELEMENTS:,} elements (each copy a "
                               f"<use> makes counts)", "more; simplify the drawing or export it "
                               "as PNG")
        if len(path) >= MAX_SVG_DEPTH:
            raise PictureError(f"an SVG nested at most {MAX_SVG_DEPTH} elements deep (a <use> "
                               f"counts as holding what it repeats)", "deeper nesting; flatten "
                               "its groups or export it as PNG")
        path.append(el)
        for child in el:
            if isinstance(child.tag, str):  # not a comment or processing instruction
                visit(child)
        href = el.get(_XLINK_HREF) or el.get("href") or ""
        if _local(el) == "use" and href.startswith("#") and href[1:] in ids:
            target = ids[href[1:]]
            if target in path:
                raise PictureError("an SVG whose <use> elements do not repeat themselves",
                                   f"<use href=\"{href}\"> inside the element it repeats")
            visit(target)
        path.pop()

    visit(root)


def _embedded_pictures(root) -> bool:
    """Check every picture embedded in the SVG like a picture file, and put its normalised
    pixels in its place. True if any was changed."""
    changed, pixels = False, 0
    for el in root.iter():
        if not isinstance(el.tag, str) or _local(el) != "image":
            continue
        attr = _XLINK_HREF if el.get(_XLINK_HREF) is not None else "href"
        href = (el.get(attr) or "").strip()
        if not href.startswith("data:"):
            continue  # a fragment (#id) or nothing: svglib draws nothing for it
        header, _, payload = href[5:].partition(",")
        try:
            data = base64.b64decode(payload) if header.lower().endswith(";base64") else b""
        except (binascii.Error, ValueError):
            data = b""
        kind = kind_of(data)
        if not _DATA_PICTURE.match(href) or kind not in ("PNG", "JPEG"):
            what = f" that is {article(kind)} {kind}" if kind else ""
            raise PictureError("an SVG whose embedded pictures are PNG or JPEG (data:image/png;"
                               "base64 or data:image/jpeg;base64)",
                               f"a picture embedded as {header[:40] or 'data'}{what}")
        assert kind is not None
        try:
            picture = raster.read(data, kind)
        except PictureError as exc:
            raise PictureError(f"an SVG whose embedded pictures are {exc.expected}",
                               exc.found) from None
        pixels += picture.width * picture.height
        if pixels > MAX_PIXELS:
            raise PictureError(f"an SVG whose embedded pictures have at most "
                               f"{MAX_PIXELS // 1_000_000} megapixels together",
                               f"more (the last is {megapixels(picture.width, picture.height)})")
        if picture.pixels is not None:
            out = BytesIO()
            picture.pixels.save(out, "PNG")
            el.set(attr, "data:image/png;base64," + base64.b64encode(out.getvalue()).decode())
            changed = True
    return changed


def draw(data: bytes) -> Vector:
    """The drawing of SVG bytes, by svglib: without entities, and from bytes, not a file, so
    that nothing it refers to can be read (``read`` refuses such SVGs before this). The drawing
    is checked number by number and drawn once on a scratch canvas, so that nothing it holds can
    stop the layout."""
    from reportlab.pdfgen.canvas import Canvas
    from svglib.svglib import svg2rlg

    try:
        drawing = svg2rlg(BytesIO(data), resolve_entities=False)
    except Exception as exc:  # noqa: BLE001 - svglib stopping on a drawing is the file's fault
        raise _stops(exc) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise PictureError("an SVG picture with a width and height",
                           "a file the SVG reader could not draw")
    width, height = drawing.width, drawing.height
    if not (math.isfinite(width) and math.isfinite(height) and 0 < width <= MAX_SVG_SIZE
            and 0 < height <= MAX_SVG_SIZE):
        raise PictureError(f"an SVG picture at most {MAX_SVG_SIZE:,.0f} points wide and high",
                           f"{width:g} × {height:g} points")
    _numbers(drawing)
    try:
        draw_on(drawing, Canvas(BytesIO(), invariant=1))
    except Exception as exc:  # noqa: BLE001 - as above: ReportLab stopping on what svglib made
        raise _stops(exc) from None
    return Vector(drawing, width, height)


def draw_on(drawing: Drawing, canvas) -> None:
    """Draw an SVG's drawing at the canvas's origin, the pictures it embeds as image XObjects
    (ReportLab writes them inline, which fails without ASCII85 and drops alpha)."""
    from handout.reportlab_private.drawings import draw_drawing

    draw_drawing(drawing, canvas)


def _numbers(drawing: Drawing) -> None:
    """Every number in the drawing finite and at most ``MAX_SVG_NUMBER``, every transform one
    that keeps an area: svglib passes NaN, infinities and 1e308 on, which ReportLab would write
    into the PDF or stop on."""
    from reportlab.graphics.shapes import Group

    nodes: list = [drawing]
    while nodes:
        node = nodes.pop()
        for value in vars(node).values():
            bad = _bad_number(value)
            if bad is not None:
                raise PictureError(f"an SVG whose numbers are finite and at most "
                                   f"{MAX_SVG_NUMBER:,.0f} (coordinates, sizes, transforms)",
                                   f"{bad} in {_a(type(node).__name__.lower())} of its "
                                   f"drawing")
        if isinstance(node, Group):
            a, b, c, d, _, _ = node.transform
            if abs(a * d - b * c) < 1e-12:
                raise PictureError("an SVG whose transforms keep the area of what they draw",
                                   f"the transform matrix({' '.join(f'{v:g}' for v in node.transform)})"
                                   f", which flattens a group to nothing; remove it")
            nodes.extend(node.contents)


def _bad_number(value) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return None if math.isfinite(value) and abs(value) <= MAX_SVG_NUMBER else f"{value:g}"
    if isinstance(value, (list, tuple)):
        return next((bad for v in value if (bad := _bad_number(v)) is not None), None)
    if type(value).__name__ in ("Color", "CMYKColor", "PCMYKColor"):
        return _bad_number([value.red, value.green, value.blue, value.alpha])
    return None


def _stops(exc: Exception) -> PictureError:
    return PictureError("an SVG picture the SVG reader can draw",
                        f"a file it stops on ({type(exc).__name__}: {exc})")


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
