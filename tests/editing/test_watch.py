"""``handout watch``: it rebuilds on save (only what changed), survives a mistake and stops on
Ctrl-C. Each test runs the real command in its own process against a scratch project, edits files
as editors do and reads the lines it prints and the PDFs it writes."""

from __future__ import annotations

import os
import re
import shutil
import time

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import ROOT, TINY_GUIDE, pdf_text, tiny_project
from tests.editing.watching import Running, save_like_an_editor

CLINIC = """\
name: Tiny Clinic
brand:
  primary: "#1D5B79"
  logo: {file: assets/c/logo.png, alt: "A plain coloured square"}
contact:
  phone: "(303) 555-0142"
"""

BUILT = r"^\d\d:\d\d:\d\d built "
REBUILT = r"^\d\d:\d\d:\d\d rebuilt "


def logo(path, colour) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (60, 60), colour).save(path)


@pytest.fixture
def project(tmp_path):
    project = tiny_project(tmp_path, CLINIC)
    logo(project.root / "assets" / "c" / "logo.png", (200, 30, 30))
    second = TINY_GUIDE.replace("id: tiny", "id: second").replace("A short guide", "Second guide")
    (project.guides_dir / "second.yaml").write_text(second, encoding="utf-8")
    return project


def start(project, out, *more: str, built=r"second \(handout\); tiny \(handout\)", env=None
          ) -> Running:
    watch = Running(["--clinic", "c", "--format", "handout", "--out", str(out),
                     "--root", str(project.root), *more], project.root, env)
    watch.expect(BUILT + built + r" in \d+\.\d\d s$")
    watch.expect(r"^watching \d+ files for c, PDFs in .*; press Ctrl-C to stop$")
    return watch


def test_rebuilds_on_save_survives_a_mistake_and_stops_on_ctrl_c(project, tmp_path):
    out = tmp_path / "out"
    bin_dir = tmp_path / "bin"  # the system viewer that --open starts: one that notes its file
    bin_dir.mkdir()
    viewer = bin_dir / "xdg-open"
    viewer.write_text(f'#!/bin/sh\necho "$1" >> {tmp_path / "opened"}\n')
    viewer.chmod(0o755)
    watch = start(project, out, "--open", env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    try:
        tiny, second = out / "c" / "tiny.pdf", out / "c" / "second.pdf"
        untouched = second.stat().st_mtime_ns
        clinic = project.clinics_dir / "c.yaml"

        # an editor's save (temporary file renamed over the clinic file): only the clinic's
        # PDFs depend on it, and both guides' PDFs do
        save_like_an_editor(clinic, CLINIC.replace("Tiny Clinic", "Renamed Clinic"))
        watch.expect(REBUILT + r"second \(handout\); tiny \(handout\) in ")
        assert "Renamed Clinic" in pdf_text(tiny) and "Renamed Clinic" in pdf_text(second)

        # one guide changed: only its PDF is rebuilt
        untouched = second.stat().st_mtime_ns
        guide = project.guides_dir / "tiny.yaml"
        guide.write_text(TINY_GUIDE.replace("An opening paragraph", "A changed opening"))
        watch.expect(REBUILT + r"tiny \(handout\) in \d+\.\d\d s$")
        assert "A changed opening" in pdf_text(tiny)
        assert second.stat().st_mtime_ns == untouched

        # a burst of saves is one rebuild, of the last one
        for n in range(5):
            guide.write_text(TINY_GUIDE.replace("An opening paragraph", f"Save number {n}"))
            time.sleep(0.02)
        watch.expect(REBUILT + r"tiny \(handout\) in ")
        assert watch.quiet(1.5) == []
        assert "Save number 4" in pdf_text(tiny)

        # a mistake: printed with its place, the last good PDF kept, and watch goes on
        good = tiny.read_bytes()
        save_like_an_editor(clinic, CLINIC.replace('"(303) 555-0142"', "call us"))
        watch.expect(r"^\d\d:\d\d:\d\d not rebuilt \(\d+\.\d\d s\): fix the mistake above; "
                     r"the last good PDFs are unchanged$")
        assert watch.said("error: 1 problem found:"), watch.transcript()
        assert watch.said("  content/clinics/c.yaml:6:10: contact.phone: expected a phone number "
                          "(like \"(303) 555-0142\"), got 'call us'"), watch.transcript()
        assert tiny.read_bytes() == good
        assert sorted(p.name for p in tiny.parent.iterdir()) == ["second.pdf", "tiny.pdf"]

        save_like_an_editor(clinic, CLINIC.replace("Tiny Clinic", "Fixed Clinic"))
        watch.expect(REBUILT + r"second \(handout\); tiny \(handout\) in ")
        assert "Fixed Clinic" in pdf_text(tiny)

        # saving what is already built rebuilds nothing
        save_like_an_editor(clinic, CLINIC.replace("Tiny Clinic", "Fixed Clinic"))
        watch.expect(r"^\d\d:\d\d:\d\d up to date \(")

        # files that the PDFs do not use are not watched for
        (project.clinics_dir / "other.yaml").write_text("name: Other\n")
        (project.clinics_dir / "notes.txt").write_text("a note\n")
        assert watch.quiet(1.0) == []
        # a translation of a watched guide is watched (nothing builds translations yet)
        (project.guides_dir / "tiny.es.yaml").write_text(TINY_GUIDE, encoding="utf-8")
        watch.expect(r"^\d\d:\d\d:\d\d up to date \(")

        assert watch.interrupt() == 0, watch.transcript()
        assert watch.out[-1] == "stopped watching; the PDFs written are complete"
        assert "Traceback" not in "\n".join(watch.err)
        assert (tmp_path / "opened").read_text().splitlines() == [str(out / "c" / "second.pdf")]
    finally:
        watch.close()


def test_a_changed_picture_and_font_are_picked_up(project, tmp_path):
    (project.root / "fonts").unlink()  # a copy of our own, to edit
    shutil.copytree(ROOT / "fonts", project.root / "fonts")
    out = tmp_path / "out"
    watch = start(project, out, "--guide", "tiny", built=r"tiny \(handout\)")
    try:
        tiny = out / "c" / "tiny.pdf"
        assert logo_colour(tiny) == (200, 30, 30)
        logo(project.root / "assets" / "c" / "logo.png", (30, 160, 60))
        watch.expect(REBUILT + r"tiny \(handout\) in ")
        assert logo_colour(tiny) == (30, 160, 60)

        assert "NotoSerif-Italic" not in fonts_of(tiny)
        # the text face replaced (by another of ours, renamed): the long-lived process must
        # register the new file, not keep measuring and drawing with the old one
        shutil.copy(ROOT / "fonts" / "NotoSerif-Italic.ttf", project.root / "fonts" / "new.ttf")
        os.replace(project.root / "fonts" / "new.ttf",
                   project.root / "fonts" / "NotoSans-Regular.ttf")
        watch.expect(REBUILT + r"tiny \(handout\) in ")
        assert "NotoSerif-Italic" in fonts_of(tiny)

        # the logo moved to a folder not watched yet: the clinic file says so, the build reads
        # the new picture, and from then on its folder is watched too
        logo(project.root / "pictures" / "logo.png", (20, 20, 220))
        clinic = project.clinics_dir / "c.yaml"
        save_like_an_editor(clinic, CLINIC.replace("assets/c/logo.png", "pictures/logo.png"))
        watch.expect(REBUILT + r"tiny \(handout\) in ")
        assert logo_colour(tiny) == (20, 20, 220)
        logo(project.root / "pictures" / "logo.png", (240, 200, 0))
        watch.expect(REBUILT + r"tiny \(handout\) in ")
        assert logo_colour(tiny) == (240, 200, 0)
        assert watch.interrupt() == 0
    finally:
        watch.close()


def test_an_unknown_clinic_stops_at_once(project, tmp_path):
    watch = Running(["--clinic", "cc", "--root", str(project.root)], project.root)
    try:
        assert watch.proc.wait(30) == 2
        time.sleep(0.1)
        assert watch.err == ["error: unknown clinic 'cc': there is no content/clinics/cc.yaml; "
                             "did you mean 'c'?"]
    finally:
        watch.close()


def logo_colour(pdf) -> tuple[int, int, int]:
    (image,) = PdfReader(str(pdf)).pages[0].images
    return image.image.convert("RGB").getpixel((10, 10))


def fonts_of(pdf) -> str:
    names = []
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.append(str(font.get_object()["/BaseFont"]))
    return " ".join(re.sub(r"^[A-Z]{6}\+", "", n) for n in names)
