"""A long chain of calls is never what ends an analysis: Python's recursion limit, reached by the flow's
summaries (flow/names.py MAX_NESTING), its replays, or the resolver's values (resolve.MAX_DEPTH), used to
turn a file's findings into one internal error, so that a chain of 150 functions added to a job hid its
raw-data leak and lowered a reject to an escalation."""

from __future__ import annotations

from pathlib import Path

import pytest

from analyzer import api

HEAD = "import pandas as pd\nimport nvflare.client as flare\n\n"
TAIL = ("df = pd.read_csv('/data/site.csv')\nflare.init()\nmodel = flare.receive()\n"
        "model.params = {SENT}\nflare.send(model)\n")


def _chain(n: int, body: str) -> str:
    """f0 ... f{n-1}, each calling the next through `body`, the last returning its argument."""
    defs = [f"def f{i}(x):\n" + body.format(next=f"f{i + 1}") for i in range(n - 1)]
    return HEAD + "\n".join(defs) + f"\ndef f{n - 1}(x):\n    return x\n\n"


def _scan(tmp_path: Path, source: str):
    (tmp_path / "client.py").write_text(source)
    return api.scan(tmp_path, api.load_policy(Path(__file__).parent.parent / "bench" / "policy.yaml"))


def test_a_constant_chain_beside_a_leak_leaves_the_leak_a_reject(tmp_path: Path) -> None:
    source = _chain(150, "    return {next}(x) + 1\n") + TAIL.replace("{SENT}", "{'w': df.values[:5], 'v': f0(3)}")
    report = _scan(tmp_path, source)
    rules = {f.rule for f in report.findings}
    assert "unanalyzable.internal-error" not in rules
    assert "update-channel-leak.raw-data-in-update" in rules
    assert report.decision.value == "reject"


@pytest.mark.parametrize("body", ["    y = x + 1\n    return {next}(y)\n", "    return {next}(x)\n"])
def test_site_data_through_a_deep_chain_is_never_accepted_nor_hidden(tmp_path: Path, body: str) -> None:
    report = _scan(tmp_path, _chain(500, body) + TAIL.replace("{SENT}", "{'w': f0(df.values[:5])}"))
    rules = {f.rule for f in report.findings}
    assert "unanalyzable.internal-error" not in rules
    assert rules & {"update-channel-leak.raw-data-in-update", "update-channel-leak.unknown-provenance"}
    assert report.decision.value != "accept"


def test_a_shallow_chain_is_followed_whole(tmp_path: Path) -> None:
    """Below the bounds nothing changes: the rows come out of twenty calls as rows."""
    report = _scan(tmp_path, _chain(20, "    return {next}(x)\n") + TAIL.replace("{SENT}", "{'w': f0(df.values[:5])}"))
    assert "update-channel-leak.raw-data-in-update" in {f.rule for f in report.findings}
    assert report.decision.value == "reject"
