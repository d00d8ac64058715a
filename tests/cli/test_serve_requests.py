"""A request that is not a build never stops `handout serve`, and never runs anything.

One real server for the module. Each bad request goes over a real socket; the server must answer
``refused …`` (or, to another user, nothing), log why, write nothing to the descriptors it was
given, and still be there. The last test then builds through the same server, after every bad
request before it and behind a client that never speaks, and compares the bytes with a build
made without the server.
"""

from __future__ import annotations

import json
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from handout.project import Project
from tests.cli.serving import Server, handout
from tests.conftest import ROOT

GOOD = {"argv": ["build", "--clinic", "boulder"], "cwd": str(ROOT), "env": {"PATH": "/usr/bin"}}


def encoded(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with tempfile.TemporaryDirectory(prefix="ho-", dir="/tmp") as run:
        server = Server(Path(run))
        yield server
        if server.proc.poll() is None:
            server.stop()


def nothing_ran(server: Server, ran: int) -> bool:
    """The server is still there, and has run no build since it had run ``ran``."""
    return server.proc.poll() is None and len(server.runs()) == ran


def talk(server: Server, payload: bytes, fds: int = 2) -> tuple[bytes, bytes]:
    """Send ``payload`` with ``fds`` copies of a pipe's writing end; (the reply, what the pipe got).

    The payload goes in one message with the descriptors, as the real client sends it, then the
    socket is shut for writing and every reply is read until the server closes.
    """
    read_end, write_end = os.pipe()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(30)
    reply = b""
    try:
        conn.connect(str(server.sock))
        try:
            sent = socket.send_fds(conn, [payload], [write_end] * fds)
            conn.sendall(payload[sent:])  # a timeout makes the socket send in parts
            conn.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading a huge request: the reply may still be there
        try:
            while chunk := conn.recv(1 << 16):
                reply += chunk
        except ConnectionResetError:
            pass
    finally:
        conn.close()
        os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        written = pipe.read()  # the server holds no copy now, or this would block
    return reply, written


BAD = {
    "garbage": (b"\x00\xff\xfe GET / HTTP/1.1\r\n", "not a JSON request"),
    "truncated JSON": (encoded()[:25], "not a JSON request"),
    "not UTF-8": (b'{"argv": ["build\xff"]}', "not a JSON request"),
    "a JSON list": (b'[["build"], "/", {}]', "expected a JSON object with argv, cwd and env"),
    "a JSON string": (b'"build --clinic boulder"', "expected a JSON object with argv, cwd and env"),
    "a key too many": (encoded(shell="rm -rf /"), "expected a JSON object with argv, cwd and env"),
    "argv a string": (encoded(argv="build --clinic boulder"), "argv: expected a list of strings"),
    "argv empty": (encoded(argv=[]), "argv: expected a list of strings"),
    "argv with a number": (encoded(argv=["build", 3]), "argv: expected a list of strings"),
    "argv with a NUL": (encoded(argv=["build", "--out", "a\0b"]), "argv: expected a list of strings"),
    "not a build": (encoded(argv=["serve"]), "argv: 'serve' is not a command the server runs"),
    "cwd relative": (encoded(cwd="content"), "cwd: expected an absolute path"),
    "cwd a list": (encoded(cwd=["/"]), "cwd: expected an absolute path"),
    "env a list": (encoded(env=["PATH=/usr/bin"]), "env: expected names and values that are strings"),
    "env a number": (encoded(env={"PATH": 1}), "env: expected names and values that are strings"),
    "env name with =": (encoded(env={"A=B": "c"}), "env: expected names and values that are strings"),
}


@pytest.mark.parametrize("payload, reason", BAD.values(), ids=BAD.keys())
def test_a_malformed_request_is_refused(server, payload, reason):
    ran, seen = len(server.runs()), len(server.log())
    reply, written = talk(server, payload)
    assert reply == f"refused {reason}\n".encode()
    assert written == b""
    assert f"handout serve: refused a request: {reason}" in server.log()[seen:]
    assert nothing_ran(server, ran)


@pytest.mark.parametrize("fds", [0, 1, 3])
def test_a_request_without_exactly_two_descriptors_is_refused(server, fds):
    ran, seen = len(server.runs()), len(server.log())
    reply, written = talk(server, encoded(), fds=fds)
    reason = f"expected 2 file descriptors with the request, got {fds}"
    assert reply == f"refused {reason}\n".encode()
    assert written == b""
    assert f"handout serve: refused a request: {reason}" in server.log()[seen:]
    assert nothing_ran(server, ran)


def test_descriptors_beyond_what_is_read_are_refused_too(server):
    ran, seen = len(server.runs()), len(server.log())
    reply, _ = talk(server, encoded(), fds=12)
    assert reply == b"refused too many file descriptors\n"
    assert server.log()[seen:] == ["handout serve: refused a request: too many file descriptors"]
    assert nothing_ran(server, ran)


def test_a_huge_request_is_refused_without_reading_it_all(server):
    ran, seen = len(server.runs()), len(server.log())
    huge = encoded(env={f"V{i}": "x" * 1000 for i in range(4000)})  # 4 MB
    reply, written = talk(server, huge)
    assert reply in (b"", b"refused a request larger than 1 MiB\n")  # the rest was not read
    assert written == b""
    assert "handout serve: refused a request: a request larger than 1 MiB" in server.log()[seen:]
    assert nothing_ran(server, ran)


def test_a_build_whose_request_is_refused_runs_by_itself(server, tmp_path):
    """An environment over the limit: the server refuses, the entry point builds on its own."""
    ran, seen = len(server.runs()), len(server.log())
    env = {**server.env, **{f"HANDOUT_TEST_{i}": "x" * 100_000 for i in range(12)}}
    result = handout("build", "--clinic", "boulder", "--format", "handout", "--out", str(tmp_path),
                     env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote ")
    assert "handout serve: refused a request: a request larger than 1 MiB" in server.log()[seen:]
    assert nothing_ran(server, ran)


def test_a_client_that_connects_and_leaves(server):
    ran, seen = len(server.runs()), len(server.log())
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(server.sock))
    reply, _ = talk(server, encoded(argv=["list"]))  # the next request is answered
    assert reply == b"refused argv: 'list' is not a command the server runs\n"
    assert server.log()[seen:] == [
        "handout serve: refused a request: expected 2 file descriptors with the request, got 0",
        "handout serve: refused a request: argv: 'list' is not a command the server runs"]
    assert nothing_ran(server, ran)


def test_a_folder_that_cannot_be_entered_is_an_answer_not_a_crash(server, tmp_path):
    reply, written = talk(server, encoded(cwd=str(tmp_path / "gone")))
    lines = reply.decode().splitlines()
    assert lines[0].startswith("pid ") and lines[1:] == ["exit 2"]
    assert written.decode() == (f"error: cannot enter the folder {tmp_path / 'gone'}: "
                                "No such file or directory\n")
    assert server.proc.poll() is None


def as_user(uid: int, work: Callable[[], bytes]) -> bytes:
    """What ``work`` returns when run in a fork of this process as user ``uid``."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.write(write_end, work())
            code = 0
        except BaseException as exc:
            os.write(write_end, repr(exc).encode())
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as results:
        out = results.read()
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0, out
    return out


@pytest.mark.skipif(os.getuid() != 0, reason="connecting as another user needs root")
def test_a_peer_of_another_user_gets_no_answer_and_runs_nothing(server, tmp_path):
    ran, seen = len(server.runs()), len(server.log())
    out = tmp_path / "out"
    request = encoded(argv=["build", "--clinic", "boulder", "--out", str(out)])
    # let the other user reach the socket at all: its folders are the owner's only
    folders = (server.sock.parent.parent, server.sock.parent)
    for folder in folders:
        folder.chmod(0o711)
    server.sock.chmod(0o777)
    try:
        reply, written = json.loads(as_user(65534, lambda: json.dumps(
            [b.decode() for b in talk(server, request)]).encode()))
    finally:
        for folder in folders:
            folder.chmod(0o700)
        server.sock.chmod(0o755)
    assert (reply, written) == ("", "")
    assert "handout serve: refused a connection from user 65534" in server.log()[seen:]
    assert not out.exists()
    assert nothing_ran(server, ran)


def test_after_all_that_a_build_writes_the_same_bytes(server, shipped, tmp_path):
    """Also behind a client that connects and says nothing: it is dropped, the build goes on."""
    seen = len(server.log())
    silent = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    silent.connect(str(server.sock))
    try:
        served = handout("build", "--clinic", "boulder", "--out", str(tmp_path / "a"),
                         env=server.env)
    finally:
        silent.close()
    assert served.returncode == 0, served.stderr
    assert "handout serve: refused a request: no complete request within 5 s" in server.log()[seen:]
    # made without the server: the session's shared build (the bytes `handout build` writes on
    # its own: tests/batch/test_batch.py)
    (alone,) = {path.parents[1] for files in shipped.values() for path in files.values()}
    made = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.pdf"))
    assert len(made) == 4 * len(Project.at(ROOT).guide_ids())  # English: the default
    for pdf in made:
        assert (tmp_path / "a" / pdf).read_bytes() == (alone / pdf).read_bytes(), pdf
    assert [r.split(" (in ")[0] for r in server.runs()][-1] == (
        f"handout serve: handout build --clinic boulder --out {tmp_path / 'a'}")
