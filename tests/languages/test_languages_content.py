"""Translations and per-language clinic text: their mistakes, as office staff meet them from the
command line (file:line:col, key, exit 2, nothing written), and what ``check`` says of them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from handout.catalog import WORDS, Words
from handout.languages.spanish import syllables
from handout.readability import reading
from tests.conftest import GUIDE, copy_project

CLINIC = "content/clinics/boulder.yaml"
SPANISH = f"content/guides/{GUIDE}.es.yaml"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, capture_output=True,
                          text=True)


def edit(project, file: str, old: str, new: str) -> None:
    path = project.root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture text moved: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(project, file: str, text: str) -> int:
    lines = (project.root / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


CASES = [
    ("sliding scale not translated", CLINIC,
     "    sliding_scale: >-\n      Cada mes reservamos algunas infusiones a precio reducido para "
     "pacientes con\n      necesidad económica, según los ingresos del hogar. Pregunte en la "
     "recepción. Todas\n      las solicitudes son confidenciales.\n", "",
     # reported at the English text's line
     ["content/clinics/boulder.yaml:{}:18: es.pricing.sliding_scale: expected "
      "the Spanish text of 'pricing.sliding_scale' (Spanish editions never print English), got "
      "nothing (add 'sliding_scale:' under 'es.pricing:')"], "  sliding_scale: >-"),
    ("block not translated", CLINIC, "        - id: boulder-first-visit\n          kind: callout\n"
     "          title: \"Venga", "        - id: boulder-other\n          kind: callout\n"
     "          title: \"Venga",
     ["content/clinics/boulder.yaml:{}:11: es.guides.ketamine-benefits-risks.blocks: "
      "expected the Spanish text of the block 'boulder-first-visit' (Spanish editions never "
      "print English), got nothing (add the block, with 'id: boulder-first-visit', under "
      "'es.guides.ketamine-benefits-risks.blocks:')"], "          id: boulder-first-visit"),
    ("first-visit block not translated", CLINIC, "        - id: first-visit-length\n",
     "        - id: first-visit-lenght\n",
     ["content/clinics/boulder.yaml:{}:11: es.guides.first-visit.blocks: expected the Spanish "
      "text of the block 'first-visit-length' (Spanish editions never print English), got "
      "nothing (add the block, with 'id: first-visit-length', under "
      "'es.guides.first-visit.blocks:')"],
     "          id: first-visit-length\n          kind: paragraph\n          text: >-\n"
     "            Your first visit"),
    ("fee table one row short", CLINIC, "      - label: \"Sesión de ketamina intramuscular (IM)\"\n",
     "", ["content/clinics/boulder.yaml:{}:7: es.pricing.items: expected a translation "
          "of the English 'pricing.items', got 4 entries for the 5 English ones (one for each, "
          "in the same order) (write the English text first, or remove this one)"],
     "      - label: \"Consulta"),
    ("translation without the fee pages", SPANISH, 'version: "1.0"\n', 'version: "1.0"\nfees: false\n',
     ["content/guides/ketamine-benefits-risks.es.yaml:{}:7: fees: expected fees: true, as in the "
      "English guide, got fees: false"], "fees: false"),
    ("translation missing a block", SPANISH, "      - id: session-feel-support\n",
     "      - id: session-feel-supports\n",
     ["content/guides/ketamine-benefits-risks.es.yaml:{}:13: "
      "blocks[5].blocks[4].id: expected the id of a block, card or question of the English "
      "guide (content/guides/ketamine-benefits-risks.yaml), got 'session-feel-supports' (a "
      "translation keeps the English guide's ids)"], "session-feel-supports"),
]


@pytest.mark.parametrize("name, file, old, new, expected, anchor", CASES,
                         ids=[c[0] for c in CASES])
def test_mistakes_in_spanish_text(tmp_path, name, file, old, new, expected, anchor):
    project = copy_project(tmp_path)
    edit(project, file, old, new)
    earlier = tmp_path / "out" / "boulder" / f"{GUIDE}.es.pdf"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"%PDF-1.4 an earlier good build\n")
    result = run("build", "--clinic", "boulder", "--lang", "es", "--out", str(tmp_path / "out"),
                 cwd=project.root)
    assert result.returncode == 2, result.stderr
    where = (project.root / file).read_text(encoding="utf-8").split(anchor)[0].count("\n") + 1
    lines = [line.strip() for line in result.stderr.splitlines()]
    for line in expected:
        line = re.sub(r"\{[^}]*\}", str(where), line, count=1)
        assert line in lines, "\n".join(lines)
    assert "Traceback" not in result.stderr
    assert earlier.read_bytes() == b"%PDF-1.4 an earlier good build\n"
    # English editions do not need the Spanish text
    if file == CLINIC:
        english = run("build", "--clinic", "boulder", "--format", "handout", "--out",
                      str(tmp_path / "out"), cwd=project.root)
        assert english.returncode == 0, english.stderr


def test_a_clinic_without_spanish_text_is_told_every_key(tmp_path):
    project = copy_project(tmp_path)
    path = project.root / CLINIC
    text = path.read_text(encoding="utf-8")  # the clinic's file without its 'es:' part, its end
    path.write_text(text[:text.index("\n# Spanish text")] + "\n", encoding="utf-8")
    result = run("check", "--clinic", "boulder", "--lang", "es", cwd=project.root)
    assert result.returncode == 2
    keys = re.findall(r"boulder\.yaml:\d+:\d+: (es\.[\w.\[\]-]+):", result.stderr)
    assert set(keys) == {
        "es.brand.logo.alt", "es.contact.hours", "es.contact.locations[0].name",
        "es.pricing.summary", "es.pricing.insurance", "es.pricing.payment_plans",
        "es.pricing.sliding_scale", "es.guides.ketamine-benefits-risks.blocks",
        "es.guides.first-visit.blocks",
        *(f"es.pricing.items[{i}].label" for i in range(5)),
        "es.pricing.items[0].note", "es.pricing.items[2].note", "es.pricing.items[3].note"}
    assert run("check", "--clinic", "boulder", cwd=project.root).returncode == 0  # English only


def test_unknown_language_and_missing_translation(tmp_path):
    project = copy_project(tmp_path)
    result = run("build", "--clinic", "boulder", "--lang", "fr", "--out", str(tmp_path / "o"),
                 cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: --lang fr: no guide is in fr (a translation is content/guides/<guide>.fr.yaml)")
    result = run("build", "--clinic", "boulder", "--guide", GUIDE, "--lang", "fr", "--out",
                 str(tmp_path / "o"), cwd=project.root)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: the guide 'ketamine-benefits-risks' has no translation into 'fr': there is no "
        "content/guides/ketamine-benefits-risks.fr.yaml (it is translated into es)")
    result = run("build", "--clinic", "boulder", "--lang", "spanish", cwd=project.root)
    assert result.returncode == 2 and "--lang: expected a language code" in result.stderr
    assert not (tmp_path / "o").exists()


def test_check_warns_that_no_qualified_reviewer_is_named(tmp_path):
    project = copy_project(tmp_path)
    result = run("check", "--lang", "all", cwd=project.root)
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "reviewer" in line]
    assert len(warning) == 2  # one for each translation
    assert f"warning: {SPANISH}:{line_of(project, SPANISH, 'translator:')}:3: translation: no " \
        f"qualified reviewer is named" in " ".join(warning)
    first_visit = "content/guides/first-visit.es.yaml"
    edit(project, first_visit, "  date: 2026-12-01",
         "  reviewed_by: \"Luis Gómez, CT\"\n  date: 2026-12-01")
    assert "INFLESZ" in result.stdout and "Cómo actúa la ketamina en el cerebro" in result.stdout
    edit(project, SPANISH, "  date: 2026-11-30", "  reviewed_by: \"Ana Pérez, CT\"\n  date: 2026-11-30")
    edit(project, f"content/guides/{GUIDE}.yaml", 'version: "1.0"', 'version: "1.1"')
    result = run("check", "--lang", "all", "--strict", cwd=project.root)
    assert "reviewer" not in result.stderr
    assert "this translation is of version 1.0, the guide is now version 1.1" in result.stderr
    assert result.returncode == 1


def test_every_catalog_language_has_every_key():
    for language, words in WORDS.items():
        assert set(words) == set(WORDS["en"]), language
        for key, text in WORDS["en"].items():
            assert sorted(re.findall(r"\{\w+\}", text)) == \
                sorted(re.findall(r"\{\w+\}", words[key])), (language, key)


def test_dates_in_each_language():
    import datetime as dt

    assert Words("en").date(dt.date(2026, 11, 1)) == "November 1, 2026"
    assert Words("es").date(dt.date(2026, 11, 1)) == "1 de noviembre de 2026"


def test_english_dates_are_babels_without_babel():
    """English dates are spelt out (a build in English loads no Babel): every day of two years,
    one of them leap, and English variants, as Babel writes them."""
    import datetime as dt

    from babel.dates import format_date

    first = dt.date(2027, 1, 1)
    for n in range(731):
        day = first + dt.timedelta(days=n)
        for language in ("en", "en-US", "en-GB"):
            assert Words(language).date(day) == format_date(day, "long", locale="en"), day
    assert Words("en").date(dt.date(999, 3, 5)) == format_date(dt.date(999, 3, 5), "long",
                                                               locale="en")


#: Spanish words whose syllables a hyphenation dictionary gets wrong (hiatus, diphthongs,
#: silent u, final y, single-letter syllables), with a dictionary's count.
SYLLABLES = {"agua": 2, "día": 2, "efecto": 3, "ciudad": 2, "país": 2, "leer": 2, "océano": 4,
             "que": 1, "guitarra": 3, "muy": 1, "hoy": 1, "ketamina": 4, "neuroplasticidad": 6,
             "tratamiento": 4, "serotonina": 5, "reír": 2, "aún": 2, "pingüino": 3, "ahí": 2,
             "y": 1, "emociones": 4, "sesión": 2, "ansiedad": 3, "ayuda": 3, "oír": 2,
             "averigüe": 4, "actúan": 3, "Uruguay": 3, "baúl": 2, "poeta": 3, "construir": 2,
             "creer": 2, "idea": 3, "aire": 2, "caer": 2}


def test_spanish_syllables():
    assert {w: syllables(w) for w in SYLLABLES} == SYLLABLES


def test_inflesz_ranks_plain_spanish_above_dense_spanish():
    plain = reading(["La ketamina puede ayudar. Hable con su médico. Pregunte todo."], "es")
    dense = reading(["La administración intravenosa de ketamina, un antagonista de los "
                     "receptores de N-metil-D-aspartato, produce efectos antidepresivos "
                     "rápidos en pacientes con depresión resistente al tratamiento."], "es")
    assert plain.words == 10 and plain.sentences == 3
    assert plain.score > 65 > 55 > dense.score and dense.hard and not plain.hard


def test_check_names_the_guides_left_in_english(tmp_path):
    project = copy_project(tmp_path)
    result = run("check", "--lang", "es", cwd=project.root)
    assert result.returncode == 0, result.stderr
    assert "Not translated into es (English editions only): warning-signs." in \
        result.stdout.splitlines()
    assert "error" not in result.stderr
    result = run("check", "--lang", "fr", cwd=project.root)
    assert result.returncode == 2
    assert "error: --lang fr: no guide is in fr (a translation is " \
        "content/guides/<guide>.fr.yaml)" in result.stderr.splitlines()
