"""``handout check`` warns about a raster picture with too few pixels for the size it prints at."""

from __future__ import annotations

import datetime as dt

from PIL import Image

from handout.check_report import run_check
from tests.pictures.make import encode, project_with

TODAY = dt.date(2026, 12, 1)


def warnings(project) -> list[str]:
    lines: list[str] = []
    run_check(project.root, "c", False, lambda text, err=False: lines.append(text), today=TODAY)
    return [line for line in lines if line.startswith("warning:") and "picture is" in line]


def test_a_small_logo_is_a_warning(tmp_path):
    project = project_with(tmp_path, "logo.png", encode(Image.new("RGB", (120, 40), "teal")))
    assert warnings(project) == [
        "warning: content/clinics/c.yaml:4:16: brand.logo.file: the picture is 120 × 40 pixels "
        "and prints up to 1.6 in wide: 75 pixels an inch, below the 150 a sharp print needs; use "
        "one at least 240 pixels wide (480 for the 300 a printer prints)"]


def test_a_logo_with_enough_pixels_and_an_svg_are_not(tmp_path):
    project = project_with(tmp_path, "logo.png", encode(Image.new("RGB", (240, 80), "teal")))
    assert warnings(project) == []
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="12" height="4"><rect width="9"/></svg>'
    assert warnings(project_with(tmp_path / "svg", "logo.svg", svg)) == []


def test_a_small_figure_is_a_warning_at_the_guide(tmp_path):
    project = project_with(tmp_path, "photo.jpg", encode(Image.new("RGB", (600, 400)), "JPEG"),
                           as_figure=True)
    assert warnings(project) == [
        "warning: content/guides/tiny.yaml:20:36: blocks[3].asset: the picture is 600 × 400 "
        "pixels and prints up to 6.0 in wide: 100 pixels an inch, below the 150 a sharp print "
        "needs; use one at least 900 pixels wide (1800 for the 300 a printer prints)"]
