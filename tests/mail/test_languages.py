"""Intake email in Spanish: the batch's ``language`` column and ``--lang``; the message's words,
the clinic's own message in Spanish, the Spanish editions attached, the record per language."""

from __future__ import annotations

import json
import os
from email import message_from_bytes, policy
from pathlib import Path

from handout.build import build_clinic
from handout.cli import app
from tests.conftest import GUIDE, copy_project
from tests.mail.server import USER

TO = "Pat Doe <pat@example.org>"


def run(project, *args: str, env: dict[str, str] | None = None):
    from typer.testing import CliRunner

    clean: dict[str, str | None] = {k: None for k in os.environ
                                    if k.startswith("HANDOUT_SMTP") or k == "SSL_CERT_FILE"}
    return CliRunner().invoke(app, ["email", "--clinic", "boulder", "--root",
                                    str(project.root), *args],
                              env={**clean, **(env or {}), "HANDOUT_SMTP_USER": USER},
                              catch_exceptions=False)


def parse(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def text(msg, kind: str = "plain") -> str:
    return msg.get_body((kind,)).get_content().replace("\r\n", "\n")


def test_the_language_column_sends_each_patient_their_language(tmp_path, server):
    project = copy_project(tmp_path)
    batch = tmp_path / "today.csv"
    batch.write_text(
        "email,name,guides,language\n"
        f"pat@example.org,Pat Doe,first-visit {GUIDE},Español\n"
        "sam@example.org,Sam Roe,first-visit,\n"
        "lee@example.org,Lee Poe,warning-signs,es\n"
        "kim@example.org,Kim Loe,first-visit,fr\n", encoding="utf-8")
    result = run(project, "--batch", str(batch), "--send", env=server.env())
    assert result.exit_code == 1, result.output  # two bad rows, two sent
    assert ("error: today.csv:4: guides: expected guides in Spanish (not translated: "
            "warning-signs), got 'warning-signs'; row skipped") in result.output.replace(
                str(tmp_path) + "/", "")
    assert "today.csv:5: language: expected a language a guide is in (en or English, es or " \
           "Spanish), got 'fr'; row skipped" in result.output
    sent = {m.rcpt_tos[0]: parse(m.data) for m in server.inbox.messages}
    assert sorted(sent) == ["pat@example.org", "sam@example.org"]

    spanish, english = sent["pat@example.org"], sent["sam@example.org"]
    assert spanish["Subject"] == ("Antes de su primera consulta: información de Boulder "
                                  "Ketamine & Wellness")
    body = text(spanish)
    assert body.startswith("Estimado/a Pat Doe:\n\nGracias por elegir Boulder Ketamine")
    assert "Adjuntos a este correo:\n- Su primera visita (PDF," in body
    assert '<html lang="es-US">' in text(spanish, "html")
    files = {a.get_filename(): a.get_content() for a in spanish.iter_attachments()}
    assert list(files) == ["Boulder Ketamine - Su primera visita.pdf",
                           "Boulder Ketamine - Beneficios y riesgos de la ketamina.pdf"]
    built = build_clinic(project, "boulder", ["first-visit"], tmp_path / "built", ["handout"],
                         languages=("es",))
    assert files["Boulder Ketamine - Su primera visita.pdf"] == built[0].path.read_bytes()
    assert english["Subject"].startswith("Before your first visit")
    assert [a.get_filename() for a in english.iter_attachments()] == [
        "Boulder Ketamine - Your First Visit.pdf"]

    record = [json.loads(line) for line in
              (project.root / "outbox" / "boulder" / "sent.jsonl").read_text().splitlines()]
    languages = {e["to"]: e.get("language") for e in record if e["event"] == "sent"}
    assert languages == {"pat@example.org": "es", "sam@example.org": None}
    # the same patient in English is another message; in Spanish again, it is already sent
    again = run(project, "--to", TO, "--guide", "first-visit", "--guide", GUIDE, "--lang", "es",
                "--send", env=server.env())
    assert again.exit_code == 0 and "already sent" in again.output
    other = run(project, "--to", TO, "--guide", "first-visit", "--guide", GUIDE, "--send",
                env=server.env())
    assert other.exit_code == 0 and "sent to Pat Doe" in other.output
    assert len(server.inbox.messages) == 3


def test_the_clinic_writes_its_own_message_in_spanish_too(tmp_path):
    project = copy_project(tmp_path)
    clinic = project.clinics_dir / "boulder.yaml"
    english = clinic.read_text(encoding="utf-8")
    clinic.write_text(english.replace("\n# Spanish text", (
        "\nemail:\n  subject: \"Your visit to {clinic.name}\"\n"
        "  body: \"Dear {patient.name}, see you soon.\"\n\n# Spanish text")), encoding="utf-8")
    out = tmp_path / "m.eml"
    result = run(project, "--to", TO, "--guide", "first-visit", "--lang", "es", "--out", str(out))
    assert result.exit_code == 2 and not out.exists()
    line = english.split("\n# Spanish text")[0].count("\n") + 3  # the subject's line
    assert (f"content/clinics/boulder.yaml:{line}:12: es.email.subject: expected the Spanish "
            f"text of 'email.subject' (Spanish editions never print English), got nothing "
            f"(add 'subject:' under 'es.email:')") in result.output
    assert "es.email.body" in result.output
    clinic.write_text(clinic.read_text(encoding="utf-8") + (
        "  email:\n    subject: \"Su visita a {clinic.name}\"\n"
        "    body: \"Estimado/a {patient.name}: hasta pronto.\"\n"), encoding="utf-8")
    result = run(project, "--to", TO, "--guide", "first-visit", "--lang", "es", "--out", str(out))
    assert result.exit_code == 0, result.output
    msg = parse(out.read_bytes())
    assert msg["Subject"] == "Su visita a Boulder Ketamine & Wellness"
    assert text(msg).startswith("Estimado/a Pat Doe: hasta pronto.")
    # English messages keep the English text
    result = run(project, "--to", TO, "--guide", "first-visit", "--out", str(out))
    assert parse(out.read_bytes())["Subject"] == "Your visit to Boulder Ketamine & Wellness"


def test_a_guide_asked_for_in_a_language_it_lacks_is_an_error(tmp_path):
    project = copy_project(tmp_path)
    out = tmp_path / "m.eml"
    result = run(project, "--to", TO, "--guide", "warning-signs", "--lang", "es", "--out",
                 str(out))
    assert result.exit_code == 2 and not out.exists()
    assert result.output.strip() == ("error: --lang es: expected guides in Spanish (not "
                                     "translated: warning-signs)")
    result = run(project, "--to", TO, "--lang", "fr", "--out", str(out))
    assert result.exit_code == 2
    assert result.output.strip() == "error: --lang: expected a language a guide is in (en, es), " \
                                    "got 'fr'"
    # without --guide, a Spanish message attaches the clinic's guides that are translated
    result = run(project, "--to", TO, "--lang", "es", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert [a.get_filename() for a in parse(out.read_bytes()).iter_attachments()] == [
        "Boulder Ketamine - Su primera visita.pdf",
        "Boulder Ketamine - Beneficios y riesgos de la ketamina.pdf"]


def test_the_record_of_older_english_messages_still_counts(tmp_path):
    """A record written before messages had a language: its lines are English messages."""
    from handout.mail.outbox import Key, Record

    path = tmp_path / "sent.jsonl"
    path.write_text(json.dumps({"event": "sent", "time": "2026-11-01T09:00:00+00:00",
                                "clinic": "boulder", "to": "pat@example.org",
                                "guides": [GUIDE], "formats": ["handout"],
                                "message_id": "<1@x>"}) + "\n", encoding="utf-8")
    record = Record.load(Path(path))
    assert record.last(Key.of("boulder", "pat@example.org", [GUIDE], ["handout"])) is not None
    assert record.last(Key.of("boulder", "pat@example.org", [GUIDE], ["handout"], "es")) is None
