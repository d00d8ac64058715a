"""What a picture file is, by its first bytes, and how large its raster is, by its header.

Takes a file's bytes (or its name's ending); gives a kind such as ``"PNG"``, ``"HEIC"`` or
``"SVG"`` and, for PNG, JPEG and WebP, the width and height the header declares. Nothing here
decodes a picture: the size is read before any decoder is trusted with the data, so that a
decompression bomb is refused by its header alone.
"""

from __future__ import annotations

import re
import struct
from typing import NamedTuple

#: The kinds we print, by the endings their files may have.
ACCEPTED = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP", ".svg": "SVG"}

#: Kinds clinics send that we do not print, and how to turn each into one we do.
REFUSED = {
    "GIF": "open it in an image editor and save it as PNG; of an animated GIF, choose the one "
           "frame to print",
    "TIFF": "save it as PNG, or as JPEG if it is a photograph",
    "BMP": "save it as PNG",
    "HEIC": "export it as JPEG, with File > Export in Preview on a Mac; an iPhone takes JPEGs "
            "from then on with Settings > Camera > Formats > Most Compatible",
    "AVIF": "save it as PNG, or as JPEG if it is a photograph",
    "JPEG 2000": "save it as PNG, or as JPEG if it is a photograph",
    "JPEG XL": "save it as PNG, or as JPEG if it is a photograph",
    "PDF": "export the logo or figure as SVG, or as PNG",
    "EPS": "export it as SVG, or as PNG",
    "Illustrator": "export it as SVG with File > Export > Export As",
    "Photoshop": "export it as PNG",
    "ICO": "save it as PNG",
    "compressed SVG": "save it as a plain .svg file",
}

_BY_ENDING = {".gif": "GIF", ".tif": "TIFF", ".tiff": "TIFF", ".bmp": "BMP", ".dib": "BMP",
              ".heic": "HEIC", ".heif": "HEIC", ".hif": "HEIC", ".avif": "AVIF",
              ".jp2": "JPEG 2000", ".j2k": "JPEG 2000", ".jpx": "JPEG 2000", ".jxl": "JPEG XL",
              ".pdf": "PDF", ".eps": "EPS", ".ps": "EPS", ".ai": "Illustrator",
              ".psd": "Photoshop", ".ico": "ICO", ".svgz": "compressed SVG"}

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"), (b"II+\x00", "TIFF"), (b"MM\x00+", "TIFF"),
    (b"BM", "BMP"),
    (b"%PDF", "PDF"),
    (b"%!PS", "EPS"), (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"8BPS", "Photoshop"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"), (b"\xffO\xffQ", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"), (b"\xff\x0a", "JPEG XL"),
    (b"\x1f\x8b", "compressed SVG"),  # gzip: what an .svgz is
)
# ISO base media files (HEIC, AVIF) name their brands after "ftyp"
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_AVIF_BRANDS = {b"avif", b"avis"}
SVG_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?svg[\s>]")


def kind_of_name(name: str) -> str | None:
    """The kind a file's name promises (``"PNG"``, ``"GIF"`` …), or None for an unknown ending."""
    ending = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ACCEPTED.get(ending) or _BY_ENDING.get(ending)


def kind_of(data: bytes) -> str | None:
    """The kind a file's content is, by its first bytes; None when it is none we know."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp":
        size = int.from_bytes(data[:4], "big")
        brands = {data[8:12]} | {data[i:i + 4] for i in range(16, min(size, 64), 4)}
        if brands & _AVIF_BRANDS:
            return "AVIF"
        if brands & _HEIF_BRANDS:
            return "HEIC"
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if SVG_ROOT.search(data[:4096]):
        return "SVG"
    return None


def dimensions(data: bytes, kind: str) -> tuple[int, int] | None:
    """Width and height in pixels as the header of a PNG, JPEG or WebP declares them; None when
    the header is cut short or makes no sense."""
    try:
        if kind == "PNG":
            if data[12:16] != b"IHDR":
                return None
            return struct.unpack(">II", data[16:24])
        if kind == "JPEG":
            frame = jpeg_frame(data)
            return None if frame is None else (frame.width, frame.height)
        if kind == "WebP":
            return _webp_size(data)
    except (struct.error, IndexError):
        return None
    return None


# Start-of-frame markers (every coding but the "define" markers C4, C8 and CC)
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}


class JpegFrame(NamedTuple):
    marker: int  # 0xC0 baseline, 0xC1 extended, 0xC2 progressive; others are rarer codings
    bits: int  # per sample
    height: int
    width: int
    components: int  # 1 grey, 3 colour, 4 CMYK


def jpeg_frame(data: bytes) -> JpegFrame | None:
    """The frame header of a JPEG (the first, not an EXIF thumbnail's), or None."""
    i = 2
    try:
        while i + 4 <= len(data):
            marker = data[i + 1]
            if data[i] != 0xFF or marker == 0xDA:  # not a marker, or the scan began: no frame
                return None
            if marker == 0xFF or marker in _STANDALONE:  # fill byte, or a marker without data
                i += 1 if marker == 0xFF else 2
                continue
            if marker in _SOF:
                bits, height, width, components = struct.unpack(">BHHB", data[i + 4:i + 10])
                return JpegFrame(marker, bits, height, width, components)
            i += 2 + struct.unpack(">H", data[i + 2:i + 4])[0]  # a segment: skip it whole
    except struct.error:
        return None
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return width, height
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def guess(data: bytes, named: str) -> str:
    """What to add to "a file whose content is not PNG": what it is, and what to do about it."""
    kind = kind_of(data)
    if kind is None or kind == named:
        return ""
    if kind in REFUSED:
        return f" (it is {article(kind)} {kind} file: {REFUSED[kind]})"
    return f" (it is {article(kind)} {kind}: fix the file name's ending)"


def article(kind: str) -> str:
    return "an" if kind[0] in "AEIO" or kind == "SVG" else "a"
