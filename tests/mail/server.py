"""A real SMTP server for the tests: aiosmtpd on loopback, STARTTLS required, AUTH required.

Its certificate is issued for ``localhost`` and ``127.0.0.1`` by a throwaway certificate authority
(trustme) that only the tests trust, through ``SSL_CERT_FILE`` — the same way a clinic would make
``handout email`` trust a private mail relay. Tests can make it refuse a recipient (5xx), defer
messages (4xx), or drop the connection, and read back every message it accepted.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path

import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "frontdesk@clinic.example.org"
PASSWORD = "Pw-7q!x9-not-for-printing"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes
    tls: bool
    user: str | None


@dataclass
class Inbox:
    """The handler: what the server accepted, and the failures a test asks for."""

    messages: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # recipients answered with 550
    defer: int = 0  # this many DATA commands answered with 451
    drop: int = 0  # this many DATA commands answered by closing the connection
    refuse_data: set[str] = field(default_factory=set)  # recipients whose message gets 554
    connections: int = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if not session.ssl:  # a new connection, not the EHLO after STARTTLS
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop:
            self.drop -= 1
            server.transport.close()
            return "421 4.3.2 closing"
        if self.defer:
            self.defer -= 1
            return "451 4.3.0 temporary failure, try again later"
        if set(envelope.rcpt_tos) & self.refuse_data:
            return "554 5.7.1 message refused"
        self.messages.append(Received(envelope.mail_from, tuple(envelope.rcpt_tos),
                                      bytes(envelope.original_content or envelope.content),
                                      server.transport.get_extra_info("ssl_object") is not None,
                                      session.auth_data.login.decode() if session.auth_data
                                      else None))
        return "250 2.0.0 queued"


def _authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() and \
        auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class Server:
    """Start with ``with Server(tmp_path) as server``; ``server.env`` points a run at it."""

    def __init__(self, folder: Path, implicit_tls: bool = False):
        self.ca = trustme.CA()
        cert = self.ca.issue_cert("localhost", "127.0.0.1")
        self.ca_file = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        cert.configure_cert(context)
        self.inbox = Inbox()
        self.port = free_port()
        options = dict(authenticator=_authenticate, auth_required=True, server_hostname="localhost")
        if implicit_tls:  # aiosmtpd counts only STARTTLS as TLS for AUTH: say it is there
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port,
                                         ssl_context=context, auth_require_tls=False, **options)
        else:
            self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port,
                                         tls_context=context, require_starttls=True, **options)

    def __enter__(self) -> Server:
        self.controller.start()
        self.running = True
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """The server goes away (a test may do this while a client is connected)."""
        if self.running:
            self.running = False
            self.controller.stop()

    def env(self, **more: str) -> dict[str, str]:
        return {"SSL_CERT_FILE": str(self.ca_file), "HANDOUT_SMTP_HOST": "localhost",
                "HANDOUT_SMTP_PORT": str(self.port), "HANDOUT_SMTP_PASSWORD": PASSWORD, **more}


def free_port() -> int:
    """A loopback port nothing listens on (for the server, or for "the server is down")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
