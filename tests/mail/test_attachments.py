"""The PDFs attached are the incremental build's: reused when up to date, rebuilt when not, the
bytes ``handout build`` writes, and never at the expense of what staff built in ``dist/``."""

from __future__ import annotations

from email import message_from_bytes, policy

from handout.mail.attachments import pdfs


def build(project, out, *args: str) -> None:
    """``handout build --clinic c --out OUT ARGS``, as staff would run it."""
    from typer.testing import CliRunner

    from handout.cli import app

    result = CliRunner().invoke(app, ["build", "--clinic", "c", "--out", str(out),
                                      "--root", str(project.root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_an_up_to_date_pdf_is_reused_as_it_is(project, tmp_path):
    first = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")]
    before = first.path.stat().st_mtime_ns
    again = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")]
    assert again.data == first.data and again.path.stat().st_mtime_ns == before  # not rebuilt
    build(project, tmp_path / "built", "--format", "handout")
    assert first.data == (tmp_path / "built" / "c" / "tiny.pdf").read_bytes()


def test_an_edited_clinic_is_rebuilt_before_it_is_attached(project, tmp_path):
    first = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")].data
    clinic = project.clinics_dir / "c.yaml"
    clinic.write_text(clinic.read_text().replace("(303) 555-0142", "(303) 555-0199"))
    second = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")].data
    assert second != first
    build(project, tmp_path / "built", "--format", "handout")
    assert (tmp_path / "built" / "c" / "tiny.pdf").read_bytes() == second


def test_a_pdf_changed_by_hand_is_rebuilt(project):
    got = pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")]
    got.path.write_bytes(got.data[:-100])
    assert pdfs(project, "c", ["tiny"], ["handout"])[("tiny", "handout")].data == got.data


def test_what_staff_built_for_printing_is_neither_attached_nor_overwritten(project, tmp_path):
    dist = project.root / "dist"
    build(project, dist, "--format", "handout", "--bleed")
    build(project, dist, "--format", "booklet", "--bleed", "--flip", "long", "--marks")
    before = {p.name: p.read_bytes() for p in (dist / "c").iterdir()}
    got = pdfs(project, "c", ["tiny"], ["handout", "booklet"])
    assert {p.name: p.read_bytes() for p in (dist / "c").iterdir()} == before
    build(project, tmp_path / "plain", "--format", "handout")
    build(project, tmp_path / "plain", "--format", "booklet")
    for fmt, name in (("handout", "tiny.pdf"), ("booklet", "tiny-booklet.pdf")):
        assert got[("tiny", fmt)].data == (tmp_path / "plain" / "c" / name).read_bytes()
        assert got[("tiny", fmt)].data != before[name]  # the print shop's has bleed


def test_the_sent_booklet_is_the_built_booklet(project, server, tmp_path):
    from tests.mail.conftest import run

    result = run(project, "--to", "Pat Doe <pat@example.org>", "--format", "booklet", "--send",
                 env=server.env())
    assert result.returncode == 0, result.stderr
    [got] = server.inbox.messages
    [pdf] = message_from_bytes(got.data, policy=policy.default).iter_attachments()
    build(project, tmp_path / "built", "--format", "booklet")
    assert pdf.get_content() == (tmp_path / "built" / "c" / "tiny-booklet.pdf").read_bytes()
    assert pdf.get_filename() == "Clínica Sol - A short guide (booklet).pdf"
