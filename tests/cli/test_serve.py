"""`handout serve`: builds handed to a warm process write what a build on its own writes."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import GUIDE, ROOT, copy_project


class Server:
    """A server for one test, with its own socket folder."""

    def __init__(self, run: Path):
        self.env = {**os.environ, "XDG_RUNTIME_DIR": str(run)}
        self.sock = run / f"handout-{os.getuid()}" / "serve.sock"
        self.proc = subprocess.Popen([sys.executable, "-m", "handout", "serve", "--idle", "60"],
                                     cwd=ROOT, env=self.env, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not self.sock.exists():
            assert self.proc.poll() is None and time.monotonic() < deadline, "did not start"
            time.sleep(0.05)

    def stop(self) -> list[str]:
        """Stop the server; the builds it ran, as its log names them."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        _, err = self.proc.communicate(timeout=30)
        assert not self.sock.exists()
        return [line for line in err.splitlines() if "runs as process" in line]


@pytest.fixture
def server():
    # a short folder of its own: a socket's path may not be longer than about 100 bytes
    with tempfile.TemporaryDirectory(prefix="ho-", dir="/tmp") as run:
        server = Server(Path(run))
        yield server
        if server.proc.poll() is None:
            server.stop()


def handout(*args: str, env: dict, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handout", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_served_build_writes_the_same_bytes(server, tmp_path):
    served = handout("build", "--clinic", "boulder", "--out", str(tmp_path / "a"), env=server.env)
    assert served.returncode == 0, served.stderr
    assert served.stdout.startswith("wrote ")
    alone = handout("build", "--clinic", "boulder", "--out", str(tmp_path / "b"),
                    env={**server.env, "XDG_RUNTIME_DIR": str(tmp_path / "nobody")})
    assert alone.returncode == 0, alone.stderr
    pdf = Path("boulder") / f"{GUIDE}.pdf"
    assert (tmp_path / "a" / pdf).read_bytes() == (tmp_path / "b" / pdf).read_bytes()
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
