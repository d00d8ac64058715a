"""``handout check``: every rule, reading grades, --strict and errors, as a reviewer sees them."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from handout.check_report import run_check
from tests.conftest import ROOT, copy_project

GUIDE_FILE = "content/guides/ketamine-benefits-risks.yaml"
TODAY = dt.date(2026, 12, 1)
FIGURE = """\
      - id: more-you-know-picture
        kind: figure
        asset: assets/boulder/logo.svg
        {alt}
"""


def check(root: Path, clinic: str | None = None, strict: bool = False) -> tuple[int, list[str],
                                                                                list[str]]:
    out: list[str] = []
    errs: list[str] = []

    def echo(text: str, err: bool = False) -> None:
        (errs if err else out).append(text)

    return run_check(root, clinic, strict, echo, today=TODAY), out, errs


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, capture_output=True,
                          text=True)


def test_shipped_project_from_the_command_line(tmp_path):
    result = run("check", "--all")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("Checked 3 clinics (boulder, harbor-light, willamette) and 3 guides "
                        "(first-visit, ketamine-benefits-risks, warning-signs).")
    assert "  content/guides/ketamine-benefits-risks.yaml" in lines
    assert any(line.strip().endswith("How Ketamine Works in the Brain  [blocks[4], line 89]")
               for line in lines)
    assert ("warning: content/clinics/harbor-light.yaml:14:12: brand.primary: text in #F2A900 on "
            "white or on the pale panels has contrast 1.9:1, below WCAG AA (4.5:1); headings, "
            "links and labels print in the darker #966900 instead") in result.stderr.splitlines()
    assert lines[-1].startswith("0 errors, ")
    strict = run("check", "--all", "--strict")
    assert strict.returncode == 1
    assert strict.stdout.splitlines()[-1].endswith("; --strict makes warnings fail the check.")


def test_check_writes_nothing(tmp_path):
    project = copy_project(tmp_path)

    def files():  # every file and folder, with the content of each file
        return {p.relative_to(project.root): p.read_bytes() if p.is_file() else None
                for p in project.root.rglob("*") if p.name != "fonts"}

    before = files()
    assert run("check", cwd=project.root).returncode == 0
    assert files() == before


@pytest.mark.parametrize("file, old, new, expected", [
    ("content/clinics/boulder.yaml", "website: https://boulderketamine.example",
     "website: http://boulderketamine.example",
     "content/clinics/boulder.yaml:21:12: contact.website: the link http://boulderketamine.example "
     "is not https, mailto or tel: browsers mark plain http pages as not secure; use the https:// "
     "address"),
    (GUIDE_FILE, "Ketamine therapy isn’t one-size-fits-all.",
     "Ketamine therapy isn’t [one-size-fits-all](http://example.org/fit).",
     "content/guides/ketamine-benefits-risks.yaml:154:15: blocks[6].blocks[0].text: the link "
     "http://example.org/fit is not https, mailto or tel: browsers mark plain http pages as not "
     "secure; use the https:// address"),
    (GUIDE_FILE, "next_review: 2027-11-01", "next_review: 2026-11-01",
     "content/guides/ketamine-benefits-risks.yaml:25:14: next_review: this guide was due for "
     "review on 2026-11-01 (30 days ago); review the text, then update 'reviewed' and "
     "'next_review'"),
    (GUIDE_FILE, "      - id: more-you-know-pace\n",
     FIGURE.format(alt="decorative: true") + "      - id: more-you-know-pace\n",
     "content/guides/ketamine-benefits-risks.yaml:159:21: blocks[6].blocks[1].decorative: the "
     "picture assets/boulder/logo.svg has no alt text (it is marked decorative): screen readers "
     "skip it, so make sure it carries no information"),
    (GUIDE_FILE, "      - id: more-you-know-pace\n",
     FIGURE.format(alt="alt: Logo") + "      - id: more-you-know-pace\n",
     "content/guides/ketamine-benefits-risks.yaml:159:14: blocks[6].blocks[1].alt: the alt text "
     "'Logo' does not say what the picture shows; describe it as you would to someone on the "
     "phone"),
    ("content/clinics/boulder.yaml", '"#1D5B79"', '"#FFD700"',
     "content/clinics/boulder.yaml:12:12: brand.primary: text in #FFD700 on white or on the pale "
     "panels has contrast 1.3:1, below WCAG AA (4.5:1); headings, links and labels print in the "
     "darker #877200 instead"),
    ("content/clinics/boulder.yaml", '"#1D5B79"', '"#8855AA"',
     "content/clinics/boulder.yaml:12:12: brand.primary: text in #8855AA on white or on the pale "
     "panels has contrast 4.4:1 when printed in grey, below WCAG AA (4.5:1); headings, links and "
     "labels print in the darker #8754A8 instead"),
    ("content/clinics/boulder.yaml", '"#1D5B79"', '"#009900"',
     "content/clinics/boulder.yaml:12:12: brand.primary: neither white nor black text reaches "
     "4.5:1 on #009900 both in colour and printed in grey; the numbered badges print on the "
     "darker #008A00 instead"),
    ("content/clinics/boulder.yaml",
     "Questions before your appointment? Call us at {clinic.phone}.",
     "Notwithstanding considerable pharmacological heterogeneity, individualized therapeutic "
     "administration necessitates comprehensive multidisciplinary consultation.",
     "content/clinics/boulder.yaml:70:11: guides.ketamine-benefits-risks.overrides[0].block: "
     "'boulder-first-visit' reads at grade "
     "13.2 (Flesch–Kincaid), above the grade 8 recommended for patient material; use shorter "
     "sentences and everyday words"),
])
def test_each_warning(tmp_path, file, old, new, expected):
    project = copy_project(tmp_path)
    status, _, err = check(project.root, "boulder")
    assert status == 0 and f"warning: {expected}" not in err
    edit(project.root, file, old, new)
    status, out, err = check(project.root, "boulder")
    assert status == 0, err
    assert f"warning: {expected}" in err, "\n".join(err)
    status, _, _ = check(project.root, "boulder", strict=True)
    assert status == 1


def test_errors_are_reported_with_every_other_finding(tmp_path):
    project = copy_project(tmp_path)
    edit(project.root, "content/clinics/boulder.yaml", '"(303) 555-0142"', "call us")
    status, out, err = check(project.root)
    assert status == 2
    assert ("error: content/clinics/boulder.yaml:19:10: contact.phone: expected a phone number "
            "(like \"(303) 555-0142\"), got 'call us'") in err
    assert any(e.startswith("warning: content/clinics/harbor-light.yaml") for e in err)
    assert out[-1] == "1 error, 4 warnings; fix the errors, then run the check again."


@pytest.mark.parametrize("args, message", [
    (("--clinic", "bouldr"), "error: unknown clinic 'bouldr': there is no "
                             "content/clinics/bouldr.yaml; did you mean 'boulder'?"),
    (("--clinic", "boulder", "--all"), "error: give either --clinic NAME or --all, not both"),
])
def test_option_mistakes(args, message):
    result = run("check", *args)
    assert result.returncode == 2 and result.stderr.strip() == message


def test_broken_svg_is_found_without_building(tmp_path):
    project = copy_project(tmp_path)
    (project.root / "assets" / "boulder" / "logo.svg").write_text("<svg><g></svg")
    status, _, err = check(project.root, "boulder")
    assert status == 2
    assert ("error: content/clinics/boulder.yaml:15:11: brand.logo.file: expected an SVG picture "
            "(well-formed XML), got a broken file: expected '>', line 1, column "
            "14") in err
