"""Every kind of mistake a clinic's staff can make, tried from the command line as they would.

Each row edits one file of a scratch copy of the project, runs ``handout build``, and asserts the
exact message (file, line, column, key, expected, found, hint), exit status 2, no traceback, and
that the PDF already at the output path is byte-for-byte untouched with no temporary file left.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import GUIDE, copy_project

CLINIC = "content/clinics/boulder.yaml"
GUIDE_FILE = f"content/guides/{GUIDE}.yaml"
XXE_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&secret;</text></svg>
"""

# (error class, file, text to find, replacement, message lines expected on stderr)
CASES = [
    ("tab", CLINIC, "  phone:", "\tphone:",
     ["content/clinics/boulder.yaml:19:1: expected valid YAML, got a tab character (YAML indents "
      "with spaces; replace the tabs with spaces)"]),
    ("indentation", CLINIC, "  email: care", "   email: care",
     ["content/clinics/boulder.yaml:20:4: expected valid YAML, got a line indented differently "
      "from the lines around it (indent it with the same number of spaces as the other keys at "
      "its level)"]),
    ("unclosed quote", CLINIC, "website: https://boulderketamine.example",
     'website: "https://boulderketamine.example',
     ["content/clinics/boulder.yaml:21:12: expected valid YAML, got a quotation mark that is never "
      "closed (add the closing quotation mark)"]),
    ("duplicate key", CLINIC, "short_name: Boulder Ketamine",
     "short_name: Boulder Ketamine\nshort_name: Boulder",
     ["content/clinics/boulder.yaml:8:1: short_name: expected each key once, got 'short_name' a "
      "second time (first set on line 7)"]),
    ("wrong type", CLINIC, "paper: letter", "paper: [letter]",
     ["content/clinics/boulder.yaml:9:8: paper: expected 'letter' or 'a4', got a list"]),
    ("wrong type (text for a list)", CLINIC, "  hours:\n    - \"Monday–Thursday 8 am – 6 pm\"\n"
     "    - \"Friday 8 am – 2 pm\"", "  hours: Monday–Friday",
     ["content/clinics/boulder.yaml:23:10: contact.hours: expected a list, got 'Monday–Friday'"]),
    ("missing required field", CLINIC, '  phone: "(303) 555-0142"\n', "",
     ["content/clinics/boulder.yaml:18:1: contact.phone: expected this key (it is required), got "
      "nothing (add 'phone:' under 'contact:')"]),
    ("unknown key", CLINIC, "  booking:", "  bookng:",
     ["content/clinics/boulder.yaml:22:3: contact.bookng: expected only known keys, got unknown "
      "key 'bookng' (did you mean 'booking'?)"]),
    ("bad colour", CLINIC, '"#1D5B79"', '"#1D5B7"',
     ['content/clinics/boulder.yaml:12:12: brand.primary: expected a colour as #RRGGBB (like '
      '"#1D5B79"), got \'#1D5B7\'']),
    ("bad url", CLINIC, "website: https://boulderketamine.example",
     "website: www.boulderketamine.example",
     ['content/clinics/boulder.yaml:21:12: contact.website: expected a web address starting with '
      'https:// (like "https://clinic.example"), got \'www.boulderketamine.example\'']),
    ("bad email", CLINIC, "email: care@boulderketamine.example", "email: care at boulder",
     ['content/clinics/boulder.yaml:20:10: contact.email: expected an email address (like '
      '"care@clinic.example"), got \'care at boulder\'']),
    ("bad phone", CLINIC, '"(303) 555-0142"', "call the front desk",
     ['content/clinics/boulder.yaml:19:10: contact.phone: expected a phone number (like '
      '"(303) 555-0142"), got \'call the front desk\'']),
    ("bad link scheme", CLINIC, "Call us at {clinic.phone}.",
     "See [our page](javascript:alert(1)).",
     ["content/clinics/boulder.yaml:73:17: guides.ketamine-benefits-risks.overrides[0].block.text: "
      "expected a link starting with "
      "https://, http://, mailto: or tel:, got 'javascript:alert(1'"]),
    ("missing asset", CLINIC, "file: assets/boulder/logo.svg", "file: assets/boulder/logo.png",
     ["content/clinics/boulder.yaml:15:11: brand.logo.file: expected an existing file, got no file "
      "at assets/boulder/logo.png"]),
    ("asset outside the project", CLINIC, "file: assets/boulder/logo.svg",
     "file: ../../../etc/logo.svg",
     ["content/clinics/boulder.yaml:15:11: brand.logo.file: expected a path inside the project, "
      "like assets/boulder/logo.svg, got '../../../etc/logo.svg'"]),
    ("unknown placeholder", GUIDE_FILE, "or pain. This guide", "or pain. Call {phone}. This guide",
     ["content/guides/ketamine-benefits-risks.yaml:63:11: blocks[0].text: expected a known "
      "placeholder ({clinic.name}, {clinic.short_name}, {clinic.phone}, {clinic.email}, "
      "{clinic.website}, {clinic.booking}), got {phone}; did you mean {clinic.phone}?"]),
    ("unknown block kind", GUIDE_FILE, "kind: quote", "kind: qoute",
     ["content/guides/ketamine-benefits-risks.yaml:83:11: blocks[3].kind: expected a block kind: "
      "paragraph, quote, callout, list, steps, checklist, table, figure, items, faq, clinic-panel, "
      "sources, section, got 'qoute' "
      "(did you mean 'quote'?)"]),
    ("unknown block in an override", CLINIC, "after: more-you-know", "after: more-you-knw",
     ["content/clinics/boulder.yaml:68:16: guides.ketamine-benefits-risks.overrides[0].after: "
      "expected the id of a block in the "
      "guide, got 'more-you-knw' (did you mean 'more-you-know'?)"]),
    ("characters the fonts cannot show", CLINIC, "short_name: Boulder Ketamine",
     "short_name: Boulder Ketamine 🌄",
     ["content/clinics/boulder.yaml:7:13: short_name: expected characters our fonts can print "
      "(Latin, Greek and Cyrillic letters, digits, punctuation), got '🌄' (U+1F304 SUNRISE OVER "
      "MOUNTAINS) (they would print as empty boxes; write them another way or leave them out)"]),
    ("name too long for the footer", CLINIC, "short_name: Boulder Ketamine",
     "short_name: Boulder Ketamine and Wellness Center for Integrative Mental Health Care",
     ["content/clinics/boulder.yaml:7:13: short_name: expected a name short enough for the page "
      "footer of the handout format, got 'Boulder Ketamine and "
      "Wellness Center for Integrative Mental Health Care' (it is 71 characters long)"]),
    ("unsafe svg", "assets/boulder/logo.svg", None, XXE_SVG,
     ["content/clinics/boulder.yaml:15:11: brand.logo.file: expected an SVG without entity "
      "declarations, got <!ENTITY or a <!DOCTYPE [...] block (refused: entities can read other "
      "files); export the SVG again without them"]),
    ("several mistakes in one file", CLINIC, '"#1D5B79"', '"teal"\n  primry: "#1D5B79"',
     ["error: 2 problems found:",
      "content/clinics/boulder.yaml:12:12: brand.primary: expected a colour as #RRGGBB (like "
      "\"#1D5B79\"), got 'teal'",
      "content/clinics/boulder.yaml:13:3: brand.primry: expected only known keys, got unknown "
      "key 'primry' (did you mean 'primary'?)"]),
]


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, capture_output=True,
                          text=True)


@pytest.mark.parametrize("name, file, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_mistake_from_the_command_line(tmp_path, name, file, old, new, expected):
    project = copy_project(tmp_path)
    path = project.root / file
    if old is None:
        path.write_text(new, encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the fixture text moved: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    earlier = tmp_path / "out" / "boulder" / f"{GUIDE}.pdf"
    earlier.parent.mkdir(parents=True)
    earlier.write_bytes(b"%PDF-1.4 an earlier good build\n")

    result = run("build", "--clinic", "boulder", "--out", str(tmp_path / "out"), cwd=project.root)

    assert result.returncode == 2, result.stderr
    lines = [line.strip() for line in result.stderr.splitlines()]
    for line in expected:
        assert line in lines, "\n".join(lines)
    if len(expected) == 1:
        assert lines[0] == "error: 1 problem found:"
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert earlier.read_bytes() == b"%PDF-1.4 an earlier good build\n"
    assert sorted(p.name for p in earlier.parent.iterdir()) == [earlier.name]


@pytest.mark.parametrize("args, message", [
    (("--clinic", "bouldr"),
     "error: unknown clinic 'bouldr': there is no content/clinics/bouldr.yaml; did you mean "
     "'boulder'?"),
    (("--clinic", "boulder", "--guide", "ketamine"),
     "error: unknown guide 'ketamine': there is no content/guides/ketamine.yaml (known: "
     "first-visit, ketamine-benefits-risks, warning-signs)"),
])
def test_unknown_names(tmp_path, args, message):
    project = copy_project(tmp_path)
    result = run("build", *args, "--out", str(tmp_path / "out"), cwd=project.root)
    assert result.returncode == 2 and result.stderr.strip() == message
    assert not (tmp_path / "out").exists()


def test_debug_shows_the_traceback(tmp_path):
    project = copy_project(tmp_path)
    clinic = project.root / CLINIC
    clinic.write_text(clinic.read_text().replace('"#1D5B79"', '"teal"'))
    result = run("build", "--clinic", "boulder", "--debug", "--out", str(tmp_path / "o"),
                 cwd=project.root)
    assert result.returncode != 0 and "Traceback" in result.stderr
    assert "brand.primary: expected a colour" in result.stderr


def test_problems_of_different_checks_are_reported_together(tmp_path):
    project = copy_project(tmp_path)
    clinic = project.root / CLINIC
    text = clinic.read_text(encoding="utf-8")
    text = text.replace("short_name: Boulder Ketamine", "short_name: Boulder Ketamine ☕️")
    text = text.replace("after: more-you-know", "after: more-you-knw")
    clinic.write_text(text, encoding="utf-8")
    result = run("build", "--clinic", "boulder", "--guide", "ketamine-benefits-risks", "--out",
                 str(tmp_path / "out"), cwd=project.root)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "error: 2 problems found:"
    assert lines[1].startswith("  content/clinics/boulder.yaml:7:13: short_name: expected "
                               "characters our fonts can print")
    assert lines[2].startswith("  content/clinics/boulder.yaml:68:16: "
                               "guides.ketamine-benefits-risks.overrides[0].after:")
