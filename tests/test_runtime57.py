"""Session 57 (runtime57): what the update filter lets out, in bits, read by the job's author; and what a new
site admin's `jobgate site check` says of a site where nothing is on yet.

1. Each of NVFlare's reserved headers had bounds of its own (64 items of 256 characters), so a result set with
   14 of them carried 1.6 Mbit of text; a character was counted as one whatever its code point (20 bits). Now
   the headers share the metas' items, and all of a result's text shares `update_filter.max_text` UTF-8 bytes.
2. The low bits of floats: a site may opt in to `update_filter.mantissa_bits`; the filter then rounds the floats
   of weights, weight differences and metrics as they leave. Measured through NVFlare's own filter chain and
   its own serialiser (`fobs.dumps`/`loads` of what the filter let out).
3. `jobgate site check` of a fresh workspace said `sound`: it now says no layer is on, and names the ones off.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pytest

from nvflare.apis.dxo import DXO, DataKind
from nvflare.apis.fl_constant import ReturnCode
from nvflare.app_common.app_constant import AppConstants
from nvflare.app_common.decomposers import common_decomposers
from nvflare.fuel.utils import fobs

from analyzer.model import GateError
from analyzer.runtime_policy import load_runtime_policy
from test_site_check import all_layers, workspace  # noqa: F401  (the fixture)
from test_update_filter import MODEL, refused, site  # noqa: F401  (the fixture)

common_decomposers.register()  # numpy's decomposers, as NVFlare's job process registers them
# NVFlare's reserved headers that NVFlare does not set again after the result filters
RESERVED = ["__workflow__", "__topic__", "__task_operator__", "__cookie_jar__", "_validate_type", "_model_owner_",
            "num_rounds", "start_round", "__msg_root_ttl__", "_job_stats_client_telemetry", "__reply_is_late__",
            "__pass_through__", "__error__", "__peer_props__"]
ROW = "patient-0001,1970-01-01,HIV+;" * 8  # 232 characters


def _update() -> dict:
    return {k: v + np.float32(0.5) for k, v in MODEL.items()}


def _sent(reply) -> dict | None:
    """What the server reads of a reply that left the site."""
    return fobs.loads(fobs.dumps(reply)) if reply.get_return_code(ReturnCode.OK) == ReturnCode.OK else None


def _headers():
    out = DXO(DataKind.WEIGHTS, _update()).to_shareable()
    for i, h in enumerate(RESERVED):
        out.set_header(h, {f"r{i}.{j}": ROW for j in range(63)})
    return out


# attempt -> (the result, what the refusal names)
ATTEMPTS = {
    "14 reserved headers, each a dict of 63 rows (1.6 Mbit)": (_headers, "update_filter.max_meta_items"),
    "4 meta strings of 256 code points of 4 bytes (20 kbit)": (
        lambda: DXO(DataKind.WEIGHTS, _update(), meta={f"k{i}": chr(0x10000 + i) * 256 for i in range(4)}),
        "update_filter.max_text"),
    "32 metric names of 200 characters": (
        lambda: DXO(DataKind.METRICS, {f"{i:02d}{ROW[:198]}": 0.5 for i in range(32)}), "update_filter.max_text"),
    "text shared by a header, the meta and a collection's keys, each under its bounds": (
        lambda: _with_header(DXO(DataKind.COLLECTION, {ROW[:200] + str(i): DXO(DataKind.METRICS, {"acc": 0.9})
                                                     for i in range(8)}, meta={f"k{i}": ROW for i in range(8)}),
                             "__workflow__", [ROW] * 8), "update_filter.max_text"),
}


def _with_header(dxo: DXO, key: str, value):
    out = dxo.to_shareable()
    out.set_header(key, value)
    return out


@pytest.mark.parametrize("attempt", list(ATTEMPTS))
def test_text_past_the_results_shared_bounds_is_refused(site, attempt):  # noqa: F811
    make, reason = ATTEMPTS[attempt]
    result = make()
    assert ROW[:100].encode() in fobs.dumps(result.to_shareable() if isinstance(result, DXO) else result) or \
        "code points" in attempt  # the channel is real: NVFlare's serialiser sends it
    s = site()
    refused(s.task(DXO(DataKind.WEIGHTS, MODEL), result))
    assert any(reason in p for p in s.last()["problems"]), s.last()["problems"]


def test_honest_results_with_their_text_still_pass(site):  # noqa: F811
    s = site()
    weights = DXO(DataKind.WEIGHT_DIFF, OrderedDict(_update()), meta={"NUM_STEPS_CURRENT_ROUND": 120,
                                                                    "initial_metrics": {"accuracy": 0.42}})
    back = weights.to_shareable()
    back.set_header(AppConstants.CURRENT_ROUND, 3)
    assert _sent(s.task(DXO(DataKind.WEIGHTS, MODEL), back)) is not None
    metrics = {"train_loss": 0.31, "val_accuracy": 0.88, "val_auc": 0.91, "epoch": 5, "lr": 1e-3}
    assert _sent(s.task(None, DXO(DataKind.METRICS, metrics)))["DXO"]["data"] == metrics
    # NVFlare's JobStatsReporter's telemetry header, as it sets it before the result filters run
    # (app_common/widgets/job_stats_reporter.py: _handle_client_task_completed, _numeric_stats), beside 20 meta items
    stats = {"count": 12, "mean": 40.5, "stddev": 3.2, "min": 31.0, "max": 55.5}
    telemetry = {"round": 3, "task_name": "train", "execution_time": 12.5, "input_size_mb": 0.4,
                 "resources": {"cpu_percent": stats, "memory_rss_mb": stats, "gpu_percent": stats,
                               "gpu_memory_mb": stats, "battery_start_percent": 90.0, "battery_end_percent": 88.0,
                               "battery_used_percent": 2.0, "battery_plugged": True},
                 "client_processing_time": 12.9, "client_framework_overhead": 0.4, "update_size_mb": 0.4,
                 "return_code": "OK"}
    back = DXO(DataKind.WEIGHTS, _update(), meta={f"step_{i}": i / 7 for i in range(20)}).to_shareable()
    back.set_header(AppConstants.JOB_STATS_CLIENT_TELEMETRY, telemetry)
    back.set_header(AppConstants.CURRENT_ROUND, 3)
    assert _sent(s.task(DXO(DataKind.WEIGHTS, MODEL), back)) is not None, s.last()["problems"]
    scaffold = DXO(DataKind.COLLECTION, {"model": DXO(DataKind.WEIGHT_DIFF, _update()),
                                         "scaffold_c_diff": DXO(DataKind.WEIGHT_DIFF, _update())})
    incoming = DXO(DataKind.COLLECTION, {"model": DXO(DataKind.WEIGHTS, MODEL),
                                         "scaffold_c_diff": DXO(DataKind.WEIGHTS, MODEL)})
    assert _sent(s.task(incoming, scaffold)) is not None


def _low_bits(bits: int) -> dict:
    """An honest update with 8 bits of data in the low mantissa bits of every float32."""
    out = {}
    for k, v in _update().items():
        raw = v.view(np.uint32) & ~np.uint32(0xFF) | np.arange(v.size, dtype=np.uint32).reshape(v.shape) % 256
        out[k] = raw.view(np.float32)
    return out


def test_low_mantissa_bits_arrive_unless_the_site_rounds_them(site):  # noqa: F811
    sent = _low_bits(8)
    kept = {k: v.copy() for k, v in sent.items()}
    plain = _sent(site().task(DXO(DataKind.WEIGHTS, MODEL), DXO(DataKind.WEIGHTS, dict(sent))))["DXO"]["data"]
    assert all(np.array_equal(plain[k].view(np.uint32), kept[k].view(np.uint32)) for k in kept)  # the channel
    s = site("update_filter: {mantissa_bits: 10}\n")
    got = _sent(s.task(DXO(DataKind.WEIGHTS, MODEL), DXO(DataKind.WEIGHTS, dict(sent),
                                                          meta={"NUM_STEPS_CURRENT_ROUND": 7})))
    for k, v in kept.items():
        out = got["DXO"]["data"][k]
        assert type(out) is np.ndarray and out.dtype == np.float32 and out.shape == v.shape
        assert not (out.view(np.uint32) & np.uint32(0x1FFF)).any()  # the 13 low bits: nothing of the job's
        assert np.allclose(out, v, rtol=2.0 ** -11, atol=0)
    assert got["DXO"]["meta"]["NUM_STEPS_CURRENT_ROUND"] == 7
    assert s.last()["decision"] == "pass" and s.last()["mantissa_bits"] == 10  # the audit log says what left


def test_rounding_keeps_each_values_class_and_metrics_too(site):  # noqa: F811
    s = site("update_filter: {mantissa_bits: 4}\n")
    metrics = {"acc": 0.123456789, "f32": np.float32(0.987654), "n": 12345}
    got = _sent(s.task(None, DXO(DataKind.METRICS, metrics)))["DXO"]["data"]
    assert got["acc"] == 0.125 and type(got["acc"]) is float and got["n"] == 12345
    assert type(got["f32"]) is np.float32 and got["f32"] == np.float32(1.0)
    half = {"w": np.full((3, 2), 1.2345, np.float16), "b": np.zeros(2, np.float16)}
    got = _sent(s.task(DXO(DataKind.WEIGHTS, half), DXO(DataKind.WEIGHTS, {"w": half["w"] * 2, "b": half["b"]})))
    assert got["DXO"]["data"]["w"].dtype == np.float16 and (got["DXO"]["data"]["w"] == np.float16(2.5)).all()
    # the largest float32 is cut, not rounded up to infinity (which the server would read as a NaN model)
    big = {"w": np.full((3, 2), np.finfo(np.float32).max, np.float32), "b": MODEL["b"]}
    assert np.isfinite(_sent(s.task(DXO(DataKind.WEIGHTS, MODEL), DXO(DataKind.WEIGHTS, big)))["DXO"]["data"]["w"]).all()


def test_the_sites_choice_is_read_and_out_of_range_values_stop_the_policy(tmp_path):
    policy = tmp_path / "runtime.yaml"
    policy.write_text("update_filter: {mantissa_bits: 10, max_text: 8192}\n")
    rule = load_runtime_policy(policy).update_filter
    assert (rule.mantissa_bits, rule.max_text) == (10, 8192)
    assert load_runtime_policy(None).update_filter.mantissa_bits is None  # by default every bit leaves
    for text in ("update_filter: {mantissa_bits: 0}\n", "update_filter: {mantissa_bits: 53}\n",
                 "update_filter: {max_text: -1}\n"):
        policy.write_text(text)
        with pytest.raises(GateError, match="update_filter"):
            load_runtime_policy(policy)


def test_site_check_of_a_fresh_site_says_no_layer_is_on(jobgate, workspace):  # noqa: F811
    proc = jobgate("site", "check", str(workspace))
    assert proc.returncode == 0 and proc.stdout.rstrip().splitlines()[-1].startswith("no layer is on: jobs run at "
                                                                                      "this site unjudged")
    all_layers(workspace)
    out = jobgate("site", "check", str(workspace)).stdout
    assert "floats of weights and metrics: every bit leaves" in out  # the site's choice, named
    (workspace / "local" / "privacy.json").unlink()
    last = jobgate("site", "check", str(workspace)).stdout.rstrip().splitlines()[-1]
    assert last == "sound; off: update filter", last
