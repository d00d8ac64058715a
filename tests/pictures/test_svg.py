"""The picture intake on SVG: limits on what it draws, sane sizes, and the pictures inside it.

(Entities, references to other files and broken XML are tried in tests/resolve/test_pictures.py.)
"""

from __future__ import annotations

import base64

import pikepdf
import pytest
from PIL import Image, ImageDraw

from handout.pictures import PictureError, take
from tests.pictures.make import build, encode, exif_orientation, project_with

NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(body: str, attributes: str = 'width="100" height="50"') -> bytes:
    return f'<svg {NS} {attributes}>{body}</svg>'.encode()


def refused(tmp_path, data: bytes) -> tuple[str, str]:
    path = tmp_path / "logo.svg"
    path.write_bytes(data)
    with pytest.raises(PictureError) as info:
        take(path)
    return info.value.expected, info.value.found


def taken(tmp_path, data: bytes):
    path = tmp_path / "logo.svg"
    path.write_bytes(data)
    return take(path)


def use_bomb(levels: int, copies: int) -> bytes:
    """Each group repeats the one before ``copies`` times: copies ** levels rectangles."""
    groups = ['<g id="g0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = "".join(f'<use xlink:href="#g{level - 1}"/>' for _ in range(copies))
        groups.append(f'<g id="g{level}">{uses}</g>')
    return svg(f"<defs>{''.join(groups)}</defs><use href=\"#g{levels}\"/>")


def test_a_use_bomb_is_refused_before_it_is_drawn(tmp_path):
    assert refused(tmp_path, use_bomb(9, 10)) == (
        "an SVG of at most 50,000 elements (each copy a <use> makes counts)",
        "more; simplify the drawing or export it as PNG")


def test_a_drawing_with_a_few_hundred_copies_is_fine(tmp_path):
    picture = taken(tmp_path, use_bomb(2, 10))
    assert picture.kind == "SVG" and picture.size == (75.0, 37.5)  # 100 × 50 px in points


def test_deep_nesting_is_refused(tmp_path):
    deep = "<g>" * 70 + '<rect width="1" height="1"/>' + "</g>" * 70
    assert refused(tmp_path, svg(deep)) == (
        "an SVG nested at most 64 elements deep (a <use> counts as holding what it repeats)",
        "deeper nesting; flatten its groups or export it as PNG")
    chain = "".join(f'<g id="c{i}"><use href="#c{i - 1}"/></g>' for i in range(1, 80))
    assert refused(tmp_path, svg(f'<defs><g id="c0"/>{chain}</defs><use href="#c79"/>'))[0] == (
        "an SVG nested at most 64 elements deep (a <use> counts as holding what it repeats)")


def test_a_use_that_repeats_itself_is_refused(tmp_path):
    assert refused(tmp_path, svg('<g id="a"><rect width="1" height="1"/><use href="#a"/></g>')) == (
        "an SVG whose <use> elements do not repeat themselves",
        '<use href="#a"> inside the element it repeats')


@pytest.mark.parametrize("view_box", ["0 0 0 10", "0 0 -5 10", "0 0 nan 10", "0 0 inf 10",
                                      "0 0 1e300 1", "0 0 10", "a b c d"])
def test_a_view_box_must_be_sane(tmp_path, view_box):
    assert refused(tmp_path, svg("<rect width='1' height='1'/>", f'viewBox="{view_box}"')) == (
        "an SVG whose viewBox is four numbers: x, y, width and height, the width and height "
        "above 0 and none beyond 1,000,000", f'viewBox="{view_box}"')


@pytest.mark.parametrize("size, found", [
    ('width="1e9" height="10"', "7.5e+08 × 7.5 points"),
    ('width="inf" height="10"', "inf × 7.5 points"),
])
def test_a_declared_size_must_be_sane(tmp_path, size, found):
    assert refused(tmp_path, svg("<rect width='1' height='1'/>", size)) == (
        "an SVG picture at most 1,000,000 points wide and high", found)


def test_an_svg_without_a_size_is_refused(tmp_path):
    assert refused(tmp_path, svg("<rect width='1' height='1'/>", "")) == (
        "an SVG picture with a width and height", "a file the SVG reader could not draw")


def embedded(data: bytes, kind: str = "png") -> bytes:
    href = f"data:image/{kind};base64,{base64.b64encode(data).decode()}"
    return svg(f'<image x="0" y="0" width="100" height="50" xlink:href="{href}"/>')


@pytest.mark.parametrize("data, kind, expected", [
    (encode(Image.new("RGB", (10, 10)), "WEBP"), "webp",
     ("an SVG whose embedded pictures are PNG or JPEG (data:image/png;base64 or "
      "data:image/jpeg;base64)", "a picture embedded as image/webp;base64 that is a WebP")),
    (encode(Image.new("RGB", (10, 10)), "GIF"), "png",
     ("an SVG whose embedded pictures are PNG or JPEG (data:image/png;base64 or "
      "data:image/jpeg;base64)", "a picture embedded as image/png;base64 that is a GIF")),
    (encode(Image.effect_noise((80, 80), 50))[:300], "png",
     ("an SVG whose embedded pictures are a PNG picture", "a damaged or incomplete PNG file "
      "(image file is truncated); save or download it again")),
])
def test_pictures_inside_an_svg_pass_the_raster_checks(tmp_path, data, kind, expected):
    assert refused(tmp_path, embedded(data, kind)) == expected


def test_pictures_inside_an_svg_add_up_to_the_pixel_limit(tmp_path):
    picture = encode(Image.new("1", (5_000, 5_000)))  # 25 megapixels, a few kB
    href = f"data:image/png;base64,{base64.b64encode(picture).decode()}"
    two = svg(f'<image width="10" height="10" href="{href}"/>' * 2)
    assert refused(tmp_path, two) == (
        "an SVG whose embedded pictures have at most 40 megapixels together",
        "more (the last is 5,000 × 5,000 pixels (25.0 megapixels))")


def test_a_picture_inside_an_svg_is_normalised_and_printed(tmp_path):
    """An EXIF-rotated photo inside an SVG logo is printed upright, like one named in YAML (and
    printed at all: ReportLab's inline images fail without ASCII85, so they go in as XObjects)."""
    stored = Image.new("RGB", (80, 40), (0, 0, 255))
    ImageDraw.Draw(stored).rectangle((0, 0, 19, 9), fill=(255, 0, 0))
    logo = embedded(encode(stored, "JPEG", exif=exif_orientation(6)), "jpeg")
    pdf = build(project_with(tmp_path, "logo.svg", logo), tmp_path / "out")
    with pikepdf.open(pdf) as doc:
        [image] = [o for o in doc.objects if isinstance(o, pikepdf.Stream)
                   and o.get("/Subtype") == "/Image"]
        assert (int(image.Width), int(image.Height)) == (40, 80)


def test_plain_pictures_inside_an_svg_are_printed(tmp_path):
    photo = Image.new("RGB", (80, 40), (0, 0, 255))
    body = "".join(
        f'<image x="{x}" width="50" height="50" href="data:image/{kind};base64,'
        f'{base64.b64encode(encode(photo, kind.upper())).decode()}"/>'
        for x, kind in ((0, "png"), (50, "jpeg")))
    pdf = build(project_with(tmp_path, "logo.svg", svg(body)), tmp_path / "out")
    with pikepdf.open(pdf) as doc:
        sizes = [(int(o.Width), int(o.Height)) for o in doc.objects
                 if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"]
    assert sizes == [(80, 40), (80, 40)]


NUMBERS = ("an SVG whose numbers are finite and at most 1,000,000,000 (coordinates, sizes, "
           "transforms)")


@pytest.mark.parametrize("body, found", [
    ('<rect width="nan" height="10"/>', "nan in a rect of its drawing"),
    ('<rect x="inf" width="10" height="10"/>', "inf in a rect of its drawing"),
    ('<g transform="scale(1e308)"><rect width="10" height="10"/></g>',
     "1e+308 in a group of its drawing"),
    ('<g transform="rotate(nan)"><rect width="10" height="10"/></g>',
     "nan in a group of its drawing"),
    ('<path d="M0 0 L 1e400 5 Z"/>', "inf in a path of its drawing"),
    ('<circle cx="5" cy="5" r="nan"/>', "nan in a circle of its drawing"),
    ('<ellipse cx="5" cy="5" rx="1e400" ry="1"/>', "inf in an ellipse of its drawing"),
    ('<polygon points="0,0 nan,1 5,5"/>', "nan in a polygon of its drawing"),
    ('<text font-size="1e309" x="1" y="5">Hi</text>', "inf in a string of its drawing"),
    ('<text x="1e300" y="5">Hi</text>', "1e+300 in a string of its drawing"),
    ('<line x2="10" y2="10" stroke="black" stroke-dasharray="nan"/>',
     "nan in a line of its drawing"),
])
def test_numbers_a_pdf_cannot_hold_are_refused(tmp_path, body, found):
    """svglib passes these on; ReportLab then wrote "nan" into the page or stopped (exit 3)."""
    assert refused(tmp_path, svg(body)) == (NUMBERS, found)


def test_a_transform_that_flattens_everything_is_refused(tmp_path):
    assert refused(tmp_path, svg('<g transform="matrix(0 0 0 0 0 0)"><rect width="9" height="9"/>'
                                 '</g>')) == (
        "an SVG whose transforms keep the area of what they draw",
        "the transform matrix(0 0 0 0 0 0), which flattens a group to nothing; remove it")
