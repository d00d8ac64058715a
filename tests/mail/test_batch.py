"""``handout email --batch``: a day's intake list, bad rows reported and skipped, reruns."""

from __future__ import annotations

import json

from tests.mail.conftest import output, run


def csv(tmp_path, text: str, name: str = "today.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def sent_to(server) -> list[str]:
    return [m.rcpt_tos[0] for m in server.inbox.messages]


def test_bad_rows_are_reported_and_skipped_the_others_go(project, server, tmp_path):
    batch = csv(tmp_path, (
        "email,name,guides,format,appointment\n"
        "pat@example.org,Pat Doe,,,9:00\n"
        "pat@,Bad Address,,,9:30\n"
        'sam@example.org,"Roe, Sam",tiny,large-print,10:00\n'
        ",No Address,,,10:30\n"
        "lee@example.org,Lee Poe,tiyn,,11:00\n"
        "kim@example.org,Kim Loe,,booklet-print,11:30\n"
        '"a@example.org, b@example.org",Two People,,,12:00\n'
        '"c@example.org","Cat\r\nBcc: evil@example.net",,,12:30\n'
        "\n"
        "pat@example.org,Pat Doe,,,13:00\n"
        "ana@example.org,Ana Noe,tiny,handout booklet,13:30\n"))
    result = run(project, "--batch", str(batch), "--send", env=server.env())
    assert result.returncode == 1, output(result)
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert errors == [
        f"error: {batch}:3: email: expected an email address like pat@example.org, got 'pat@' "
        f"(There must be something after the @-sign); row skipped",
        f"error: {batch}:5: email: expected an email address, got nothing; row skipped",
        f"error: {batch}:6: guides: expected a guide id (tiny), got 'tiyn' (did you mean "
        f"'tiny'?); row skipped",
        f"error: {batch}:7: format: expected one of handout, booklet, large-print, got "
        f"'booklet-print' (the booklet's print sheets are never attached); row skipped",
        f"error: {batch}:8: email: expected one email address, got 'a@example.org, "
        f"b@example.org' (one patient per message: write each address on its own row); row "
        f"skipped",
        f"error: {batch}:9: name: expected a name on one line, got 'Cat\\r\\nBcc: "
        f"evil@example.net' with a carriage return (CR) (a line break would let the text start "
        f"a header of its own); row skipped",
        f"error: {batch}:12: expected each patient once with the same guides and formats, got a "
        f"repeat of line 2; row skipped"]
    assert sent_to(server) == ["pat@example.org", "sam@example.org", "ana@example.org"]
    assert "evil@example.net" not in b"".join(m.data for m in server.inbox.messages).decode()
    formats = {e["to"]: e["formats"] for e in _record(project) if e["event"] == "sent"}
    assert formats == {"pat@example.org": ["handout"], "sam@example.org": ["large-print"],
                       "ana@example.org": ["booklet", "handout"]}
    assert "10 rows" in result.stdout and "3 sent, 7 bad row" in result.stdout  # the summary


def test_a_rerun_sends_only_what_was_not_sent(project, server, tmp_path):
    batch = csv(tmp_path, "name,email\nPat Doe,pat@example.org\nSam Roe,sam@example.org\n"
                          "Ana Noe,ana@example.org\n")
    server.inbox.refuse_data.add("sam@example.org")
    first = run(project, "--batch", str(batch), "--send", env=server.env())
    assert first.returncode == 1, output(first)
    assert sent_to(server) == ["pat@example.org", "ana@example.org"]
    server.inbox.refuse_data.clear()
    second = run(project, "--batch", str(batch), "--send", env=server.env())
    assert second.returncode == 0, output(second)
    assert sent_to(server) == ["pat@example.org", "ana@example.org", "sam@example.org"]
    third = run(project, "--batch", str(batch), "--send", env=server.env())
    assert third.returncode == 0 and len(server.inbox.messages) == 3
    assert third.stdout.count("already sent") == 4  # 3 rows and the total


def test_without_send_each_row_becomes_an_eml_file(project, tmp_path):
    batch = csv(tmp_path, "\ufeffEmail;Name\npat@example.org;Pat Doe\nsam@example.org;Sam Roe\n",
                "excel.csv")  # Excel's byte-order mark and semicolons
    result = run(project, "--batch", str(batch))
    assert result.returncode == 0, output(result)
    files = sorted((project.root / "outbox" / "c").glob("*.eml"))
    assert len(files) == 2
    assert not (project.root / "outbox" / "c" / "sent.jsonl").exists()
    for path in files:
        assert "pat" not in path.name and "sam" not in path.name  # names carry no address


def test_a_file_that_cannot_be_used_stops_before_anything_is_sent(project, server, tmp_path):
    cases = {
        "email,nmae\npat@example.org,Pat\n":
            "error: {f}:1: nmae: expected a column of ours, got 'nmae' (did you mean 'name'?)\n"
            "{f}:1: expected a column 'name', got the columns 'email', 'nmae'",
        "mail,name\npat@example.org,Pat\n":
            "error: {f}:1: mail: expected a column of ours, got 'mail' (did you mean 'email'?)\n"
            "{f}:1: expected a column 'email', got the columns 'mail', 'name'",
        "": "error: {f}: expected a header row with the columns email and name, got an empty file",
    }
    for i, (text, expected) in enumerate(cases.items()):
        path = csv(tmp_path, text, f"f{i}.csv")
        result = run(project, "--batch", str(path), "--send", env=server.env())
        assert (result.returncode, result.stderr.strip()) == (2, expected.format(f=path))
    latin = tmp_path / "latin.csv"
    latin.write_bytes("email,name\npat@example.org,Jos\xe9\n".encode("latin-1"))
    result = run(project, "--batch", str(latin), "--send", env=server.env())
    assert (result.returncode, result.stderr.strip()) == (
        2, f"error: {latin}:2: expected UTF-8 text, got the byte 0xE9 (in a spreadsheet, save as "
        f"\"CSV UTF-8\")")
    missing = run(project, "--batch", str(tmp_path / "nope.csv"), "--send", env=server.env())
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"error: cannot read {tmp_path / 'nope.csv'}: No such file " \
        "or directory"
    assert server.inbox.messages == [] and server.inbox.connections == 0


def test_batch_and_to_or_out_do_not_mix(project, tmp_path):
    batch = csv(tmp_path, "email,name\npat@example.org,Pat\n")
    both = run(project, "--batch", str(batch), "--to", "Pat <pat@example.org>")
    assert (both.returncode, both.stderr.strip()) == (
        2, 'error: give either --to "Name <address>" or --batch FILE.csv')
    out = run(project, "--batch", str(batch), "--out", str(tmp_path / "x.eml"))
    assert out.returncode == 2 and "with --batch the messages go to outbox/NAME/" in out.stderr


def _record(project) -> list[dict]:
    path = project.root / "outbox" / "c" / "sent.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]
