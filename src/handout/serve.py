"""``handout serve``: a warm process that runs each ``handout build`` in a fork of itself.

The server imports the whole pipeline, reads the project's fonts and renders one edition to
load everything ReportLab loads lazily, then waits on a Unix socket (``client.socket_path``,
in a folder only its user may enter; peers of another user are refused). For each request it
forks: the child takes the client's standard output and error, folder, environment and
arguments, runs the ordinary command line, and reports its exit status. A fork starts from the
warm state and shares nothing with other builds, so a build here writes the bytes a cold
``handout build`` writes (the tests compare them).

A child first checks that the code on disk is the code the server loaded (``digest.toolchain``);
if not, it answers ``stale``, the client builds by itself and the server stops. Fonts edited
while the server runs are read again (every build reads the fonts' digests). The server
stops after ``idle`` seconds without a request, on SIGTERM, or on Ctrl-C.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path

from handout import client, digest


def run(root: Path, idle: float, ready=lambda path: None) -> None:
    path = client.socket_path()
    folder = os.path.dirname(path)
    os.makedirs(folder, mode=0o700, exist_ok=True)
    os.chmod(folder, 0o700)
    if _alive(path):
        raise SystemExit(f"error: a handout server already listens on {path}")
    _warm(root)
    started_with = digest.toolchain()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    if os.path.exists(path):
        os.unlink(path)  # left by a server that was killed
    try:
        server.bind(path)
    except OSError as exc:  # for one, a socket path may not exceed about 100 bytes
        raise SystemExit(f"error: cannot listen on {path}: {exc.strerror or exc}") from None
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
                _serve_one(conn, started_with)
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
    import handout.cli  # noqa: F401  (Typer, and through it pydantic)
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


def _serve_one(conn: socket.socket, started_with: str) -> None:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    if uid != os.getuid():
        return
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 2)
    while chunk := conn.recv(1 << 16):
        data += chunk
    if len(fds) != 2:
        for fd in fds:
            os.close(fd)
        return
    request = json.loads(data)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            _child(conn, request, fds, started_with)
        finally:
            os._exit(3)
    for fd in fds:
        os.close(fd)
    print(f"handout serve: handout {' '.join(request['argv'])} (in {request['cwd']}) runs as "
          f"process {pid}", file=sys.stderr, flush=True)


def _child(conn: socket.socket, request: dict, fds: list[int], started_with: str) -> None:
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    for fd in (*fds, devnull):
        os.close(fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # the client passes Ctrl-C on
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    conn.sendall(f"pid {os.getpid()}\n".encode())
    digest.toolchain.cache_clear()
    if digest.toolchain() != started_with:
        conn.sendall(b"stale\n")
        os.kill(os.getppid(), signal.SIGTERM)  # stop the server: it runs code no longer installed
        os._exit(0)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = ["handout", *request["argv"]]
    from handout.cli import main

    code = 0
    try:
        main()
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
