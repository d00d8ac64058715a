"""``handout email --send`` against a real SMTP server with STARTTLS and AUTH, on loopback."""

from __future__ import annotations

import base64
import json
from email import message_from_bytes, policy

import pytest

from tests.mail.conftest import PASSWORD, USER, output, run, run_process
from tests.mail.server import Server, free_port

TO = "Pat Doe <pat@example.org>"


def record(project) -> list[dict]:
    path = project.root / "outbox" / "c" / "sent.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def built_by_handout_build(project, tmp_path, fmt="handout") -> bytes:
    """What ``handout build`` writes for the tiny guide, in a folder of its own."""
    from typer.testing import CliRunner

    from handout.cli import app

    out = tmp_path / "built-separately"
    result = CliRunner().invoke(app, ["build", "--clinic", "c", "--format", fmt, "--out", str(out),
                                      "--root", str(project.root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    suffix = {"handout": "", "booklet": "-booklet", "large-print": "-large-print"}[fmt]
    return (out / "c" / f"tiny{suffix}.pdf").read_bytes()


def test_send_delivers_through_starttls_and_auth(project, server, tmp_path):
    result = run(project, "--to", TO, "--send", env=server.env())
    assert result.returncode == 0, output(result)
    assert f"sent to {TO} through localhost port {server.port}" in result.stdout
    [got] = server.inbox.messages
    assert got.tls and got.user == USER
    assert got.mail_from == "care@clinic.example.org" and got.rcpt_tos == ("pat@example.org",)
    msg = message_from_bytes(got.data, policy=policy.default)
    assert msg["To"] == TO and msg["Reply-To"].addresses[0].addr_spec == \
        "frontdesk@clinic.example.org"
    [pdf] = [p for p in msg.iter_attachments()]
    assert pdf.get_filename() == "Clínica Sol - A short guide.pdf"
    assert pdf.get_content() == built_by_handout_build(project, tmp_path)
    assert pdf.get_content() == (project.root / "outbox" / ".pdf" / "c" / "tiny.pdf").read_bytes()
    events = record(project)
    assert [e["event"] for e in events] == ["sending", "sent"]
    assert events[1]["to"] == "pat@example.org" and events[1]["guides"] == ["tiny"]
    assert events[1]["formats"] == ["handout"] and events[1]["message_id"] == msg["Message-ID"]
    assert events[1]["reply"].startswith("250")
    assert events[0]["attachments"][0]["file"] == "Clínica Sol - A short guide.pdf"
    assert (project.root / "outbox" / "c").stat().st_mode & 0o077 == 0  # patients' addresses


def test_the_same_message_is_not_sent_twice_without_resend(project, server):
    assert run(project, "--to", TO, "--send", env=server.env()).returncode == 0
    again = run(project, "--to", "Pat Doe <pat@EXAMPLE.org>", "--send", env=server.env())
    assert again.returncode == 0, output(again)
    assert "already sent on" in again.stdout and "not sent again (--resend sends it again)" \
        in again.stdout
    assert len(server.inbox.messages) == 1
    other = run(project, "--to", TO, "--format", "large-print", "--send", env=server.env())
    assert other.returncode == 0 and len(server.inbox.messages) == 2  # another message
    resent = run(project, "--to", TO, "--send", "--resend", env=server.env())
    assert resent.returncode == 0, output(resent)
    assert len(server.inbox.messages) == 3
    ids = [message_from_bytes(m.data, policy=policy.default)["Message-ID"]
           for m in server.inbox.messages]
    assert len(set(ids)) == 3
    assert [e["event"] for e in record(project)] == ["sending", "sent"] * 3


def test_server_down_is_one_line_and_nothing_is_recorded(project, server):
    port = free_port()
    result = run_process(project, "--to", TO, "--send",
                         env=server.env(HANDOUT_SMTP_PORT=str(port)))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"error: cannot reach the SMTP server localhost port {port}: connection refused (is the "
        f"host and port right, and the server running?); nothing was sent")
    assert result.stdout == "" and record(project) == []


def test_wrong_password_is_refused_and_never_shown(project, server):
    wrong = "Wrong-pass-3141-secret"
    for debug in ((), ("--debug",)):
        result = run_process(project, "--to", TO, "--send", *debug,
                             env=server.env(HANDOUT_SMTP_PASSWORD=wrong))
        assert result.returncode != 0
        text = output(result)
        assert f"localhost port {server.port} refused the login for user '{USER}' (535" in text
        for secret in (wrong, PASSWORD, base64.b64encode(wrong.encode()).decode(),
                       base64.b64encode(f"\0{USER}\0{wrong}".encode()).decode()):
            assert secret not in text
        if not debug:
            assert result.returncode == 2 and "Traceback" not in text
            assert len(result.stderr.strip().splitlines()) == 1
    assert server.inbox.messages == [] and record(project) == []


def test_the_password_appears_in_no_output(project, server, tmp_path):
    batch = tmp_path / "today.csv"
    batch.write_text("email,name\npat@example.org,Pat Doe\nbad@,Bad Row\n")
    results = [run(project, "--to", TO, env=server.env()),
               run(project, "--to", TO, "--send", "--debug", env=server.env()),
               run(project, "--batch", str(batch), "--send", "--resend", env=server.env()),
               run(project, "--to", TO, "--send", "--resend",
                   env=server.env(HANDOUT_SMTP_USER="nobody"))]
    assert [r.returncode for r in results] == [0, 0, 1, 2]
    for r in results:
        assert PASSWORD not in output(r)
        assert base64.b64encode(PASSWORD.encode()).decode() not in output(r)
    assert PASSWORD not in (project.root / "outbox" / "c" / "sent.jsonl").read_text()


def test_a_refused_recipient_fails_that_patient_and_the_batch_goes_on(project, server, tmp_path):
    server.inbox.refuse.add("gone@example.org")
    batch = tmp_path / "today.csv"
    batch.write_text("email,name\npat@example.org,Pat Doe\ngone@example.org,Gone Away\n"
                     "sam@example.org,Sam Roe\n")
    result = run(project, "--batch", str(batch), "--send", env=server.env())
    assert result.returncode == 1, output(result)
    assert [m.rcpt_tos for m in server.inbox.messages] == [("pat@example.org",),
                                                          ("sam@example.org",)]
    assert f"error: {batch}:3: Gone Away <gone@example.org>: not sent: the server refused the " \
        f"recipient (550 5.1.1 mailbox unavailable)" in result.stderr
    assert server.inbox.connections == 1  # one session for the whole batch
    assert [(e["to"], e["event"]) for e in record(project)] == [
        ("pat@example.org", "sending"), ("pat@example.org", "sent"),
        ("gone@example.org", "sending"), ("gone@example.org", "failed"),
        ("sam@example.org", "sending"), ("sam@example.org", "sent")]
    # the rerun sends only what is missing: nothing, while the server still refuses
    server.inbox.refuse.clear()
    rerun = run(project, "--batch", str(batch), "--send", env=server.env())
    assert rerun.returncode == 0, output(rerun)
    assert [m.rcpt_tos for m in server.inbox.messages][2:] == [("gone@example.org",)]


def test_a_temporary_error_is_retried_then_accepted(project, server):
    server.inbox.defer = 1
    result = run(project, "--to", TO, "--send", env=server.env())
    assert result.returncode == 0, output(result)
    assert len(server.inbox.messages) == 1
    assert [e["event"] for e in record(project)] == ["sending", "sent"]


def test_security_none_to_another_machine_is_refused_before_connecting(project):
    result = run(project, "--to", TO, "--send", env={
        "HANDOUT_SMTP_HOST": "smtp.clinic.example.org", "HANDOUT_SMTP_SECURITY": "none",
        "HANDOUT_SMTP_PASSWORD": PASSWORD})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: HANDOUT_SMTP_SECURITY: 'none' sends patients' messages and the password "
        "unencrypted, so it is allowed only for a server on this machine (localhost, 127.0.0.1, "
        "::1), not smtp.clinic.example.org; use starttls or ssl")
    assert not (project.root / "outbox").exists()  # refused before building anything


def test_a_certificate_the_system_does_not_trust_is_refused(project, server, tmp_path):
    other_ca = tmp_path / "other-ca.pem"
    Server(tmp_path / "..").ca.cert_pem.write_to_path(str(other_ca))  # a CA that signed nothing
    result = run(project, "--to", TO, "--send", env=server.env(SSL_CERT_FILE=str(other_ca)))
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: cannot verify the certificate of the SMTP server "
                                    f"localhost port {server.port}: ")
    assert server.inbox.messages == []


def test_missing_smtp_settings_say_where_to_put_them(tmp_path):
    from tests.conftest import tiny_project
    from tests.mail.conftest import CLINIC

    project = tiny_project(tmp_path, CLINIC.replace(
        f"  smtp: {{host: localhost, username: {USER}}}\n", ""))
    result = run(project, "--to", TO, "--send")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: no SMTP server to send through: add email.smtp.host to content/clinics/c.yaml "
        "(with port, security and username), or set HANDOUT_SMTP_HOST")
    no_password = run(project, "--to", TO, "--send", env={
        "HANDOUT_SMTP_HOST": "localhost", "HANDOUT_SMTP_USER": USER})
    assert no_password.returncode == 2
    assert no_password.stderr.strip() == (
        f"error: no password for the SMTP user '{USER}': set the environment variable "
        f"HANDOUT_SMTP_PASSWORD; passwords are never read from files")


def test_a_message_cut_off_by_a_crash_is_not_sent_again_without_resend(project, server):
    """A ``sending`` line with no outcome: the server may have the message."""
    box = project.root / "outbox" / "c"
    box.mkdir(parents=True)
    (box / "sent.jsonl").write_text(json.dumps({
        "event": "sending", "time": "2026-05-01T15:00:00+00:00", "clinic": "c",
        "to": "pat@example.org", "guides": ["tiny"], "formats": ["handout"],
        "message_id": "<1@clinic.example.org>"}) + "\n" + '{"event": "se')  # cut off mid-line
    result = run(project, "--to", TO, "--send", env=server.env())
    assert result.returncode == 1
    assert "may have been sent on 2026-05-01 15:00:00 UTC (<1@clinic.example.org>)" in \
        result.stderr
    assert server.inbox.messages == []
    assert run(project, "--to", TO, "--send", "--resend", env=server.env()).returncode == 0
    assert len(server.inbox.messages) == 1


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # it is TLS throughout
def test_ssl_from_the_start(project, tmp_path):
    with Server(tmp_path, implicit_tls=True) as server:
        result = run(project, "--to", TO, "--send",
                     env=server.env(HANDOUT_SMTP_SECURITY="ssl"))
        assert result.returncode == 0, output(result)
        assert [m.tls for m in server.inbox.messages] == [True]


def test_starttls_required_by_us_when_the_server_does_not_offer_it(project, tmp_path):
    from aiosmtpd.controller import Controller

    from tests.mail.server import Inbox

    port = free_port()
    plain = Controller(Inbox(), hostname="127.0.0.1", port=port)
    plain.start()
    try:
        result = run(project, "--to", TO, "--send", env={
            "HANDOUT_SMTP_HOST": "127.0.0.1", "HANDOUT_SMTP_PORT": str(port),
            "HANDOUT_SMTP_PASSWORD": PASSWORD})
    finally:
        plain.stop()
    assert result.returncode == 2
    assert f"the SMTP server 127.0.0.1 port {port} does not offer STARTTLS" in result.stderr


def test_two_runs_cannot_send_for_one_clinic_at_once(project, server):
    from handout.mail.outbox import lock

    with lock(project.root / "outbox" / "c"):
        result = run(project, "--to", TO, "--send", env=server.env())
    assert result.returncode == 2
    assert result.stderr.startswith("error: another 'handout email' is sending for this clinic")
    assert server.inbox.messages == []
