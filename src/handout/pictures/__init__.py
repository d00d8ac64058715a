"""The picture intake: every picture named in YAML (a clinic's logo, a ``figure`` block, any
picture to come) is read here, once per content, and handed on normalised.

``take(path)`` reads the file (at most ``MAX_BYTES``), checks that its content is the kind its
name says (PNG, JPEG, WebP or SVG, by its first bytes), and gives a ``Picture``: a ``Raster``
(``raster.py``: upright, 8-bit, sRGB) or a ``Vector`` (``vector.py``: a checked SVG, drawn).
Anything else — HEIC, AVIF, GIF, TIFF, BMP, PDF… (``sniff.py`` knows them) — is a
``PictureError`` saying what the file is and how to convert it; so is a file past the limits
(``limits.py``), damaged, or unsafe. No error here is ever an internal one.

Pictures are kept by the digest of their bytes: every clinic sharing a file, every edition of a
clinic, and a file read again after an edit to another file share one decoding; an edited file
is read anew.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handout.digest import of_bytes
from handout.pictures.limits import MAX_BYTES, MAX_PIXELS, MIN_PPI, PictureError
from handout.pictures.sniff import ACCEPTED, REFUSED, article, guess, kind_of, kind_of_name

if TYPE_CHECKING:
    from handout.pictures.raster import Raster
    from handout.pictures.vector import Vector

__all__ = ["ACCEPTED", "MAX_BYTES", "MAX_PIXELS", "MIN_PPI", "Picture", "PictureError",
           "clear", "name_problem", "problem", "take"]

_EXPECTED = "a PNG, JPEG, WebP or SVG file"

#: Decoded pictures kept at once, by content; bounded by pixels too (a 40 MP picture is 160 MB).
_KEEP, _KEEP_PIXELS = 32, 100_000_000


@dataclass(frozen=True, eq=False)
class Picture:
    """A picture file, read and normalised: ``content`` is shared by every file with its bytes."""

    path: Path  # where it was read, as resolved inside the project
    digest: str  # of its bytes
    kind: str  # PNG, JPEG, WebP or SVG
    content: Raster | Vector

    @property
    def size(self) -> tuple[float, float]:
        """Width and height: pixels of a raster, points of an SVG."""
        return self.content.width, self.content.height

    @property
    def is_raster(self) -> bool:
        return self.kind != "SVG"


_cache: OrderedDict[tuple[str, str], Raster | Vector] = OrderedDict()


def name_problem(name: str) -> tuple[str, str] | None:
    """``(expected, found)`` when a file name's ending is not a kind of picture we print."""
    kind = kind_of_name(name)
    if kind in ACCEPTED.values():
        return None
    if kind in REFUSED:
        return (_EXPECTED, f"{article(kind)} {kind} file ({name}); {REFUSED[kind]}")
    return (_EXPECTED, repr(name))


def take(path: Path) -> Picture:
    """Read, check and normalise the picture at ``path`` (whose name ends in a kind we print)."""
    kind = kind_of_name(path.name)
    if kind is None or kind not in ACCEPTED.values():
        raise PictureError(*(name_problem(path.name) or (_EXPECTED, repr(path.name))))
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
            size = len(data) if len(data) <= MAX_BYTES else max(path.stat().st_size, len(data))
    except OSError as exc:
        raise PictureError("a picture file that can be read",
                           f"a file that cannot be ({exc.strerror or exc})") from None
    if size > MAX_BYTES:
        raise PictureError(f"a picture file of at most {MAX_BYTES // (1024 * 1024)} MB",
                           f"{size / (1024 * 1024):.0f} MB")
    digest = of_bytes(data)
    key = (digest, kind)
    content = _cache.get(key)
    if content is None:
        content = _read(data, kind)
        _keep(key, content)
    else:
        _cache.move_to_end(key)
    return Picture(path, digest, kind, content)


def problem(path: Path) -> tuple[str, str] | None:
    """``(expected, found)`` when ``path`` is not a picture we can print safely, else None."""
    try:
        take(path)
    except PictureError as exc:
        return exc.expected, exc.found
    return None


def clear() -> None:
    """Forget every decoded picture (tests compare cold and warm runs)."""
    from handout.pictures import embed

    _cache.clear()
    embed.clear()


def _read(data: bytes, kind: str) -> Raster | Vector:
    if kind == "SVG":
        from handout.pictures import vector

        return vector.read(data)
    from handout.pictures import raster

    if kind_of(data) != kind:
        raise PictureError(f"a {kind} picture",
                           f"a file whose content is not {kind}{guess(data, kind)}")
    return raster.read(data, kind)


def _keep(key: tuple[str, str], content: Raster | Vector) -> None:
    _cache[key] = content

    def pixels(c: Raster | Vector) -> int:
        return c.width * c.height if getattr(c, "pixels", None) is not None else 0  # type: ignore[return-value]

    while len(_cache) > 1 and (len(_cache) > _KEEP
                               or sum(pixels(c) for c in _cache.values()) > _KEEP_PIXELS):
        _cache.popitem(last=False)
