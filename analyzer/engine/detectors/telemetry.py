"""Telemetry egress: experiment trackers, error reporters and log handlers that
ship metrics, tables, artifacts, stack frames (with their local variables) or
log records off the site.

A tracker is fine when it writes to a local store: `mlflow.set_tracking_uri
("file:./mlruns")`, `wandb.init(mode="offline")`, `SummaryWriter("./runs")`,
`SysLogHandler("/dev/log")`. It is a finding when it points anywhere else
(critical), or when where it points is decided at run time (escalates). The
module's own environment writes count: `os.environ["WANDB_MODE"] = "offline"`
makes wandb.init offline; `os.environ["MLFLOW_TRACKING_URI"] = "https://..."`
is a remote tracker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator
from urllib.parse import urlsplit

import libcst as cst

from ..regexes import glob
from ..resolve import Const
from . import Hit, PythonContext, python_detector

REMOTE = "telemetry-egress.remote-tracker"
UNRESOLVED = "telemetry-egress.tracker-unresolved"
SERVER = "telemetry-egress.metrics-server"

_LOCAL_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1", "[::1]", "ip6-localhost"})
_REMOTE_WORDS = frozenset({"databricks", "databricks-uc", "uc", "azureml"})


def _is_local_host(host: str) -> bool:
    host = host.strip().lower().strip("[]")
    return host in _LOCAL_HOSTS or host.startswith("127.")


def uri_is_local(value: str) -> bool:
    """A tracking URI / log dir that stays on this machine."""
    v = value.strip()
    if not v or v.lower() in ("none",):
        return True
    if v.lower().split(":", 1)[0] in _REMOTE_WORDS:
        return False
    if re.match(r"^[A-Za-z]:[\\/]", v) or v.startswith(("file:", "/", "./", "../", "~")):
        return True
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", v)
    if not m:
        return True  # a relative path such as "mlruns" or "runs/exp1"
    scheme = m.group(1).lower()
    if scheme in ("file", "sqlite"):
        return True
    try:
        host = urlsplit(v).hostname or ""
    except ValueError:
        return False
    return bool(host) and _is_local_host(host)


def host_is_local(value: str) -> bool:
    """'host:port', 'http://host:port/x' or a socket path."""
    v = value.strip()
    if v.startswith("/"):
        return True  # a Unix socket such as /dev/log
    if "://" in v:
        return uri_is_local(v)
    return _is_local_host(v.rsplit(":", 1)[0] if v.count(":") == 1 else v)


@dataclass(frozen=True)
class Check:
    """How a tracker call is judged: always, or by one of its arguments."""

    kind: str  # "always" | "mode" | "uri" | "host" | "dsn" | "serve"
    arg: int | None = None  # positional index of the judged argument
    kwarg: str | None = None  # its keyword
    offline: tuple = ()  # values of `kwarg` that keep a tracker local
    missing_ok: bool = True  # a missing argument means a local default
    dynamic_ok: bool = False  # a run-time value is fine (log dirs)


_WANDB_OFF = ("offline", "disabled", "dryrun")
_TB = Check("uri", 0, "log_dir", dynamic_ok=True)

_TRACKERS: tuple[tuple[str, Check], ...] = (
    ("wandb.init", Check("mode", None, "mode", _WANDB_OFF)),
    ("wandb.sdk.wandb_init.init", Check("mode", None, "mode", _WANDB_OFF)),
    ("wandb.login", Check("always")),
    ("wandb.Api", Check("always")),
    ("wandb.sync", Check("always")),
    ("comet_ml.Experiment", Check("always")),
    ("comet_ml.ExistingExperiment", Check("always")),
    ("comet_ml.API", Check("always")),
    ("comet_ml.APIExperiment", Check("always")),
    ("comet_ml.init", Check("always")),
    ("comet_ml.login", Check("always")),
    ("comet_ml.start", Check("mode", None, "online", (False,))),
    ("neptune.init*", Check("mode", None, "mode", ("offline", "debug"))),
    ("neptune.new.init*", Check("mode", None, "mode", ("offline", "debug"))),
    ("neptune_scale.Run", Check("mode", None, "mode", ("offline", "disabled"))),
    ("clearml.Task.init", Check("always")),
    ("clearml.Task.create", Check("always")),
    ("trains.Task.init", Check("always")),
    ("mlflow.set_tracking_uri", Check("uri", 0, "uri", missing_ok=False)),
    ("mlflow.set_registry_uri", Check("uri", 0, "uri", missing_ok=False)),
    ("mlflow.MlflowClient", Check("uri", 0, "tracking_uri")),
    ("mlflow.tracking.MlflowClient", Check("uri", 0, "tracking_uri")),
    ("mlflow.client.MlflowClient", Check("uri", 0, "tracking_uri")),
    ("mlflow.login", Check("always")),
    ("aim.Run", Check("uri", 0, "repo")),
    ("aim.sdk.Run", Check("uri", 0, "repo")),
    ("aim.Repo", Check("uri", 0, "path")),
    ("torch.utils.tensorboard.SummaryWriter", _TB),
    ("torch.utils.tensorboard.writer.SummaryWriter", _TB),
    ("tensorboardX.SummaryWriter", Check("uri", 0, "logdir", dynamic_ok=True)),
    ("tensorflow.summary.create_file_writer", Check("uri", 0, "logdir", dynamic_ok=True)),
    ("tensorflow.keras.callbacks.TensorBoard", _TB),
    ("keras.callbacks.TensorBoard", _TB),
    ("pytorch_lightning.loggers.TensorBoardLogger", Check("uri", 0, "save_dir", dynamic_ok=True)),
    ("lightning.pytorch.loggers.TensorBoardLogger", Check("uri", 0, "save_dir", dynamic_ok=True)),
    ("pytorch_lightning.loggers.WandbLogger", Check("mode", None, "offline", (True,))),
    ("lightning.pytorch.loggers.WandbLogger", Check("mode", None, "offline", (True,))),
    ("pytorch_lightning.loggers.MLFlowLogger", Check("uri", None, "tracking_uri")),
    ("lightning.pytorch.loggers.MLFlowLogger", Check("uri", None, "tracking_uri")),
    ("pytorch_lightning.loggers.CometLogger", Check("mode", None, "offline", (True,))),
    ("lightning.pytorch.loggers.CometLogger", Check("mode", None, "offline", (True,))),
    ("pytorch_lightning.loggers.NeptuneLogger", Check("mode", None, "mode", ("offline", "debug"))),
    ("lightning.pytorch.loggers.NeptuneLogger", Check("mode", None, "mode", ("offline", "debug"))),
    ("transformers.integrations.WandbCallback", Check("always")),
    ("transformers.integrations.CometCallback", Check("always")),
    ("transformers.integrations.NeptuneCallback", Check("always")),
    ("sentry_sdk.init", Check("dsn", 0, "dsn")),
    ("sentry_sdk.Client", Check("dsn", 0, "dsn")),
    ("raven.Client", Check("dsn", 0, "dsn")),
    ("bugsnag.configure", Check("always")),
    ("rollbar.init", Check("always")),
    ("honeybadger.honeybadger.configure", Check("always")),
    ("newrelic.agent.initialize", Check("always")),
    ("elasticapm.Client", Check("always")),
    ("ddtrace.patch_all", Check("always")),
    ("ddtrace.patch", Check("always")),
    ("datadog.initialize", Check("always")),
    ("datadog.api.*", Check("always")),
    ("datadog_api_client.*", Check("always")),
    ("datadog.DogStatsd", Check("host", None, "host")),
    ("statsd.StatsClient", Check("host", 0, "host")),
    ("logfire.configure", Check("always")),
    ("posthog.*", Check("always")),
    ("mixpanel.Mixpanel", Check("always")),
    ("libhoney.init", Check("always")),
    ("watchtower.CloudWatchLogHandler", Check("always")),
    ("google.cloud.logging.Client", Check("always")),
    ("azure.monitor.opentelemetry.configure_azure_monitor", Check("always")),
    ("opentelemetry.exporter.*Exporter", Check("uri", None, "endpoint")),
    ("prometheus_client.push_to_gateway", Check("host", 0, "gateway", missing_ok=False)),
    ("prometheus_client.pushadd_to_gateway", Check("host", 0, "gateway", missing_ok=False)),
    ("prometheus_client.delete_from_gateway", Check("host", 0, "gateway", missing_ok=False)),
    ("logging.handlers.HTTPHandler", Check("host", 0, "host", missing_ok=False)),
    ("logging.handlers.SocketHandler", Check("host", 0, "host", missing_ok=False)),
    ("logging.handlers.DatagramHandler", Check("host", 0, "host", missing_ok=False)),
    ("logging.handlers.SysLogHandler", Check("host", 0, "address")),
    ("logging.handlers.SMTPHandler", Check("always")),
    ("prometheus_client.start_http_server", Check("serve")),
    ("prometheus_client.start_wsgi_server", Check("serve")),
    ("tensorboard.program.TensorBoard", Check("serve")),
)
_EXACT = {p: c for p, c in _TRACKERS if not any(ch in p for ch in "*?[")}
_GLOBS = [(glob(p), c) for p, c in _TRACKERS if any(ch in p for ch in "*?[")]  # (its match, its check)
_ROOTS = frozenset(p.split(".", 1)[0] for p, _ in _TRACKERS)

# Environment variables a job may set to point a tracker somewhere.
_ENV_URI = {"MLFLOW_TRACKING_URI", "MLFLOW_REGISTRY_URI", "WANDB_BASE_URL", "NEPTUNE_API_URL", "CLEARML_API_HOST",
            "CLEARML_WEB_HOST", "CLEARML_FILES_HOST", "COMET_URL_OVERRIDE", "SENTRY_DSN", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "DD_SITE", "DD_AGENT_HOST", "DD_TRACE_AGENT_URL"}
_ENV_SECRET = {"WANDB_API_KEY", "COMET_API_KEY", "NEPTUNE_API_TOKEN", "CLEARML_API_ACCESS_KEY", "CLEARML_API_SECRET_KEY",
               "DD_API_KEY", "DATADOG_API_KEY", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_PASSWORD",
               "DATABRICKS_TOKEN", "DATABRICKS_HOST", "HF_TOKEN"}
_ENV_OFFLINE = {"WANDB_MODE": ("offline", "disabled", "dryrun"), "WANDB_DISABLED": ("true", "1", "yes"),
                "COMET_OFFLINE_DIRECTORY": None, "NEPTUNE_MODE": ("offline", "debug")}
_HANDLER_STRINGS = re.compile(
    r"""["'](logging\.handlers\.(?:HTTPHandler|SocketHandler|DatagramHandler|SysLogHandler|SMTPHandler)|"""
    r"""watchtower\.CloudWatchLogHandler)["']""")


def _check_for(name: str) -> Check | None:
    c = _EXACT.get(name)
    if c is not None:
        return c
    for matches, check in _GLOBS:
        if matches(name):
            return check
    return None


def _argument(call: cst.Call, check: Check) -> tuple[bool, cst.BaseExpression | None]:
    if check.kwarg is not None:
        for a in call.args:
            if a.keyword is not None and a.keyword.value == check.kwarg:
                return True, a.value
    positional = [a for a in call.args if a.keyword is None]
    if check.arg is not None:
        for i, a in enumerate(positional):
            if a.star:
                return True, None
            if i == check.arg:
                return True, a.value
    if any(a.star == "**" for a in call.args):
        return True, None
    return False, None


def _strings(r, node: cst.BaseExpression | None, scope) -> list | None:
    """Constant values of an argument (a tuple's first element for (host, port)), None if unknown."""
    if node is None:
        return None
    if isinstance(node, (cst.Tuple, cst.List)) and node.elements:
        node = node.elements[0].value
    values = r.values(node, scope)
    if not values or not all(isinstance(v, Const) for v in values):
        return None
    return [v.value for v in values]


def env_writes(ctx: PythonContext) -> Iterator[tuple[cst.CSTNode, cst.BaseExpression, cst.BaseExpression | None, object]]:
    """(place, key expression, value expression, scope) of every variable the module sets in its own
    environment: `os.environ[k] = v`, `os.environ.setdefault/putenv(k, v)`, `os.environ.update({k: v})`,
    `os.environ.update(K=v)`."""
    r = ctx.resolver  # no search of the source's text first: `getattr(os, "envi" + "ron")[k] = v` spells neither word
    for use in r.stores:
        t = use.node
        if isinstance(t, cst.Subscript) and "os.environ" in r.names(t.value, use.scope) and len(t.slice) == 1 \
                and isinstance(t.slice[0].slice, cst.Index):
            yield t, t.slice[0].slice.value, use.value, use.scope
    for use in r.calls:
        names = r.names(use.node.func, use.scope)
        if names & {"os.environ.setdefault", "os.putenv", "os.environ.__setitem__"} and len(use.node.args) >= 2:
            yield use.node, use.node.args[0].value, use.node.args[1].value, use.scope
        elif "os.environ.update" in names:
            for a in use.node.args:
                if a.keyword is not None:
                    yield use.node, cst.SimpleString(repr(a.keyword.value)), a.value, use.scope
                elif isinstance(a.value, cst.Dict):
                    for el in a.value.elements:
                        if isinstance(el, cst.DictElement):
                            yield use.node, el.key, el.value, use.scope


class _Module:
    """What the module sets in its own environment."""

    def __init__(self, ctx: PythonContext):
        self.offline: set[str] = set()  # "WANDB", "NEPTUNE"
        self.hits: list[Hit] = []
        for node, key, value, scope in env_writes(ctx):
            self._env(ctx, node, key, value, scope)

    def _env(self, ctx: PythonContext, node, key_node, value_node, scope) -> None:
        r = ctx.resolver
        keys = [k for k in r.constants(key_node, scope) if isinstance(k, str)] if key_node is not None else []
        for key in keys:
            values = _strings(r, value_node, scope)
            if key in _ENV_OFFLINE:
                ok = _ENV_OFFLINE[key]
                if values is not None and (ok is None or all(str(v).lower() in ok for v in values)):
                    self.offline.add(key.split("_", 1)[0])
            elif key in _ENV_URI:
                if values is None:
                    self.hits.append(Hit(UNRESOLVED, ctx.path, node=node, details={"name": f"os.environ[{key!r}]"}))
                elif not all(isinstance(v, str) and (uri_is_local(v) if key != "DD_AGENT_HOST" else host_is_local(v))
                             for v in values):
                    self.hits.append(Hit(REMOTE, ctx.path, node=node, details={"name": f"os.environ[{key!r}] = {values[0]!r}"}))
            elif key in _ENV_SECRET:
                self.hits.append(Hit(REMOTE, ctx.path, node=node, details={"name": f"os.environ[{key!r}] (tracker credentials)"}))


def _offline_settings(r, call: cst.Call, scope) -> bool:
    """wandb.init(settings=wandb.Settings(mode="offline"))."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "settings" and isinstance(a.value, cst.Call):
            for b in a.value.args:
                if b.keyword is not None and b.keyword.value == "mode":
                    vals = _strings(r, b.value, scope)
                    return vals is not None and all(v in _WANDB_OFF for v in vals)
    return False


def _judge(ctx: PythonContext, module: _Module, name: str, check: Check, call: cst.Call, scope) -> str | None:
    """The rule a tracker call reports under, or None when it stays local."""
    r = ctx.resolver
    if check.kind == "always":
        return REMOTE
    if check.kind == "serve":
        return SERVER
    present, node = _argument(call, check)
    if check.kind == "mode":
        root = next((k for k in ("WANDB", "NEPTUNE", "COMET") if k in name.upper()), "")
        if not present:
            if _offline_settings(r, call, scope) or root in module.offline:
                return None
            return REMOTE
        values = _strings(r, node, scope)
        if values is None or (any(v in check.offline for v in values) and not all(v in check.offline for v in values)):
            return UNRESOLVED  # unknown, or a choice between offline and online made at run time
        return None if all(v in check.offline for v in values) else REMOTE
    if not present:
        if check.kind == "dsn":
            return UNRESOLVED  # reads SENTRY_DSN from the site's environment
        return None if check.missing_ok else UNRESOLVED
    values = _strings(r, node, scope)
    if values is None:
        return None if check.dynamic_ok else UNRESOLVED
    local = uri_is_local if check.kind in ("uri", "dsn") else host_is_local
    if check.kind == "dsn":
        return None if all(v in (None, "", False) for v in values) else REMOTE
    return None if all(isinstance(v, str) and local(v) for v in values) or all(v is None for v in values) else REMOTE


@python_detector("telemetry")
def telemetry(ctx: PythonContext) -> Iterator[Hit]:
    r = ctx.resolver
    module: _Module | None = None
    for use in r.calls:
        for name in sorted(r.names(use.node.func, use.scope)):
            if name.split(".", 1)[0] not in _ROOTS:
                continue
            check = _check_for(name)
            if check is None:
                continue
            if module is None:
                module = _Module(ctx)
            rule = _judge(ctx, module, name, check, use.node, use.scope)
            if rule is not None:
                yield Hit(rule, ctx.path, node=use.node, details={"name": name})
            break
    yield from (module or _Module(ctx)).hits
    # A pure shortcut for the regex (each of its literals holds one of the two words); a handler class a dict names
    # in code is logging-dict-call's (detectors/logging_config.py).
    if "logging.handlers." in ctx.source or "CloudWatchLogHandler" in ctx.source:
        for m in _HANDLER_STRINGS.finditer(ctx.source):
            line = ctx.source.count("\n", 0, m.start()) + 1
            col = m.start() - (ctx.source.rfind("\n", 0, m.start()) + 1)
            yield Hit(UNRESOLVED, ctx.path, line, col, details={"name": f"{m.group(1)} in a logging configuration"})
