"""The pipeline, wired: load → model → resolve → layout → render → (impose) → write.

``build_edition`` makes the bytes of one clinic's edition of one guide in one format;
``build_clinic`` writes its files. Nothing is written until every stage has succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Output:
    path: Path
    format: str
    size: int


def document(project: Project, clinic: str, guide: str) -> Document:
    """Load, validate and resolve one clinic's edition of one guide (no layout yet), and make
    sure our fonts and pages can print its text."""
    parsed_guide, parsed_clinic = project.guide(guide), project.clinic(clinic)
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


def build_clinic(project: Project, clinic: str, guides: list[str], out_dir: Path,
                 formats: list[str] | None = None, flip: Flip = "short",
                 marks: bool = False) -> list[Output]:
    """Build every guide × format for one clinic; all are rendered before any is written.

    A format with a print edition (the booklet) also gives its pages imposed on sheets, printed
    duplex flipped on the ``flip`` edge, with fold and trim marks if ``marks``.
    """
    rendered: list[tuple[Path, str, bytes]] = []
    for guide in guides:
        doc = document(project, clinic, guide)
        for name in formats or list(FORMATS):
            fmt = FORMATS[name]
            path = out_dir / clinic / fmt.file_name(guide)
            data = render_edition(project, doc, fmt)
            rendered.append((path, name, data))
            sheets = fmt.print_file_name(guide)
            if sheets:
                from handout.impose import impose

                rendered.append((out_dir / clinic / sheets, f"{name}-print",
                                 impose(data, PAPER[doc.clinic.paper], flip, marks)))
    outputs = []
    for path, name, data in rendered:
        write_atomic(path, data)
        outputs.append(Output(path, name, len(data)))
    return outputs
