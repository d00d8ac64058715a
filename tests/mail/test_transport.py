"""``Mailer``, ``smtp_settings`` and addresses on their own: retries, reconnection, the rules."""

from __future__ import annotations

import pytest

from handout.mail.address import AddressError, person
from handout.mail.send import Failed, Mailer, Refused, SendError, Unreachable
from handout.mail.settings import Secret, SettingsError, SmtpSettings, is_local, smtp_settings
from tests.mail.server import PASSWORD, USER, free_port

MESSAGE = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nhello\r\n"


def settings(server, **changes) -> SmtpSettings:
    base = dict(host="localhost", port=server.port, security="starttls", username=USER,
                password=Secret(PASSWORD))
    return SmtpSettings(**{**base, **changes})  # type: ignore[arg-type]


@pytest.fixture
def trusting(server, monkeypatch):
    monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
    return server


def test_a_dropped_connection_is_reopened_and_the_message_sent_once(trusting):
    server = trusting
    server.inbox.drop = 1
    waits = []
    with Mailer(settings(server), backoff=(0.5, 1.0), sleep=waits.append) as mailer:
        reply = mailer.send("a@example.org", "b@example.org", MESSAGE)
        assert reply.startswith("250")
        mailer.send("a@example.org", "c@example.org", MESSAGE)  # the new connection goes on
    assert [m.rcpt_tos for m in server.inbox.messages] == [("b@example.org",),
                                                          ("c@example.org",)]
    assert waits == [0.5] and server.inbox.connections == 2


def test_temporary_errors_give_up_after_the_last_try(trusting):
    server = trusting
    server.inbox.defer = 10
    waits = []
    with Mailer(settings(server), backoff=(1.0, 2.0, 4.0), sleep=waits.append) as mailer:
        with pytest.raises(Failed, match=r"^not sent after 4 tries: message deferred \(451 4\.3\.0"):
            mailer.send("a@example.org", "b@example.org", MESSAGE)
    assert waits == [1.0, 2.0, 4.0] and server.inbox.messages == []


def test_a_refused_message_is_not_retried(trusting):
    server = trusting
    server.inbox.refuse.add("b@example.org")
    with Mailer(settings(server), sleep=pytest.fail) as mailer:
        with pytest.raises(Refused, match="550 5.1.1"):
            mailer.send("a@example.org", "b@example.org", MESSAGE)
        mailer.send("a@example.org", "c@example.org", MESSAGE)  # the session is still good
    assert len(server.inbox.messages) == 1


def test_a_server_that_goes_away_mid_session(tmp_path, monkeypatch):
    from tests.mail.server import Server

    server = Server(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(server.ca_file))
    with server, Mailer(settings(server), backoff=(0.0, 0.0)) as mailer:
        mailer.send("a@example.org", "b@example.org", MESSAGE)
        server.stop()
        with pytest.raises(Unreachable, match=f"localhost port {server.port} stopped answering"):
            mailer.send("a@example.org", "c@example.org", MESSAGE)


def test_connecting_to_nothing_is_not_retried(tmp_path):
    port = free_port()
    s = SmtpSettings("127.0.0.1", port, "starttls")
    with pytest.raises(SendError, match=f"cannot reach the SMTP server 127.0.0.1 port {port}: "
                       "connection refused"):
        Mailer(s, sleep=pytest.fail).open()


def test_the_secret_never_shows():
    secret = Secret("hunter2")
    s = SmtpSettings("localhost", 587, "starttls", "u", secret)
    for shown in (str(secret), repr(secret), f"{secret}", repr(s), str(s)):
        assert "hunter2" not in shown
    assert secret.reveal() == "hunter2"


@pytest.mark.parametrize("host, local", [("localhost", True), ("LOCALHOST.", True),
                                         ("127.0.0.1", True), ("127.3.2.1", True), ("::1", True),
                                         ("localhost.example.org", False), ("10.0.0.5", False),
                                         ("::ffff:8.8.8.8", False), ("smtp.example.org", False)])
def test_only_this_machine_is_local(host, local):
    assert is_local(host) is local


def test_environment_overrides_the_clinic_file(project):
    parsed = project.clinic("c")
    s = smtp_settings(parsed, {"HANDOUT_SMTP_PASSWORD": "x"})
    assert (s.host, s.port, s.security, s.username) == ("localhost", 587, "starttls", USER)
    s = smtp_settings(parsed, {"HANDOUT_SMTP_HOST": "smtp.example.org",
                               "HANDOUT_SMTP_SECURITY": "SSL", "HANDOUT_SMTP_USER": "other",
                               "HANDOUT_SMTP_PASSWORD": "x"})
    assert (s.host, s.port, s.security, s.username) == ("smtp.example.org", 465, "ssl", "other")
    with pytest.raises(SettingsError) as caught:
        smtp_settings(parsed, {"HANDOUT_SMTP_PORT": "99999", "HANDOUT_SMTP_SECURITY": "tls",
                               "HANDOUT_SMTP_HOST": "smtp example", "HANDOUT_SMTP_PASSWORD": "x"})
    assert str(caught.value).splitlines() == [
        "HANDOUT_SMTP_HOST: expected a host name or IP address (like \"smtp.example.org\"), got "
        "'smtp example'",
        "HANDOUT_SMTP_SECURITY: expected starttls, ssl or none, got 'tls'",
        "HANDOUT_SMTP_PORT: expected a port number from 1 to 65535, got '99999'"]


def test_a_clinic_may_name_its_own_password_variable(tmp_path):
    from tests.conftest import tiny_project
    from tests.mail.conftest import CLINIC

    project = tiny_project(tmp_path, CLINIC.replace(
        f"username: {USER}}}", f"username: {USER}, password_env: SOL_SMTP_PASSWORD}}"))
    parsed = project.clinic("c")
    s = smtp_settings(parsed, {"SOL_SMTP_PASSWORD": "pw", "HANDOUT_SMTP_PASSWORD": "other"})
    assert s.password is not None and s.password.reveal() == "pw"
    with pytest.raises(SettingsError, match=r"set the environment variable SOL_SMTP_PASSWORD "
                       r"\(named by content/clinics/c.yaml:10:\d+: email.smtp.password_env\)"):
        smtp_settings(parsed, {"HANDOUT_SMTP_PASSWORD": "other"})


@pytest.mark.parametrize("text, name, address", [
    ("Pat Doe <pat@example.org>", "Pat Doe", "pat@example.org"),
    ('"Doe, Pat" <pat@example.org>', "Doe, Pat", "pat@example.org"),
    ("  pat@example.org  ", None, "pat@example.org"),
    ("<pat@example.org>", None, "pat@example.org"),
    ("Zoë <zoe@bücher.example>", "Zoë", "zoe@xn--bcher-kva.example"),
])
def test_recipients(text, name, address):
    p = person(text)
    assert (p.name, p.address) == (name, address)


@pytest.mark.parametrize("text", ["", "Pat", "pat@example.org>", "Pat <pat@example.org",
                                  "<pat@example.org> <sam@example.org>", "pat@localhost",
                                  "pat@example.test", "zoë@example.org", "Pat\tDoe <p@example.org>",
                                  "Pat <p@example.org>\r\n"])
def test_recipients_refused(text):
    with pytest.raises(AddressError):
        person(text)
