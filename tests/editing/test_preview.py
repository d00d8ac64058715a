"""``handout preview``: one picture per page, a contact sheet per edition, and the visual check of
every format against committed references."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PIL import Image, ImageChops
from pypdf import PdfReader

from handout.editing.preview import GAP, contact_sheet
from tests.conftest import TINY_GUIDE, tiny_project
from tests.editing import visual

CLINIC = 'name: Tiny Clinic\nbrand: {primary: "#2E6B3F"}\ncontact: {phone: "(503) 555-0199"}\n'


def preview(*args: str, cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", "preview", *args], cwd=cwd,
                          capture_output=True, text=True)


def test_a_picture_per_page_and_a_contact_sheet_per_edition(tmp_path):
    project = tiny_project(tmp_path, CLINIC)
    result = preview("--clinic", "c", "--dpi", "36", "--root", str(project.root), "--out", "out",
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "c"
    files = ["tiny", "tiny-booklet", "tiny-booklet-print", "tiny-large-print"]
    for name in files:
        pdf = PdfReader(str(out / f"{name}.pdf"))
        pictures = sorted((out / "preview" / name).iterdir())
        assert [p.name for p in pictures] == [f"page-{n:02d}.png" for n in
                                              range(1, len(pdf.pages) + 1)]
        for number, picture in enumerate(pictures):
            box = pdf.pages[number].mediabox
            with Image.open(picture) as image:  # each page at 36 pixels an inch
                assert image.size == (round(float(box.width) / 2), round(float(box.height) / 2))
        assert f"wrote out/c/preview/{name}.png and {len(pictures)} pages in " \
               f"out/c/preview/{name}/" in result.stdout.splitlines()
        with Image.open(out / "preview" / f"{name}.png") as sheet:
            assert sheet.width > 2 * GAP
    assert result.stdout.count("wrote out/c/tiny") == 4  # the PDFs, built first

    # again, after the guide lost its FAQ: the booklet is shorter, its old pages are gone, and
    # the PDFs that did not change were not built again
    shorter = TINY_GUIDE.split("  - id: faq")[0] + "  - {id: panel, kind: clinic-panel}\n" + \
        "  - {id: sources, kind: sources, heading: Sources}\n"
    (project.guides_dir / "tiny.yaml").write_text(shorter, encoding="utf-8")
    again = preview("--clinic", "c", "--format", "booklet", "--dpi", "36", "--root",
                    str(project.root), "--out", "out", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    pages = len(PdfReader(str(out / "tiny-booklet.pdf")).pages)
    assert len(list((out / "preview" / "tiny-booklet").iterdir())) == pages


def test_unknown_guide_is_one_line_exit_2(tmp_path):
    project = tiny_project(tmp_path, CLINIC)
    result = preview("--clinic", "c", "--guide", "tinyy", "--root", str(project.root),
                     cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: unknown guide 'tinyy': there is no content/guides/tinyy.yaml;" \
                            " did you mean 'tiny'?\n"
    assert not (tmp_path / "dist").exists()


def test_lang_chooses_the_guides_translated_into_it(tmp_path):
    project = tiny_project(tmp_path, CLINIC)
    result = preview("--clinic", "c", "--lang", "es", "--root", str(project.root), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: --lang es: no guide is in es (a translation is " \
                            "content/guides/<guide>.es.yaml)\n"


def test_the_booklet_sheet_shows_spreads():
    """Pages of distinct shades: the cover alone on the right, then 2|3, 4|5, and the back cover
    alone on the left, as the folded booklet opens."""
    pages = [Image.new("RGB", (50, 80), (n * 30, 0, 0)) for n in range(1, 7)]
    sheet = contact_sheet(pages, spreads=True)

    def shade_at(x: int, y: int) -> int:
        return sheet.getpixel((x, y))[0] // 30

    top = GAP + 40  # inside the first row of thumbnails
    slot = 2 * 50 + GAP
    assert [shade_at(GAP + 25, top), shade_at(GAP + 75, top)] == [7, 1]  # background, cover
    assert [shade_at(GAP + slot + 25, top), shade_at(GAP + slot + 75, top)] == [2, 3]
    assert [shade_at(GAP + 2 * slot + 25, top), shade_at(GAP + 2 * slot + 75, top)] == [4, 5]
    assert [shade_at(GAP + 3 * slot + 25, top), shade_at(GAP + 3 * slot + 75, top)] == [6, 7]


@pytest.mark.parametrize("edition", visual.EDITIONS)
def test_page_one_looks_as_it_did(edition, editions, tmp_path):
    """An unintended change of layout shows here. After an intended one, refresh the references
    (python -m tests.editing.visual --refresh) and look at them before committing."""
    picture = visual.rendered(editions[visual.CLINIC][edition])
    with Image.open(visual.reference(edition)) as expected:
        share = visual.differing(picture, expected)
        if share > visual.SHARE:
            picture.save(tmp_path / "rendered.png")
            ImageChops.difference(picture, expected.convert("RGB")).save(tmp_path / "diff.png")
        assert share <= visual.SHARE, (
            f"page 1 of the {edition} edition differs from {visual.reference(edition).name} in "
            f"{share:.1%} of its pixels; see {tmp_path}/rendered.png and diff.png. If the change "
            f"is intended: python -m tests.editing.visual --refresh")


def test_the_visual_check_sees_a_small_change(editions):
    """The tolerance lets through what quantising costs, and not a shift of one pixel (2.4 pt)
    or another clinic's page."""
    picture = visual.rendered(editions[visual.CLINIC]["handout"])
    with Image.open(visual.reference("handout")) as expected:
        assert visual.differing(ImageChops.offset(picture, 0, 1), expected) > visual.SHARE
    other = visual.rendered(editions["willamette"]["handout"])
    with Image.open(visual.reference("handout")) as expected:
        assert visual.differing(other, expected) > visual.SHARE
