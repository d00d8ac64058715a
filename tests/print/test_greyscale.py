"""Every edition still reads on a black-and-white printer.

A printer without colour turns each colour into a grey (``colours.grey``: 0.3 R + 0.59 G + 0.11 B,
as common drivers and poppler do). The pages are rendered to greyscale by poppler and read back:
every line of text keeps WCAG AA contrast (4.5:1) with what lies under it; a tinted card or panel
stays pale, so that the text on it keeps enhanced contrast (7:1) rather than sitting on a muddy
mid-grey block; and links, which are coloured, are underlined too, so that a link is still seen
as one in grey. The palette itself is checked for brand colours of every hue and lightness.
"""

from __future__ import annotations

import colorsys
import html
import re
import subprocess

import pytest
from pypdf import PdfReader

from handout.colours import AA, WHITE, Palette, contrast, grey, grey_contrast, luminance
from handout.layout.formats.large_print import ENHANCED, clear_print
from tests.print.pixels import needs_poppler, render

DPI = 50
EDITIONS = ["handout", "booklet", "large-print"]
PALE = 0.7  # luminance of a background that is still paper-like (grey #DBDBDB and lighter)


def _brands() -> list[str]:
    out = []
    for hue in range(0, 360, 15):
        for lightness in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85):
            for saturation in (0.0, 0.5, 1.0):
                r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
                out.append("#" + "".join(f"{round(c * 255):02X}" for c in (r, g, b)))
    return out


def test_every_palette_reads_in_grey():
    for brand in _brands():
        palette = Palette.from_brand(brand)
        for name, (text, background) in palette.pairs().items():
            assert contrast(text, background) >= AA, (brand, name)
            assert grey_contrast(text, background) >= AA, (brand, name, text, background)
        assert luminance(grey(palette.tint)) >= PALE, brand  # a tint stays a tint
        large = clear_print(palette)
        assert grey_contrast(large.brand_text, WHITE) >= ENHANCED, brand


def test_grey_is_the_drivers_weighting():
    assert grey("#FF0000") == "#4C4C4C" and grey("#00FF00") == "#969696"
    assert grey("#0000FF") == "#1C1C1C" and grey("#FFFFFF") == WHITE
    # the case that made the palette look at grey: dark text on a mid green
    assert contrast("#1A1A1A", "#009900") > AA > grey_contrast("#1A1A1A", "#009900")
    assert Palette.from_brand("#009900").on_brand == WHITE


def _lum(value: int) -> float:
    return luminance(f"#{value:02X}{value:02X}{value:02X}")


def _ratio(a: int, b: int) -> float:
    la, lb = sorted((_lum(a), _lum(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_lines(pdf) -> list[list[tuple[str, int, tuple[float, float, float, float]]]]:
    """Each page's lines of text: (text, grey of its colour, box from the top-left in points)."""
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-zoom", "1", "-stdout", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    fonts = dict(re.findall(r'<fontspec id="(\d+)"[^>]* color="(#[0-9a-fA-F]{6})"', xml))
    pages = []
    for body in re.findall(r"<page [^>]*>(.*?)</page>", xml, re.S):
        lines = []
        for top, left, width, height, font, text in re.findall(
                r'<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" '
                r'font="(\d+)">(.*?)</text>', body):
            shade = int(grey(fonts[font].upper())[1:3], 16)
            lines.append((html.unescape(re.sub("<[^>]+>", "", text)), shade,
                          (float(left), float(top), float(width), float(height))))
        pages.append(lines)
    return pages


@needs_poppler
@pytest.mark.parametrize("edition", EDITIONS)
def test_text_keeps_its_contrast_in_grey(editions, edition):
    checked = on_tint = 0
    for clinic, paths in editions.items():
        pdf = paths[edition]
        for n, (page, lines) in enumerate(zip(render(pdf, DPI), _text_lines(pdf), strict=True), 1):
            top = page.media[3]
            for text, shade, (left, y, width, height) in lines:
                if not text.strip():
                    continue
                area = page.pixels((left, top - y - height, left + width, top - y))
                background = max(page.image.crop(area).getcolors(1 << 16))[1]  # the commonest
                ratio = _ratio(shade, background)
                where = (clinic, edition, n, text[:40], shade, background, round(ratio, 2))
                assert ratio >= AA, where
                if background < 250 and shade < background:  # dark text on a tint or a fill
                    on_tint += 1
                    assert _lum(background) >= PALE or ratio >= ENHANCED, where  # not muddy
                checked += 1
    assert checked > 300
    assert edition == "large-print" or on_tint > 20  # large print prints nothing on a tint


def _underlined(page, rect) -> bool:
    """A row in the link's lower half, or just below it (ReportLab's link rectangle can end
    above the underline), is darker than the background across most of its width."""
    x0, y0, x1, y1 = rect
    crop = page.image.crop(page.pixels((x0, y0 - 4, x1, (y0 + y1) / 2)))
    background = max(crop.getcolors(1 << 16))[1]
    width = crop.width
    return any(sum(1 for x in range(width) if crop.getpixel((x, y)) < background - 25) >= 0.6 * width
               for y in range(crop.height))


@needs_poppler
@pytest.mark.parametrize("edition", EDITIONS)
def test_links_are_underlined_not_only_coloured(editions, edition):
    found = 0
    for clinic, paths in editions.items():
        pdf = paths[edition]
        pages = render(pdf, 72)
        for n, page in enumerate(PdfReader(str(pdf)).pages):
            for annot in page.get("/Annots", None) or []:
                a = annot.get_object()
                rect = tuple(float(v) for v in a["/Rect"])
                if "/URI" not in a.get("/A", {}) or rect[3] - rect[1] > 30:
                    continue  # a citation [n] is bracketed; the QR code is a picture
                assert _underlined(pages[n], rect), (clinic, edition, n + 1, a["/A"]["/URI"])
                found += 1
    assert found >= 6
