"""The site's policy for jobgate's run-time layers: the update filter and the process guard.

A file of its own (`local/jobgate/runtime.yaml`), separate from the static
gate's policy: the two layers run inside job processes, where loading the
analysis engine would cost every job, and they are switched on in other NVFlare
files (`local/privacy.json`, `local/*__j_resources.json`). Same stance as the
gate's policy: unknown keys and wrong types are errors that name the key, and
anything the policy does not name is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .model import GateError
from .policy import read_yaml_mapping

MODES = ("enforce", "audit")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Statistics(_Strict):
    """Federated statistics results (DataKind.STATISTICS), judged like NVFlare's
    own StatisticsPrivacyFilter + MinCountCleanser/HistogramBinsCleanser do."""

    allow: bool = False
    min_count: int = Field(default=10, ge=1)
    metrics: tuple[str, ...] = ("count", "failure_count", "sum", "mean", "var", "stddev", "histogram")
    max_bins: int = Field(default=100, ge=1)


class WithoutIncomingModel(_Strict):
    """Weights sent for a task that brought no model in (the first round of
    k-means, say): only the keys named here, each at most this many elements."""

    keys: tuple[str, ...] = ()
    max_elements: int = Field(default=100_000, ge=1)


class Booster(_Strict):
    """XGBoost models, as NVFlare's tree-based executor sends them (the booster's JSON in a bytearray under
    WEIGHTS: app_opt/xgboost/tree_based/executor.py): judged as trees of numbers, at most this many trees of
    at most this many nodes each (XGBoost's default depth of 6 makes 127), feature names of at most this many
    characters in all (the table's column names, which the job chooses)."""

    allow: bool = True
    max_trees: int = Field(default=1000, ge=1)
    max_tree_nodes: int = Field(default=4096, ge=1)
    max_feature_text: int = Field(default=32_768, ge=0)


class UpdateFilterPolicy(_Strict):
    max_metrics: int = Field(default=32, ge=0)
    # items (scalars and containers) of a result's metas and headers together; NVFlare's JobStatsReporter puts up
    # to 39 in its telemetry header (app_common/widgets/job_stats_reporter.py: _handle_client_task_completed)
    max_meta_items: int = Field(default=128, ge=0)
    max_string: int = Field(default=256, ge=1)
    max_depth: int = Field(default=3, ge=1)
    # DXOs a COLLECTION result holds in all, nested ones too (SCAFFOLD's holds 2): each brings its own meta
    # and metrics (red team runtime52: 500 of them carried 3 MB of text)
    max_collection: int = Field(default=16, ge=1)
    # UTF-8 bytes in all of a result's metric names, meta and header strings and keys, collection keys: text that
    # no rule reads (session 57: each header had bounds of its own, and 14 of NVFlare's carried 1.7 Mbit)
    max_text: int = Field(default=4096, ge=0)
    # Bits of mantissa the floats of weights, weight differences, metrics, metas and headers keep as they leave
    # (rounded to nearest); unset, all of them: their low bits are a channel no rule can read (docs/site-admin.md,
    # sessions 57 and 59)
    mantissa_bits: int | None = Field(default=None, ge=1, le=52)
    # Shareable headers a result may carry besides NVFlare's reserved ones.
    allowed_headers: tuple[str, ...] = ()
    # DXO kinds a result may carry besides WEIGHTS, WEIGHT_DIFF, METRICS, COLLECTION.
    allowed_kinds: tuple[str, ...] = ()
    statistics: Statistics = Statistics()
    without_incoming_model: WithoutIncomingModel = WithoutIncomingModel()
    booster: Booster = Booster()


class NetworkPolicy(_Strict):
    # Loopback ports a job may connect to besides NVFlare's own endpoints of this job.
    loopback_ports: tuple[int, ...] = ()
    # "host:port" endpoints a job may reach besides NVFlare's.
    endpoints: tuple[str, ...] = ()
    # Unix socket paths a job may connect to.
    unix_sockets: tuple[str, ...] = ()


class GuardPolicy(_Strict):
    network: NetworkPolicy = NetworkPolicy()
    # Programs a job may start, by name (looked up on the site's PATH when the
    # guard starts) or absolute path; matched on the resolved file.
    programs: tuple[str, ...] = ()
    # Native libraries ctypes may load besides those inside the Python
    # installation: absolute paths or bare names (as given to ctypes.CDLL).
    native_libraries: tuple[str, ...] = ()
    # Folders where a job may write besides its own run folder ({workspace} and ~ expand).
    scratch: tuple[str, ...] = ()
    # Paths a job may neither read nor list ({workspace} and ~ expand). Not startup/:
    # NVFlare's job process reads the site's TLS key there itself, after the
    # guard is on (fuel/f3/cellnet/credential_manager.py: CredentialManager).
    credential_paths: tuple[str, ...] = (
        "~/.ssh", "~/.aws", "~/.azure", "~/.config/gcloud", "~/.kube", "~/.docker", "~/.gnupg",
        "~/.netrc", "~/.pypirc", "~/.git-credentials", "{workspace}/local/jobgate/gate.key",
    )
    # refuse: the kernel refuses native code made in memory (memfd_create, executable anonymous memory,
    # mprotect to executable, ptrace) in job processes and trainers; every JIT with it (oneDNN in torch's
    # CPU kernels, numba, torch.compile): docs/site-admin.md, "Session 52 (runtime52)".
    in_memory_code: Literal["allow", "refuse"] = "allow"
    # refuse: a job process does not take part in XGBoost's histogram-based protocol (NVFlare's
    # histogram_based_v2 executor), whose gradients and histograms leave as aux messages that no result filter
    # sees: docs/site-admin.md, "Session 58 (runtime58)".
    xgboost_histograms: Literal["allow", "refuse"] = "allow"


class RuntimePolicy(_Strict):
    version: int = 1
    update_filter: UpdateFilterPolicy = UpdateFilterPolicy()
    guard: GuardPolicy = GuardPolicy()
    source: str = "built-in"
    digest: str = ""


def load_runtime_policy(path: str | Path | None = None) -> RuntimePolicy:
    """The built-in defaults, or the site's file at `path` (every key optional)."""
    if path is None:
        return RuntimePolicy()
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise GateError(f"{path}: cannot read the run-time policy: {err.strerror}") from None
    doc = read_yaml_mapping(raw, str(path), "a run-time policy")
    doc.update(source=str(p), digest="sha256:" + hashlib.sha256(raw).hexdigest())
    try:
        return RuntimePolicy.model_validate(doc)
    except ValidationError as err:
        lines = [f"{path}: invalid run-time policy"]
        lines += [f"  {'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in err.errors()]
        raise GateError("\n".join(lines)) from None
