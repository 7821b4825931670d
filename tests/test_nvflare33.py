"""Session 33 (nvflare33): a job's arguments are part of what the site receives. recipe-k8s's client (NVFlare
examples/advanced/recipe-k8s/client.py) cuts its test set to `list(range(site_index, len(ds), num_sites))
[:max_samples]`; exported, its per-site configs name every option (`task_script_args`), and the gate reads them
(analyzer/engine/flow/arguments.py). Reading them does not make the split safe: a cut to a count of rows beside the
whole stride (another job's) differs by the rows past the count, one row when the author sizes it to the set, so
the honest shape stays a review and the hostile ones escalate (corpus/jobs/*nv33_stride_*)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from analyzer import api
from analyzer.engine.analysis import linked_program
from analyzer.engine.collect import collect
from analyzer.engine.detectors.configs import command_lines
from analyzer.engine.flow import arguments

POLICY = api.load_policy()
JOBS = Path(__file__).resolve().parents[1] / "corpus" / "jobs"


def option_values(job: Path | None, source: bytes) -> dict[tuple[str, str], frozenset | None]:
    """(function, option or parameter) -> every value the gate folds it to, under the job's command lines."""
    lines = command_lines(collect(job, POLICY.limits)) if job is not None else None
    program = linked_program({"client.py": source}, api.load_rules(POLICY), POLICY, lines)
    r = program.resolver("client.py")
    found: dict[tuple[str, str], frozenset | None] = {}
    for fn in (n for n in r.module.body if isinstance(n, cst.FunctionDef)):
        scope = r.scope_of[id(fn)]

        class Reads(cst.CSTVisitor):
            def visit_Attribute(self, node: cst.Attribute) -> None:
                if isinstance(node.value, cst.Name) and node.value.value == "args":
                    found[(fn.name.value, node.attr.value)] = arguments.values(r, node, scope)

        fn.visit(Reads())
        for p in fn.params.params:
            if fn.name.value == "partition_dataset" and p.name.value != "dataset":
                found[(fn.name.value, p.name.value)] = arguments.values(r, cst.Name(p.name.value), scope)
    return found


def client(job: str) -> bytes:
    return (JOBS / job / "app_site-1" / "custom" / "client.py").read_bytes()


def test_the_exported_configs_give_every_option_its_values() -> None:
    job = JOBS / "near_nv33_stride_launcher_defaults"
    got = option_values(job, client(job.name))
    assert got[("main", "num_sites")] == {2} and got[("main", "site_index")] == {0, 1}
    assert got[("main", "max_test_samples")] == {1000} and got[("main", "max_train_samples")] == {5000}
    # the helper's parameters hold what the module's two calls pass
    assert got[("partition_dataset", "num_sites")] == {2}
    assert got[("partition_dataset", "max_samples")] == {1000, 5000}


def test_a_hostile_site_app_widens_the_values() -> None:
    job = JOBS / "nv33_stride_step_past_rows"
    got = option_values(job, client(job.name))
    assert got[("main", "num_sites")] == {2, 10000} and got[("main", "site_index")] == {0, 4242}
    assert got[("main", "max_test_samples")] == {0, 1000}


def test_without_the_config_no_option_has_values() -> None:
    got = option_values(None, client("near_nv33_stride_launcher_defaults"))
    assert got and all(v is None for v in got.values())


@pytest.mark.parametrize("job", [
    "nv33_stride_step_past_rows",  # one site's stride of 10000 from 4242: test row 4242 alone
    "nv33_stride_cut_one_row",  # the stride cut to its first row
    "near_nv33_stride_launcher_defaults",  # a count cut beside another job's whole stride: the rows past it
])
def test_a_stride_the_config_sizes_stays_a_review(job: str) -> None:
    report = api.scan(JOBS / job, POLICY)
    assert report.decision.value == "escalate", report.findings
    assert {f.rule for f in report.findings} == {"update-channel-leak.unknown-provenance"}
