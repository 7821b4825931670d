"""The update filter, built by NVFlare's own privacy configurer from a site's
local/privacy.json and run through NVFlare's own filter chain."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.fl_constant import FilterKey, FLContextKey, ReservedKey, ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import ReservedHeaderKey
from nvflare.apis.utils.task_utils import apply_filters
from nvflare.apis.workspace import Workspace
from nvflare.app_common.abstract.statistics_spec import Bin, Histogram, HistogramType
from nvflare.app_common.app_constant import StatisticsConstants as StC
from nvflare.app_common.statistics.statisitcs_objects_decomposer import fobs_registration
from nvflare.fuel.utils import fobs
from nvflare.private.fed.app.fl_conf import create_privacy_manager
from nvflare.private.privacy_manager import Scope

from handler import audit

MODEL = {"w": np.ones((3, 2), dtype=np.float32), "b": np.zeros(2, dtype=np.float32)}


def privacy_json(audit_log: Path, policy: Path | None = None, mode: str = "enforce") -> dict:
    args = {"audit_log": str(audit_log), "mode": mode, **({"policy": str(policy)} if policy else {})}
    entry = {"path": "handler.update_filter.UpdateFilter", "args": args}
    return {"scopes": [{"name": "public", "task_data_filters": [entry], "task_result_filters": [entry]}],
            "default_scope": "public"}


@pytest.fixture
def site(tmp_path):
    def make(policy_text: str | None = None, mode: str = "enforce"):
        (tmp_path / "local").mkdir(exist_ok=True)
        (tmp_path / "startup").mkdir(exist_ok=True)
        policy = None
        if policy_text is not None:
            policy = tmp_path / "local" / "runtime.yaml"
            policy.write_text(policy_text)
        log = tmp_path / "local" / "audit.jsonl"
        (tmp_path / "local" / "privacy.json").write_text(json.dumps(privacy_json(log, policy, mode)))
        manager = create_privacy_manager(Workspace(str(tmp_path), "site-1"), names_only=False)
        return Site(manager.get_scope(""), log)
    return make


class Site:
    def __init__(self, scope: Scope, log: Path):
        self.scope, self.log, self.n = scope, log, 0

    def task(self, sent: DXO | None, returned):
        """One task through the scope's filters as ClientRunner runs them; the reply as it leaves."""
        self.n += 1
        ctx = FLContext()
        ctx.set_prop(FLContextKey.SCOPE_OBJECT, self.scope, private=True, sticky=False)
        ctx.set_prop(FLContextKey.TASK_ID, f"t{self.n}", private=True, sticky=False)
        ctx.set_prop(FLContextKey.TASK_NAME, "train", private=True, sticky=False)
        ctx.set_prop(ReservedKey.IDENTITY_NAME, "site-1", private=False, sticky=False)
        data = sent.to_shareable() if sent is not None else DXO(DataKind.APP_DEFINED, {}).to_shareable()
        apply_filters(Scope.TASK_DATA_FILTERS_NAME, data, ctx, {}, "train", FilterKey.IN)
        result = returned.to_shareable() if isinstance(returned, DXO) else returned
        return apply_filters(Scope.TASK_RESULT_FILTERS_NAME, result, ctx, {}, "train", FilterKey.OUT)

    def last(self) -> dict:
        return audit.read(self.log)[-1]


def refused(reply) -> str:
    assert reply.get_return_code() == ReturnCode.EXECUTION_RESULT_ERROR, reply
    assert "DXO" not in reply
    return reply.get_header(ReservedHeaderKey.ERROR)


def weights(**changes):
    data = {k: v + 1 for k, v in MODEL.items()}
    data.update(changes)
    return DXO(DataKind.WEIGHTS, data, meta={"NUM_STEPS_CURRENT_ROUND": 10})


def test_an_honest_update_leaves_unchanged(site):
    s = site()
    out = s.task(DXO(DataKind.WEIGHTS, MODEL), weights())
    assert out.get_return_code() == ReturnCode.OK and np.array_equal(out["DXO"]["data"]["w"], MODEL["w"] + 1)
    assert s.last()["decision"] == "pass" and s.last()["incoming_model"] is True


def test_an_extra_key_with_raw_data_is_refused_and_audited(site):
    s = site()
    reason = refused(s.task(DXO(DataKind.WEIGHTS, MODEL), weights(rows=np.arange(500, dtype=np.float64))))
    assert "keys not in the model sent for this task" in reason and "'rows'" in reason
    rec = s.last()
    assert rec["decision"] == "refuse" and rec["allowed"] is False
    assert "'rows': numpy.ndarray [500] float64" in rec["problems"][0]


def test_same_shape_but_another_dtype_is_refused(site):
    s = site()
    reason = refused(s.task(DXO(DataKind.WEIGHTS, MODEL), weights(w=np.ones((3, 2), dtype=np.float64))))
    assert "'w' is numpy.ndarray [3, 2] float64, the model sent numpy.ndarray [3, 2] float32" in reason


def test_another_shape_and_non_finite_values_are_refused(site):
    s = site()
    refused(s.task(DXO(DataKind.WEIGHTS, MODEL), weights(b=np.zeros(3, dtype=np.float32))))
    assert "'b' is numpy.ndarray [3] float32" in s.last()["problems"][0]
    reason = refused(s.task(DXO(DataKind.WEIGHT_DIFF, MODEL), DXO(DataKind.WEIGHT_DIFF, {
        "w": np.full((3, 2), np.nan, dtype=np.float32), "b": MODEL["b"]})))
    assert "'w' holds NaN or infinite values" in reason


def test_big_meta_and_unknown_headers_are_refused(site):
    s = site()
    dxo = weights()
    dxo.meta["note"] = "x" * 1000
    assert "over update_filter.max_string" in refused(s.task(DXO(DataKind.WEIGHTS, MODEL), dxo))
    result = weights().to_shareable()
    result.set_header("stash", [1, 2])
    assert "headers 'stash' not in update_filter.allowed_headers" in refused(s.task(DXO(DataKind.WEIGHTS, MODEL),
                                                                                    result))
    result = weights().to_shareable()
    result["leak"] = b"secret"
    assert "result entries 'leak' outside its DXO" in refused(s.task(DXO(DataKind.WEIGHTS, MODEL), result))


def test_metrics_must_be_few_finite_numbers(site):
    s = site("update_filter:\n  max_metrics: 2\n")
    ok = s.task(DXO(DataKind.WEIGHTS, MODEL), DXO(DataKind.METRICS, {"accuracy": 0.9, "loss": np.float32(0.1)}))
    assert ok.get_return_code() == ReturnCode.OK
    assert "over update_filter.max_metrics (2)" in refused(s.task(None, DXO(DataKind.METRICS, {
        "a": 1, "b": 2, "c": 3})))
    assert "metric 'ids' is a numpy.ndarray [4] int64" in refused(s.task(None, DXO(DataKind.METRICS, {
        "ids": np.arange(4)})))


def test_a_result_the_filter_cannot_judge_is_refused_naming_the_key(site):
    s = site()
    reason = refused(s.task(None, DXO(DataKind.APP_DEFINED, {"anything": 1})))
    assert "update_filter.allowed_kinds" in reason
    reason = refused(s.task(None, weights()))  # weights for a task that brought no model in
    assert "update_filter.without_incoming_model.keys" in reason


def test_first_round_weights_pass_when_the_policy_names_their_keys(site):
    s = site("update_filter:\n  without_incoming_model:\n    keys: [center, count]\n    max_elements: 20\n")
    ok = s.task(None, DXO(DataKind.WEIGHTS, {"center": np.zeros((3, 4)), "count": np.ones(3)}))
    assert ok.get_return_code() == ReturnCode.OK
    reason = refused(s.task(None, DXO(DataKind.WEIGHTS, {"center": np.zeros((30, 4)), "count": np.ones(3)})))
    assert "120 elements, over update_filter.without_incoming_model.max_elements (20)" in reason


def _stats(count: int) -> DXO:
    hist = Histogram(HistogramType.STANDARD, [Bin(0.0, 1.0, count / 2), Bin(1.0, float("inf"), count / 2)])
    stats = {"count": {"train": {"age": count}}, "failure_count": {"train": {"age": 0}},
             "mean": {"train": {"age": 41.5}}, "histogram": {"train": {"age": hist}}}
    task = StC.STATS_1st_STATISTICS
    fobs_registration()  # as NVFlare's statistics executor does before it sends
    return DXO(DataKind.STATISTICS, {StC.STATISTICS_TASK_KEY: task, task: fobs.dumps(stats)})


def test_statistics_follow_their_own_rule(site):
    assert "update_filter.statistics.allow" in refused(site().task(None, _stats(50)))
    s = site("update_filter:\n  statistics:\n    allow: true\n    min_count: 10\n")
    assert s.task(None, _stats(50)).get_return_code() == ReturnCode.OK
    assert "under update_filter.statistics.min_count (10)" in refused(s.task(None, _stats(3)))


def test_audit_mode_lets_the_result_out_and_records_what_it_would_refuse(site):
    s = site(mode="audit")
    out = s.task(DXO(DataKind.WEIGHTS, MODEL), weights(rows=np.arange(5.0)))
    assert out.get_return_code() == ReturnCode.OK and "rows" in out["DXO"]["data"]
    assert s.last()["decision"] == "refuse" and s.last()["allowed"] is True


def test_a_typo_in_the_site_config_stops_the_filter_from_loading(site, tmp_path):
    with pytest.raises(Exception, match="mode must be one of"):
        site(mode="enforcing")
    with pytest.raises(Exception, match="update_filter.max_metric"):
        site("update_filter:\n  max_metric: 3\n")


def test_a_result_still_holding_pass_through_references_is_refused():
    """What a filter cannot read does not leave: the judgement itself, without
    NVFlare's filter chain, which would materialize the reference first (and
    fail here, with no trainer to fetch it from)."""
    from nvflare.fuel.utils.fobs.decomposers.via_downloader import LazyDownloadRef

    from analyzer.runtime_policy import UpdateFilterPolicy
    from handler.update_filter import judge, incoming_record

    sent = DXO(DataKind.WEIGHTS, MODEL).to_shareable()
    ref = LazyDownloadRef("site-1.job.trainer_1", "ref-1", "T0")
    result = DXO(DataKind.WEIGHTS, {"w": ref, "b": MODEL["b"]}).to_shareable()
    problems = judge(result, incoming_record(sent), UpdateFilterPolicy())
    assert problems == ["the result holds pass-through references the filter cannot read (see docs/site-admin.md)"]


class ndarray(np.ndarray):  # noqa: N801 - the name is the attack
    """red team 46: a subclass named as numpy's, from "numpy", whose shape says what the model sent."""

    __module__ = "numpy"

    @property
    def shape(self):
        return (3, 2)


def test_an_array_that_lies_about_its_shape_is_refused(site):
    from nvflare.private.fed.utils.fed_utils import nvflare_fobs_initialize

    nvflare_fobs_initialize()  # the decomposers a job process has (fed_utils.py, called at its start)
    big = np.arange(10000, dtype=np.float32).view(ndarray)
    sent = len(fobs.dumps(weights(w=big).to_shareable()))
    assert sent > 40000  # NVFlare's serialiser writes the whole buffer, whatever `shape` says
    reason = refused(site().task(DXO(DataKind.WEIGHTS, MODEL), weights(w=big)))
    assert "'w' is a ndarray, not an array or a number" in reason
