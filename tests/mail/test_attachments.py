"""The PDFs attached are the incremental build's: reused when up to date, rebuilt when not."""

from __future__ import annotations

from email import message_from_bytes, policy

from handout.mail.attachments import pdfs


def build(project, *args: str) -> None:
    """``handout build --clinic c`` into the project's own dist/, as staff would run it."""
    from typer.testing import CliRunner

    from handout.cli import app

    result = CliRunner().invoke(app, ["build", "--clinic", "c", "--out", str(project.root / "dist"),
                                      "--root", str(project.root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_an_up_to_date_pdf_is_reused_as_it_is(project):
    build(project, "--format", "handout")
    pdf = project.root / "dist" / "c" / "tiny.pdf"
    before = pdf.stat().st_mtime_ns
    got = pdfs(project, "c", ["tiny"], ["handout"])
    assert got[("tiny", "handout")].data == pdf.read_bytes()
    assert pdf.stat().st_mtime_ns == before  # not rebuilt


def test_an_edited_clinic_is_rebuilt_before_it_is_attached(project):
    first = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")].data
    clinic = project.clinics_dir / "c.yaml"
    clinic.write_text(clinic.read_text().replace("(303) 555-0142", "(303) 555-0199"))
    second = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")].data
    assert second != first
    assert second == (project.root / "dist" / "c" / "tiny.pdf").read_bytes()
    build(project, "--format", "handout", "--force")
    assert (project.root / "dist" / "c" / "tiny.pdf").read_bytes() == second  # same bytes


def test_a_pdf_changed_by_hand_is_rebuilt(project):
    pdfs(project, "c", ["tiny"], ["handout"])
    pdf = project.root / "dist" / "c" / "tiny.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-100])
    assert pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")].data == good


def test_the_booklet_print_options_staff_chose_are_left_alone(project, tmp_path):
    build(project, "--format", "booklet", "--flip", "long", "--marks")
    sheets = project.root / "dist" / "c" / "tiny-booklet-print.pdf"
    before = sheets.read_bytes()
    got = pdfs(project, "c", ["tiny"], ["booklet"])
    assert sheets.read_bytes() == before  # not rebuilt with the default options
    assert got[("tiny", "booklet")].data == (project.root / "dist" / "c" / "tiny-booklet.pdf"
                                             ).read_bytes()
    assert b"%PDF" == got[("tiny", "booklet")].data[:4]


def test_the_sent_booklet_is_the_built_booklet(project, server):
    from tests.mail.conftest import run

    result = run(project, "--to", "Pat Doe <pat@example.org>", "--format", "booklet", "--send",
                 env=server.env())
    assert result.returncode == 0, result.stderr
    [got] = server.inbox.messages
    [pdf] = message_from_bytes(got.data, policy=policy.default).iter_attachments()
    assert pdf.get_content() == (project.root / "dist" / "c" / "tiny-booklet.pdf").read_bytes()
    assert pdf.get_filename() == "Clínica Sol - A short guide (booklet).pdf"
