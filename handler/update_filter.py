"""Run-time layer 1: only an honest model update leaves the site.

An NVFlare `Filter` that the site lists twice in every scope of its own
`local/privacy.json`: as a task data filter (it records the model that came in
for each task) and as a task result filter (it judges what goes out against
that record). NVFlare builds the privacy scopes from the site's file in every
job process (private/fed/client/client_app_runner.py -> fl_conf.create_privacy_manager
-> PrivacyConfiger) and puts the job's scope in the FLContext
(fed_utils.create_job_processing_context_properties: the scope the job's meta
names, else the default scope); ClientRunner runs the scope's filters before
the job's own (apis/utils/task_utils.py: get_filters, apply_filters, called
from private/fed/client/client_runner.py). A job can neither remove nor
reconfigure them; it can only pick another scope, so every scope needs both.

Pass-through results (tensors left at a Client API trainer process and
fetched by the server directly) are materialized at the job process before
any filter runs in nvflare 2.9.0: ClientAPIExecutor routes the result to the
CJ when a result filter applies to the task
(app_common/executors/client_api_executor.py: _requires_materialized_result),
and apply_filters materializes any LazyDownloadRef left. Should a reference
still reach this filter, the result is refused: what the filter cannot read,
it does not let out.

A refused result never leaves the site: the filter returns an
EXECUTION_RESULT_ERROR reply whose `__error__` header (ReservedHeaderKey.ERROR,
which NVFlare's JobStatsReporter carries to the server) holds one line; the
site's audit log records which keys, shapes and sizes were wrong.
"""

from __future__ import annotations

import logging
import threading
import time

_T0 = time.perf_counter()  # what loading the filter costs a job process, for the audit log
from collections import OrderedDict
from pathlib import Path

from nvflare.apis.dxo import DXO, DataKind, from_dict, from_shareable
from nvflare.apis.filter import Filter, FilterChainType, FilterContextKey
from nvflare.apis.fl_constant import FLContextKey, ReturnCode
from nvflare.apis.fl_context import FLContext
from nvflare.apis.shareable import ReservedHeaderKey, Shareable, make_reply
from nvflare.apis.utils.task_utils import contains_lazy_download_ref
from nvflare.app_common.app_constant import AppConstants, StatisticsConstants
from nvflare.app_common.statistics.statisitcs_objects_decomposer import fobs_registration
from nvflare.fuel.utils import fobs

from analyzer.runtime_policy import MODES, UpdateFilterPolicy, load_runtime_policy

from . import audit
from .update_rules import (CannotRound, Spent, check_metrics, check_small, check_statistics, check_text, check_weights,
                           is_number, model_signature, plain, plain_items, round_mantissa)

_IMPORT_S = time.perf_counter() - _T0
log = logging.getLogger("jobgate")

_DXO_KEY = "DXO"
_DXO_ENTRIES = frozenset({"kind", "data", "meta"})  # DXO.to_dict: all NVFlare's from_dict reads
_MODEL_KINDS = (DataKind.WEIGHTS, DataKind.WEIGHT_DIFF)
# Headers NVFlare itself puts on a result (their values still have to be small).
NVFLARE_HEADERS = frozenset(
    v for k, v in vars(ReservedHeaderKey).items() if not k.startswith("_") and isinstance(v, str)
) | {AppConstants.CURRENT_ROUND, AppConstants.NUM_ROUNDS, AppConstants.START_ROUND, AppConstants.VALIDATE_TYPE,
     AppConstants.MODEL_OWNER, AppConstants.JOB_STATS_CLIENT_TELEMETRY}
_MAX_REASON = 300
# A refusal's line leaves the site (the reply's __error__ header, the job's error_log.txt) and quotes what the
# job chose (a key, a kind: up to _MAX_REASON characters), once per round the author's server side asks for:
# a job process's first _QUOTED refusals say why, later ones only where to look (red team runtime55).
_QUOTED = 3
_MAX_TASKS = 256


class IncomingModels:
    """The signature of the model each task brought in, by task id (bounded)."""

    def __init__(self):
        self._by_task: OrderedDict[str, dict] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, task_id: str, record: dict) -> None:
        with self._lock:
            self._by_task[task_id] = record
            while len(self._by_task) > _MAX_TASKS:
                self._by_task.popitem(last=False)

    def pop(self, task_id: str) -> dict | None:
        with self._lock:
            return self._by_task.pop(task_id, None)


# One per job process: the data filter and the result filter are two objects
# built from two entries of privacy.json.
INCOMING = IncomingModels()


def incoming_record(shareable: Shareable) -> dict:
    """{kind: {sub-key: Signature}} of the model a task brought in ('' for a plain DXO)."""
    try:
        dxo = from_shareable(shareable)
    except Exception:  # no DXO: a task without a model (statistics, say)
        return {}
    return dict(_signatures(dxo, ""))


def _signatures(dxo, prefix: str):
    if dxo.data_kind == DataKind.COLLECTION and isinstance(dxo.data, dict):
        for k, sub in plain_items(dxo.data).items():
            yield from _signatures(sub, f"{prefix}{k}/")
    elif dxo.data_kind in _MODEL_KINDS and isinstance(dxo.data, dict):
        yield prefix, model_signature(dxo.data)


def judge(result: Shareable, incoming: dict | None, policy: UpdateFilterPolicy) -> list[str]:
    """Every reason to refuse `result`; empty when it may leave the site. The result, its headers and its DXO
    entry are read as NVFlare's own plain classes only: a subclass's methods could show the filter one thing
    and the serialiser, or NVFlare's own later writes (the peer context it sets as it sends), another."""
    if type(result) is not Shareable:
        return [f"the result is a {type(result).__name__}, not NVFlare's Shareable"]
    if contains_lazy_download_ref(result):
        return ["the result holds pass-through references the filter cannot read (see docs/site-admin.md)"]
    problems, spent = [], Spent()
    entries = plain_items(result)
    headers = entries.get(ReservedHeaderKey.HEADERS) or {}
    if type(headers) is not dict:
        return [f"the result's headers are a {type(headers).__name__}, not a dict"]
    headers = plain_items(headers)  # a key of a str subclass is sent with its __dict__: not NVFlare's header
    unknown = [k for k in headers if k not in NVFLARE_HEADERS and k not in policy.allowed_headers]
    if unknown:
        problems.append(f"headers {', '.join(repr(str(k)[:40]) for k in unknown[:5])} not in "
                        "update_filter.allowed_headers")
    for k, v in headers.items():
        # The peer context is an FLContext that NVFlare replaces with a fresh one when it
        # sends the result (private/fed/client/communicator.py: submit_update); anything else there is judged.
        if k != ReservedHeaderKey.PEER_CTX or type(v) is not FLContext:
            problems += check_small(v, f"header {str(k)[:40]!r}", policy, spent)
    extra = [k for k in entries if k not in (ReservedHeaderKey.HEADERS, _DXO_KEY)]
    if extra:
        problems.append(f"result entries {', '.join(repr(str(k)[:40]) for k in extra[:5])} outside its DXO")
    if _DXO_KEY not in entries:
        return problems + check_text(spent, policy)  # an error reply: headers only
    encoded = entries[_DXO_KEY]
    if type(encoded) is not dict or headers.get(ReservedHeaderKey.CONTENT_TYPE) != "DXO":
        return problems + [f"the result's DXO cannot be read (a {type(encoded).__name__})"]
    # the serialiser sends every entry of the DXO's dict; NVFlare's from_dict reads three
    beside = [k for k in plain_items(encoded) if k not in _DXO_ENTRIES]
    if beside:
        problems.append(f"DXO entries {', '.join(repr(str(k)[:40]) for k in beside[:5])} besides its kind, "
                        "data and meta")
    try:
        dxo = from_dict(encoded)
    except Exception as err:
        return problems + [f"the result's DXO cannot be read ({type(err).__name__})"]
    problems += judge_dxo(dxo, "", incoming or {}, policy, spent)
    return problems + check_text(spent, policy)


def judge_dxo(dxo, prefix: str, incoming: dict, policy: UpdateFilterPolicy, spent: Spent,
              depth: int = 0) -> list[str]:
    """`spent`: what the result's parts judged so far used of the bounds they share; `depth`: how many
    collections hold this DXO."""
    where = f"{prefix or 'result'}"
    problems = check_small(dxo.meta, f"meta of {where}", policy, spent)
    kind = plain(dxo.data_kind)  # what the serialiser sends: NVFlare's DataKind by its name
    if type(kind) is not str:
        return problems + [f"{where}: its kind is a {type(dxo.data_kind).__name__}, not a string"]
    if kind in _MODEL_KINDS:
        found = check_weights(dxo.data, incoming.get(prefix), policy)
    elif kind == DataKind.METRICS:
        found = check_metrics(dxo.data, policy, spent)
    elif kind == DataKind.COLLECTION and type(dxo.data) is dict:
        found = _judge_collection(dxo.data, prefix, incoming, policy, spent, depth)
    elif kind == DataKind.STATISTICS:
        found = _judge_statistics(dxo.data, policy)
    elif kind in policy.allowed_kinds:
        found = []
    else:
        found = [f"a {kind[:40]} result; update_filter.allowed_kinds would let it out unjudged"]
    return problems + [f"{prefix}: {p}" if prefix else p for p in found]


def _judge_collection(data: dict, prefix: str, incoming: dict, policy: UpdateFilterPolicy,
                      spent: Spent, depth: int) -> list[str]:
    """NVFlare's own DXOs under short keys, at most `max_collection` in the result and `max_depth` deep: each
    key and each DXO's meta and metrics carry text (red team runtime52: a key of 12 KB, 500 DXOs of metrics)."""
    if depth >= policy.max_depth:
        return [f"a collection nested over update_filter.max_depth ({policy.max_depth})"]
    found = []
    for k, sub in plain_items(data).items():
        spent.dxos += 1
        if spent.dxos > policy.max_collection:
            return found + [f"a collection of over {policy.max_collection} DXOs (update_filter.max_collection)"]
        if type(k) is str:
            spent.add_text(k)
        if type(k) is not str or len(k) > policy.max_string:
            found.append(f"a collection key {str(k)[:40]!r}… is not a short string (update_filter.max_string)")
        elif type(sub) is not DXO:  # the serialiser sends a subclass by its own decomposer, if the job gave one
            found.append(f"[{k[:40]!r}] is a {type(sub).__name__}, not NVFlare's DXO")
        else:
            found += judge_dxo(sub, f"{prefix}{k}/", incoming, policy, spent, depth + 1)
    return found


def _judge_statistics(data, policy: UpdateFilterPolicy) -> list[str]:
    """NVFlare's statistics executor sends {task key: task, task: fobs bytes}
    (app_common/filters/statistics_privacy_filter.py reads it the same way)."""
    if not policy.statistics.allow:
        return check_statistics(None, policy)
    task = data.get(StatisticsConstants.STATISTICS_TASK_KEY) if type(data) is dict else None
    if type(task) is not str or set(data) != {StatisticsConstants.STATISTICS_TASK_KEY, task} or \
            type(data[task]) is not bytes:
        return ["statistics result is not {task key, task} as NVFlare's statistics executor sends it"]
    fobs_registration()  # NVFlare's decomposers for Histogram, Bin, ... (statistics_task_handler does the same)
    return check_statistics(fobs.loads(data[task]), policy)


def round_floats(result: Shareable, bits: int) -> None:
    """The floats of a result's weights, weight differences and metrics, and those of its headers and metas,
    kept to `bits` bits of mantissa, in place (update_filter.mantissa_bits): only of a result judge() let out,
    which is NVFlare's plain classes. A float of a meta or a header carried 52 bits as a metric's did (session 59:
    FLModel's metrics travel in its DXO's meta, `initial_metrics`; up to update_filter.max_meta_items of them)."""
    _rounded_small(dict.get(result, ReservedHeaderKey.HEADERS), bits)
    encoded = dict.get(result, _DXO_KEY)
    if type(encoded) is dict:
        _rounded_small(dict.get(encoded, "meta"), bits)
        _round_dxo(dict.get(encoded, "kind"), dict.get(encoded, "data"), bits)


def _round_dxo(kind, data, bits: int) -> None:
    kind = plain(kind)
    if kind in (*_MODEL_KINDS, DataKind.METRICS) and type(data) in (dict, OrderedDict):
        for k, v in list(dict.items(data)):
            dict.__setitem__(data, k, round_mantissa(v, bits))
    elif kind == DataKind.COLLECTION and type(data) is dict:
        for sub in dict.values(data):
            _rounded_small(sub.meta, bits)
            _round_dxo(sub.data_kind, sub.data, bits)


def _rounded_small(value, bits: int):
    """A meta or a header (check_small's: numbers, short strings, small lists, tuples and mappings) with its
    floats rounded, mappings in place; anything else (the peer context, an FLContext) as it is."""
    if type(value) in (dict, OrderedDict):
        for k, v in list(dict.items(value)):
            dict.__setitem__(value, k, _rounded_small(v, bits))
    elif type(value) in (list, tuple):
        return type(value)(_rounded_small(v, bits) for v in value)
    elif is_number(value):  # a float rounded, an int as it is
        return round_mantissa(value, bits)
    return value


class UpdateFilter(Filter):
    """Args (all from the site's privacy.json): `policy` the run-time policy
    file (runtime.yaml; omit for the built-in rules), `audit_log` (required),
    `mode` enforce | audit."""

    def __init__(self, policy=None, audit_log=None, mode="enforce"):
        t0 = time.perf_counter()
        super().__init__()
        if mode not in MODES:
            raise ValueError(f"jobgate update filter: mode must be one of {MODES}, got {mode!r}")
        if not audit_log:
            raise ValueError("jobgate update filter: audit_log is required")
        self.mode = mode
        self.audit_log = Path(audit_log).expanduser().resolve()
        runtime = load_runtime_policy(Path(policy).expanduser().resolve() if policy else None)
        self.policy = runtime.update_filter
        self.setup_ms = round((_IMPORT_S + time.perf_counter() - t0) * 1000, 1)
        # NVFlare builds the site's filters once per job process: this one's refusals are the job's
        self._refusals, self._lock = 0, threading.Lock()
        log.info("jobgate: update filter loaded (%s mode, policy %s)", mode, runtime.source)

    def process(self, shareable: Shareable, fl_ctx: FLContext) -> Shareable:
        task_id = str(fl_ctx.get_prop(FLContextKey.TASK_ID) or "")
        if self.get_prop(FilterContextKey.CHAIN_TYPE) == FilterChainType.TASK_DATA_CHAIN:
            t0 = time.perf_counter()
            INCOMING.put(task_id, {"model": incoming_record(shareable), "ms": (time.perf_counter() - t0) * 1000})
            return shareable
        t0 = time.perf_counter()
        record = INCOMING.pop(task_id)
        rounded = None
        try:
            problems = judge(shareable, record["model"] if record else None, self.policy)
            if not problems and self.policy.mantissa_bits is not None:
                round_floats(shareable, self.policy.mantissa_bits)
                rounded = self.policy.mantissa_bits
        except CannotRound as err:  # what cannot be rounded is not let out (it went out with an error before)
            problems = [str(err)]
        except Exception as err:  # never let out what could not be judged
            log.warning("jobgate update filter: internal error", exc_info=True)
            problems = [f"internal error ({type(err).__name__}) while judging the result"]
        refuse = bool(problems) and self.mode == "enforce"
        self._audit(fl_ctx, task_id, problems, refuse, record, (time.perf_counter() - t0) * 1000, rounded)
        if not problems:
            return shareable
        with self._lock:
            self._refusals += 1
            n = self._refusals
        reason = f"jobgate: update refused at {fl_ctx.get_identity_name()}: " + (
            f"{problems[0]}" + (f" (+{len(problems) - 1} more)" if len(problems) > 1 else "") if n <= _QUOTED else
            f"refusal {n} of this job; the site's audit log says why")
        reason = reason if len(reason) <= _MAX_REASON else reason[: _MAX_REASON - 1] + "…"
        if not refuse:
            log.warning("jobgate (audit mode, result sent): would refuse: %s", reason)
            return shareable
        log.error("%s", reason)
        return make_reply(ReturnCode.EXECUTION_RESULT_ERROR, headers={ReservedHeaderKey.ERROR: reason})

    def _audit(self, fl_ctx: FLContext, task_id: str, problems: list[str], refused: bool, record: dict | None,
               elapsed_ms: float, rounded: int | None) -> None:
        entry = {
            "time": audit.now(), "layer": "update_filter", "mode": self.mode,
            "site": fl_ctx.get_identity_name(), "job_id": str(fl_ctx.get_job_id() or ""),
            "task_name": str(fl_ctx.get_prop(FLContextKey.TASK_NAME) or ""), "task_id": task_id,
            "decision": "refuse" if problems else "pass", "allowed": not refused, "problems": problems[:20],
            "incoming_model": bool(record and record["model"]), "elapsed_ms": round(elapsed_ms, 3),
            "record_ms": round(record["ms"], 3) if record else None, "setup_ms": self.setup_ms,
            "mantissa_bits": rounded,  # the floats that left were rounded to this many bits (None: not rounded)
        }
        try:
            audit.append(self.audit_log, entry)
        except Exception:
            log.warning("jobgate update filter: cannot write the audit log %s", self.audit_log, exc_info=True)
