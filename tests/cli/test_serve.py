"""`handout serve`: builds handed to a warm process write what a build on its own writes."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from handout import serve_protocol
from tests.cli.serving import Server, handout
from tests.conftest import GUIDE, ROOT, copy_project


@pytest.fixture
def server():
    # a short folder of its own: a socket's path may not be longer than about 100 bytes
    with tempfile.TemporaryDirectory(prefix="ho-", dir="/tmp") as run:
        server = Server(Path(run))
        yield server
        if server.proc.poll() is None:
            server.stop()


def test_served_build_writes_the_same_bytes(server, shipped, tmp_path):
    served = handout("build", "--clinic", "boulder", "--out", str(tmp_path / "a"), env=server.env)
    assert served.returncode == 0, served.stderr
    assert served.stdout.startswith("wrote ")
    # a build on its own: the session's shared build (the bytes `handout build` writes without
    # a server: tests/batch/test_batch.py)
    alone = shipped[("boulder", GUIDE)]["handout"]
    assert (tmp_path / "a" / "boulder" / f"{GUIDE}.pdf").read_bytes() == alone.read_bytes()
    again = handout("build", "--clinic", "boulder", "--out", str(tmp_path / "a"), env=server.env)
    assert again.stdout.startswith("up to date: ")
    assert handout("list", env=server.env).returncode == 0  # runs by itself: nothing to gain
    runs = server.stop()
    assert len(runs) == 2 and all("handout build --clinic boulder" in r for r in runs), runs


def test_served_errors_keep_their_messages_and_status(server, tmp_path):
    unknown = handout("build", "--clinic", "bouldr", "--out", str(tmp_path), env=server.env)
    assert unknown.returncode == 2
    assert unknown.stderr.strip() == ("error: unknown clinic 'bouldr': there is no "
                                      "content/clinics/bouldr.yaml; did you mean 'boulder'?")
    project = copy_project(tmp_path)
    clinic = project.clinics_dir / "willamette.yaml"
    clinic.write_text(clinic.read_text().replace('"(503) 555-0118"', "call us"))
    batch = handout("build", "--all", "--out", str(tmp_path / "out"), env=server.env,
                    cwd=project.root)
    assert batch.returncode == 1, batch.stderr
    assert "error: willamette: 2 problems found" in batch.stderr
    assert "boulder" in batch.stdout and (tmp_path / "out" / "boulder" / f"{GUIDE}.pdf").exists()
    runs = server.stop()
    assert [r.split(" (in ")[0] for r in runs] == [
        "handout serve: handout build --clinic bouldr --out " + str(tmp_path),
        "handout serve: handout build --all --out " + str(tmp_path / "out")]


def test_a_folder_others_may_enter_is_not_trusted(tmp_path):
    """A socket in a folder other users could write to may not be ours: never connect to it."""
    import socket

    run = tmp_path / "run" / f"handout-{os.getuid()}"
    run.mkdir(parents=True)
    run.chmod(0o755)
    planted = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    planted.bind(str(run / "serve.sock"))
    planted.listen(1)
    planted.settimeout(0.5)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    code = "from handout import client; print(client.forward(['build', '--clinic', 'boulder']))"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "None"  # "build here"
    with pytest.raises(TimeoutError):
        planted.accept()  # and no connection was made
    planted.close()


#: ``handout`` run on a platform that lacks one thing serving needs: the attribute is removed from
#: the socket module before the entry point looks.
WITHOUT = ("import socket, sys; delattr(socket, sys.argv.pop(1)); "
           "from handout.client import main; main()")


@pytest.mark.parametrize("missing", ["SO_PEERCRED", "send_fds"])
def test_serve_declines_where_the_platform_cannot_serve(missing, tmp_path):
    env = {**os.environ, "XDG_RUNTIME_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", WITHOUT, missing, "serve"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: handout serve is not available on this platform (it needs Unix sockets that pass "
        "file descriptors and name their peer's user); handout build works the same without it"]
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # no socket folder either


def test_where_serve_is_not_supported_builds_never_look_for_a_server(server, tmp_path):
    """Even with a server listening: the client asks ``supported()`` as the server does."""
    assert serve_protocol.supported()  # here, on Linux
    result = subprocess.run([sys.executable, "-c", WITHOUT, "SO_PEERCRED", "build", "--clinic",
                             "boulder", "--format", "handout", "--out", str(tmp_path)],
                            cwd=ROOT, env=server.env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("wrote ")
    assert (tmp_path / "boulder" / f"{GUIDE}.pdf").exists()
    assert server.stop() == []  # built where it was typed
