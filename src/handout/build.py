"""The pipeline, wired: load → model → resolve → layout → render → (impose) → write.

``document`` checks and resolves one clinic's edition of one guide; ``editions`` makes the
bytes of its files in one format; ``build_clinic`` writes every file of one clinic, once all
have been made. Batch builds (``batch``) call the same functions, so they write the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from handout.colours import Palette
from handout.errors import ContentError
from handout.fonts import register
from handout.impose import Flip
from handout.layout.formats import FORMATS, PAPER, Format
from handout.layout.styles import StyleSheet
from handout.printable import footer_problems, glyph_problems
from handout.project import Project
from handout.render import render
from handout.resolve import Document, resolve
from handout.write import write_atomic

if TYPE_CHECKING:
    from handout.model import Guide, Parsed


@dataclass(frozen=True)
class Output:
    path: Path
    format: str
    size: int


def document(project: Project, clinic: str, guide: str,
             parsed_guide: Parsed[Guide] | None = None) -> Document:
    """Load, validate and resolve one clinic's edition of one guide (no layout yet), and make
    sure our fonts and pages can print its text.

    A caller building many clinics passes the guide it has already parsed (``parsed_guide``).
    """
    parsed_guide = parsed_guide or project.guide(guide)
    parsed_clinic = project.clinic(clinic)
    family = register(project.root / "fonts")
    problems = (glyph_problems(parsed_guide.source) + glyph_problems(parsed_clinic.source)
                + footer_problems(parsed_clinic.source, parsed_clinic.value, family))
    try:
        doc = resolve(parsed_guide, parsed_clinic, clinic, project.root)
    except ContentError as exc:  # report these with the resolve problems, all at once
        problems = sorted(exc.problems + problems, key=lambda p: (
            str(p.location.file), p.location.line or 0, p.location.column or 0))
        raise ContentError(problems) from None
    if problems:
        raise ContentError(problems)
    return doc


def render_edition(project: Project, doc: Document, fmt: Format) -> bytes:
    family = register(project.root / "fonts")
    brand = doc.clinic.brand
    palette = fmt.palette(Palette.from_brand(brand.primary, brand.accent))
    styles = StyleSheet(fmt.metrics, palette, fmt.family(family))
    return render(doc, styles, fmt)


@dataclass(frozen=True)
class File:
    """One file of an edition, made but not yet written."""

    name: str  # file name in the clinic's output folder
    edition: str  # the format's name, or ``<format>-print`` for its print edition
    data: bytes


def editions(project: Project, doc: Document, fmt: Format, flip: Flip = "short",
             marks: bool = False, bleed: bool = False) -> list[File]:
    """The files of one format of a resolved document: the PDF, then its print edition if any.

    A format with a print edition (the booklet) also gives its pages imposed on sheets, printed
    duplex flipped on the ``flip`` edge, with fold and trim marks if ``marks``. With ``bleed``,
    the formats a print shop prints are laid out with bleed (``Format.for_print_shop``).
    """
    guide = doc.guide.id
    fmt = fmt.for_print_shop() if bleed else fmt
    data = render_edition(project, doc, fmt)
    files = [File(fmt.file_name(guide), fmt.name, data)]
    sheets = fmt.print_file_name(guide)
    if sheets:
        from handout.impose import impose

        files.append(File(sheets, f"{fmt.name}-print",
                          impose(data, PAPER[doc.clinic.paper], flip, marks)))
    return files


def build_clinic(project: Project, clinic: str, guides: list[str], out_dir: Path,
                 formats: list[str] | None = None, flip: Flip = "short",
                 marks: bool = False, bleed: bool = False) -> list[Output]:
    """Build every guide × format for one clinic; all are made before any is written."""
    made: list[File] = []
    for guide in guides:
        doc = document(project, clinic, guide)
        for name in formats or list(FORMATS):
            made += editions(project, doc, FORMATS[name], flip, marks, bleed)
    outputs = []
    for file in made:
        path = out_dir / clinic / file.name
        write_atomic(path, file.data)
        outputs.append(Output(path, file.edition, len(file.data)))
    return outputs
