"""Formats: the page designs one guide can be printed in.

A format is data: paper, measure (line length), margins and the type metrics. The block builders
and page painters are shared; a format changes sizes, never copies a builder.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch

from handout.layout.styles import Metrics

PAPER = {"letter": LETTER, "a4": A4}


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  # added to the guide id in the output file name
    metrics: Metrics
    measure: float  # width of the text column, in points (about 70 characters of body text)
    top: float
    bottom: float

    def page_size(self, paper: str) -> tuple[float, float]:
        return PAPER[paper]

    def side_margin(self, paper: str) -> float:
        return (self.page_size(paper)[0] - self.measure) / 2

    def file_name(self, guide_id: str) -> str:
        return f"{guide_id}{self.suffix}.pdf"


HANDOUT = Format(name="handout", suffix="", metrics=Metrics(), measure=5.9 * inch,
                 top=0.75 * inch, bottom=0.9 * inch)

FORMATS: dict[str, Format] = {f.name: f for f in (HANDOUT,)}
