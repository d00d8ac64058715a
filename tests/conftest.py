"""Shared fixtures: the project itself, and every shipped clinic built once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from handout.build import build_clinic
from handout.outputs import ENGLISH
from handout.project import Project
from tests.shared import once

ROOT = Path(__file__).resolve().parents[1]
GUIDE = "ketamine-benefits-risks"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def project() -> Project:
    return Project.at(ROOT)


@pytest.fixture(scope="session")
def built(shipped) -> dict[str, Path]:
    """clinic name → path of its handout PDF of GUIDE (from the session's shared build)."""
    return {clinic: files["handout"] for (clinic, guide), files in shipped.items() if guide == GUIDE}


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


def harbor_light_with_notice(tmp_path: Path, languages: str) -> Project:
    """``copy_project``, with Harbor Light printing a notice of language assistance in
    ``languages`` (YAML: "[es, ar]")."""
    project = copy_project(tmp_path)
    clinic = project.clinics_dir / "harbor-light.yaml"
    clinic.write_text(clinic.read_text(encoding="utf-8") + "\nlanguage_assistance:\n"
                      f"  languages: {languages}\n", encoding="utf-8")
    return project


def sampler_project(tmp_path: Path, fonts: str = "link") -> Project:
    """A scratch copy of the sampler project (tests/fixtures/sampler: a guide with every kind of
    block, three clinics) that a test may edit; ``fonts="copy"`` copies our fonts instead of
    linking them, for a test that edits one."""
    dest = tmp_path / "sampler"
    shutil.copytree(FIXTURES / "sampler", dest)
    if fonts == "copy":
        shutil.copytree(ROOT / "fonts", dest / "fonts")
    else:
        (dest / "fonts").symlink_to(ROOT / "fonts")
    return Project.at(dest)


@pytest.fixture(scope="session")
def sampler(tmp_path_factory) -> Project:
    """The sampler project, for tests that only read it."""
    return sampler_project(tmp_path_factory.mktemp("sampler"))


class Built:
    """The editions of one guide of a project, each built when a test first asks for it and
    kept for the session."""

    def __init__(self, project: Project, guide: str, out: Path):
        self.project, self.guide, self.out = project, guide, out
        self._paths: dict[tuple[str, str], Path] = {}

    def __call__(self, clinic: str, edition: str = "handout") -> Path:
        """The PDF of ``edition`` ("handout", "booklet", "booklet-print", "large-print")."""
        if (clinic, edition) not in self._paths:
            fmt = {"booklet-print": "booklet"}.get(edition, edition)  # made with its booklet
            for output in build_clinic(self.project, clinic, [self.guide], self.out, [fmt]):
                self._paths[(clinic, output.format)] = output.path
        return self._paths[(clinic, edition)]


@pytest.fixture(scope="session")
def sampled(sampler: Project, tmp_path_factory) -> Built:
    """``sampled(clinic, edition)``: the sampler guide's edition for a sampler clinic."""
    return Built(sampler, "sampler", tmp_path_factory.mktemp("sampled"))


@pytest.fixture(scope="session")
def editions(shipped) -> dict[str, dict[str, Path]]:
    """clinic name → {"handout", "booklet", "booklet-print", "large-print"} → PDF path of GUIDE
    (from the session's shared build)."""
    return {clinic: files for (clinic, guide), files in shipped.items() if guide == GUIDE}


@pytest.fixture(scope="session")
def shipped(project: Project, tmp_path_factory) -> dict[tuple[str, str], dict[str, Path]]:
    """(clinic, guide) → {"handout", "booklet", "booklet-print", "large-print"} → PDF path, for
    every shipped clinic and every shipped guide (built once for all the session's workers)."""
    def make(out: Path) -> dict[tuple[str, str], dict[str, Path]]:
        found: dict[tuple[str, str], dict[str, Path]] = {}
        for clinic in project.clinic_names():
            for made in build_clinic(project, clinic, project.guide_ids(), out):
                found.setdefault((clinic, made.edition.guide), {})[made.format] = made.path
        return found

    return once(tmp_path_factory, "shipped", make)


@pytest.fixture(scope="session")
def booklets(shipped) -> dict[tuple[str, str], Path]:
    """(clinic, guide) → the reading-order booklet, for every shipped clinic and guide (from the
    session's shared build)."""
    return {key: files["booklet"] for key, files in shipped.items()}


#: (clinic, guide, language): one clinic's edition of one guide in one language
Key = tuple[str, str, str]


def translations(project: Project) -> dict[str, list[str]]:
    """language → the shipped guides translated into it (English left out)."""
    found: dict[str, list[str]] = {}
    for guide in project.guide_ids():
        for language in project.languages(guide)[1:]:
            found.setdefault(language, []).append(guide)
    return found


def _every_language(project: Project, out: Path, **options) -> dict[Key, dict[str, Path]]:
    """(clinic, guide, language) → format → PDF path of every translation of every shipped
    guide for every shipped clinic, built with ``options`` (``build_clinic``'s)."""
    found: dict[Key, dict[str, Path]] = {}
    for clinic in project.clinic_names():
        for language, guides in sorted(translations(project).items()):
            for made in build_clinic(project, clinic, guides, out, languages=(language,),
                                     **options):
                e = made.edition
                found.setdefault((clinic, e.guide, e.language), {})[made.format] = made.path
    return found


@pytest.fixture(scope="session")
def translated(project: Project, tmp_path_factory) -> dict[Key, dict[str, Path]]:
    """(clinic, guide, language) → {"handout", "booklet", "booklet-print", "large-print"} → PDF
    path, for every translation of every shipped guide, for every shipped clinic."""
    return once(tmp_path_factory, "translated", lambda out: _every_language(project, out))


@pytest.fixture(scope="session")
def every_language(shipped, translated) -> dict[Key, dict[str, Path]]:
    """(clinic, guide, language) → edition → PDF path: ``shipped`` (English) and ``translated``."""
    return {**{(clinic, guide, ENGLISH): files for (clinic, guide), files in shipped.items()},
            **translated}


@pytest.fixture(scope="session")
def print_shop(project: Project, tmp_path_factory) -> dict[Key, dict[str, Path]]:
    """(clinic, guide, language) → {"handout", "booklet", "booklet-print"} → PDF path, laid out
    for a print shop (``--bleed``), for every shipped clinic, guide and translation. Large print
    has no print-shop layout: with ``--bleed`` it is the office's file."""
    shop = {"formats": ["handout", "booklet"], "bleed": True}

    def make(out: Path) -> dict[Key, dict[str, Path]]:
        found: dict[Key, dict[str, Path]] = {}
        for clinic in project.clinic_names():
            for made in build_clinic(project, clinic, project.guide_ids(), out, **shop):
                found.setdefault((clinic, made.edition.guide, ENGLISH), {})[made.format] = made.path
        return {**found, **_every_language(project, out, **shop)}

    return once(tmp_path_factory, "print-shop", make)


@pytest.fixture(scope="session")
def marked(project: Project, every_language, tmp_path_factory) -> dict[Key, Path]:
    """(clinic, guide, language) → the booklet's print edition with fold and trim marks, its back
    sides turned for the long edge (``--marks --flip long``), for every shipped clinic, guide and
    translation. Those options change only the sheets, so they are imposed from the booklet in
    ``every_language`` as the build imposes them, without laying the booklet out again."""
    from handout.impose import impose
    from handout.layout.formats import PAPER

    def make(out: Path) -> dict[Key, Path]:
        found: dict[Key, Path] = {}
        for (clinic, guide, language), files in every_language.items():
            paper = PAPER[project.clinic(clinic).value.paper]
            path = found[(clinic, guide, language)] = out / f"{clinic}-{guide}.{language}.pdf"
            path.write_bytes(impose(files["booklet"].read_bytes(), paper, "long", marks=True))
        return found

    return once(tmp_path_factory, "marked", make)


TINY_GUIDE = """\
id: tiny
title: A short guide
version: "1"
reviewed: 2026-11-01
sources:
  - {id: s1, label: "Source one", citation: "Source one (2024)."}
blocks:
  - {id: intro, kind: paragraph, text: "An opening paragraph [@s1]."}
  - id: costs
    kind: items
    heading: Things to know
    item_label: Point
    items:
      - {id: cost, title: Costs, body: "Treatment costs money.", pricing: after}
  - id: faq
    kind: faq
    heading: Questions
    entries:
      - {id: insurance, question: "Is it covered?", answer: "Ask your insurer.", pricing: after}
  - {id: panel, kind: clinic-panel}
  - {id: sources, kind: sources, heading: Sources}
"""


def tiny_project(tmp_path: Path, clinic_yaml: str, guide_yaml: str = TINY_GUIDE) -> Project:
    """A project with one small guide ('tiny') and one clinic ('c'): quick to build."""
    root = tmp_path / "tiny"
    (root / "content" / "guides").mkdir(parents=True, exist_ok=True)
    (root / "content" / "clinics").mkdir(parents=True, exist_ok=True)
    if not (root / "fonts").exists():
        (root / "fonts").symlink_to(ROOT / "fonts")
    (root / "content" / "guides" / "tiny.yaml").write_text(guide_yaml, encoding="utf-8")
    (root / "content" / "clinics" / "c.yaml").write_text(clinic_yaml, encoding="utf-8")
    return Project.at(root)
