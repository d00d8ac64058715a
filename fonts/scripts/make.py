"""Make the script fonts of ``fonts/scripts/`` from Debian's Noto packages (SIL OFL 1.1).

The taglines of a clinic's notice of language assistance (``handout.languages.taglines``) are
printed in their own scripts; our text family (Noto Sans) covers Latin, Cyrillic and
Vietnamese, these files cover the rest. Each is cut down to what the notice needs, so that the
repository and the PDFs stay small:

* Arabic (Noto Naskh Arabic) and Khmer (Noto Sans Khmer): the script's whole Unicode block, with
  the OpenType tables that shape it (joining forms, ligatures, marks, Khmer's reordering);
* Chinese (Traditional), Japanese and Korean (Noto Sans CJK TC, JP and KR, each with the glyph
  forms its readers expect): only the characters of the shipped taglines, as these fonts hold
  tens of thousands of glyphs. Their outlines are PostScript (CFF), which ReportLab cannot embed;
  they are converted to TrueType outlines (quadratic curves within 1 unit of the original).

Run it again after a tagline changes (a test checks that every character of every tagline is in
its font):

    apt-get download fonts-noto-core fonts-noto-cjk     # Debian bookworm: 20201225-1, 20220127
    dpkg -x fonts-noto-core_*.deb noto; dpkg -x fonts-noto-cjk_*.deb noto
    python fonts/scripts/make.py noto/usr/share/fonts

Needs fontTools (``pip install fonttools``) and PyYAML.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

HERE = Path(__file__).resolve().parent
TAGLINES = HERE.parents[1] / "src" / "handout" / "languages" / "data" / "taglines.yaml"

#: output file → (source file under the fonts folder, face in a collection, scripts it prints,
#: Unicode ranges kept whole)
FONTS = {
    "NotoNaskhArabic-Regular.ttf": ("truetype/noto/NotoNaskhArabic-Regular.ttf", None,
                                    ("Arab",), [(0x0600, 0x06FF)]),
    "NotoSansKhmer-Regular.ttf": ("truetype/noto/NotoSansKhmer-Regular.ttf", None, ("Khmr",),
                                  [(0x1780, 0x17FF), (0x19E0, 0x19FF)]),
    "NotoSansCJKtc-Regular.ttf": ("opentype/noto/NotoSansCJK-Regular.ttc",
                                  "NotoSansCJKtc-Regular", ("Hant",), []),
    "NotoSansCJKjp-Regular.ttf": ("opentype/noto/NotoSansCJK-Regular.ttc",
                                  "NotoSansCJKjp-Regular", ("Jpan",), []),
    "NotoSansCJKkr-Regular.ttf": ("opentype/noto/NotoSansCJK-Regular.ttc",
                                  "NotoSansCJKkr-Regular", ("Kore",), []),
}

#: Characters every script font keeps besides its own: spaces (a line of Japanese has none of
#: its own, and the end of a tagged line is marked with one) and the zero-width joiners shaping
#: uses. Digits, Latin letters and punctuation come from Noto Sans.
ALWAYS = " \u00a0\u200c\u200d"


def main(fonts_dir: Path) -> None:
    taglines = yaml.safe_load(TAGLINES.read_text(encoding="utf-8"))["taglines"]
    for out, (source, face, scripts, ranges) in FONTS.items():
        text = "".join(t["text"] for t in taglines.values() if t["script"] in scripts)
        codepoints = {ord(c) for c in text + ALWAYS}
        for start, end in ranges:
            codepoints |= set(range(start, end + 1))
        font = _open(fonts_dir / source, face)
        cmap = font.getBestCmap()
        keep = sorted(c for c in codepoints if c in cmap)
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False  # printed, not shown on screens at small sizes
        options.desubroutinize = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        if "CFF " in font:
            _to_truetype(font)
        font.save(HERE / out)
        print(f"{out}: {len(keep)} characters, {(HERE / out).stat().st_size // 1024} KiB")


def _open(path: Path, face: str | None) -> TTFont:
    if face is None:
        return TTFont(path)
    for font in TTCollection(path).fonts:
        if font["name"].getDebugName(6) == face:
            return font
    raise SystemExit(f"{path} has no face {face}")


def _to_truetype(font: TTFont) -> None:
    """CFF outlines → TrueType (glyf) outlines, as ReportLab embeds only TrueType."""
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in glyf.glyphOrder:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    font["post"].formatType = 3.0  # no glyph names: smaller, and ReportLab does not need them


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
