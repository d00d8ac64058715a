"""Languages meet a library of guides: ``--lang all`` builds every language each guide is in,
``--lang es`` the Spanish editions of the guides that have one, a guide named with a language it
lacks is an error; only what changed is rebuilt."""

from __future__ import annotations

import pytest

from handout import batch
from handout.errors import NotFoundError, UsageError
from handout.plan import Request
from tests.conftest import GUIDE, copy_project

ALL = ["first-visit.es.pdf", "first-visit.pdf", f"{GUIDE}.es.pdf", f"{GUIDE}.pdf",
       "warning-signs.pdf"]


def made(project, out, languages=None, clinics=("harbor-light",), guides=None):
    result = batch.make(Request(project.root, clinics, out, guides=guides, formats=("handout",),
                                languages=languages))
    assert not result.failures, result.failures
    return sorted(m.path.name for o in result.outcomes for m in o.made)


def test_all_languages_and_only_what_changed(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    assert made(project, out) == ALL
    assert made(project, out) == []
    # the translation changed: only its Spanish edition is rebuilt
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


def test_spanish_builds_the_translated_guides_of_the_library(tmp_path):
    project = copy_project(tmp_path)
    assert project.languages("warning-signs") == ["en"]
    assert project.languages("first-visit") == project.languages(GUIDE) == ["en", "es"]
    assert made(project, tmp_path / "out", ("es",)) == ["first-visit.es.pdf", f"{GUIDE}.es.pdf"]


def test_a_guide_named_in_a_language_it_lacks_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    with pytest.raises(NotFoundError) as caught:
        made(project, tmp_path / "out", ("es",), guides=("warning-signs",))
    assert str(caught.value) == (
        "the guide 'warning-signs' has no translation into 'es': there is no "
        "content/guides/warning-signs.es.yaml (it has no translations)")
    assert not (tmp_path / "out").exists()
    # named with a language it has, it builds
    assert made(project, tmp_path / "out", ("es",), guides=("first-visit",)) == [
        "first-visit.es.pdf"]


def test_a_language_no_guide_is_in_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    with pytest.raises(UsageError) as caught:
        made(project, tmp_path / "out", ("fr",))
    assert str(caught.value) == ("--lang fr: no guide is in fr (a translation is "
                                 "content/guides/<guide>.fr.yaml)")


def test_a_guide_without_translations_builds_in_english_with_all(tmp_path):
    project = copy_project(tmp_path)
    guides = project.root / "content" / "guides"
    (guides / "second.yaml").write_text(
        (guides / f"{GUIDE}.yaml").read_text(encoding="utf-8").replace(
            f"id: {GUIDE}", "id: second"), encoding="utf-8")
    assert project.languages("second") == ["en"]
    names = made(project, tmp_path / "out", guides=(GUIDE, "second"))
    assert names == [f"{GUIDE}.es.pdf", f"{GUIDE}.pdf", "second.pdf"]


def test_watch_and_preview_choose_languages_as_build_does(tmp_path):
    from handout.editing import choose
    from handout.editing.watch import Watch

    project = copy_project(tmp_path)
    request = choose.request(project.root, "boulder", None, ("handout",), ("es",), tmp_path)
    assert request.guides == ("first-visit", GUIDE)
    watch = Watch(request)
    assert watch.outputs() == ["boulder/first-visit.es.pdf", f"boulder/{GUIDE}.es.pdf"]
    assert watch.first_pdf() == tmp_path / "boulder" / "first-visit.es.pdf"
    every = Watch(choose.request(project.root, "boulder", GUIDE, ("handout",), None, tmp_path))
    assert every.outputs() == [f"boulder/{GUIDE}.pdf", f"boulder/{GUIDE}.es.pdf"]
    with pytest.raises(NotFoundError):
        choose.request(project.root, "boulder", "warning-signs", ("handout",), ("es",), tmp_path)
