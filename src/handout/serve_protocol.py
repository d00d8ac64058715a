"""What ``handout serve`` and the ``handout`` entry point share: where, whether, and what is said.

Takes nothing from the rest of the package, and from the standard library only what a build
handed to the server needs anyway (the entry point imports it for every ``handout build``, so that
a served build starts in milliseconds); the server imports it without loading the entry point.
It gives:

- ``supported()``: whether this platform can serve at all. Both sides ask it: the server declines
  to start where it says no, and the client never looks for a server there.
- ``socket_path()``: where this user's server listens.
- ``peer_uid()``: which user is on the other end of a connection.
- ``Request``: what a client asks for, ``Request.encode`` on the client's side and ``receive`` on
  the server's, which refuses anything but a well-formed request of a bounded size.

The exchange, over a Unix stream socket: the client sends the request (JSON) with its standard
output and error attached (SCM_RIGHTS), then shuts its side for writing. The server answers in
lines: ``pid N`` when a build starts, then ``exit N``; or ``stale`` (it runs older code: build by
yourself); or ``refused REASON`` (build by yourself). A peer of another user gets no answer.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import sys
import time

#: The commands a client hands to the server; every other command runs where it was typed.
FORWARDED = ("build",)

#: A request is the command line, the folder and the environment: far below this.
MAX_REQUEST = 1 << 20

#: A client sends its request as soon as it has connected; one that has not after this many
#: seconds is dropped, so that it cannot hold up the builds queued behind it.
PATIENCE = 5.0

UNSUPPORTED = ("handout serve is not available on this platform (it needs Unix sockets that pass "
               "file descriptors and name their peer's user); handout build works the same "
               "without it")

_FDS = 2  # the client's standard output and error
_MAX_FDS = 8  # room to receive (and close) a few too many rather than have the kernel drop them


def supported() -> bool:
    """Whether this platform has what ``handout serve`` needs.

    The server runs each build in a fork, receives the client's standard output and error over a
    Unix socket, and serves only its own user, so it needs ``fork``, ``AF_UNIX``, file descriptor
    passing and a way to learn the peer's user: ``SO_PEERCRED`` on Linux, ``LOCAL_PEERCRED`` on
    macOS and FreeBSD (where Python exposes it). Windows has none of these but ``AF_UNIX``.
    """
    return (hasattr(os, "fork") and hasattr(os, "getuid") and hasattr(socket, "AF_UNIX")
            and hasattr(socket, "send_fds") and hasattr(socket, "recv_fds")
            and _peer_option() is not None)


def _peer_option() -> str | None:
    """Which socket option names a peer's user here: ``ucred``, ``xucred`` or none we can read."""
    # The layout of the answer differs between systems (OpenBSD's SO_PEERCRED puts the uid
    # first), so only the systems whose layout is written in ``peer_uid`` are trusted.
    if sys.platform.startswith("linux") and hasattr(socket, "SO_PEERCRED"):
        return "ucred"
    if sys.platform.startswith(("darwin", "freebsd")) and hasattr(socket, "LOCAL_PEERCRED"):
        return "xucred"
    return None


def socket_path() -> str:
    """Where this user's server listens: a folder only this user can enter."""
    base = os.environ.get("XDG_RUNTIME_DIR") or "/tmp"
    return os.path.join(base, f"handout-{os.getuid()}", "serve.sock")


def peer_uid(conn: socket.socket) -> int | None:
    """The user id of the process at the other end of ``conn``, or None if it cannot be told."""
    option = _peer_option()
    try:
        if option == "ucred":  # Linux: struct ucred {pid_t pid; uid_t uid; gid_t gid;}
            raw = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("=iII"))
            return struct.unpack("=iII", raw)[1]
        if option == "xucred":  # macOS, FreeBSD: struct xucred {u_int cr_version; uid_t cr_uid; …}
            local_peercred: int = socket.LOCAL_PEERCRED  # type: ignore[attr-defined]
            raw = conn.getsockopt(0, local_peercred, 256)  # level 0 is SOL_LOCAL
            version, uid = struct.unpack_from("=II", raw)
            return uid if version == 0 else None  # 0 is XUCRED_VERSION, the layout above
    except (OSError, struct.error):
        pass
    return None


class Refused(Exception):
    """A request the server will not run; the message says why, in a few words."""


class Request:
    """One command line to run in the server, as the client would have run it.

    A plain class, not a frozen dataclass: importing ``dataclasses`` costs more than the rest of
    the way from ``handout build`` to the server. Nothing changes a request once it is made.
    """

    __slots__ = ("argv", "cwd", "env")

    def __init__(self, argv: tuple[str, ...], cwd: str, env: dict[str, str]) -> None:
        self.argv = argv
        self.cwd = cwd
        self.env = env

    def encode(self) -> bytes:
        return json.dumps({"argv": list(self.argv), "cwd": self.cwd, "env": self.env}).encode()

    @classmethod
    def decode(cls, data: bytes) -> Request:
        """The request in ``data``; ``Refused`` if it is anything else."""
        try:
            value = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise Refused("not a JSON request") from None
        if not isinstance(value, dict) or set(value) != {"argv", "cwd", "env"}:
            raise Refused("expected a JSON object with argv, cwd and env")
        argv, cwd, env = value["argv"], value["cwd"], value["env"]
        if not (isinstance(argv, list) and argv and all(_text(a) for a in argv)):
            raise Refused("argv: expected a list of strings")
        if argv[0] not in FORWARDED:
            raise Refused(f"argv: {argv[0]!r} is not a command the server runs")
        if not (_text(cwd) and os.path.isabs(cwd)):
            raise Refused("cwd: expected an absolute path")
        if not (isinstance(env, dict) and all(_text(k) and k and "=" not in k and _text(v)
                                              for k, v in env.items())):
            raise Refused("env: expected names and values that are strings")
        return cls(tuple(argv), cwd, env)


def _text(value: object) -> bool:
    """A string the operating system can take (a NUL byte cannot be in a path or variable)."""
    return isinstance(value, str) and "\0" not in value


def receive(conn: socket.socket) -> tuple[Request, list[int]]:
    """Read one request and the two file descriptors sent with it, up to the client's EOF.

    Raises ``Refused`` for anything but that (and then has closed whatever descriptors came): a
    request that is not one, too large, or without exactly two descriptors, or a client that sends
    nothing for ``PATIENCE`` seconds.
    """
    deadline = time.monotonic() + PATIENCE
    data = bytearray()
    fds: list[int] = []
    try:
        while True:
            conn.settimeout(max(deadline - time.monotonic(), 0.001))
            try:
                chunk, more, flags, _ = socket.recv_fds(conn, 1 << 16, _MAX_FDS)
            except TimeoutError:
                raise Refused(f"no complete request within {PATIENCE:g} s") from None
            fds += more
            if flags & getattr(socket, "MSG_CTRUNC", 0):
                raise Refused("too many file descriptors")
            if not chunk:
                break
            data += chunk
            if len(data) > MAX_REQUEST:
                raise Refused(f"a request larger than {MAX_REQUEST >> 20} MiB")
        if len(fds) != _FDS:
            raise Refused(f"expected {_FDS} file descriptors with the request, got {len(fds)}")
        request = Request.decode(bytes(data))
        conn.settimeout(None)  # from now on the build takes as long as it takes
        return request, fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
