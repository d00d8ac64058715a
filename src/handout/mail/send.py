"""Send: message bytes → the clinic's SMTP server, over verified TLS, with retries.

``Mailer`` opens one connection (``starttls``: plain then STARTTLS; ``ssl``: TLS from the start;
``none``: only to this machine, checked in ``settings``), logs in when there is a username, and
sends messages one by one with an explicit envelope (one sender, one recipient: no header
decides where a message goes). Certificates are checked against the system's trusted roots
(``ssl.create_default_context``; ``SSL_CERT_FILE`` names others) and the server's name.

What can go wrong, and what it becomes:

- the server cannot be reached, TLS fails, the login or the sender is refused: ``SendError``
  (nothing more can be sent this run);
- the server refuses this recipient or this message (5xx): ``Refused`` (the next one can go);
- a temporary error (4xx) or a dropped connection: retried with backoff, reconnecting if
  needed; after the last try ``Failed``, or ``SendError`` if the server can no longer be
  reached.

Every message names the server (host and port) and never holds the password: server replies
are scrubbed of it before they are shown.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from types import TracebackType

from handout.errors import HandoutError
from handout.mail.settings import SmtpSettings

#: Waits in seconds before each retry of a temporary failure.
BACKOFF = (1.0, 2.0, 4.0)
TIMEOUT = 30.0


class SendError(HandoutError):
    """The server cannot be used: unreachable, TLS or login failed, or the sender refused."""


class Unreachable(SendError):
    """The server could not be reached, or dropped the connection while it was being opened."""


class Refused(HandoutError):
    """The server refused this message for good (a 5xx reply)."""


class Failed(HandoutError):
    """A temporary failure outlasted every retry."""


class Mailer:
    """One SMTP session; use as a context manager."""

    def __init__(self, settings: SmtpSettings, backoff: tuple[float, ...] = BACKOFF,
                 timeout: float = TIMEOUT, sleep: Callable[[float], None] = time.sleep):
        self.settings = settings
        self.backoff = backoff
        self.timeout = timeout
        self._sleep = sleep
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        self.open()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- the connection ------------------------------------------------------------------

    def open(self) -> None:
        """Connect, secure and log in; raises ``SendError`` saying which step failed."""
        s = self.settings
        where = f"the SMTP server {s.where}"
        context = ssl.create_default_context()
        smtp: smtplib.SMTP | None = None
        try:
            try:
                if s.security == "ssl":
                    smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=self.timeout, context=context)
                else:
                    smtp = smtplib.SMTP(s.host, s.port, timeout=self.timeout)
                smtp.ehlo()
                if s.security == "starttls":
                    if not smtp.has_extn("starttls"):
                        raise SendError(f"{where} does not offer STARTTLS, so nothing would be "
                                        f"encrypted; if it expects TLS from the start (usually "
                                        f"port 465), set security: ssl")
                    smtp.starttls(context=context)
                    smtp.ehlo()
            except ssl.SSLCertVerificationError as exc:
                raise SendError(f"cannot verify the certificate of {where}: "
                                f"{exc.verify_message or exc.reason}; nothing was sent") from None
            except ssl.SSLError as exc:
                raise SendError(f"TLS with {where} failed ({exc.reason or exc}); check the "
                                f"port and security settings; nothing was sent") from None
            except smtplib.SMTPServerDisconnected as exc:
                raise Unreachable(f"{where} closed the connection at once "
                                  f"({_why(exc, self.timeout)}); nothing was sent") from None
            except smtplib.SMTPException as exc:
                raise SendError(f"{where} did not accept the connection "
                                f"({self._reply(exc)}); nothing was sent") from None
            except OSError as exc:
                raise Unreachable(f"cannot reach {where}: {_why(exc, self.timeout)}; "
                                  f"nothing was sent") from None
            if s.username:
                self._login(smtp, where)
        except BaseException:
            if smtp is not None:
                _close(smtp)
            raise
        self._smtp = smtp

    def _login(self, smtp: smtplib.SMTP, where: str) -> None:
        s = self.settings
        assert s.password is not None  # settings insist on one with a username
        try:
            smtp.login(s.username or "", s.password.reveal())
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(f"{where} refused the login for user {s.username!r} "
                            f"({self._reply(exc)}); check the username and the password in "
                            f"{s.password_from}; nothing was sent") from None
        except smtplib.SMTPNotSupportedError:
            raise SendError(f"{where} offers no login (AUTH) on this connection; remove the "
                            f"username, or use security: starttls or ssl") from None
        except smtplib.SMTPException as exc:
            raise SendError(f"login to {where} failed ({self._reply(exc)}); nothing was sent"
                            ) from None
        except OSError as exc:
            raise SendError(f"lost {where} while logging in: {_why(exc, self.timeout)}; "
                            f"nothing was sent") from None

    def close(self) -> None:
        if self._smtp is not None:
            _close(self._smtp)
            self._smtp = None

    # -- messages ------------------------------------------------------------------------

    def send(self, sender: str, recipient: str, data: bytes) -> str:
        """Send ``data`` from ``sender`` to ``recipient`` only; gives the server's reply."""
        where = f"the SMTP server {self.settings.where}"
        problem = ""
        for attempt in range(len(self.backoff) + 1):
            if attempt:
                self._sleep(self.backoff[attempt - 1])
            try:
                if self._smtp is None:
                    self.open()
                assert self._smtp is not None
                return self._transaction(self._smtp, sender, recipient, data)
            except _Temporary as exc:
                problem = str(exc)
            except Unreachable as exc:  # reconnecting failed
                if attempt == len(self.backoff):
                    raise Unreachable(f"{where} stopped answering: {exc}") from None
                problem = str(exc)
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                self.close()
                problem = f"the connection was lost ({_why(exc, self.timeout)})"
        raise Failed(f"not sent after {len(self.backoff) + 1} tries: {problem}")

    def _transaction(self, smtp: smtplib.SMTP, sender: str, recipient: str, data: bytes) -> str:
        where = f"the SMTP server {self.settings.where}"
        options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
        code, reply = smtp.mail(sender, options)
        if code != 250:
            self._after_error(smtp, code)
            if code >= 500:
                raise SendError(f"{where} refused the sender address {sender} "
                                f"({self._text(code, reply)}); nothing more was sent")
            raise _Temporary(f"sender deferred ({self._text(code, reply)})")
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            self._after_error(smtp, code)
            if code >= 500:
                raise Refused(f"the server refused the recipient ({self._text(code, reply)})")
            raise _Temporary(f"recipient deferred ({self._text(code, reply)})")
        answer: bytes | str
        try:
            code, answer = smtp.data(data)
        except smtplib.SMTPDataError as exc:  # DATA itself was not accepted
            code, answer = exc.smtp_code, exc.smtp_error
        if code != 250:
            self._after_error(smtp, code)
            if code >= 500:
                raise Refused(f"the server refused the message ({self._text(code, answer)})")
            raise _Temporary(f"message deferred ({self._text(code, answer)})")
        return self._text(code, answer)

    def _after_error(self, smtp: smtplib.SMTP, code: int) -> None:
        if code == 421:  # the server is closing the connection
            self.close()
            return
        try:
            smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()

    def _text(self, code: int, reply: bytes | str) -> str:
        text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
        return self._scrub(f"{code} {' '.join(text.split())}"[:300])

    def _reply(self, exc: smtplib.SMTPException) -> str:
        if isinstance(exc, smtplib.SMTPResponseException):
            return self._text(exc.smtp_code, exc.smtp_error)
        return self._scrub(str(exc))

    def _scrub(self, text: str) -> str:
        """A server could echo what it was sent: never show the password."""
        password = self.settings.password
        if password is not None and password.reveal():
            import base64

            for form in {password.reveal(), base64.b64encode(password.reveal().encode()).decode()}:
                text = text.replace(form, "********")
        return text


class _Temporary(Exception):
    """A 4xx reply: try again later."""


def _why(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the host and port right, and the server running?)"
    if isinstance(exc, socket.gaierror):
        return "no such host"
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return "the server closed the connection"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _close(smtp: smtplib.SMTP) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
