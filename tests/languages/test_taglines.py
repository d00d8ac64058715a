"""The notice of language assistance: every tagline printed in its own script, read back as the
same Unicode, each line tagged with its own /Lang; the state lists and fonts we ship; mistakes
in a clinic's ``language_assistance`` at their lines."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from handout.build import build_clinic
from handout.fonts import SCRIPT_FILES
from handout.languages import taglines
from tests.conftest import GUIDE, ROOT, copy_project, harbor_light_with_notice

FONTS = ROOT / "fonts"
#: "a few hundred kB per script at most": each script font we ship stays under this
MAX_FONT_BYTES = 300_000


def pdftotext(path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def plain(text: str) -> str:
    """Text as a comparison should see it: no bidi controls (pdftotext marks right-to-left
    lines with them), spaces of any kind as one space."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def boulder(project, tmp_path_factory):
    """Boulder's handout, large print and booklet of the ketamine guide (its notice: Colorado's
    languages and four more)."""
    out = tmp_path_factory.mktemp("taglines")
    made = build_clinic(project, "boulder", [GUIDE], out, ["handout", "booklet", "large-print"])
    return {m.format: m.path for m in made}


def expected_lines(project, clinic="boulder"):
    c = project.clinic(clinic).value
    la = c.language_assistance
    return taglines.notice(la.codes(), la.phone or c.contact.phone, la.tty)


def test_boulder_prints_fifteen_languages_and_english(project):
    codes = [line.tagline.code for line in expected_lines(project)]
    assert codes[0] == "en" and len(codes) - 1 >= 15
    assert {"zh-Hant", "ar", "fa", "ja", "ko", "ru", "es", "vi"} <= set(codes)


def solid(text: str) -> str:
    """``plain`` without any space: Chinese and Japanese lines break between any two
    characters, and the extracted text has a line break there."""
    return "".join(plain(text).split())


def arabic_runs(text: str) -> list[str]:
    """The runs of Arabic letters (and the spaces between them) of ``text``: a reader orders
    the phrases of a right-to-left line around its punctuation and numbers itself."""
    runs, run = [], ""
    for c in text:
        letter = "\u0600" <= c <= "\u06ff" and unicodedata.category(c).startswith("L")
        if letter or (c == " " and run):
            run += c
        else:
            if run.strip():
                runs.append(run.strip())
            run = ""
    if run.strip():
        runs.append(run.strip())
    return runs


@pytest.mark.parametrize("edition", ["handout", "booklet", "large-print"])
def test_every_tagline_reads_back_as_written(project, boulder, edition):
    """Every tagline's characters come back from the PDF as written. Right-to-left lines come
    back a line at a time, with each run of Arabic script as written and a number that ends a
    line where the reader's own bidi ordering puts it, so they are compared run by run."""
    printed = plain(pdftotext(boulder[edition]))
    for line in expected_lines(project):
        if not line.tagline.rtl:
            assert solid(line.text) in solid(printed), line.tagline.code
            continue
        runs = arabic_runs(plain(line.text))
        assert len(runs) >= 2
        for run in runs:
            # a run split over two lines comes back as its two parts
            assert run in printed or all(part in printed for part in _halves(run, printed)), run
        assert "(303) 555-0142" in printed


def _halves(run: str, printed: str) -> list[str]:
    """The two parts of ``run`` that a line break separated, if there is such a split."""
    words = run.split(" ")
    for i in range(1, len(words)):
        head, tail = " ".join(words[:i]), " ".join(words[i:])
        if head in printed and tail in printed:
            return [head, tail]
    return [run]


def _langs(path) -> dict[str, str]:
    """The text of every element that carries its own /Lang, by language."""
    found: dict[str, str] = {}
    with pikepdf.open(path) as pdf:
        def walk(node):
            if isinstance(node, pikepdf.Dictionary):
                if "/Lang" in node and node.get("/S") == "/P":
                    found[str(node.Lang)] = found.get(str(node.Lang), "") + "x"
                kids = node.get("/K")
                if isinstance(kids, pikepdf.Array):
                    for kid in kids:
                        walk(kid)
                elif isinstance(kids, pikepdf.Dictionary):
                    walk(kids)
        walk(pdf.Root.StructTreeRoot)
        assert str(pdf.Root.Lang) == "en"
    return found


@pytest.mark.parametrize("edition", ["handout", "large-print"])
def test_each_line_is_a_paragraph_with_its_own_language(project, boulder, edition):
    """(The booklet's back cover is drawn as page furniture for now: its content, the notice
    with it, is tagged when the back cover is.)"""
    langs = _langs(boulder[edition])
    codes = [line.tagline.code for line in expected_lines(project)]
    assert set(langs) == set(codes)
    assert all(n == "x" for n in langs.values())  # one element each


def test_scripts_are_embedded_not_boxes(boulder):
    fonts = subprocess.run(["pdffonts", str(boulder["handout"])], capture_output=True,
                           text=True).stdout if shutil.which("pdffonts") else pytest.skip()
    for face in ("NotoNaskhArabic", "NotoSansCJKtc", "NotoSansCJKjp", "NotoSansCJKkr"):
        assert re.search(rf"\+{face}-Regular\s+TrueType.*yes\s+yes\s+yes", fonts), face


def test_arabic_is_shaped_and_read_back_in_order(boulder):
    """The Arabic and Persian lines are drawn with joining forms (glyphs without a character
    of their own, whose text the font's map gives), and read back word by word as written."""
    from handout.shaping import PRIVATE

    forms = PRIVATE.get("NotoNaskhArabic-Regular", {})
    assert len(forms) > 20  # initial, medial and final forms, lam-alef
    assert all("\u0600" <= c <= "\u06ff" for text in forms.values() for c in text)
    printed = plain(pdftotext(boulder["handout"]))
    assert "إذا كنت تتحدث اللغة العربية" in printed
    assert "اگر به زبان فارسی گفتگو می کنید" in printed
    assert not any("\ue000" <= c <= "\uf8ff" for c in printed)  # no private-use characters


def test_khmer_reads_back_in_the_order_written(tmp_path):
    """Khmer writes some vowels before the consonant they follow: the glyphs are reordered,
    the extracted text is not."""
    project = harbor_light_with_notice(tmp_path, "[km, ar]")
    [made] = build_clinic(project, "harbor-light", ["first-visit"], tmp_path / "out",
                          ["handout"])
    phone = project.clinic("harbor-light").value.contact.phone
    khmer = taglines.notice(("km",), phone, "711")[1].text
    assert plain(khmer) in plain(pdftotext(made.path))


def test_every_character_of_every_tagline_has_a_glyph():
    from reportlab.pdfbase.ttfonts import TTFont as RLFont

    text_face = set(RLFont("check", str(FONTS / "NotoSans-Regular.ttf")).face.charToGlyph)
    for tagline in taglines.taglines().values():
        file = SCRIPT_FILES.get(tagline.script)
        faces = set(text_face)
        if file:
            faces |= set(TTFont(FONTS / "scripts" / file).getBestCmap())
        text = tagline.text.format(phone="(303) 555-0142", tty="711")
        missing = sorted({c for c in text if ord(c) not in faces})
        assert not missing, (tagline.code, missing)


def test_script_fonts_are_small_and_licensed():
    for file in SCRIPT_FILES.values():
        assert (FONTS / "scripts" / file).stat().st_size < MAX_FONT_BYTES, file
    licence = (FONTS / "scripts" / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL Open Font License, Version 1.1" in licence
    assert "fonts-noto-cjk" in licence and "fonts-noto-core" in licence


def test_state_lists_are_ranked_and_name_their_source():
    for state in taglines.states().values():
        counts = [lang.speakers for lang in state.languages]
        assert counts == sorted(counts, reverse=True), state.code
        assert len(state.languages) >= taglines.TOP
        for lang in state.languages:
            assert lang.code is None or lang.code in taglines.taglines(), lang
    assert {"CO", "ME", "OR"} <= set(taglines.states())  # the shipped clinics' states
    assert "Census Bureau" in taglines.source("states")
    assert "Health and Human Services" in taglines.source("taglines")


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, capture_output=True,
                          text=True)


@pytest.mark.parametrize("section, column, expected", [
    ("language_assistance:\n  languages: [es, xx]\n", 19,
     "language_assistance.languages[1]: expected the code of a shipped tagline ("),
    ("language_assistance:\n  state: TX\n", 10,
     "language_assistance.state: expected a state whose languages are shipped (CO, ME, OR), got "
     "'TX' (list the languages instead, with languages: [...])"),
    ("language_assistance:\n  tty: \"711\"\n", 3,
     "language_assistance: expected a state (state: CO) or languages (languages: [es, zh-Hant]), "
     "got neither"),
])
def test_mistakes_are_reported_at_their_line(tmp_path, section, column, expected):
    project = copy_project(tmp_path)
    clinic = project.clinics_dir / "willamette.yaml"
    text = clinic.read_text(encoding="utf-8")
    line = text.count("\n") + 3  # the section's second line, after the blank line added
    clinic.write_text(text + "\n" + section, encoding="utf-8")
    result = run("check", "--clinic", "willamette", cwd=project.root)
    assert result.returncode == 2, result.stderr
    found = [ln for ln in result.stderr.splitlines() if "language_assistance" in ln]
    assert found and found[0].startswith(
        f"error: content/clinics/willamette.yaml:{line}:{column}: {expected}"), found
    assert "Traceback" not in result.stderr


def test_check_names_the_state_languages_left_out():
    result = run("check", "--clinic", "boulder", cwd=ROOT)
    assert ("content/clinics/boulder.yaml" in result.stderr
            and "language_assistance.state: 4 of the 15 languages most spoken in Colorado by "
                "people with limited English have no shipped tagline, so the notice leaves them "
                "out: Amharic, Thai, Serbo-Croatian, Cushite" in result.stderr), result.stderr


def test_the_phone_number_reads_left_to_right_in_every_script(boulder):
    """In an Arabic or Persian line the number is drawn as it is dialled, "(303) 555-0142",
    not with its digit groups in right-to-left order ("0142-555 (303)"): measured on the page,
    the area code is left of the rest on every line that has the number."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    for edition in ("handout", "booklet", "large-print"):
        boxes = subprocess.run(["pdftotext", "-bbox", str(boulder[edition]), "-"], check=True,
                               capture_output=True, text=True).stdout
        words = [(float(x), round(float(y)), word) for x, y, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', boxes)]
        area = {y: x for x, y, word in words if word == "(303)"}
        rest = {y: x for x, y, word in words if word.startswith("555-0142")}
        lines = [y for y in area if y in rest]
        assert len(lines) >= 15, edition  # the notice's lines, and the clinic's own
        for y in lines:
            assert area[y] < rest[y], f"{edition}: the line at y={y} has the number reversed"
