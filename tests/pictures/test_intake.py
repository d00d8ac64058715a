"""The picture intake on raster pictures made by Pillow: what it accepts, refuses and converts."""

from __future__ import annotations

import base64
from io import BytesIO

import pytest
from PIL import Image, ImageDraw, features

from handout import pictures
from handout.pictures import PictureError, name_problem, take
from tests.pictures.make import (
    chunk,
    cmyk_profile,
    encode,
    exif_orientation,
    jpeg_without_adobe_marker,
    png_by_hand,
    srgb_profile,
    swapped_profile,
)

EXPECTED = "a PNG, JPEG, WebP or SVG file"
GIF = encode(Image.new("RGB", (8, 8), "red"), "GIF")
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
# Pillow reads and writes AVIF where it was built with libavif (its wheels are); HEIC it cannot
AVIF = (encode(Image.new("RGB", (8, 8), "red"), "AVIF") if features.check("avif")
        else b"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf" + b"\x00" * 64)
PNG = encode(Image.new("RGB", (40, 30), (20, 120, 200)))


def refused(tmp_path, name: str, data: bytes) -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(PictureError) as info:
        take(path)
    return info.value.expected, info.value.found


@pytest.mark.parametrize("name, found", [
    ("logo.gif", "a GIF file (logo.gif); open it in an image editor and save it as PNG; of an "
                 "animated GIF, choose the one frame to print"),
    ("IMG_0042.HEIC", "a HEIC file (IMG_0042.HEIC); export it as JPEG, with File > Export in "
                      "Preview on a Mac; an iPhone takes JPEGs from then on with Settings > "
                      "Camera > Formats > Most Compatible"),
    ("logo.avif", "an AVIF file (logo.avif); save it as PNG, or as JPEG if it is a photograph"),
    ("scan.tiff", "a TIFF file (scan.tiff); save it as PNG, or as JPEG if it is a photograph"),
    ("logo.bmp", "a BMP file (logo.bmp); save it as PNG"),
    ("logo.eps", "an EPS file (logo.eps); export it as SVG, or as PNG"),
    ("logo.ai", "an Illustrator file (logo.ai); export it as SVG with File > Export > Export As"),
    ("logo.svgz", "a compressed SVG file (logo.svgz); save it as a plain .svg file"),
    ("logo.txt", "'logo.txt'"),
    ("logo", "'logo'"),
])
def test_names_of_kinds_we_do_not_print_say_how_to_convert(name, found):
    assert name_problem(name) == (EXPECTED, found)


@pytest.mark.parametrize("name", ["logo.png", "logo.PNG", "photo.jpg", "photo.JPEG",
                                  "logo.webp", "logo.svg"])
def test_names_of_kinds_we_print(name):
    assert name_problem(name) is None


@pytest.mark.parametrize("name, data, found", [
    ("logo.png", GIF, "a file whose content is not PNG (it is a GIF file: open it in an image "
                      "editor and save it as PNG; of an animated GIF, choose the one frame to "
                      "print)"),
    ("photo.jpg", HEIC, "a file whose content is not JPEG (it is a HEIC file: export it as JPEG, "
                        "with File > Export in Preview on a Mac; an iPhone takes JPEGs from then "
                        "on with Settings > Camera > Formats > Most Compatible)"),
    ("photo.jpg", AVIF, "a file whose content is not JPEG (it is an AVIF file: save it as PNG, "
                        "or as JPEG if it is a photograph)"),
    ("logo.webp", PNG, "a file whose content is not WebP (it is a PNG: fix the file name's "
                       "ending)"),
    ("logo.png", encode(Image.new("RGB", (8, 8)), "PDF"), "a file whose content is not PNG (it is "
     "a PDF file: export the logo or figure as SVG, or as PNG)"),
    ("logo.png", encode(Image.new("RGB", (8, 8)), "EPS"), "a file whose content is not PNG (it is "
     "an EPS file: export it as SVG, or as PNG)"),
    ("logo.png", encode(Image.new("RGB", (8, 8)), "TIFF"), "a file whose content is not PNG (it "
     "is a TIFF file: save it as PNG, or as JPEG if it is a photograph)"),
    ("logo.jpg", encode(Image.new("RGB", (8, 8)), "BMP"), "a file whose content is not JPEG (it "
     "is a BMP file: save it as PNG)"),
    ("logo.png", encode(Image.new("RGB", (16, 16)), "ICO"), "a file whose content is not PNG (it "
     "is an ICO file: save it as PNG)"),
    ("logo.jpg", encode(Image.new("RGB", (8, 8)), "JPEG2000"), "a file whose content is not JPEG "
     "(it is a JPEG 2000 file: save it as PNG, or as JPEG if it is a photograph)"),
    ("logo.png", b"", "a file whose content is not PNG"),
])
def test_content_is_what_the_name_says(tmp_path, name, data, found):
    kind = {"png": "PNG", "jpg": "JPEG", "webp": "WebP"}[name.rsplit(".", 1)[1]]
    assert refused(tmp_path, name, data) == (f"a {kind} picture", found)


def test_a_file_over_10_mb_is_refused_unread(tmp_path):
    assert refused(tmp_path, "logo.png", PNG + b"\0" * (10 * 1024 * 1024)) == (
        "a picture file of at most 10 MB", "10 MB")
    huge = tmp_path / "huge.png"
    with open(huge, "wb") as f:
        f.truncate(3 * 1024 ** 3)  # 3 GB of nothing: only the first 10 MB are ever read
    with pytest.raises(PictureError, match="got 3072 MB"):
        take(huge)


# -- decompression bombs: refused by the header, before a decoder sees the data ----------------

def webp_header(width: int, height: int) -> bytes:
    vp8x = b"VP8X" + (10).to_bytes(4, "little") + b"\0" * 4 + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")
    return b"RIFF" + (4 + len(vp8x)).to_bytes(4, "little") + b"WEBP" + vp8x


@pytest.mark.parametrize("name, data, size", [
    ("bomb.png", png_by_hand(20_000, 20_000, 8, 0), "20,000 × 20,000 pixels (400 megapixels)"),
    ("bomb.png", png_by_hand(6_400, 6_251, 1, 0), "6,400 × 6,251 pixels (40.1 megapixels)"),
    ("bomb.jpg", encode(Image.new("L", (8_000, 6_000)), "JPEG", quality=10),
     "8,000 × 6,000 pixels (48.0 megapixels)"),
    ("bomb.webp", webp_header(16_384, 16_384), "16,384 × 16,384 pixels (269 megapixels)"),
])
def test_a_decompression_bomb_is_a_content_error_naming_its_size(tmp_path, name, data, size):
    assert len(data) < 1_000_000  # small on disk, huge once decoded
    assert refused(tmp_path, name, data) == (
        "a picture of at most 40 megapixels",
        f"{size}; reduce it to at most 5,000 pixels on its longer side in an image editor")


def test_a_picture_just_under_the_limit_is_taken(tmp_path):
    path = tmp_path / "big.png"
    path.write_bytes(png_by_hand(8_000, 5_000, 1, 0))  # 40.0 megapixels, 1 bit a pixel
    assert take(path).size == (8_000, 5_000)


# -- damaged files ----------------------------------------------------------------------------

def damaged(kind: str, reason: str) -> tuple[str, str]:
    return (f"a {kind} picture", f"a damaged or incomplete {kind} file ({reason}); save or "
                                 f"download it again")


PHOTO = Image.radial_gradient("L").convert("RGB").resize((400, 300))
JPEG = encode(PHOTO, "JPEG", quality=90)
WEBP = encode(PHOTO, "WEBP", lossless=True)
BIG_PNG = encode(Image.effect_noise((300, 200), 60).convert("RGB"))


@pytest.mark.parametrize("name, data, expected", [
    ("cut.png", BIG_PNG[:len(BIG_PNG) // 2], damaged("PNG", "image file is truncated")),
    ("cut.jpg", JPEG[:len(JPEG) // 2],
     damaged("JPEG", "image file is truncated (1 bytes not processed)")),
    ("cut.webp", WEBP[:len(WEBP) // 2],
     damaged("WebP", "could not create decoder object")),
    ("header.png", BIG_PNG[:20], ("a PNG picture", "a damaged PNG file (its header cannot be "
                                                   "read); save or download it again")),
    ("header.jpg", JPEG[:4], ("a JPEG picture", "a damaged JPEG file (its header cannot be "
                                                "read); save or download it again")),
    ("noise.png", BIG_PNG[:100] + bytes(range(256)) * 4 + BIG_PNG[1124:],
     damaged("PNG", "broken data stream when reading image file")),
    ("inserted.png", BIG_PNG[:33] + chunk(b"IDAT", b"x" * 40) + BIG_PNG[33:],
     damaged("PNG", "broken data stream when reading image file")),
    ("empty.png", BIG_PNG[:8] + chunk(b"IHDR", b"\0" * 13) + BIG_PNG[33:],
     ("a picture at least one pixel wide and high", "0 × 0 pixels")),
    ("mode.png", BIG_PNG[:8] + chunk(b"IHDR", BIG_PNG[16:24] + b"\x07\x09\0\0\0") + BIG_PNG[33:],
     damaged("PNG", "its content cannot be read as PNG")),
])
def test_a_damaged_picture_is_a_content_error(tmp_path, name, data, expected):
    assert refused(tmp_path, name, data) == expected


@pytest.mark.parametrize("name, pillow, kind, frames", [
    ("moving.webp", "WEBP", "WebP", 2),
    ("moving.png", "PNG", "PNG", 3),
])
def test_an_animation_is_refused(tmp_path, name, pillow, kind, frames):
    stills = [Image.new("RGB", (20, 20), c) for c in ("red", "green", "blue")[:frames]]
    data = encode(stills[0], pillow, save_all=True, append_images=stills[1:], duration=100)
    assert refused(tmp_path, name, data) == (
        "a still picture", f"an animated {kind} ({frames} frames); export the one frame to print "
                           f"as PNG")


# -- what is converted ------------------------------------------------------------------------

def pixels_of(image: Image.Image) -> list:
    return [image.getpixel((x, y)) for y in range(image.height) for x in range(image.width)]


def taken(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return take(path).content


def test_a_plain_jpeg_keeps_its_coded_bytes_without_metadata(tmp_path):
    where = Image.Exif()
    where[0x8825] = {2: (40.0, 1.0, 12.0), 4: (105.0, 16.0, 30.0)}  # GPS latitude, longitude
    for image in (PHOTO, PHOTO.convert("L")):
        for options in ({}, {"progressive": True}, {"icc_profile": srgb_profile()},
                        {"exif": where.tobytes(), "comment": b"IMG_0042"}):
            data = encode(image, "JPEG", **options)
            raster = taken(tmp_path, "photo.jpg", data)
            assert raster.pixels is None and raster.jpeg is not None
            assert b"Exif" not in raster.jpeg and b"IMG_0042" not in raster.jpeg
            assert raster.jpeg.endswith(data[data.index(b"\xff\xdb"):])  # tables and scans as they were
            assert Image.open(BytesIO(raster.jpeg)).tobytes() == Image.open(BytesIO(data)).tobytes()


def test_sixteen_bit_grey_is_scaled_to_eight_bits_not_clipped(tmp_path):
    grey = Image.new("I;16", (4, 1))
    grey.putdata([0, 32896, 65535, 257 * 100])
    raster = taken(tmp_path, "grey16.png", encode(grey))
    assert raster.pixels.mode == "L"
    assert pixels_of(raster.pixels) == [0, 128, 255, 100]


def test_sixteen_bit_colour_keeps_its_colours(tmp_path):
    rows = b"\0" + b"".join(v.to_bytes(2, "big") for v in (65535, 32768, 0, 0, 65535, 4096))
    raster = taken(tmp_path, "rgb16.png", png_by_hand(2, 1, 16, 2, rows))
    assert raster.pixels.mode == "RGB"
    assert pixels_of(raster.pixels) == [(255, 128, 0), (0, 255, 16)]


def test_transparency_of_palettes_and_colour_keys_becomes_alpha(tmp_path):
    palette = Image.new("P", (2, 1))
    palette.putpalette([200, 30, 30, 0, 0, 0])
    palette.putpixel((1, 0), 1)
    raster = taken(tmp_path, "p.png", encode(palette, transparency=1))
    assert pixels_of(raster.pixels) == [(200, 30, 30, 255), (0, 0, 0, 0)]
    rgb = Image.new("RGB", (2, 1), (10, 20, 30))
    rgb.putpixel((1, 0), (1, 2, 3))
    raster = taken(tmp_path, "key.png", encode(rgb, transparency=(1, 2, 3)))
    assert pixels_of(raster.pixels) == [(10, 20, 30, 255), (1, 2, 3, 0)]
    grey = Image.new("L", (2, 1), 5)
    grey.putpixel((1, 0), 9)
    raster = taken(tmp_path, "greykey.png", encode(grey, transparency=9))
    assert pixels_of(raster.pixels) == [(5, 255), (9, 0)]


def test_alpha_is_kept_where_it_hides_something_and_dropped_where_not(tmp_path):
    half = Image.new("LA", (2, 1), (40, 255))
    half.putpixel((1, 0), (40, 128))
    assert taken(tmp_path, "la.png", encode(half)).pixels.mode == "LA"
    opaque = taken(tmp_path, "opaque.png", encode(Image.new("RGBA", (2, 1), (1, 2, 3, 255))))
    assert opaque.pixels.mode == "RGB" and "opaque alpha dropped" in opaque.changes
    webp = Image.new("RGBA", (2, 1), (9, 8, 7, 0))
    assert taken(tmp_path, "a.webp", encode(webp, "WEBP", lossless=True)).pixels.mode == "RGBA"


def test_webp_is_converted_without_loss(tmp_path):
    noise = Image.effect_noise((64, 48), 80).convert("RGB")
    raster = taken(tmp_path, "noise.webp", encode(noise, "WEBP", lossless=True))
    assert raster.kind == "WebP" and raster.pixels.tobytes() == noise.tobytes()


def test_an_icc_profile_is_applied(tmp_path):
    red = Image.new("RGB", (4, 4), (255, 0, 0))
    raster = taken(tmp_path, "swapped.png", encode(red, icc_profile=swapped_profile()))
    r, g, b = raster.pixels.getpixel((0, 0))
    assert r < 10 and g > 245 and b < 10, (r, g, b)  # the profile says this red is green
    assert raster.changes == ("ICC profile 'sRGB built-in' to sRGB",)
    jpeg = taken(tmp_path, "swapped.jpg", encode(red, "JPEG", icc_profile=swapped_profile()))
    assert jpeg.jpeg is None and jpeg.pixels.getpixel((0, 0))[1] > 240


@pytest.mark.parametrize("make, expected", [
    (lambda image: encode(image, "JPEG", quality=100), [(0, 255, 255), (255, 0, 0)]),
    (jpeg_without_adobe_marker, [(0, 255, 255), (255, 0, 0)]),
    (lambda image: encode(image, "JPEG", quality=100, icc_profile=cmyk_profile()),
     [(0, 0, 255), None]),
], ids=["adobe", "no-adobe-marker", "icc-profile"])
def test_cmyk_becomes_rgb(tmp_path, make, expected):
    ink = Image.new("CMYK", (32, 16), (255, 0, 0, 0))  # cyan on the left, magenta + yellow right
    ImageDraw.Draw(ink).rectangle((16, 0, 31, 15), fill=(0, 255, 255, 0))
    raster = taken(tmp_path, "cmyk.jpg", make(ink))
    assert raster.pixels.mode == "RGB"
    for point, colour in zip([(8, 8), (24, 8)], expected, strict=True):
        if colour is not None:
            got = raster.pixels.getpixel(point)
            assert max(abs(a - b) for a, b in zip(got, colour, strict=True)) <= 40, got


# where the stored picture's top-left corner shows, for each EXIF orientation
CORNERS = {1: "top-left", 2: "top-right", 3: "bottom-right", 4: "bottom-left",
           5: "top-left", 6: "top-right", 7: "bottom-right", 8: "bottom-left"}


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(tmp_path, orientation):
    stored = Image.new("RGB", (120, 60), (0, 0, 255))
    ImageDraw.Draw(stored).rectangle((0, 0, 29, 19), fill=(255, 0, 0))
    for name, data in (("photo.jpg", encode(stored, "JPEG", exif=exif_orientation(orientation))),
                       ("logo.png", encode(stored, exif=exif_orientation(orientation))),
                       ("logo.webp", encode(stored, "WEBP", lossless=True,
                                            exif=exif_orientation(orientation)))):
        raster = taken(tmp_path, name, data)
        image = raster.pixels if raster.pixels is not None else Image.open(tmp_path / name)
        width, height = (60, 120) if orientation >= 5 else (120, 60)
        assert image.size == (width, height), name
        corners = {"top-left": (2, 2), "top-right": (width - 3, 2),
                   "bottom-right": (width - 3, height - 3), "bottom-left": (2, height - 3)}
        red = [c for c, xy in corners.items() if image.convert("RGB").getpixel(xy)[0] > 200]
        assert red == [CORNERS[orientation]], name


def test_one_decoding_per_content(tmp_path):
    pictures.clear()
    (tmp_path / "a.png").write_bytes(BIG_PNG)
    (tmp_path / "b.png").write_bytes(BIG_PNG)
    first, second = take(tmp_path / "a.png"), take(tmp_path / "b.png")
    assert first.content is second.content and (first.path, second.path) == (
        tmp_path / "a.png", tmp_path / "b.png")
    (tmp_path / "a.png").write_bytes(PNG)  # an edited file is read anew
    assert take(tmp_path / "a.png").size == (40, 30)


def test_data_inside_an_svg_is_a_picture_too(tmp_path):
    """Pictures an SVG embeds pass the same checks (the SVG tests try every other case)."""
    bomb = base64.b64encode(png_by_hand(20_000, 20_000, 8, 0)).decode()
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
           f'<image width="10" height="10" href="data:image/png;base64,{bomb}"/></svg>')
    assert refused(tmp_path, "logo.svg", svg.encode()) == (
        "an SVG whose embedded pictures are a picture of at most 40 megapixels",
        "20,000 × 20,000 pixels (400 megapixels); reduce it to at most 5,000 pixels on its longer "
        "side in an image editor")


def test_a_file_that_cannot_be_read_is_a_content_error(tmp_path):
    folder = tmp_path / "logo.png"
    folder.mkdir()  # a folder with a picture's name
    with pytest.raises(PictureError) as info:
        take(folder)
    assert (info.value.expected, info.value.found) == (
        "a picture file that can be read", "a file that cannot be (Is a directory)")
