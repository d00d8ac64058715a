"""Raster pictures (PNG, JPEG, WebP): a file's bytes → a normalised ``Raster``.

Normalised means what a PDF and a printer need and what every viewer shows: upright (the EXIF
orientation a phone writes is applied), 8 bits a channel, in sRGB (an embedded ICC profile is
applied; CMYK, with or without Adobe's inverted convention, becomes RGB), as grey (``L``), grey
and alpha (``LA``), ``RGB`` or ``RGBA`` — palettes and transparent colours become an alpha
channel, an alpha channel that hides nothing is dropped. A JPEG that needs none of this keeps its
own bytes, which a PDF carries without decoding them again.

Before Pillow sees a byte, the header's size is checked against ``MAX_PIXELS``; then the whole
picture is decoded once, so that a damaged file is found here, not while a page is drawn.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import TYPE_CHECKING

from handout.pictures.limits import PictureError, check_pixels
from handout.pictures.sniff import dimensions, jpeg_frame

if TYPE_CHECKING:
    from PIL.Image import Image

_PILLOW = {"PNG": "PNG", "JPEG": "JPEG", "WebP": "WEBP"}
_ORIENTATION = 0x0112  # the EXIF tag
# JPEG codings a PDF reader decodes as they are: baseline, extended and progressive Huffman
_PDF_JPEG = (0xC0, 0xC1, 0xC2)


@dataclass(frozen=True, eq=False)
class Raster:
    """A raster picture ready to embed: ``pixels`` normalised, or ``jpeg`` kept as it is."""

    kind: str  # what the file is: PNG, JPEG or WebP
    width: int  # in pixels, upright
    height: int
    pixels: Image | None  # L, LA, RGB or RGBA, 8-bit, sRGB, upright; None when ``jpeg`` is set
    jpeg: bytes | None  # the file's coded picture, when it prints as it is (without metadata)
    changes: tuple[str, ...] = ()  # what was converted, in words, for tests and --debug

    @property
    def lossy(self) -> bool:
        """Was it a JPEG? Then a reduced copy may be a JPEG too, at no visible cost."""
        return self.kind == "JPEG"


def read(data: bytes, kind: str) -> Raster:
    """Check and normalise a PNG, JPEG or WebP file's bytes; ``PictureError`` when it cannot be
    printed."""
    with warnings.catch_warnings():  # Pillow warns of bad EXIF data, which is ignored as
        warnings.simplefilter("ignore")  # viewers ignore it: the user needs no Python warning
        return _read(data, kind)


def _read(data: bytes, kind: str) -> Raster:
    size = dimensions(data, kind)
    if size is None:
        raise PictureError(f"a {kind} picture", f"a damaged {kind} file (its header cannot be "
                           f"read); save or download it again")
    check_pixels(*size)
    from PIL import Image

    try:
        image = Image.open(BytesIO(data), formats=[_PILLOW[kind]])
    except Image.DecompressionBombError:  # only if Pillow read another size than the header's
        raise PictureError("a picture of a size that can be decoded safely",
                           "a picture whose size its header hides") from None
    except Exception as exc:  # noqa: BLE001 - whatever a decoder says about bad bytes is ours
        raise _damaged(kind, exc) from None
    check_pixels(*image.size)
    frames = getattr(image, "n_frames", 1)
    if frames > 1 and kind != "JPEG":  # a JPEG with more images (MPO) shows its first
        raise PictureError("a still picture", f"an animated {kind} ({frames} frames); export "
                           f"the one frame to print as PNG")
    try:
        image.load()
        orientation = image.getexif().get(_ORIENTATION, 1)
    except Exception as exc:  # noqa: BLE001
        raise _damaged(kind, exc) from None
    if not isinstance(orientation, int) or not 1 <= orientation <= 8:
        orientation = 1  # a value no viewer knows: shown as stored, as they all do
    icc = image.info.get("icc_profile") or None
    frame = jpeg_frame(data) if kind == "JPEG" else None
    if (frame is not None and frame.marker in _PDF_JPEG and frame.bits == 8
            and frame.components in (1, 3) and image.mode in ("L", "RGB") and frames == 1
            and orientation == 1 and (icc is None or _is_srgb(icc, image.mode))):
        return Raster(kind, image.width, image.height, None, without_metadata(data))
    changes: list[str] = []
    try:
        pixels = _normalise(image, kind, icc, orientation, changes)
    except Exception as exc:  # noqa: BLE001 - Pillow's conversions of a picture it decoded
        raise _damaged(kind, exc) from None
    return Raster(kind, pixels.width, pixels.height, pixels, None, tuple(changes))


# The segments before a JPEG's coded data that a PDF reader uses: JFIF (APP0) and Adobe's colour
# transform (APP14). The others are metadata: EXIF (with the GPS position of a phone's photo), XMP,
# ICC profiles (a PDF reader ignores them inside a JPEG), comments.
_READ_BY_PDF = {0xE0, 0xEE}


def without_metadata(data: bytes) -> bytes:
    """A JPEG's bytes without its metadata, the coded picture untouched: a photo from a phone
    would otherwise carry where it was taken into every patient's copy."""
    out, i = bytearray(data[:2]), 2
    while i + 4 <= len(data) and data[i] == 0xFF and data[i + 1] not in (0xDA, 0xFF):
        marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
        if marker in range(0xD0, 0xD8) or marker in (0x01, 0xD8):
            length = 0  # a marker without a segment
        if not (0xE0 <= marker <= 0xEF or marker == 0xFE) or marker in _READ_BY_PDF:
            out += data[i:i + 2 + length]
        i += 2 + length
    return bytes(out + data[i:])


def _normalise(image: Image, kind: str, icc: bytes | None, orientation: int,
               changes: list[str]) -> Image:
    from PIL import ImageChops

    if image.mode == "CMYK" and kind == "JPEG" and "adobe" not in image.info:
        # Pillow reads every CMYK JPEG by Adobe's convention (inverted ink); without Adobe's
        # marker the file holds ink as it is, as viewers and PDF readers take it
        image = ImageChops.invert(image)
        changes.append("CMYK without an Adobe marker: ink not inverted")
    image = _eight_bit(image, changes)
    if icc is not None:
        image = _to_srgb(image, icc, changes)
    if image.mode == "CMYK":
        image = image.convert("RGB")
        changes.append("CMYK to RGB")
    if orientation != 1:
        from PIL import Image as Pillow

        turn = {2: Pillow.Transpose.FLIP_LEFT_RIGHT, 3: Pillow.Transpose.ROTATE_180,
                4: Pillow.Transpose.FLIP_TOP_BOTTOM, 5: Pillow.Transpose.TRANSPOSE,
                6: Pillow.Transpose.ROTATE_270, 7: Pillow.Transpose.TRANSVERSE,
                8: Pillow.Transpose.ROTATE_90}[orientation]
        image = image.transpose(turn)
        changes.append(f"turned upright (EXIF orientation {orientation})")
    if image.mode in ("LA", "RGBA") and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert(image.mode[:-1])
        changes.append("opaque alpha dropped")
    return image


def _eight_bit(image: Image, changes: list[str]) -> Image:
    """``image`` as L, LA, RGB, RGBA or CMYK with 8 bits a channel."""
    mode = image.mode
    if mode in ("L", "RGB") and "transparency" in image.info:
        changes.append(f"{mode} with a transparent colour to alpha")
        return image.convert(mode + "A")  # Pillow makes the transparent colour's alpha 0
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image
    if mode.startswith("I"):  # 16-bit grey ("I;16", "I;16B") or 32-bit ("I"): scale, not clip
        high = image.getextrema()[1]
        top = 65535 if mode.startswith("I;16") or float(high) > 255 else 255  # type: ignore[arg-type]
        changes.append(f"{mode} to 8-bit grey")
        return image.convert("I").point(lambda v: v * (255 / top)).convert("L")
    if mode == "1":
        return image.convert("L")
    if mode == "P":
        has_alpha = "transparency" in image.info or getattr(image.palette, "mode", "") == "RGBA"
        changes.append("palette to " + ("RGBA" if has_alpha else "RGB"))
        return image.convert("RGBA" if has_alpha else "RGB")
    changes.append(f"{mode} to RGBA")
    return image.convert("RGBA")  # PA, La, RGBa, RGBX, YCbCr and what else a decoder gives


def _to_srgb(image: Image, icc: bytes, changes: list[str]) -> Image:
    """Colours as the embedded profile means them, in sRGB. A profile that cannot be read, or
    that is for other pixels than the picture's (a CMYK profile on RGB), is ignored, as viewers
    ignore it."""
    from PIL import ImageCms

    base = {"L": "L", "LA": "L", "RGB": "RGB", "RGBA": "RGB", "CMYK": "CMYK"}[image.mode]
    try:
        profile = ImageCms.ImageCmsProfile(BytesIO(icc))
    except (OSError, ImageCms.PyCMSError):
        return image
    if {"GRAY": "L", "RGB": "RGB", "CMYK": "CMYK"}.get(profile.profile.xcolor_space.strip()) != base:
        return image
    if base != "CMYK" and _is_srgb(icc, base):
        return image
    alpha = image.getchannel("A") if image.mode in ("LA", "RGBA") else None
    colour = image.convert(base) if alpha is not None else image
    try:
        out = ImageCms.profileToProfile(colour, profile, _srgb(), outputMode="RGB")
    except ImageCms.PyCMSError:
        return image
    assert out is not None  # only None when converting in place
    if base == "L":
        out = out.convert("L")  # a grey profile gives neutral sRGB: keep one channel
    if alpha is not None:
        out.putalpha(alpha)
    changes.append(f"ICC profile '{(profile.profile.profile_description or '').strip()}' to sRGB")
    return out


@lru_cache(maxsize=1)
def _srgb():
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@lru_cache(maxsize=16)
def _is_srgb(icc: bytes, mode: str) -> bool:
    """Does the profile leave colours as sRGB has them (an sRGB profile by any name, or a grey
    one with sRGB's curve)? Then converting changes nothing and a JPEG keeps its bytes."""
    from PIL import Image, ImageChops, ImageCms

    levels = (0, 16, 64, 128, 192, 240, 255)
    if mode == "L":
        probe = Image.new("L", (len(levels), 1))
        probe.putdata(levels)
    elif mode == "RGB":
        colours = [(r, g, b) for r in levels for g in levels for b in levels]
        probe = Image.new("RGB", (len(colours), 1))
        probe.putdata(colours)
    else:
        return False
    try:
        out = ImageCms.profileToProfile(probe, ImageCms.ImageCmsProfile(BytesIO(icc)), _srgb(),
                                        outputMode="RGB")
    except (OSError, ImageCms.PyCMSError):
        return True  # unreadable: ignored, so the picture is taken as sRGB
    assert out is not None
    if mode == "L":
        out = out.convert("L")
    extrema = ImageChops.difference(out, probe).getextrema()
    channels = extrema if mode == "RGB" else (extrema,)
    return max(int(high) for _, high in channels) <= 2  # type: ignore[misc, arg-type]


def _damaged(kind: str, exc: Exception) -> PictureError:
    reason = re.sub(r"\s*<[^>]*\bat 0x[0-9a-fA-F]+>", "", str(exc)).strip()
    if type(exc).__name__ == "UnidentifiedImageError" or not reason:
        reason = f"its content cannot be read as {kind}"
    return PictureError(f"a {kind} picture", f"a damaged or incomplete {kind} file ({reason}); "
                        f"save or download it again")
