"""The files each format writes, named here without loading the renderer.

Deciding which PDFs are up to date (``batch.plan``) needs only their names; the layout formats,
which import ReportLab, take their file names from here too, so each name is said once.

An edition in another language than English carries the language's code before ``.pdf``
(``<guide>-booklet.es.pdf``); English file names have none, as before there were translations.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The language of the guides in ``content/guides/<id>.yaml``; translations are
#: ``content/guides/<id>.<language>.yaml``.
ENGLISH = "en"


@dataclass(frozen=True)
class Files:
    """The file names of one format: its PDF and, for the booklet, the edition imposed for print."""

    format: str
    suffix: str  # added to the guide id
    print_suffix: str | None = None
    #: built with bleed for a print shop by ``handout build --bleed`` (large print is printed
    #: in the office, so it is always laid out for office printers)
    bleeds: bool = False

    def pdf(self, guide_id: str, language: str = ENGLISH) -> str:
        return f"{guide_id}{self.suffix}{_tail(language)}.pdf"

    def print_pdf(self, guide_id: str, language: str = ENGLISH) -> str | None:
        return f"{guide_id}{self.print_suffix}{_tail(language)}.pdf" if self.print_suffix else None

    def all(self, guide_id: str, language: str = ENGLISH) -> tuple[str, ...]:
        """Every file of the format for a guide: the PDF first, then its print edition."""
        sheets = self.print_pdf(guide_id, language)
        return (self.pdf(guide_id, language), *([sheets] if sheets else []))



def _tail(language: str) -> str:
    return "" if language == ENGLISH else f".{language}"


#: Format name → its files, in the order the formats are built and listed.
FILES: dict[str, Files] = {f.format: f for f in (
    Files("handout", "", bleeds=True),
    Files("booklet", "-booklet", "-booklet-print", bleeds=True),
    Files("large-print", "-large-print"),
)}
