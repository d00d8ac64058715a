"""The notice of language assistance: a heading, the English paragraph, then one paragraph per
language in its script, led by the language's own name ("Español", "繁體中文", "العربية").

Printed last in the handout and large print, and in the booklet on its back cover or on pages
of its own (``handout.layout.notice`` decides where and how it is set). Each paragraph is set in
the face of its script (``fonts.Family.script``; digits, Latin and punctuation fall back to our
text face), and is tagged as a ``P`` with the tagline's own ``/Lang``; the heading is an ``H2``
whose page the booklet's back cover can name. Latin, Cyrillic, Chinese, Japanese and Korean are
ReportLab paragraphs (Chinese and Japanese break between any two characters, as they are written
without spaces); scripts that need shaping are ``ShapedParagraph``s. The taglines of every
clinic differ only in the phone numbers and the colour of the languages' names, so the
paragraphs are ``AlikeParagraph``s: set once per process and given each clinic's digits and
colour.

Takes the builder of an edition and a ``Setting`` (sizes, columns); gives the notice's parts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.lib.colors import HexColor
from reportlab.platypus import Flowable

from handout.errors import NotFoundError
from handout.fonts import SCRIPT_FILES
from handout.languages import taglines
from handout.layout import markup
from handout.layout.flowables import Heading
from handout.layout.paragraphs import AlikeParagraph
from handout.layout.shaped import ShapedParagraph
from handout.reportlab_private.fonts import glyph_map

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from handout.layout.blocks import Builder

#: Scripts set as ReportLab paragraphs; the others are shaped (``layout.shaped``).
SIMPLE = frozenset({"Latn", "Cyrl", "Hant", "Jpan", "Kore"})
#: Scripts written without spaces between words: a line may break between any two characters.
UNSPACED = frozenset({"Hant", "Jpan"})
#: Scripts our bold text face prints: their language's name is set bold; the names in other
#: scripts (whose faces have no bold) are told apart by their colour and their place.
BOLD = frozenset({"Latn", "Cyrl"})

#: Arabic script sits smaller on its line than Latin at the same size (Naskh's short letters):
#: it is set this much larger to read alike.
ARABIC_SCALE = 1.15

#: The id of the notice's heading: the booklet's back cover prints the page it is on.
HEADING_ID = "language-assistance"


@dataclass(frozen=True)
class Setting:
    """How a notice is set: the size and line spacing of its taglines, their columns, and the
    style of its heading."""

    size: float
    leading: float  # a multiple of the size
    heading: ParagraphStyle
    columns: int = 1
    after: float = 0.45  # space after each tagline, a multiple of the size


@dataclass(frozen=True)
class Parts:
    """A notice set one way: its heading, its English paragraph, and a paragraph per language."""

    heading: Heading
    english: Flowable
    taglines: tuple[Flowable, ...]

    @property
    def leaves(self) -> list[Flowable]:
        return [self.heading, self.english, *self.taglines]


def lines(b: Builder) -> tuple[taglines.Line, ...]:
    """The lines of the edition's clinic's notice, English first; none without a notice."""
    assistance = b.doc.clinic.language_assistance
    if assistance is None:
        return ()
    clinic = b.doc.clinic
    return taglines.notice(assistance.codes(), assistance.phone or clinic.contact.phone,
                           assistance.tty)


def parts(b: Builder, setting: Setting) -> Parts | None:
    """The notice set as ``setting`` says, or None when the clinic has none."""
    found = lines(b)
    if not found:
        return None
    title = b.words("language_assistance")
    heading = Heading(markup.escape(title), setting.heading, 2, title, HEADING_ID)
    english, *others = found
    return Parts(heading, _line(b, english, setting, labelled=False),
                 tuple(_line(b, line, setting, labelled=True) for line in others))


def _line(b: Builder, line: taglines.Line, setting: Setting, labelled: bool) -> Flowable:
    tagline = line.tagline
    script, family, size = tagline.script, b.s.family, setting.size
    face = family.script(script)
    if face is None and script not in ("Latn", "Cyrl"):
        file = SCRIPT_FILES.get(script, script)
        raise NotFoundError(f"the {tagline.name} tagline needs the font fonts/scripts/{file}, "
                            f"which this project does not have (fonts/scripts/make.py makes it)")
    after = size * setting.after
    leading = round(size * setting.leading, 2)
    label = tagline.own_name if labelled else ""
    if script in SIMPLE:
        style = b.s.derive(f"tagline_{script}_{size}_{setting.leading}", size, family.regular,
                           leading=leading, after=after,
                           wordWrap="CJK" if script in UNSPACED else None)
        text = _markup(line.text, face, family.regular)
        if label:
            name = (markup.bold(label) if script in BOLD
                    else _markup(label, face, family.regular))
            text = markup.join([markup.colour(b.p.brand_text, name), markup.text("\u2002"), text])
        para = AlikeParagraph(text, style)  # it holds the clinic's phone number and colour
        para.lang = tagline.code  # type: ignore[attr-defined]
        return para
    assert face is not None
    scale = ARABIC_SCALE if script == "Arab" else 1.0
    return ShapedParagraph(line.text, (face, family.regular), size * scale, leading * scale,
                           HexColor(b.p.ink), tagline.rtl, tagline.code, after, label=label,
                           label_colour=HexColor(b.p.brand_text))


def _markup(text: str, face: str | None, regular: str) -> markup.Markup:
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
