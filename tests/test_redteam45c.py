"""Red team 45c: attacks on this session's new trust.

Presence (flow/presence.py, fp45b): a truth test of an environment variable by a literal name whose name the secret
pattern matches was taken for "whether the site set that secret", one bit not counted in the log. But the job may set
the variable itself (`TOKENIZERS_PARALLELISM` matches `TOKEN`, and the catalogue lets a job set it to any text): set to
"1" or "" from each row, its test carried one bit per row to the log, accepted on main (rejected or escalated before
fp45b). A variable the job may write (here, in a helper module, through an alias, through a function it hands
os.environ to) is no longer a presence read."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from analyzer import api

POLICY = api.load_policy()

CLIENT = """\
    import os

    import pandas as pd
    import torch
    import nvflare.client as flare

    {imports}

    df = pd.read_csv("/data/site/train.csv")


    def main():
        net = torch.nn.Linear(4, 2)
        flare.init()
        while flare.is_running():
            model = flare.receive()
            net.load_state_dict(model.params)
            bits = []
            for i in range(len(df)):
    {body}
            print("bits", bits)
            flare.send(flare.FLModel(params=net.state_dict(), metrics={{}}))


    main()
"""

HELPER = """\
import os


def set_parallel(on):
    os.environ["TOKENIZERS_PARALLELISM"] = "true" if on else ""


def fill(env, on):
    env["TOKENIZERS_PARALLELISM"] = "true" if on else ""
"""


def scan(tmp_path: Path, body: str, imports: str = "") -> tuple[str, set[str]]:
    indented = "\n".join(" " * 12 + line for line in dedent(body).splitlines())
    (tmp_path / "client.py").write_text(dedent(CLIENT).format(imports=imports, body=indented))
    (tmp_path / "helper.py").write_text(HELPER)
    report = api.scan(tmp_path, POLICY)
    return report.decision.value, {f.rule for f in report.findings if f.severity != "info" or f.never_accept}


LEAKS = {"credential-harvest.secret-in-channel", "update-channel-leak.unknown-provenance",
         "update-channel-leak.host-data-in-update", "update-channel-leak.raw-data-logged"}


@pytest.mark.parametrize("imports, body", [
    ("", 'os.environ["TOKENIZERS_PARALLELISM"] = "true" if df.iloc[i, 0] > 0.5 else ""\n'
         'bits.append(bool(os.environ.get("TOKENIZERS_PARALLELISM")))'),
    ("", 'if df.iloc[i, 0] > 0.5:\n    os.environ["TOKENIZERS_PARALLELISM"] = "true"\nelse:\n'
         '    os.environ["TOKENIZERS_PARALLELISM"] = ""\nbits.append(1 if os.environ.get("TOKENIZERS_PARALLELISM") else 0)'),
    ("", 'if df.iloc[i, 0] > 0.5:\n    os.environ.setdefault("TOKENIZERS_PARALLELISM", "true")\n'
         'bits.append("TOKENIZERS_PARALLELISM" in os.environ)'),
    ("", 'env = os.environ\nenv["TOKENIZERS_PARALLELISM"] = "true" if df.iloc[i, 0] > 0.5 else ""\n'
         'bits.append(not os.getenv("TOKENIZERS_PARALLELISM"))'),
    ("from helper import set_parallel", 'set_parallel(df.iloc[i, 0] > 0.5)\n'
     'bits.append(os.environ.get("TOKENIZERS_PARALLELISM") is None or not os.environ.get("TOKENIZERS_PARALLELISM"))'),
    ("from helper import fill", 'fill(os.environ, df.iloc[i, 0] > 0.5)\n'
     'bits.append(bool(os.environ.get("TOKENIZERS_PARALLELISM")))'),
])
def test_a_variable_the_job_writes_is_not_the_sites_deployment(tmp_path, imports, body):
    decision, rules = scan(tmp_path, body, imports)
    assert decision != "accept", rules
    assert rules & LEAKS, rules


@pytest.mark.parametrize("body", [
    'list(map(os.environ.setdefault, ["TOKENIZERS_PARALLELISM"] if df.iloc[i, 0] > 0.5 else []))\n'
    'bits.append(bool(os.environ.get("TOKENIZERS_PARALLELISM")))',
    'import functools\nfunctools.partial(os.environ.setdefault, "TOKENIZERS_PARALLELISM")("1" if df.iloc[i, 0] > 0.5 '
    'else "")\nbits.append(bool(os.environ.get("TOKENIZERS_PARALLELISM")))',
])
def test_a_writer_handed_on_keeps_the_leak_found(tmp_path, body):
    """Escalated on main by the writer's reference alone (unvouched.api), the bit per row in the log unreported."""
    decision, rules = scan(tmp_path, body)
    assert decision == "reject" and "credential-harvest.secret-in-channel" in rules, rules


def test_a_secret_the_job_never_writes_is_still_one_bit(tmp_path):
    decision, rules = scan(tmp_path, 'bits.append(bool(os.environ.get("HF_TOKEN")))')
    assert decision == "accept", rules


# ---- flow/fields.py: a container filled with a job function wrapper where the walk did not look (red team 45) ----

import sys  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from flower_scan import one_file  # noqa: E402
from test_fp44 import BUILT, LINEAR  # noqa: E402
from test_redteam45 import LEAKS as FIELD_LEAKS, PARTIAL, _client  # noqa: E402


@pytest.mark.parametrize("net,extra", [
    ("NETS[0]", f"\n\nNETS = [None]\nfor NETS[0] in [{PARTIAL}]:\n    pass\n"),
    ("NETS[0]", f"\n\nNETS = [None]\n[0 for NETS[0] in [{PARTIAL}]]\n"),
    ("NETS[0]", f"\n\nimport contextlib\nNETS = [None]\nwith contextlib.nullcontext({PARTIAL}) as NETS[0]:\n    pass\n"),
    ("NETS[0]", f"\n\nNETS = []\nfor f, _ in zip([{PARTIAL}], [1]):\n    NETS.append(f)\n"),
    ("NETS[0]", f"\n\nNETS = []\nfor i, f in enumerate([{PARTIAL}]):\n    NETS.append(f)\n"),
])
def test_a_container_filled_by_a_loop_or_with_target_is_not_trusted(tmp_path: Path, net: str, extra: str) -> None:
    decision, rules = one_file(tmp_path, _client(net, BUILT, extra))
    assert decision in ("escalate", "reject") and rules & FIELD_LEAKS, rules


@pytest.mark.parametrize("net,extra", [
    ("NETS[-1]", "\n\nNETS = []\nfor i, width in enumerate((784,)):\n    NETS.append(torch.nn.Sequential("
                 "torch.nn.Flatten(), torch.nn.Linear(width, 10)))\n"),
    ("NETS[0]", f"\n\nNETS = []\nfor k, _ in zip([0], [1]):\n    NETS.append({LINEAR})\n"),
])
def test_a_container_of_library_models_filled_in_a_loop_stays_accepted(tmp_path: Path, net: str, extra: str) -> None:
    assert one_file(tmp_path, _client(net, BUILT, extra)) == ("accept", set())


# ---- a `bool` another module of the job binds, star-imported: the secret itself, not whether it is set ----------

@pytest.mark.parametrize("helper, use", [
    ("def bool(v):\n    return v\n", 'print("hub", bool(os.environ.get("HF_TOKEN")))'),
    ("bool = str\n", 'print("hub", bool(os.getenv("HF_TOKEN")))'),
])
def test_a_bool_a_star_import_rebinds_does_not_test_presence(tmp_path: Path, helper: str, use: str) -> None:
    (tmp_path / "helper.py").write_text(helper)
    (tmp_path / "client.py").write_text(dedent(f"""\
        import os
        from os import getenv

        import torch
        import nvflare.client as flare
        from helper import *


        def main():
            net = torch.nn.Linear(4, 2)
            flare.init()
            while flare.is_running():
                model = flare.receive()
                net.load_state_dict(model.params)
                {use}
                flare.send(flare.FLModel(params=net.state_dict(), metrics={{}}))


        main()
        """))
    report = api.scan(tmp_path, POLICY)
    rules = {f.rule for f in report.findings if f.severity != "info" or f.never_accept}
    assert report.decision.value != "accept", rules
    assert "credential-harvest.secret-in-channel" in rules, rules


# ---- the fork server's per-policy warm state (speed45s): each job is judged under its own policy ----------------

def test_alternating_policies_on_one_fork_server_judge_as_a_scan_does(tmp_path: Path) -> None:
    """Two sites' policies (a rule pack; a catalogue vouching the site's module) and the default, alternating on
    one server that keeps the last job's configuration warm: every answer is the in-process analysis'. Held on main
    (the warm caches are keyed by the packs' and catalogues' bytes); kept as a guard."""
    from analyzer.engine.collect import collect
    from analyzer.engine.isolate import ForkServer
    from test_speed45s import PACK, TELNET

    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / "site.yaml").write_text(PACK)
    (tmp_path / "cat").mkdir()
    (tmp_path / "cat" / "site.yaml").write_text(
        "catalogue: site\nmodules: [sitelib]\napis:\n  - api: sitelib.summarise\n    why: the site's own helper\n"
        "examples: {vouched: ['import sitelib'], unvouched: ['import sitelib\\nsitelib.upload(x)']}\n")
    (tmp_path / "a.yaml").write_text("rule_packs: [packs]\n")
    (tmp_path / "b.yaml").write_text("catalogues: [cat]\n")
    (tmp_path / "job").mkdir()
    (tmp_path / "job" / "train.py").write_text(TELNET + "import sitelib\nprint(sitelib.summarise(weights))\n")
    policies = [api.load_policy(tmp_path / "a.yaml"), api.load_policy(tmp_path / "b.yaml"), POLICY]
    server = ForkServer()
    server.start()
    try:
        seen = []
        for policy in policies * 2:
            unit = collect(tmp_path / "job", policy.limits)
            got = api.analyze_isolated(unit, policy, server)
            assert got.to_json() == api.analyze(unit, policy).to_json()
            seen.append("site.no-old-protocols" in {f.rule for f in got.findings})
    finally:
        server.close()
    assert seen == [True, False, False] * 2
