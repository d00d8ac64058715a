"""A clinic's text for one guide stays with that guide; adding a guide never breaks a clinic."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from handout.build import build_clinic
from handout.errors import ContentError
from tests.conftest import ROOT, copy_project, pdf_text, tiny_project

CLINIC = 'name: Tiny Clinic\ncontact: {phone: "(303) 555-0142"}\nbrand: {primary: "#1D5B79"}\n'
SECOND = """\
id: second
title: A second guide
version: "1"
reviewed: 2026-11-01
blocks:
  - {id: only, kind: paragraph, text: "The second guide has one paragraph."}
"""
FOR_TINY = CLINIC + """\
disclaimer: "General information only."
guides:
  tiny:
    disclaimer: "Said of the tiny guide only."
    overrides:
      - op: append
        after: intro
        block: {id: ours, kind: paragraph, text: "A paragraph for the tiny guide only."}
"""


def _with_second(tmp_path, clinic: str):
    project = tiny_project(tmp_path, clinic)
    (project.guides_dir / "second.yaml").write_text(SECOND)
    return project


def test_text_for_one_guide_is_printed_with_that_guide_only(tmp_path):
    project = _with_second(tmp_path, FOR_TINY)
    out = {o.path.name: o.path for o in build_clinic(project, "c", ["tiny", "second"],
                                                     tmp_path / "out", formats=["handout"])}
    tiny, second = pdf_text(out["tiny.pdf"]), pdf_text(out["second.pdf"])
    assert "A paragraph for the tiny guide only." in tiny
    assert "Said of the tiny guide only." in tiny and "General information only." in tiny
    assert "The second guide has one paragraph." in second
    assert "tiny guide only" not in second and "General information only." in second


def test_an_override_for_a_guide_that_does_not_exist_is_an_error_at_its_line(tmp_path):
    project = _with_second(tmp_path, FOR_TINY.replace("  tiny:", "  tinny:"))
    with pytest.raises(ContentError) as err:
        build_clinic(project, "c", ["second"], tmp_path / "out", formats=["handout"])
    assert str(err.value).splitlines()[1].strip() == (
        "content/clinics/c.yaml:6:3: guides.tinny: expected the id of a guide in "
        "content/guides/, got 'tinny' (did you mean 'tiny'?)")


def test_overrides_at_the_top_of_a_clinic_file_say_where_they_go_now(tmp_path):
    project = tiny_project(tmp_path, CLINIC + "overrides:\n  - {op: remove, id: intro}\n")
    with pytest.raises(ContentError, match=r"c.yaml:4:1: overrides: expected only known keys, "
                                           r"got unknown key 'overrides' \(overrides belong to "
                                           r"one guide now: write them under 'guides:'"):
        build_clinic(project, "c", ["tiny"], tmp_path / "out", formats=["handout"])


def test_a_new_guide_builds_for_every_shipped_clinic_unchanged(tmp_path):
    project = copy_project(tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "guides" / "every-kind.yaml", project.guides_dir)
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "handout", "build", "--all", "--format", "all",
                             "--root", str(project.root), "--out", str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for clinic in project.clinic_names():
        for guide in project.guide_ids():
            for name in (f"{guide}.pdf", f"{guide}-booklet.pdf", f"{guide}-booklet-print.pdf",
                         f"{guide}-large-print.pdf"):
                assert (out / clinic / name).stat().st_size > 0, (clinic, name)
