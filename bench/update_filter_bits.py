"""Bits of site data one result carries out through the update filter, channel by channel.

    .venv/bin/python bench/update_filter_bits.py ['update_filter: {mantissa_bits: 10}']

The data is written into an honest-looking result, the result goes through NVFlare's own filter chain (the
scope NVFlare's privacy configurer builds from a site's privacy.json, as in tests/test_update_filter.py) and
NVFlare's serialiser (fobs.dumps, then loads, as the server reads it), and the bits that arrive intact are
counted. The argument is the site's runtime.yaml (omit it for the built-in rules). docs/site-admin.md,
"Session 57 (runtime57)", has the numbers.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from nvflare.apis.dxo import DXO, DataKind  # noqa: E402
from nvflare.apis.fl_constant import ReturnCode  # noqa: E402
from nvflare.apis.workspace import Workspace  # noqa: E402
from nvflare.app_common.decomposers import common_decomposers  # noqa: E402
from nvflare.fuel.utils import fobs  # noqa: E402
from nvflare.private.fed.app.fl_conf import create_privacy_manager  # noqa: E402

from test_update_filter import Site, privacy_json  # noqa: E402

RNG = np.random.default_rng(0)
MODEL = {"conv.weight": RNG.standard_normal((16, 3, 3, 3)).astype(np.float32),
         "fc.weight": RNG.standard_normal((10, 64)).astype(np.float32)}
FLOATS = sum(v.size for v in MODEL.values())
HEADERS = ["__workflow__", "__topic__", "__task_operator__", "__cookie_jar__", "_validate_type", "_model_owner_",
           "num_rounds", "start_round", "__peer_props__", "__msg_root_ttl__", "_job_stats_client_telemetry",
           "__reply_is_late__", "__pass_through__", "__error__"]  # NVFlare's, not set again after the filters


def make_site(policy_text: str | None) -> Site:
    ws = Path(tempfile.mkdtemp())
    (ws / "local").mkdir()
    (ws / "startup").mkdir()
    policy = None
    if policy_text:
        policy = ws / "local" / "runtime.yaml"
        policy.write_text(policy_text)
    (ws / "local" / "privacy.json").write_text(json.dumps(privacy_json(ws / "local" / "audit.jsonl", policy)))
    return Site(create_privacy_manager(Workspace(str(ws), "site-1"), names_only=False).get_scope(""),
                ws / "local" / "audit.jsonl")


def honest() -> dict:
    return {k: v + np.float32(0.01) for k, v in MODEL.items()}


def arrive(site: Site, result, sent=DXO(DataKind.WEIGHTS, MODEL)):
    reply = site.task(sent, result)
    return fobs.loads(fobs.dumps(reply)) if reply.get_return_code(ReturnCode.OK) == ReturnCode.OK else None


def weight_bits(site: Site, mask: int, kind=DataKind.WEIGHTS, clear: int = 0) -> int:
    """Data in the bits `mask` selects of every float32 (`clear`: bits the job zeroes besides)."""
    m = np.uint32(mask)
    sent = {}
    for k, v in honest().items():
        raw = v.view(np.uint32) & ~m & ~np.uint32(clear) | RNG.integers(0, 2**32, v.shape, dtype=np.uint32) & m
        sent[k] = np.where(np.isfinite(raw.view(np.float32)), raw, v.view(np.uint32)).view(np.float32)
    kept = {k: v.copy() for k, v in sent.items()}  # the filter may round the job's own dict in place
    got = arrive(site, DXO(kind, sent))
    if got is None:
        return 0
    back = got["DXO"]["data"]
    return sum(v.size * bin(mask).count("1") for k, v in kept.items()
               if np.array_equal(back[k].view(np.uint32) & m, v.view(np.uint32) & m))


def typed_bits(site: Site, dtype: str, mask: int) -> int:
    """Data in the bits `mask` selects of every float32 of a model of another dtype, sent so by the job's server
    side: big-endian (its low bits are its last bytes), complex (two float32s an element)."""
    m, sent, model = np.uint32(mask), {}, {}
    for k, v in honest().items():
        parts = np.stack([v, v[::-1]], -1) if dtype.startswith("complex") else v  # complex: real, imaginary
        raw = parts.view(np.uint32) & ~m | RNG.integers(0, 2**32, parts.shape, dtype=np.uint32) & m
        floats = np.where(np.isfinite(raw.view(np.float32)), raw, parts.view(np.uint32)).view(np.float32)
        sent[k] = (floats.view(np.complex64)[..., 0] if dtype.startswith("complex") else floats).astype(dtype)
        model[k] = MODEL[k].astype(dtype)
    kept = {k: v.copy() for k, v in sent.items()}
    got = arrive(site, DXO(DataKind.WEIGHTS, sent), DXO(DataKind.WEIGHTS, model))
    if got is None:
        return 0

    def bits(a):
        return np.ascontiguousarray(a, a.dtype.newbyteorder("=")).reshape(-1).view(np.uint32) & m
    return sum(int((bits(got["DXO"]["data"][k]) == bits(v)).sum()) * bin(mask).count("1") for k, v in kept.items())


def metric_bits(site: Site, top: int) -> int:
    """32 float64 metrics carrying data in their top `top` bits (sign and exponent first)."""
    raw = RNG.integers(0, 2**63, 32, dtype=np.uint64) & np.uint64(0x7FEFFFFFFFFFFFFF & ~(2 ** (64 - top) - 1))
    metrics = {f"m{i}": float(v) for i, v in enumerate(raw.view(np.float64))}
    got = arrive(site, DXO(DataKind.METRICS, dict(metrics)))
    return 0 if got is None else sum(top - 1 for k, v in got["DXO"]["data"].items() if v == metrics[k])


def meta_float_bits(site: Site, count: int, header: bool) -> int:
    """`count` float64s carrying data in their low 44 mantissa bits, as FLModel's metrics travel (its DXO's meta,
    `initial_metrics`), or in a header of NVFlare's (a dict under `__workflow__`)."""
    raw = RNG.integers(0, 2**44, count, dtype=np.uint64) | np.float64(0.5).view(np.uint64)
    floats = {f"m{i}": float(v) for i, v in enumerate(raw.view(np.float64))}
    if header:
        result = DXO(DataKind.WEIGHTS, honest()).to_shareable()
        result.set_header("__workflow__", dict(floats))
    else:
        result = DXO(DataKind.WEIGHTS, honest(), meta={"initial_metrics": dict(floats)}).to_shareable()
    got = arrive(site, result)
    if got is None:
        return 0
    back = got["__headers__"]["__workflow__"] if header else got["DXO"]["meta"]["initial_metrics"]
    return 44 * sum(back.get(k) == v for k, v in floats.items())


def text_bits(site: Site, strings: int, length: int, ascii: bool) -> float:
    """Meta strings: ASCII (7 bits a character) or code points past U+FFFF (20 bits a character, 4 bytes)."""
    low, high, bits = (32, 127, 7) if ascii else (0x10000, 0x10FFFF, math.log2(0x10FFFF - 0x10000))
    meta = {f"k{i}": "".join(map(chr, RNG.integers(low, high, length))) for i in range(strings)}
    got = arrive(site, DXO(DataKind.WEIGHTS, honest(), meta=meta))
    return 0 if got is None else sum(len(v) * bits for k, v in got["DXO"]["meta"].items() if meta.get(k) == v)


def header_bits(site: Site) -> int:
    result = DXO(DataKind.WEIGHTS, honest()).to_shareable()
    sent = {h: {f"{h}{j}": "x" * 256 for j in range(63)} for h in HEADERS}
    for h, v in sent.items():
        result.set_header(h, v)
    got = arrive(site, result)
    return 0 if got is None else 7 * sum(len(k) + len(v) for h in HEADERS
                                         for k, v in (got["__headers__"].get(h) or {}).items())


def booster_bits(site: Site, mask: int) -> int:
    """A real booster (tests/data/xgboost_boosters.json, what NVFlare's tree-based executor sends) carrying data
    in the bits `mask` selects of every float32 of its trees, written as XGBoost writes them."""
    doc = json.loads(json.loads((ROOT / "tests" / "data" / "xgboost_boosters.json").read_text())["cyclic"])
    m, sent = np.uint32(mask), []
    for tree in doc["learner"]["gradient_booster"]["model"]["trees"]:
        for k in ("split_conditions", "base_weights"):
            raw = np.asarray(tree[k], np.float32).view(np.uint32) & ~m | RNG.integers(0, 2**32, len(tree[k]),
                                                                                    dtype=np.uint32) & m
            tree[k] = [float(str(f)) for f in raw.view(np.float32)]
            sent.append(raw)
    got = arrive(site, DXO(DataKind.WEIGHTS, {"model_data": bytearray(json.dumps(doc, sort_keys=True), "utf-8")}),
                 None)  # its first round: no model came in
    if got is None:
        return 0
    back = json.loads(bytes(got["DXO"]["data"]["model_data"]))["learner"]["gradient_booster"]["model"]["trees"]
    arrived = [np.asarray(tree[k], np.float32).view(np.uint32) for tree in back
               for k in ("split_conditions", "base_weights")]
    return sum(int(((a & m) == (b & m)).sum()) * bin(mask).count("1") for a, b in zip(sent, arrived))


def main() -> None:
    common_decomposers.register()
    site = make_site(sys.argv[1] if len(sys.argv) > 1 else None)
    rows = {
        f"weights, low 8 mantissa bits of {FLOATS} float32": weight_bits(site, 0xFF),
        "weights, all 23 mantissa bits": weight_bits(site, 0x7FFFFF),
        "weights, sign, 8 exponent bits but the top one, top 10 mantissa bits": weight_bits(
            site, 0xBFFFE000, clear=0x1FFF),
        "weight differences, the same": weight_bits(site, 0xBFFFE000, DataKind.WEIGHT_DIFF, clear=0x1FFF),
        "weights sent as big-endian float32 (so the model came in), low 16 mantissa bits": typed_bits(
            site, ">f4", 0xFFFF),
        "weights sent as complex64 (so the model came in), low 16 mantissa bits of both parts": typed_bits(
            site, "complex64", 0xFFFF),
        "metrics, 32 float64, 63 bits each": metric_bits(site, 64),
        "metrics, 32 float64, sign, exponent and 10 mantissa bits": metric_bits(site, 22),
        "meta, 100 float64 (FLModel's metrics: initial_metrics), low 44 mantissa bits": meta_float_bits(
            site, 100, False),
        "header of NVFlare's, a dict of 100 float64, low 44 mantissa bits": meta_float_bits(site, 100, True),
        "meta, 63 ASCII strings of 256": text_bits(site, 63, 256, True),
        "meta, 63 strings of 256 code points": text_bits(site, 63, 256, False),
        "meta, 15 ASCII strings of 256 (under max_text)": text_bits(site, 15, 256, True),
        "meta, 4 strings of 256 code points of 4 bytes": text_bits(site, 4, 256, False),
        "booster (XGBoost, 3 trees of 37 nodes), low 16 mantissa bits of its leaf values and thresholds": booster_bits(
            site, 0xFFFF),
        "headers, 14 of NVFlare's each a dict of 63 ASCII keys and strings of 256": header_bits(site),
    }
    for what, bits in rows.items():
        print(f"{bits:>12,.0f}  {what}")


if __name__ == "__main__":
    main()
