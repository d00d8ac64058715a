"""``--lang all`` builds: every language each guide is in, and only what changed is rebuilt."""

from __future__ import annotations

from handout import batch
from handout.plan import Request
from tests.conftest import GUIDE, copy_project


def made(project, out, languages=None, clinics=("harbor-light",)):
    result = batch.make(Request(project.root, clinics, out, formats=("handout",),
                                languages=languages))
    assert not result.failures, result.failures
    return sorted(m.path.name for o in result.outcomes for m in o.made)


def test_all_languages_and_only_what_changed(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    assert made(project, out) == [f"{GUIDE}.es.pdf", f"{GUIDE}.pdf"]
    assert made(project, out) == []
    # the translation changed: only the Spanish edition is rebuilt
    spanish = project.root / "content" / "guides" / f"{GUIDE}.es.yaml"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace(
        "Conozca los datos", "Sepa los datos"), encoding="utf-8")
    assert made(project, out) == [f"{GUIDE}.es.pdf"]
    # the English guide changed: a translation is checked against it, so both are rebuilt
    english = project.root / "content" / "guides" / f"{GUIDE}.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace(
        "Know the Facts", "Learn the Facts"), encoding="utf-8")
    assert made(project, out) == [f"{GUIDE}.es.pdf", f"{GUIDE}.pdf"]
    # English only, as before: the default
    assert made(project, out, ("en",)) == []


def test_a_guide_without_translations_builds_in_english_with_all(tmp_path):
    project = copy_project(tmp_path)
    guides = project.root / "content" / "guides"
    (guides / "second.yaml").write_text(
        (guides / f"{GUIDE}.yaml").read_text(encoding="utf-8").replace(
            f"id: {GUIDE}", "id: second"), encoding="utf-8")
    assert project.languages("second") == ["en"] and project.languages(GUIDE) == ["en", "es"]
    names = made(project, tmp_path / "out")
    assert names == ["ketamine-benefits-risks.es.pdf", "ketamine-benefits-risks.pdf",
                     "second.pdf"]
