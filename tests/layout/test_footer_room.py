"""Each format measures the room its own footer leaves for the clinic's name, and the check uses
that measure: the longest name it accepts prints without running into the page number."""

from __future__ import annotations

import subprocess

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout.build import build_clinic
from handout.catalog import Words
from handout.errors import ContentError
from handout.fonts import load
from handout.layout.formats import FORMATS
from tests.conftest import ROOT, tiny_project

CLINIC = ('name: N\nshort_name: "{name}"\ncontact: {{phone: "(303) 555-0142"}}\n'
          'brand: {{primary: "#1D5B79"}}\n')


def _fits(fmt_name: str, name: str) -> bool:
    fmt = FORMATS[fmt_name]
    faces = fmt.family(load(ROOT / "fonts"))
    text = fmt.footer_text(_Clinic(name))
    return stringWidth(text, faces.regular, fmt.metrics.footer) <= \
        fmt.footer_room(fmt, faces, Words("en"))


def _longest_name() -> tuple[str, str, str]:
    """The longest run of 'Wide' words every footer takes, one word more, and the format whose
    footer that is too long for."""
    name = "Wide"
    while True:
        longer = name + " Wide"
        tight = [f for f in FORMATS if not _fits(f, longer)]
        if tight:
            return name, longer, tight[0]
        name = longer


class _Clinic:
    def __init__(self, short: str):
        self.display_short = short
        self.footer = f"{short}  \u00b7  (303) 555-0142"


def _words(pdf, page: int) -> list[tuple[float, float, float, float, str]]:
    xml = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    import re

    return [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', xml)]


@pytest.mark.skipif(subprocess.run(["which", "pdftotext"], capture_output=True).returncode,
                    reason="needs poppler-utils")
@pytest.mark.parametrize("fmt_name", list(FORMATS))
def test_the_longest_accepted_name_fits_its_footer(tmp_path, fmt_name):
    fits, too_long, tight = _longest_name()
    project = tiny_project(tmp_path, CLINIC.format(name=fits))
    [pdf, *_] = build_clinic(project, "c", ["tiny"], tmp_path / "out", formats=[fmt_name])
    page = 1 if fmt_name != "booklet" else 3  # the booklet's clinic name is on right-hand pages
    words = _words(pdf.path, page)
    footer_y = max(w[1] for w in words)
    footer = sorted((w for w in words if abs(w[1] - footer_y) < 2), key=lambda w: w[0])
    assert "Wide" in [w[4] for w in footer]
    for (_, _, right_edge, _, a), (left_edge, _, _, _, b) in zip(footer, footer[1:], strict=False):
        assert right_edge <= left_edge, f"{a!r} runs into {b!r} in the {fmt_name} footer"

    (project.root / "content" / "clinics" / "c.yaml").write_text(CLINIC.format(name=too_long))
    with pytest.raises(ContentError, match=f"page footer of the {tight} format"):
        build_clinic(project, "c", ["tiny"], tmp_path / "out2", formats=[fmt_name])
