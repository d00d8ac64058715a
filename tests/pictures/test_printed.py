"""Pictures as they come out of the PDF: rendered by poppler and measured where orientation or
colour is the point, read back with pikepdf where the embedded data is."""

from __future__ import annotations

import pikepdf
import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from tests.pictures.make import (
    box_of,
    build,
    cmyk_profile,
    encode,
    exif_orientation,
    jpeg_without_adobe_marker,
    page,
    project_with,
    swapped_profile,
)

BLUE, RED, WHITE = (0, 0, 255), (255, 0, 0), (255, 255, 255)


def printed(tmp_path, name: str, data: bytes, as_figure: bool = False):
    return build(project_with(tmp_path, name, data, as_figure), tmp_path / "out")


def pages(pdf):
    for number in range(1, len(PdfReader(str(pdf)).pages) + 1):
        yield page(pdf, number)


# a phone photo stored sideways: 120 × 60, a red corner at its stored top left
STORED = Image.new("RGB", (240, 120), BLUE)
ImageDraw.Draw(STORED).rectangle((0, 0, 59, 39), fill=RED)
# where that corner shows once the EXIF orientation is applied, and the shape shown
SHOWN = {3: ("bottom", "right", "landscape"), 6: ("top", "right", "portrait"),
         8: ("bottom", "left", "portrait"), 2: ("top", "right", "landscape")}


@pytest.mark.parametrize("orientation", sorted(SHOWN))
def test_a_phone_photo_prints_upright(tmp_path, orientation):
    photo = encode(STORED, "JPEG", quality=95, exif=exif_orientation(orientation))
    pdf = printed(tmp_path, "photo.jpg", photo, as_figure=True)
    for rendered in pages(pdf):
        picture = box_of(rendered, BLUE)
        if picture is not None:
            break
    else:
        pytest.fail("the photo is on no page")
    corner = box_of(rendered, RED)
    assert corner is not None
    left, top, right, bottom = picture
    shape = "portrait" if bottom - top > right - left else "landscape"
    x, y = (corner[0] + corner[2]) / 2, (corner[1] + corner[3]) / 2
    where = ("top" if y < (top + bottom) / 2 else "bottom",
             "left" if x < (left + right) / 2 else "right", shape)
    assert where == SHOWN[orientation]


@pytest.mark.parametrize("make, left, right", [
    (lambda ink: encode(ink, "JPEG", quality=100), (0, 255, 255), RED),
    (jpeg_without_adobe_marker, (0, 255, 255), RED),
    (lambda ink: encode(ink, "JPEG", quality=100, icc_profile=cmyk_profile()), BLUE, None),
], ids=["adobe-marker", "no-adobe-marker", "icc-profile"])
def test_cmyk_logos_print_their_colours(tmp_path, make, left, right):
    """Full cyan on the left, magenta and yellow on the right. (ReportLab alone inverted every
    CMYK JPEG without Adobe's marker to near black, and left the conversion to each viewer.)"""
    ink = Image.new("CMYK", (300, 100), (255, 0, 0, 0))
    ImageDraw.Draw(ink).rectangle((150, 0, 299, 99), fill=(0, 255, 255, 0))
    rendered = page(printed(tmp_path, "logo.jpg", make(ink)))
    halves = [box_of(rendered, colour, 30) for colour in (left, right) if colour is not None]
    for box in halves:
        assert box is not None, rendered.getpixel((140, 100))
        assert 70 <= box[2] - box[0] <= 80 and 45 <= box[3] - box[1] <= 55  # 0.75 × 0.5 in


def test_an_icc_profile_decides_the_colours(tmp_path):
    red_as_stored = Image.new("RGB", (300, 100), RED)
    rendered = page(printed(tmp_path, "logo.png", encode(red_as_stored,
                                                         icc_profile=swapped_profile())))
    assert box_of(rendered, (0, 255, 0), 20) is not None and box_of(rendered, RED, 60) is None


def test_sixteen_bit_grey_prints_grey(tmp_path):
    grey = Image.new("I;16", (300, 100), 32896)  # 50 % of 65535
    rendered = page(printed(tmp_path, "logo.png", encode(grey)))
    assert box_of(rendered, (128, 128, 128), 3) is not None  # ReportLab alone printed it white


@pytest.mark.parametrize("name, picture", [
    ("palette.png", "P"), ("grey.png", "LA"), ("colour.webp", "RGBA"), ("key.png", "RGB")])
def test_transparent_parts_show_the_page(tmp_path, name, picture):
    """The left half is opaque red (or dark grey), the right half transparent over white."""
    if picture == "P":
        image = Image.new("P", (300, 100), 0)
        image.putpalette([255, 0, 0, 12, 34, 56])
        ImageDraw.Draw(image).rectangle((150, 0, 299, 99), fill=1)
        data, solid = encode(image, transparency=1), RED
    elif picture == "LA":
        image = Image.new("LA", (300, 100), (150, 255))
        ImageDraw.Draw(image).rectangle((150, 0, 299, 99), fill=(0, 0))
        data, solid = encode(image), (150, 150, 150)
    elif picture == "RGBA":
        image = Image.new("RGBA", (300, 100), RED + (255,))
        ImageDraw.Draw(image).rectangle((150, 0, 299, 99), fill=(0, 0, 0, 0))
        data, solid = encode(image, "WEBP", lossless=True), RED
    else:
        image = Image.new("RGB", (300, 100), RED)
        ImageDraw.Draw(image).rectangle((150, 0, 299, 99), fill=(1, 2, 3))
        data, solid = encode(image, transparency=(1, 2, 3)), RED
    rendered = page(printed(tmp_path, name, data)).crop((0, 0, 290, 200))  # the logo's corner
    box = box_of(rendered, solid, 10)
    assert box is not None and 70 <= box[2] - box[0] <= 80  # only the left half has ink
    right = rendered.getpixel((box[2] + 30, (box[1] + box[3]) // 2))
    assert right == WHITE


def test_a_plain_jpeg_is_embedded_as_it_is_without_metadata(tmp_path):
    """Its coded data as they are (no loss), without EXIF: a phone's photo says where it was
    taken."""
    where = Image.Exif()
    where[0x8825] = {2: (40.0, 1.0, 12.0), 4: (105.0, 16.0, 30.0)}  # GPS latitude, longitude
    photo = encode(STORED, "JPEG", quality=80, exif=where.tobytes())
    pdf = printed(tmp_path, "photo.jpg", photo, as_figure=True)
    with pikepdf.open(pdf) as doc:
        [stream] = [o for o in doc.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == "/Image"]
        assert filters(stream) == ["/DCTDecode"]
        embedded = stream.read_raw_bytes()
    assert b"Exif" not in embedded and embedded.endswith(photo[photo.index(b"\xff\xdb"):])


def test_a_large_converted_photo_is_embedded_at_300_pixels_an_inch(tmp_path):
    """A sideways 3000 × 2000 phone photo as a figure: upright, 4 in high, so 1200 pixels high."""
    photo = STORED.resize((3000, 2000))
    pdf = printed(tmp_path, "photo.jpg", encode(photo, "JPEG", exif=exif_orientation(6)),
                  as_figure=True)
    with pikepdf.open(pdf) as doc:
        [stream] = [o for o in doc.objects if isinstance(o, pikepdf.Stream)
                    and o.get("/Subtype") == "/Image"]
        assert (int(stream.Width), int(stream.Height)) == (800, 1200)
        assert filters(stream) == ["/DCTDecode"]  # a photo stays a JPEG


def test_webp_prints(tmp_path):
    rendered = page(printed(tmp_path, "logo.webp",
                            encode(Image.new("RGB", (300, 100), BLUE), "WEBP", lossless=True)))
    box = box_of(rendered, BLUE, 2)
    assert box is not None and 145 <= box[2] - box[0] <= 155  # 1.5 in at 100 dpi


def filters(stream: pikepdf.Stream) -> list[str]:
    """A stream's filters, named alone or in an array."""
    named = stream.get("/Filter")
    return [str(f) for f in named] if isinstance(named, pikepdf.Array) else [str(named)]
