"""The notice of language assistance: a heading, then one paragraph per language in its script.

Printed last in the handout and large print, and on the booklet's back cover, when the clinic
has a ``language_assistance`` section (``handout.languages.taglines``). Each paragraph is set in
the face of its script (``fonts.Family.script``; digits, Latin and punctuation fall back to our
text face) at the format's small size, and is tagged as a ``P`` with the tagline's own
``/Lang``. Latin, Cyrillic, Chinese, Japanese and Korean are ordinary paragraphs (Chinese and
Japanese break between any two characters, as they are written without spaces); scripts that
need shaping are ``ShapedParagraph``s.

Takes the builder of an edition; gives flowables (none without a notice).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable, Paragraph

from handout.errors import NotFoundError
from handout.fonts import SCRIPT_FILES
from handout.languages import taglines
from handout.layout import markup
from handout.layout.shaped import ShapedParagraph
from handout.reportlab_private import glyph_map

if TYPE_CHECKING:
    from handout.layout.blocks import Builder

#: Scripts set as ReportLab paragraphs; the others are shaped (``layout.shaped``).
SIMPLE = frozenset({"Latn", "Cyrl", "Hant", "Jpan", "Kore"})
#: Scripts written without spaces between words: a line may break between any two characters.
UNSPACED = frozenset({"Hant", "Jpan"})


#: Arabic script sits smaller on its line than Latin at the same size (Naskh's short letters):
#: it is set this much larger to read alike.
ARABIC_SCALE = 1.15


def notice(b: Builder, size: float | None = None) -> list[Flowable]:
    """The notice of the edition's clinic, or nothing; at the format's small size unless
    ``size`` (the booklet's back cover is set smaller)."""
    assistance = b.doc.clinic.language_assistance
    if assistance is None:
        return []
    clinic = b.doc.clinic
    lines = taglines.notice(assistance.codes(), assistance.phone or clinic.contact.phone,
                            assistance.tty)
    size = size or b.s.metrics.small
    heading = b.s.derive(f"assistance_heading_{size}", size + 1, b.s.family.bold,
                         keepWithNext=1, before=size, after=size * 0.5)
    out: list[Flowable] = [Paragraph(markup.escape(b.words("language_assistance")), heading)]
    for line in lines:
        out.append(_line(b, line, size))
    return out


def _line(b: Builder, line: taglines.Line, size: float) -> Flowable:
    script = line.tagline.script
    family = b.s.family
    face = family.script(script)
    if face is None and script not in ("Latn", "Cyrl"):
        file = SCRIPT_FILES.get(script, script)
        raise NotFoundError(f"the {line.tagline.name} tagline needs the font fonts/scripts/{file}, "
                            f"which this project does not have (fonts/scripts/make.py makes it)")
    after = size * 0.35
    leading = round(size * 1.3, 2)
    if script in SIMPLE:
        style = b.s.derive(f"tagline_{script}_{size}", size, family.regular, leading=leading,
                           after=after, wordWrap="CJK" if script in UNSPACED else None)
        para = Paragraph(_markup(line.text, face, family.regular), style)
        para.lang = line.tagline.code  # type: ignore[attr-defined]
        return para
    assert face is not None
    scale = ARABIC_SCALE if script == "Arab" else 1.0
    return ShapedParagraph(line.text, (face, family.regular), size * scale, leading * scale,
                           HexColor(b.p.ink), line.tagline.rtl, line.tagline.code, after)


def _markup(text: str, face: str | None, regular: str) -> str:
    """``text`` escaped, its script's characters in ``face`` and the rest in the text face."""
    if face is None:
        return markup.escape(text)
    has = glyph_map(face)
    out, run, run_face = [], "", regular
    for char in text:
        want = face if (ord(char) in has and not char.isascii()) else regular
        if want != run_face and run:
            out.append(markup.face(run_face, run))
            run = ""
        run_face = want
        run += char
    if run:
        out.append(markup.face(run_face, run))
    return markup.join(out)
