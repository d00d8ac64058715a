"""Shared fixtures: the project itself, and every shipped clinic built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.project import Project

ROOT = Path(__file__).resolve().parents[1]
GUIDE = "ketamine-benefits-risks"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.at(ROOT)


@pytest.fixture(scope="session")
def built(project: Project, tmp_path_factory) -> dict[str, Path]:
    """clinic name → path of its handout PDF, built once for the whole session."""
    out = tmp_path_factory.mktemp("dist")
    paths = {}
    for clinic in project.clinic_names():
        outputs = build_clinic(project, clinic, [GUIDE], out, formats=["handout"])
        paths[clinic] = outputs[0].path
    return paths


def pdf_text(path: Path) -> str:
    """The text of every page, with whitespace collapsed, as a reader's copy-paste would give it."""
    reader = PdfReader(str(path))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def copy_project(tmp_path: Path) -> Project:
    """A scratch copy of the project that a test may edit freely."""
    dest = tmp_path / "project"
    shutil.copytree(ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "assets", dest / "assets")
    (dest / "fonts").symlink_to(ROOT / "fonts")
    return Project.at(dest)


@pytest.fixture(scope="session")
def editions(project: Project, tmp_path_factory) -> dict[str, dict[str, Path]]:
    """clinic name → {"handout", "booklet", "booklet-print", "large-print"} → PDF path."""
    out = tmp_path_factory.mktemp("editions")
    return {clinic: {o.format: o.path for o in build_clinic(project, clinic, [GUIDE], out)}
            for clinic in project.clinic_names()}
