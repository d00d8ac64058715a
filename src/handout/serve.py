"""``handout serve``: a warm process that runs each ``handout build`` in a fork of itself.

Takes the project folder, how long to wait idle, and the command line to run for each request
(``cli.main``, passed in by the ``serve`` command, so that this module does not import the CLI
that imports it). Only where ``serve_protocol.supported()``; elsewhere ``run`` declines.

The server imports the whole pipeline, reads the project's fonts and renders one edition to
load everything ReportLab loads lazily, then waits on a Unix socket (``serve_protocol.socket_path``,
in a folder only its user may enter; peers of another user are refused). For each request it
forks: the child takes the client's standard output and error, folder, environment and
arguments, runs the command line, and reports its exit status. A fork starts from the
warm state and shares nothing with other builds, so a build here writes the bytes a cold
``handout build`` writes (the tests compare them). A request that is not one (garbage, too large,
without the client's output and error, from another user, never finished) is refused, logged
and dropped; the server carries on with the next.

A child first checks that the code on disk is the code the server loaded (``digest.toolchain``);
if not, it answers ``stale``, the client builds by itself and the server stops. Fonts edited
while the server runs are read again (every build reads the fonts' digests). The server
stops after ``idle`` seconds without a request, on SIGTERM, or on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from handout import digest, interrupts, serve_protocol
from handout.errors import HandoutError
from handout.serve_protocol import Refused, Request


class ServeError(HandoutError):
    """The server cannot start: not on this platform, already running, or no socket."""


def run(root: Path, idle: float, command: Callable[[], object],
        ready: Callable[[str], object] = lambda path: None) -> None:
    """Serve builds until ``idle`` seconds pass without one; each runs ``command`` in a fork."""
    if not serve_protocol.supported():
        raise ServeError(serve_protocol.UNSUPPORTED)
    path = serve_protocol.socket_path()
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    if _alive(path):
        raise ServeError(f"a handout server already listens on {path}")
    _warm(root)
    started_with = digest.toolchain()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(path):
        os.unlink(path)  # left by a server that was killed
    try:
        server.bind(path)
    except OSError as exc:  # for one, a socket path may not exceed about 100 bytes
        raise ServeError(f"cannot listen on {path}: {exc.strerror or exc}") from None
    server.listen(16)
    server.settimeout(1.0)  # wake up to collect finished children and to notice idleness
    ready(path)
    last = time.monotonic()
    signal.signal(signal.SIGTERM, _stop)  # the usual way to stop a server, besides Ctrl-C
    try:
        while time.monotonic() - last < idle:
            _reap()
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            last = time.monotonic()
            with conn:
                try:
                    _serve_one(conn, started_with, command)
                except Exception as exc:  # a client that went away, for one: serve the next
                    _log(f"a request failed: {type(exc).__name__}: {exc}")
    except (KeyboardInterrupt, _Stop):
        pass
    finally:
        server.close()
        if os.path.exists(path):
            os.unlink(path)


class _Stop(Exception):
    """SIGTERM arrived."""


def _stop(signum: int, frame: object) -> None:
    raise _Stop


def _alive(path: str) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.connect(path)
        return True
    except OSError:
        return False
    finally:
        probe.close()


def _warm(root: Path) -> None:
    """Import everything a build uses and render one edition (discarded) to load the rest."""
    from handout.build import Workshop
    from handout.errors import HandoutError
    from handout.layout.formats import FORMATS

    try:
        workshop = Workshop(root)
        clinics, guides = workshop.project.clinic_names(), workshop.project.guide_ids()
        workshop.warm(guides)
        if clinics and guides:
            doc = workshop.document(clinics[0], guides[0])
            workshop.render(doc, next(iter(FORMATS.values())))
    except HandoutError:
        pass  # a project with mistakes still gets a server; its builds will report them
    import pypdf  # noqa: F401  (the booklet's print edition)

    try:
        import svglib.svglib  # noqa: F401  (SVG logos)
    except ImportError:
        pass


def _serve_one(conn: socket.socket, started_with: str, command: Callable[[], object]) -> None:
    uid = serve_protocol.peer_uid(conn)  # the peer's effective user id, as the kernel saw it
    if uid != os.geteuid():  # say nothing to another user; only note that one knocked
        _log(f"refused a connection from user {uid if uid is not None else 'unknown'}")
        return
    try:
        request, fds = serve_protocol.receive(conn)
    except Refused as exc:
        _log(f"refused a request: {exc}")
        try:
            conn.sendall(f"refused {exc}\n".encode())
        except OSError:
            pass  # the client has gone; it builds by itself, or never meant to
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                _child(conn, request, fds, started_with, command)
            finally:
                os._exit(3)
    finally:
        for fd in fds:
            os.close(fd)
    _log(f"handout {' '.join(request.argv)} (in {request.cwd}) runs as process {pid}")


def _log(message: str) -> None:
    print(f"handout serve: {message}", file=sys.stderr, flush=True)


def _child(conn: socket.socket, request: Request, fds: list[int], started_with: str,
           command: Callable[[], object]) -> None:
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for fd in (*fds, devnull):
        os.close(fd)
    interrupts.listen()  # the client passes Ctrl-C on
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    conn.sendall(f"pid {os.getpid()}\n".encode())
    digest.toolchain.cache_clear()
    if digest.toolchain() != started_with:
        conn.sendall(b"stale\n")
        os.kill(os.getppid(), signal.SIGTERM)  # stop the server: it runs code no longer installed
        os._exit(0)
    try:
        os.chdir(request.cwd)
    except OSError as exc:
        print(f"error: cannot enter the folder {request.cwd}: {exc.strerror}", file=sys.stderr)
        sys.stderr.flush()
        conn.sendall(b"exit 2\n")
        os._exit(2)
    os.environ.clear()
    os.environ.update(request.env)
    sys.argv = ["handout", *request.argv]
    code = 0
    try:
        command()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # main() reports our errors itself; this is --debug or a crash
        traceback.print_exc()
        code = 3
    sys.stdout.flush()
    sys.stderr.flush()
    conn.sendall(f"exit {code}\n".encode())
    os._exit(code)


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
