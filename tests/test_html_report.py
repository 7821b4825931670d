"""The HTML report, rendered by real headless Chromium: every finding is shown
beside its line at its column, the decision and score come first and the
hashes last, the job's own text cannot inject markup, and the page fetches
nothing. A screenshot of each page is kept in the test's temp folder."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from analyzer import api
from analyzer.trust import review
from analyzer.engine.collect import collect
from analyzer.policy import load_policy
from chromium import Browser, Page
from conftest import CORPUS, run_cli

# Read back from the rendered page: each finding's note, the row it sits in, and where things are drawn.
INSPECT = """(() => {
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top + scrollY, bottom: r.bottom + scrollY,
                                                                  left: r.left, width: r.width, height: r.height}; };
  const notes = [...document.querySelectorAll('.finding')].map(n => {
    const row = n.closest('tr'), file = n.closest('article.file'), unit = n.closest('section.unit');
    const ln = row && row.querySelector('td.ln'), mark = row && row.querySelector('mark');
    return {unit: unit.dataset.digest, path: file ? file.dataset.path : '', rule: n.dataset.rule,
            line: +n.dataset.line, column: +n.dataset.column, text: n.innerText,
            rowLine: row ? +row.dataset.line : 0, lineNumber: ln ? ln.innerText : '',
            code: row ? row.querySelector('td.code').textContent : '', marked: mark ? mark.textContent : '',
            note: box(n), number: ln ? box(ln) : null};
  });
  const units = [...document.querySelectorAll('section.unit')].map(u => ({
    digest: u.dataset.digest, decision: u.querySelector('.decision').innerText,
    score: u.querySelector('.score').innerText, scoreBox: box(u.querySelector('.score')),
    breakdown: [...u.querySelectorAll('.breakdown tr')].slice(1).map(r => r.innerText),
    firstFile: u.querySelector('article.file') ? box(u.querySelector('article.file')) : null,
    hashes: [...u.querySelectorAll('.hashes tr')].slice(1).map(r => [...r.cells].map(c => c.innerText)),
    hashesBox: box(u.querySelector('.hashes')),
    changes: [...u.querySelectorAll('.change')].map(c => ({path: c.dataset.path, kind: c.dataset.kind,
                                                          diff: c.querySelector('.diff').innerText}))}));
  return {notes, units, title: document.title, scripts: document.scripts.length,
          external: [...document.querySelectorAll('[src],[href],link')].length};
})()"""

SNEAKY = textwrap.dedent('''\
    """A job whose own text tries to break the page."""
    import os
    import subprocess

    LABEL = "</td></tr></table><script>document.title = 'pwned'</script><img src=https://x.example/p.png>"
    caf\u00e9 = "\u00e9\u00e9"; os.system("id")  # the finding's column counts characters, not bytes
    x = 1  # \u202e hidden direction change


    def run():
        return subprocess.run(["nvidia-smi"], capture_output=True)
    ''')


NOTEBOOK = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# explore"]},
                      {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                       "source": ["import os\n", "x = 1\n", "os.system('id')\n"]}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield b
    b.close()


def render(browser: Browser, page_file: Path) -> dict:
    page = Page(browser)
    page.load(page_file.as_uri())
    page.screenshot(page_file.with_suffix(".png"))
    found = page.evaluate(INSPECT)
    found["requests"] = page.requests()
    return found


def source_line(root: Path, path: str, line: int) -> str:
    """Line `line` of a file, or of a notebook's cell (`nb.ipynb[cell N]`, N counting every cell from 1)."""
    if path.endswith("]"):
        notebook, cell = path[:-1].split("[cell ")
        text = "".join(json.loads((root / notebook).read_text())["cells"][int(cell) - 1]["source"])
    else:
        text = (root / path).read_text(encoding="utf-8")
    return text.splitlines()[line - 1]


def check_findings_in_place(found: dict, reports: list[dict], sources: dict[str, Path]) -> None:
    notes = found["notes"]
    for report in reports:
        for f in report["findings"]:
            mine = [n for n in notes if n["unit"] == report["digest"] and n["rule"] == f["rule"]
                    and n["path"] == f["path"] and n["line"] == f["line"]]
            assert mine, f"{f['rule']} at {f['path']}:{f['line']} is not on the page"
            (n,) = [n for n in mine if n["column"] == (f["column"] + 1 if f["line"] else 0)]
            assert n["note"]["height"] > 0 and n["note"]["width"] > 0
            if not f["line"]:
                continue
            assert n["rowLine"] == f["line"] and n["lineNumber"] == str(f["line"])
            # drawn beside its line number, in the same row
            assert n["note"]["top"] < n["number"]["bottom"] and n["number"]["top"] < n["note"]["bottom"]
            assert n["code"] == review.printable(source_line(sources[report["digest"]], f["path"], f["line"]))
            first = min(g["column"] for g in report["findings"] if g["path"] == f["path"] and g["line"] == f["line"])
            assert n["code"][first:] == n["marked"] or (n["marked"] == " " and n["code"][first:] == "")
            assert f["message"] in n["text"] and (not f["fix"] or f["fix"] in n["text"])


def scan_both(tmp_path: Path, *targets: str) -> tuple[dict, Path]:
    page_file = tmp_path / "report.html"
    proc = run_cli("scan", "--format", "html", "--output", str(page_file), *targets)
    assert proc.returncode in (1, 3), proc.stderr
    reports = json.loads(run_cli("scan", "--format", "json", *targets).stdout)["reports"]
    return reports, page_file


def test_every_finding_is_shown_at_its_line(browser: Browser, tmp_path: Path) -> None:
    job = tmp_path / "sneaky_job"
    job.mkdir()
    (job / "train.py").write_text(SNEAKY, encoding="utf-8")
    (job / "explore.ipynb").write_text(json.dumps(NOTEBOOK))
    targets = [str(CORPUS / "jobs/demo_malicious"), str(CORPUS / "jobs/demo_ambiguous"), str(job)]
    reports, page_file = scan_both(tmp_path, *targets)
    found = render(browser, page_file)
    assert page_file.with_suffix(".png").stat().st_size > 10_000
    assert sum(len(r["findings"]) for r in reports) >= 6
    check_findings_in_place(found, reports, {r["digest"]: Path(t) for r, t in zip(reports, targets)})
    assert any(n["path"] == "explore.ipynb[cell 2]" and n["code"] == "os.system('id')" for n in found["notes"])
    caf = [n for n in found["notes"] if n["code"].startswith("caf")]
    assert caf and caf[0]["marked"].startswith('os.system("id")')


def test_decision_and_score_first_hashes_last(browser: Browser, tmp_path: Path) -> None:
    reports, page_file = scan_both(tmp_path, str(CORPUS / "jobs/demo_malicious"))
    (unit,) = render(browser, page_file)["units"]
    (report,) = reports
    assert unit["decision"] == "REJECT" and unit["score"].startswith(f"score {report['score']}/100: threats ")
    assert unit["breakdown"] == [f"{c}\t{kind}\t{p}" for kind, points in report["score_kinds"].items()
                                 for c, p in points.items()]
    assert unit["scoreBox"]["bottom"] < unit["firstFile"]["top"] < unit["hashesBox"]["top"]
    assert sorted(unit["hashes"][:-1]) == sorted([f["path"], f["kind"], f["sha256"]] for f in report["files"])
    assert unit["hashes"][-1][-1] == report["digest"]


def test_the_job_cannot_inject_markup_and_nothing_is_fetched(browser: Browser, tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text(SNEAKY, encoding="utf-8")
    _, page_file = scan_both(tmp_path, str(job))
    found = render(browser, page_file)
    assert found["title"] == "jobgate report: job"
    assert found["scripts"] == 0 and found["external"] == 0
    assert found["requests"] == [page_file.as_uri()]
    hidden = [n for n in found["notes"] if "\\u202e" in n["code"]]
    assert not any("\u202e" in n["code"] for n in found["notes"]) and all("hidden" in n["code"] for n in hidden)


def test_review_show_html_has_the_diff_against_the_approved_version(browser: Browser, tmp_path: Path) -> None:
    def cli(*args) -> None:
        proc = run_cli(*map(str, args))
        assert proc.returncode == 0, proc.stderr

    for who in ("alice", "bob"):
        cli("keygen", "--out", tmp_path / "keys" / who)
    (tmp_path / "policy.yaml").write_text("trust:\n  reviewers: [keys/alice.pub, keys/bob.pub]\n"
                                          "  required_signatures: 2\n")
    job = tmp_path / "job"
    job.mkdir()
    (job / "train.py").write_text("import subprocess\nsubprocess.run(['nvidia-smi'])\n")
    for who in ("alice", "bob"):
        cli("approve", job, "--key", tmp_path / "keys" / f"{who}.key", "--allowlist", tmp_path / "allow.jsonl",
            "--policy", tmp_path / "policy.yaml")
    (job / "train.py").write_text("import subprocess\nsubprocess.run(['nvidia-smi'])\nsubprocess.run(['ls'])\n")
    policy = load_policy(tmp_path / "policy.yaml")
    content = collect(job, policy.limits)
    report = api.analyze(content, policy)
    qid = review.enqueue(tmp_path / "queue", content, report)
    page_file = tmp_path / "review.html"
    proc = run_cli("review", "show", qid, "--queue", str(tmp_path / "queue"), "--allowlist",
                   str(tmp_path / "allow.jsonl"), "--policy", str(tmp_path / "policy.yaml"), "--format", "html")
    assert proc.returncode == 0, proc.stderr
    page_file.write_text(proc.stdout, encoding="utf-8")
    found = render(browser, page_file)
    check_findings_in_place(found, [report.to_json()], {report.digest: job})
    (unit,) = found["units"]
    assert unit["changes"] == [{"path": "train.py", "kind": "modified", "diff": unit["changes"][0]["diff"]}]
    assert "+subprocess.run(['ls'])" in unit["changes"][0]["diff"]
    assert found["requests"] == [page_file.as_uri()]
