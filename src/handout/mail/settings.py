"""The SMTP server a clinic sends through: its ``email.smtp`` settings, overridden by the environment.

Takes the parsed clinic and the environment; gives ``SmtpSettings``, or a ``SettingsError`` that
says what is missing and where to put it. ``HANDOUT_SMTP_HOST``, ``HANDOUT_SMTP_PORT``,
``HANDOUT_SMTP_SECURITY`` and ``HANDOUT_SMTP_USER`` override the file; the password is read
only from the environment (``HANDOUT_SMTP_PASSWORD``, or the variable ``email.smtp.password_env``
names) and is held in a ``Secret`` that never shows its value in a message, a repr or a log.
``security: none`` is refused for any server not on this machine, before connecting.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, get_args

from handout.errors import HandoutError
from handout.model.email import Security, _host

if TYPE_CHECKING:
    from handout.model import Clinic, Parsed

HOST, PORT, SECURITY, USER = ("HANDOUT_SMTP_HOST", "HANDOUT_SMTP_PORT", "HANDOUT_SMTP_SECURITY",
                              "HANDOUT_SMTP_USER")
PASSWORD = "HANDOUT_SMTP_PASSWORD"
DEFAULT_PORTS: dict[str, int] = {"starttls": 587, "ssl": 465, "none": 25}


class SettingsError(HandoutError):
    """SMTP settings that are missing, malformed or unsafe."""


class Secret:
    """A password: its value only through ``reveal()``, never through str, repr or format."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: Security
    username: str | None = None
    password: Secret | None = field(default=None, repr=False)
    password_from: str = PASSWORD  # the environment variable it was read from

    @property
    def where(self) -> str:
        """How messages name the server: ``smtp.example.org port 587``."""
        return f"{self.host} port {self.port}"


def is_local(host: str) -> bool:
    """True for a server on this machine: localhost or a loopback address (no DNS asked)."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def smtp_settings(clinic: Parsed[Clinic], env: Mapping[str, str]) -> SmtpSettings:
    """The settings to send with; raises ``SettingsError`` naming every problem at once."""
    smtp = clinic.value.email.smtp
    file = clinic.source.file
    problems: list[str] = []

    def where(key: str) -> str:
        path = ("email", "smtp", key)
        return f"{clinic.source.where(path)}: email.smtp.{key}"

    host = smtp.host
    if env.get(HOST):
        try:
            host = _host(env[HOST].strip())
        except ValueError as exc:
            problems.append(f"{HOST}: expected {exc}")
    elif host is None:
        problems.append(f"no SMTP server to send through: add email.smtp.host to {file} "
                        f"(with port, security and username), or set {HOST}")
    security: str = smtp.security
    if env.get(SECURITY):
        security = env[SECURITY].strip().lower()
        if security not in get_args(Security):
            problems.append(f"{SECURITY}: expected starttls, ssl or none, got {env[SECURITY]!r}")
    port = smtp.port
    if env.get(PORT):
        try:
            port = int(env[PORT])
            if not 1 <= port <= 65535:
                raise ValueError
        except ValueError:
            problems.append(f"{PORT}: expected a port number from 1 to 65535, got {env[PORT]!r}")
    username = env.get(USER, "").strip() or smtp.username
    password = None
    variable = smtp.password_env or PASSWORD
    if username:
        if env.get(variable):
            password = Secret(env[variable])
        else:
            named = f" (named by {where('password_env')})" if smtp.password_env else ""
            problems.append(f"no password for the SMTP user {username!r}: set the environment "
                            f"variable {variable}{named}; passwords are never read from files")
    if host and security == "none" and not is_local(host):
        origin = SECURITY if env.get(SECURITY) else where("security")
        problems.append(f"{origin}: 'none' sends patients' messages and the password unencrypted, "
                        f"so it is allowed only for a server on this machine (localhost, "
                        f"127.0.0.1, ::1), not {host}; use starttls or ssl")
    if problems:
        raise SettingsError("\n".join(problems))
    assert host is not None
    return SmtpSettings(host, port or DEFAULT_PORTS[security], security,  # type: ignore[arg-type]
                        username, password, variable)
