"""The message ``handout email`` writes: parsed back as a mail program would read it."""

from __future__ import annotations

import shutil
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from handout.build import build_clinic
from handout.cli import app
from tests.conftest import GUIDE, copy_project, tiny_project
from tests.mail.conftest import CLINIC, output, run

TO = "Pat Doe <pat@example.org>"


def written(result, project) -> Path:
    """The .eml file a run says it wrote."""
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("wrote "))
    path = Path(line.split()[1])
    return path if path.is_absolute() else Path.cwd() / path


def parse(path: Path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)


def content(part) -> str:
    """A text part as a mail program shows it (the message travels with CRLF line ends)."""
    return part.get_content().replace("\r\n", "\n")


def test_eml_structure_headers_and_both_alternatives(project):
    result = run(project, "--to", TO)
    assert result.returncode == 0, output(result)
    assert "open it in a mail program to review it, then run again with --send" in result.stdout
    path = written(result, project)
    assert path.parent == project.root / "outbox" / "c" and path.suffix == ".eml"
    assert path.stat().st_mode & 0o077 == 0
    raw = path.read_bytes()
    assert raw.isascii() and b"\r\n" in raw  # 7-bit clean, as SMTP sends it
    msg = parse(path)
    for header in ("Date", "Message-ID", "MIME-Version", "From", "To", "Subject"):
        assert msg[header], header
    assert msg["MIME-Version"] == "1.0" and msg["Message-ID"].endswith("@clinic.example.org>")
    assert str(msg["From"]) == "Clínica Sol de Boulder <care@clinic.example.org>"
    assert msg["Subject"] == "Before your first visit: information from Clínica Sol de Boulder"
    assert msg.get_content_type() == "multipart/mixed"
    alternative, pdf = msg.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, html = alternative.iter_parts()
    assert (text.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    body = content(text)
    assert body.startswith("Dear Pat Doe,\n\nThank you for choosing Clínica Sol de Boulder.")
    assert "call us at (303) 555-0142 or reply" in body
    assert "Attached to this email:\n- A short guide (PDF, " in body
    page = content(html)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert '<a href="tel:+13035550142" style="color:' in page
    assert "<li" in page and "A short guide" in page
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content_disposition() == "attachment"
    assert pdf.get_filename() == "Clínica Sol - A short guide.pdf"
    assert b"filename*=utf-8''Cl%C3%ADnica%20Sol" in raw  # RFC 2231
    assert pdf.get_content() == (project.root / "outbox" / ".pdf" / "c" / "tiny.pdf").read_bytes()


def test_out_writes_the_named_file_and_formats_follow_the_options(project, tmp_path):
    out = tmp_path / "review.eml"
    result = run(project, "--to", TO, "--format", "large-print", "--format", "booklet",
                 "--out", str(out))
    assert result.returncode == 0, output(result)
    names = [p.get_filename() for p in parse(out).iter_attachments()]
    assert names == ["Clínica Sol - A short guide (booklet).pdf",
                     "Clínica Sol - A short guide (large print).pdf"]
    built = sorted(p.name for p in (project.root / "outbox" / ".pdf" / "c").iterdir())
    assert built == ["tiny-booklet-print.pdf", "tiny-booklet.pdf", "tiny-large-print.pdf"]
    assert not (project.root / "outbox" / "c").exists()


def test_non_ascii_names_and_subjects_are_encoded(tmp_path):
    project = tiny_project(tmp_path, CLINIC.replace(
        "  reply_to:", '  subject: "Información para {patient.name} — ¡bienvenida!"\n'
        "  reply_to:"))
    out = tmp_path / "m.eml"
    result = run(project, "--to", "José Núñez-Ørsted <jose@bücher.example.org>", "--out", str(out))
    assert result.returncode == 0, output(result)
    raw = out.read_bytes()
    assert raw.isascii()
    assert b"=?utf-8?" in raw  # RFC 2047 encoded words in the headers
    msg = parse(out)
    assert msg["Subject"] == "Información para José Núñez-Ørsted — ¡bienvenida!"
    [to] = msg["To"].addresses
    assert to.display_name == "José Núñez-Ørsted"
    assert to.addr_spec == "jose@xn--bcher-kva.example.org"  # the domain as IDNA


def test_markup_is_escaped_in_html_and_kept_as_text(tmp_path):
    project = tiny_project(tmp_path, CLINIC.replace("  reply_to:", """\
  body: |
    Hello {patient.name}, <script>alert(1)</script> & <b>not bold</b>.

    **Bring** your *list* and see [our page](https://clinic.example.org/first-visit).
  reply_to:"""))
    out = tmp_path / "m.eml"
    result = run(project, "--to", 'Pat "<b>" Doe <pat@example.org>', "--out", str(out))
    assert result.returncode == 2  # < and > in a name are refused
    assert run(project, "--to", "Pat & Co <pat@example.org>", "--out", str(out)).returncode == 0
    text, html = next(parse(out).iter_parts()).iter_parts()
    page = content(html)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Hello Pat &amp; Co, " in page and "&lt;b&gt;not bold&lt;/b&gt;" in page
    assert "<strong>Bring</strong> your <em>list</em>" in page
    assert '<a href="https://clinic.example.org/first-visit"' in page
    assert "Bring your list and see our page\n(https://clinic.example.org/first-visit)." in \
        content(text)  # lines wrapped at 72 characters, a web address never broken


@pytest.mark.parametrize("to, expected", [
    ("Pat\r\nBcc: evil@example.net <pat@example.org>",
     "error: --to: expected one recipient on one line, got 'Pat\\r\\nBcc: evil@example.net "
     "<pat@example.org>' with a carriage return (CR) (a line break would let the text start a "
     "header of its own)"),
    ("Pat Doe <pat@example.org>\nBcc: evil@example.net", None),
    ("Pat Doe <pat@example.org, evil@example.net>",
     "error: --to: expected one email address, got 'pat@example.org, evil@example.net' (one "
     "patient per message: write each address on its own row)"),
    ("pat@example.org evil@example.net", None),
    ("Pat <evil@example.net> <pat@example.org>", None),
    ("Pat Doe <pat@>", "error: --to: expected an email address like pat@example.org, got 'pat@' "
     "(There must be something after the @-sign)"),
    ("Pat Doe <pat@example.org>\x00", None),
    ("Pat\u2028Doe <pat@example.org>", None),
])
def test_header_injection_is_refused_before_anything_is_made(project, to, expected):
    result = run(project, "--to", to)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    if expected:
        assert result.stderr.strip() == expected
    assert not (project.root / "outbox").exists()  # nothing built, nothing written


def test_a_line_break_in_the_clinic_subject_is_a_content_error(tmp_path):
    project = tiny_project(tmp_path, CLINIC.replace(
        "  reply_to:", '  subject: "Welcome\\nBcc: evil@example.net"\n  reply_to:'))
    result = run(project, "--to", TO)
    assert result.returncode == 2
    assert result.stderr.startswith("error: 1 problem found:\n  content/clinics/c.yaml:9:12: "
                                    "email.subject: expected one line of text without line "
                                    "breaks or control characters")


def test_unknown_guide_format_and_placeholder_are_clear(project, tmp_path):
    result = run(project, "--to", TO, "--guide", "tiyn")
    assert (result.returncode, result.stderr.strip()) == (
        2, "error: unknown guide 'tiyn': there is no content/guides/tiyn.yaml; did you mean "
        "'tiny'?")
    result = run(project, "--to", TO, "--format", "booklet-print")
    assert (result.returncode, result.stderr.strip()) == (
        2, "error: --format: expected one of handout, booklet, large-print, got 'booklet-print' "
        "(the booklet's print sheets are never attached)")
    bad = tiny_project(tmp_path / "b", CLINIC.replace(
        "  reply_to:", '  body: "Hello {patient.nmae}"\n  reply_to:'))
    result = run(bad, "--to", TO)
    assert result.returncode == 2
    assert "email.body: expected a known placeholder" in result.stderr
    assert "did you mean {patient.name}?" in result.stderr


def test_over_the_size_limit_nothing_is_made(tmp_path):
    project = tiny_project(tmp_path, CLINIC.replace("  reply_to:",
                                                    "  size_limit_mb: 0.01\n  reply_to:"))
    result = run(project, "--to", TO)
    assert result.returncode == 2
    assert result.stderr.startswith("error: the attachments weigh ")
    assert "more than the limit of 10 KB (email.size_limit_mb): Clínica Sol - A short guide.pdf" \
        in result.stderr
    assert not (project.root / "outbox" / "c").exists()  # no message written


def test_a_name_is_needed_only_when_the_message_greets_by_name(tmp_path):
    project = tiny_project(tmp_path, CLINIC)
    result = run(project, "--to", "pat@example.org")
    assert result.returncode == 2 and "expected the patient's name too" in result.stderr
    plain = tiny_project(tmp_path / "p", CLINIC.replace(
        "  reply_to:", '  body: "Your guide from {clinic.name} is attached."\n  reply_to:'))
    assert run(plain, "--to", "pat@example.org").returncode == 0


def test_every_shipped_clinic_writes_its_message(tmp_path):
    """The command works for every shipped clinic; the attachment is `handout build`'s file."""
    from typer.testing import CliRunner

    project = copy_project(tmp_path)
    runner = CliRunner()
    for clinic in project.clinic_names():
        out = tmp_path / f"{clinic}.eml"
        result = runner.invoke(app, ["email", "--clinic", clinic, "--guide", GUIDE, "--to", TO,
                                     "--out", str(out), "--root", str(project.root)],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        msg = parse(out)
        [pdf] = msg.iter_attachments()
        [built] = build_clinic(project, clinic, [GUIDE], tmp_path / "built", ["handout"])
        assert pdf.get_content() == built.path.read_bytes()
        short = project.clinic(clinic).value.display_short
        assert pdf.get_filename() == f"{short} - Understanding Ketamine Benefits and Risks.pdf"
        text = content(msg.get_body(("plain",)))
        assert "Pat Doe" in text and project.clinic(clinic).value.contact.phone in text
    assert "Boulder Ketamine - Understanding Ketamine Benefits and Risks.pdf" in \
        (tmp_path / "boulder.eml").read_text()
    shutil.rmtree(project.root)



def test_check_reports_the_email_section_like_the_command(tmp_path):
    from typer.testing import CliRunner

    project = tiny_project(tmp_path, CLINIC.replace(
        "  reply_to: frontdesk@clinic.example.org\n",
        "  reply_to: frontdesk@clinic.example.org\n  guides: [tiyn]\n"))
    result = CliRunner().invoke(app, ["check", "--clinic", "c", "--root", str(project.root)])
    assert result.exit_code == 2
    assert ("error: content/clinics/c.yaml:10:12: email.guides[0]: expected a guide id (tiny), "
            "got 'tiyn' (did you mean 'tiny'?)") in result.output


def test_the_readme_example_works_in_a_shipped_clinic(tmp_path):
    """The README's email section, added to Boulder's file, makes the message it describes."""
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("For example, in `content/clinics/boulder.yaml`:\n\n```yaml\n", 1)[1]
    example = example.split("```", 1)[0]
    project = copy_project(tmp_path)
    clinic = project.clinics_dir / "boulder.yaml"
    clinic.write_text(clinic.read_text(encoding="utf-8") + "\n" + example, encoding="utf-8")
    out = tmp_path / "b.eml"
    result = run_in(project, "boulder", "--to", TO, "--out", str(out))
    assert result.exit_code == 0, result.output
    msg = parse(out)
    assert str(msg["From"]) == "Boulder Ketamine <care@boulderketamine.example>"
    assert msg["Subject"] == "Your first visit to Boulder Ketamine: please read before you come"
    text = content(msg.get_body(("plain",)))
    assert text.startswith("Dear Pat Doe,\n\nWe look forward to meeting you. Attached is our "
                           "patient guide to\nketamine treatment: its benefits,")
    assert "Warm regards,\nThe care team at Boulder Ketamine & Wellness\n" in text
    assert "book at\nhttps://boulderketamine.example/book." in text
    assert "<strong>On the day:</strong> bring a photo ID" in content(msg.get_body(("html",)))


def run_in(project, clinic: str, *args: str):
    from typer.testing import CliRunner

    return CliRunner().invoke(app, ["email", "--clinic", clinic, "--root", str(project.root),
                                    *args], catch_exceptions=False)


def test_a_clinic_without_an_address_needs_one_only_to_send(tmp_path):
    from typer.testing import CliRunner

    no_address = CLINIC.replace("  email: care@clinic.example.org\n", "")
    quiet = tiny_project(tmp_path / "q", no_address.split("email:\n")[0])  # no email section
    checked = CliRunner().invoke(app, ["check", "--clinic", "c", "--root", str(quiet.root)])
    assert checked.exit_code == 0, checked.output
    result = run(quiet, "--to", TO)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: 1 problem found:\n  content/clinics/c.yaml:1:1: expected email.from_address (or "
        "contact.email): the address messages come from, got nothing")
    meant = tiny_project(tmp_path / "m", no_address)  # an email section, but no address
    checked = CliRunner().invoke(app, ["check", "--clinic", "c", "--root", str(meant.root)])
    assert checked.exit_code == 2
    assert "content/clinics/c.yaml:7:1: email: expected email.from_address (or contact.email)" \
        in checked.output
