"""The type family, read from the project's ``fonts/`` folder and known by what its files hold.

ReportLab keeps fonts in a registry of its own, by name, for the whole process. We register each
face under its name plus the digest of the family's files (``NotoSans~3f2a…``), so a name always
means the same glyphs: a process that lives on while a font file changes (``handout serve``'s
forks, ``handout watch``) registers the new files under new names, and nothing keyed by a font
name — parsed paragraphs, broken lines, the set of printable characters — can serve the old
font's measurements for the new one. Two projects with different fonts in one process never mix.

Parsed font tables are kept between runs by ``font_cache``. ``load`` is called by the build
``Workshop``, which owns the fonts of a build session; styles, canvases and checks take the
``Family`` it gives. Takes a folder; gives a ``Family``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from handout import font_cache
from handout.digest import Digests, of_strings
from handout.errors import NotFoundError
from handout.reportlab_private.fonts import SubsetFont, glyph_map


@dataclass(frozen=True)
class Family:
    """Names of the registered faces, as styles refer to them."""

    regular: str = "NotoSans"
    bold: str = "NotoSans-Bold"
    italic: str = "NotoSans-Italic"
    bold_italic: str = "NotoSans-BoldItalic"
    display: str = "NotoSerif-Bold"  # titles and headings
    quote: str = "NotoSerif-Italic"  # the testimonial
    #: (ISO 15924 script, registered face) for the scripts of ``fonts/scripts/`` present
    scripts: tuple[tuple[str, str], ...] = ()

    def script(self, script: str) -> str | None:
        """The face that prints ``script``; None: the text faces do (Latin, Cyrillic, Greek)."""
        return dict(self.scripts).get(script)

    @property
    def faces(self) -> tuple[str, ...]:
        return (self.regular, self.bold, self.italic, self.bold_italic, self.display, self.quote)


#: Face → file in ``fonts/``, in the order of ``Family``'s fields.
FACES = {
    "NotoSans": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "NotoSans-Italic": "NotoSans-Italic.ttf",
    "NotoSans-BoldItalic": "NotoSans-BoldItalic.ttf",
    "NotoSerif-Bold": "NotoSerif-Bold.ttf",
    "NotoSerif-Italic": "NotoSerif-Italic.ttf",
}


#: Script → its file in ``fonts/scripts/`` (subsets of Noto made by ``make.py`` there), for the
#: taglines of a notice of language assistance. Optional: a project without them prints no
#: notice in those scripts (the build says which file is missing).
SCRIPT_FILES = {
    "Arab": "NotoNaskhArabic-Regular.ttf",
    "Khmr": "NotoSansKhmer-Regular.ttf",
    "Hant": "NotoSansCJKtc-Regular.ttf",
    "Jpan": "NotoSansCJKjp-Regular.ttf",
    "Kore": "NotoSansCJKkr-Regular.ttf",
}


def files(folder: Path) -> list[Path]:
    """The family's files, then the script fonts present (all are inputs of every edition)."""
    scripts = [folder / "scripts" / f for f in SCRIPT_FILES.values()]
    return [folder / file for file in FACES.values()] + [p for p in scripts if p.is_file()]


def load(folder: Path, digests: Digests | None = None) -> Family:
    """The family in ``folder``, registered with ReportLab once per content of its files."""
    found = (digests or Digests()).files(files(folder))
    missing = [path for path, digest in found.items()
               if digest is None and Path(path).parent == folder]
    if missing:
        raise NotFoundError(f"missing font file {missing[0]}; the fonts/ folder of the project "
                            f"must hold {', '.join(FACES.values())}")
    family = _register(folder, of_strings(f"{Path(p).name}={d}" for p, d in found.items())[:12],
                       tuple(d for d in found.values() if d is not None))
    # Whatever ReportLab draws without being told a font (a canvas before its first setFont)
    # uses ours, never an unembedded Helvetica. These are process-wide settings, made at every
    # load (a family registered before is not registered again): the last family loaded is the
    # one every build of this process is using. Our canvases and drawings are given their font
    # (``render``, ``reportlab_private.drawings.draw_drawing``); these settings are the fallback.
    rl_config.canvas_basefontname = family.regular
    rl_config.defaultGraphicsFontName = family.regular
    return family


@cache
def _register(folder: Path, digest: str, file_digests: tuple[str, ...]) -> Family:
    """Register the faces under names carrying ``digest`` (the files were read for it).

    Their tables come from the user's cache folder when a run before has parsed files of the same
    content (``font_cache``): parsing them again is a tenth of a cold start. The fonts of other
    scripts are small and parsed each time (HarfBuzz shapes from the file's own bytes).
    """
    scripts = tuple((script, f"{Path(file).stem}~{digest}")
                    for script, file in SCRIPT_FILES.items()
                    if (folder / "scripts" / file).is_file())
    names = [f"{face}~{digest}" for face in FACES]
    family = Family(names[0], names[1], names[2], names[3], names[4], names[5], scripts)
    for name, file, file_digest in zip(family.faces, FACES.values(), file_digests[:len(FACES)],
                                       strict=True):
        pdfmetrics.registerFont(font_cache.font(name, folder / file, file_digest))
    for script, name in scripts:
        pdfmetrics.registerFont(SubsetFont(name, str(folder / "scripts" / SCRIPT_FILES[script])))
    pdfmetrics.registerFontFamily(family.regular, normal=family.regular, bold=family.bold,
                                  italic=family.italic, boldItalic=family.bold_italic)
    for face, bold, italic in ((family.display, 1, 0), (family.quote, 0, 1)):
        addMapping(face, bold, italic, face)
    return family


@cache
def printable(family: Family) -> frozenset[int]:
    """Code points every face of ``family`` has a glyph for (a heading may use any face)."""
    faces = [set(glyph_map(name)) for name in family.faces]
    return frozenset(set.intersection(*faces))
