"""The ``handout`` entry point: hand ``handout build`` to a warm ``handout serve`` if one runs.

Starting Python and importing Typer, pydantic and ReportLab costs several times what rendering a
handout does. ``handout serve`` pays that once; then each ``handout build`` connects to it over a
Unix socket, passes its own standard output and error (so messages, colours and the progress bar
reach the terminal as usual), its folder, environment and arguments, and exits with the status the
build had. The build runs in a fresh fork of the warm server, exactly as it would run here.

This module imports only the standard library, and ``serve_protocol`` (the socket layer, itself
standard library only) only for ``build``: with no server, the cost of looking is one failed
``stat``. Where the platform cannot serve (``serve_protocol.supported``), it never looks. Any
trouble reaching the server means "build here instead".
"""

from __future__ import annotations

import os
import sys

from handout import help_cache, interrupts


def forward(argv: list[str]) -> int | None:
    """Run ``handout ARGV`` in the warm server; its exit status, or None to run it here."""
    if not argv or argv[0] != "build" or "--help" in argv:  # as serve_protocol.FORWARDED says,
        return None  # which is not imported yet: `handout --help` and `handout list` skip it
    import socket

    from handout import serve_protocol

    if not serve_protocol.supported():
        return None
    path = serve_protocol.socket_path()
    try:
        folder = os.stat(os.path.dirname(path))
        if folder.st_uid != os.getuid() or folder.st_mode & 0o077:
            return None  # not a folder of ours: never talk to a socket someone else planted
        os.fstat(1), os.fstat(2)
    except OSError:
        return None
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
        request = serve_protocol.Request(tuple(argv), os.getcwd(), dict(os.environ))
        data = request.encode()
        sent = socket.send_fds(conn, [data], [1, 2])
        conn.sendall(data[sent:])  # a large environment may not go in one message
        conn.shutdown(socket.SHUT_WR)
        return _wait(conn.makefile("r", encoding="utf-8"))
    except OSError:
        return None
    finally:
        conn.close()


def _wait(replies) -> int | None:
    """Follow the server's replies: ``pid N`` first, then ``exit N`` (or ``stale``, ``refused``)."""
    pid = None
    while True:
        try:
            line = replies.readline()
        except KeyboardInterrupt:  # Ctrl-C reaches us, not the build: pass it on
            import signal

            if pid is not None:
                os.kill(pid, signal.SIGINT)
            continue
        if not line:
            if pid is None:
                return None  # the server went away before starting: build here
            print("error: internal error (the build server stopped); run again", file=sys.stderr)
            return 3
        word, _, value = line.strip().partition(" ")
        if word == "pid":
            pid = int(value)
        elif word == "exit":
            return int(value)
        elif word in ("stale", "refused"):  # older code than is installed now; a request too
            return None  # large, for one: either way this process builds by itself


def main() -> None:
    interrupts.listen()  # before the imports below, which take most of a cold start
    argv = sys.argv[1:]
    try:
        if help_cache.show(argv):  # `handout [CMD] --help` as Typer printed it before
            return
        status = forward(argv)
        if status is not None:
            sys.exit(status)
        from handout.cli import main as run_here
    except KeyboardInterrupt:  # Ctrl-C before the command began: nothing was written
        print(interrupts.MESSAGE, file=sys.stderr)
        interrupts.leave()
    try:
        help_cache.run_and_keep(argv, run_here)
    except SystemExit as exc:
        if exc.code == interrupts.STATUS:  # interrupted, and already said so
            interrupts.leave()
        raise
    finally:  # the command is over and has said so: a Ctrl-C now has nothing left to stop,
        interrupts.ignore()  # and must not kill the exit (Python's own handler is gone by then)
