"""Pictures as clinics send them, made with Pillow (and by hand where Pillow cannot: bombs,
16-bit colour, CMYK without Adobe's marker, ICC profiles), and a small project to build them in."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageCms

from handout.build import build_clinic
from tests.conftest import TINY_GUIDE, tiny_project

CLINIC = """\
name: Test Clinic
brand:
  primary: "#1D5B79"
  logo: {file: LOGO, alt: "A test clinic's logo: a picture made for this test"}
contact:
  phone: "(303) 555-0100"
"""
NO_LOGO = "".join(line for line in CLINIC.splitlines(keepends=True) if "logo:" not in line)
FIGURE = ('  - {id: fig, kind: figure, asset: FILE, alt: "A picture made for this test, '
          'printed as a figure"}\n')


def encode(image: Image.Image, kind: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def chunk(tag: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + tag + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))


def png_by_hand(width: int, height: int, depth: int, colour: int, rows: bytes | None = None,
                extra: bytes = b"") -> bytes:
    """A PNG written chunk by chunk: any size (a bomb of one colour, compressed as it streams),
    any depth (16-bit colour, which Pillow cannot write)."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    stride = 1 + width * channels * depth // 8
    packer = zlib.compressobj(9)
    if rows is None:
        line = b"\0" * stride
        idat = b"".join(packer.compress(line) for _ in range(height)) + packer.flush()
    else:
        idat = packer.compress(rows) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
            + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def jpeg_without_adobe_marker(cmyk: Image.Image) -> bytes:
    """A CMYK JPEG holding its ink as it is, without Adobe's APP14 marker (Pillow writes the
    marker and inverted ink; so write the inverse, then drop the marker)."""
    data = encode(ImageChops.invert(cmyk), "JPEG", quality=100)
    out, i = bytearray(data[:2]), 2
    while data[i + 1] != 0xDA:
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if data[i + 1] != 0xEE:
            out += data[i:i + 2 + length]
        i += 2 + length
    out += data[i:]
    assert b"Adobe" not in out
    return bytes(out)


def exif_orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def swapped_profile() -> bytes:
    """sRGB with its red and green primaries swapped (and still *named* sRGB): a pixel stored
    as pure red means sRGB's pure green."""
    data = bytearray(srgb_profile())
    count = struct.unpack(">I", data[128:132])[0]
    entries = {bytes(data[132 + 12 * i:136 + 12 * i]): 132 + 12 * i for i in range(count)}
    red, green = entries[b"rXYZ"], entries[b"gXYZ"]
    data[red + 4:red + 12], data[green + 4:green + 12] = (data[green + 4:green + 12],
                                                          data[red + 4:red + 12])
    return bytes(data)


def cmyk_profile() -> bytes:
    """A CMYK printer profile (ICC v2, one lut8 table) in which full cyan ink prints as sRGB's
    pure blue, not cyan: a picture converted with it looks unlike one converted without it."""
    def lab(lightness: float, a: float, b: float) -> bytes:
        return bytes((round(lightness * 255 / 100), round(a + 128), round(b + 128)))

    grid = b""
    for c in (0, 1):
        for m in (0, 1):
            for y in (0, 1):
                for k in (0, 1):
                    if k or (c and m and y):
                        grid += lab(0, 0, 0)
                    elif c and not (m or y):
                        grid += lab(29.57, 68.30, -112.03)  # sRGB blue (under D50, as ICC's Lab is)
                    else:
                        grid += lab(100 - 30 * (c + m + y), 20 * m - 20 * c, 30 * y - 20 * c)
    identity = bytes(range(256))
    matrix = b"".join(struct.pack(">i", 65536 if i % 4 == 0 else 0) for i in range(9))
    a2b0 = (b"mft1" + b"\0" * 4 + bytes((4, 3, 2, 0)) + matrix + identity * 4 + grid
            + identity * 3)
    desc_text = b"CMYK test profile\0"
    desc = (b"desc" + b"\0" * 4 + struct.pack(">I", len(desc_text)) + desc_text
            + b"\0" * 8 + b"\0" * 3 + b"\0" * 67)
    wtpt = b"XYZ " + b"\0" * 4 + struct.pack(">iii", 63190, 65536, 54061)
    tags = [(b"desc", desc), (b"wtpt", wtpt), (b"A2B0", a2b0)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for sig, data in tags:
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    size = offset + len(body)
    header = (struct.pack(">I", size) + b"lcms" + bytes((2, 0x10, 0, 0)) + b"prtr" + b"CMYK"
              + b"Lab " + b"\0" * 12 + b"acsp" + b"\0" * 24 + struct.pack(">I", 0)
              + struct.pack(">iii", 63190, 65536, 54061) + b"\0" * 48)
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + body


# -- a project to build pictures in -----------------------------------------------------------

def project_with(tmp_path: Path, name: str, data: bytes, as_figure: bool = False):
    """A tiny project whose clinic's logo (or whose guide's one figure) is ``data`` saved as
    ``assets/<name>``."""
    if as_figure:
        guide = TINY_GUIDE.replace("  - {id: panel, kind: clinic-panel}\n",
                                   FIGURE.replace("FILE", f"assets/{name}")
                                   + "  - {id: panel, kind: clinic-panel}\n")
        project = tiny_project(tmp_path, NO_LOGO, guide)
    else:
        project = tiny_project(tmp_path, CLINIC.replace("LOGO", f"assets/{name}"))
    (project.root / "assets").mkdir(exist_ok=True)
    (project.root / "assets" / name).write_bytes(data)
    return project


def build(project, out: Path, formats=("handout",)) -> Path:
    [made, *_] = build_clinic(project, "c", ["tiny"], out, formats=list(formats))
    return made.path


def page(pdf: Path, number: int = 1, dpi: int = 100) -> Image.Image:
    """A page of ``pdf`` rendered by poppler (software we did not write), as RGB."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(number), "-l", str(number),
                          "-png", "-singlefile", str(pdf)], capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


def box_of(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 40
           ) -> tuple[int, int, int, int] | None:
    """The bounding box of the pixels within ``tolerance`` of ``colour`` on every channel."""
    bands = [band.point(lambda v, c=c: 255 if abs(v - c) <= tolerance else 0)
             for band, c in zip(image.split(), colour, strict=True)]
    mask = ImageChops.multiply(ImageChops.multiply(bands[0], bands[1]), bands[2])
    return mask.getbbox()
