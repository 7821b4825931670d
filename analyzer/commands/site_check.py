"""`jobgate site check WORKSPACE`: is each of jobgate's layers on at this NVFlare client?

Reads the client's startup kit and `local/` files the way NVFlare 2.9.0 does
(apis/workspace.py: get_config_files_for_startup lists, for the parent process
and for job processes, fed_client.json, resources.json (or .default),
job_resources.json, *__resources.json, *__p_resources.json and
*__j_resources.json, startup/ first; local/privacy.json holds the privacy
scopes), and reports for each layer -- deploy-time validator, job-process
gate, update filter, process guard -- whether it is configured, where, in
which mode, with which files, and whether those files are readable and sound.
Relative paths are taken from the workspace root, where NVFlare starts the
client's processes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..model import GateError

VALIDATOR = "handler.validator.JobGateValidator"
JOB_GATE = "handler.component.JobGate"
UPDATE_FILTER = "handler.update_filter.UpdateFilter"
PROCESS_GUARD = "handler.process_guard.ProcessGuard"
_MODES = ("enforce", "audit")


@dataclass
class Layer:
    name: str
    configured: bool = False
    where: list[str] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if not self.configured:
            return "off"
        return "BROKEN" if self.problems else "on"


@dataclass
class SiteReport:
    workspace: Path
    layers: list[Layer]

    @property
    def sound(self) -> bool:
        return not any(layer.problems for layer in self.layers)


def config_files(workspace: Path, for_job: bool) -> list[Path]:
    from nvflare.apis.workspace import Workspace

    ws = Workspace(str(workspace), site_name="site-check")
    return [Path(p) for p in ws.get_config_files_for_startup(is_server=False, for_job=for_job) if p]


def _read_json(path: Path, problems: list[str]):
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        problems.append(f"{path}: cannot read it: {err}")
        return None


def _site_path(workspace: Path, value) -> Path:
    p = Path(str(value)).expanduser()
    return p if p.is_absolute() else workspace / p


def _entries(doc, key: str, class_path: str):
    if not isinstance(doc, dict):
        return []
    if key == "app_validator":
        found = doc.get("app_validator")
        return [found] if isinstance(found, dict) and found.get("path") == class_path else []
    return [c for c in doc.get("components") or [] if isinstance(c, dict) and c.get("path") == class_path]


def _mode(layer: Layer, args: dict) -> None:
    mode = args.get("mode", "enforce")
    layer.settings["mode"] = str(mode)
    if mode not in _MODES:
        layer.problems.append(f"mode {mode!r} is not one of {_MODES}: NVFlare cannot build it")


def _readable(layer: Layer, workspace: Path, args: dict, key: str, required: bool, check=None) -> Path | None:
    if not args.get(key):
        if required:
            layer.problems.append(f"`{key}` is missing: NVFlare cannot build it")
        return None
    path = _site_path(workspace, args[key])
    layer.settings[key] = str(path)
    if check is not None:
        try:
            note = check(path)
            if note:
                layer.notes.append(f"{key}: {note}")
        except (GateError, OSError, ValueError) as err:
            layer.problems.append(f"{key} {path}: {str(err).splitlines()[0]}")
    return path


def _writable_folder(path: Path) -> str:
    """A file jobgate appends to, or a folder it writes in: its folder must be writable."""
    folder = path if path.is_dir() else path.parent
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        raise OSError(f"{folder} is not writable by this user")
    if path.is_file() and not os.access(path, os.W_OK):  # read-only or immutable (chattr +i): root too
        raise OSError(f"{path} is not writable by this user")
    return "exists" if path.exists() else "will be created"


def _gate_policy(path: Path) -> str:
    from ..policy import load_policy

    policy = load_policy(path)
    trust = policy.trust
    return (f"loads (digest {policy.digest[:19]}…); {len(trust.reviewers)} reviewer key(s), "
            f"{trust.required_signatures} signature(s) required")


def _allowlist(path: Path) -> str:
    from ..trust import allowlist

    ledger = allowlist.read(path)
    if ledger.damage is not None:
        raise ValueError(allowlist.describe(ledger.damage, path))
    return f"{len(ledger.entries)} entries, chain intact" if path.exists() else "no file yet (empty)"


def _private_key(path: Path) -> str:
    from ..trust import keys

    keys.load_private(path)
    return "loads"


def _runtime_policy(path: Path) -> str:
    from ..runtime_policy import load_runtime_policy

    return f"loads (digest {load_runtime_policy(path).digest[:19]}…)"


def _gate_args(layer: Layer, workspace: Path, args: dict) -> None:
    _mode(layer, args)
    _readable(layer, workspace, args, "policy", False, _gate_policy)
    if not args.get("policy"):
        layer.settings["policy"] = "built-in"
    _readable(layer, workspace, args, "allowlist", False, _allowlist)
    _readable(layer, workspace, args, "review_queue", True, _writable_folder)
    _readable(layer, workspace, args, "audit_log", True, _writable_folder)
    _readable(layer, workspace, args, "gate_key", False, _private_key)
    if args.get("gate_key") and args.get("allowlist"):  # the gate signs an entry for every job it accepts
        _readable(layer, workspace, args, "allowlist", False, _writable_folder)


def _runtime_args(layer: Layer, workspace: Path, args: dict) -> None:
    _mode(layer, args)
    _readable(layer, workspace, args, "policy", False, _runtime_policy)
    if not args.get("policy"):
        layer.settings["policy"] = "built-in"
    _readable(layer, workspace, args, "audit_log", True, _writable_folder)


def _component_layer(name: str, class_path: str, key: str, files: list[Path], workspace: Path,
                     check_args) -> Layer:
    layer = Layer(name)
    found = []
    for path in files:
        doc = _read_json(path, layer.problems)
        found += [(path, entry) for entry in _entries(doc, key, class_path)]
    layer.configured = bool(found)
    layer.where = [str(p.relative_to(workspace)) for p, _ in found]
    if len(found) > 1:
        layer.notes.append("configured in more than one file: NVFlare builds every one of them")
    for _, entry in found[:1]:
        args = entry.get("args") or {}
        if not isinstance(args, dict):
            layer.problems.append("`args` is not a mapping")
            continue
        check_args(layer, workspace, args)
    return layer


def _update_filter_layer(workspace: Path) -> Layer:
    """Every scope of privacy.json needs the filter twice: a job chooses its
    scope in its meta.json, and only the default scope applies when it names none
    (private/fed/utils/fed_utils.py: create_job_processing_context_properties)."""
    layer = Layer("update filter")
    path = workspace / "local" / "privacy.json"
    doc = _read_json(path, layer.problems)
    if doc is None:
        if not layer.problems:
            layer.notes.append("local/privacy.json not found")
        return layer
    if not isinstance(doc, dict):
        layer.problems.append("local/privacy.json is not a JSON object")
        return layer
    layer.where = [str(path.relative_to(workspace))]
    scopes = [s for s in doc.get("scopes") or [] if isinstance(s, dict)]
    args_seen = None
    for scope in scopes:
        name = scope.get("name", "?")
        for chain in ("task_data_filters", "task_result_filters"):
            mine = [f for f in scope.get(chain) or [] if isinstance(f, dict) and f.get("path") == UPDATE_FILTER]
            if not mine:
                layer.problems.append(f"scope {name!r} has no {UPDATE_FILTER} in {chain}: a job naming this "
                                      f"scope sends its results unfiltered")
                continue
            layer.configured = True
            args_seen = args_seen or mine[0].get("args") or {}
    if not scopes:
        layer.problems.append("privacy.json defines no scopes")
    if not doc.get("default_scope"):
        layer.notes.append("no default_scope: a job that names no scope gets no site filter at all")
        layer.problems.append("no default_scope in privacy.json")
    layer.settings["scopes"] = ", ".join(str(s.get("name")) for s in scopes)
    if args_seen is not None:
        _runtime_args(layer, workspace, args_seen)
        _update_notes(layer, workspace, args_seen)
    return layer


def _update_notes(layer: Layer, workspace: Path, args: dict) -> None:
    """What becomes of XGBoost's models (NVFlare's tree-based executor sends the booster's JSON in bytes), and of
    the low bits of floats, which no rule reads."""
    from ..runtime_policy import load_runtime_policy

    try:
        rule = load_runtime_policy(_site_path(workspace, args["policy"]) if args.get("policy") else None)
    except GateError:
        return  # reported by _runtime_args
    bits = rule.update_filter.mantissa_bits
    layer.notes.append(
        "floats of weights and metrics: every bit leaves; a job may carry data in their low bits "
        "(update_filter.mantissa_bits rounds them: docs/site-admin.md, session 57)" if bits is None else
        f"floats of weights and metrics: rounded to {bits} bits of mantissa (update_filter.mantissa_bits)")
    rule = rule.update_filter.booster
    layer.notes.append(
        f"XGBoost models: judged as XGBoost's trees of numbers, at most {rule.max_trees} trees of "
        f"{rule.max_tree_nodes} nodes (update_filter.booster)" if rule.allow else
        "XGBoost models: refused (update_filter.booster.allow: false)")


def _guard_pth_note(layer: Layer) -> None:
    from handler import guard_boot

    if guard_boot.pth_installed():
        layer.notes.append(f"Client API trainer processes: guarded ({guard_boot.pth_path()})")
    else:
        layer.notes.append(f"Client API trainer processes: REFUSED, no {guard_boot.PTH_NAME} in this Python's "
                           f"site-packages ({guard_boot.site_packages()}); run `jobgate site install-guard` "
                           "with the Python NVFlare runs")


def _guard_kernel_note(layer: Layer) -> None:
    from handler import landlock

    version = landlock.abi()
    tcp = "; TCP ports in trainers" if version >= 4 else ""
    layer.notes.append(
        f"kernel rules: Landlock ABI {version} (writes and program starts{tcp})" if version else
        "kernel rules: NONE, this kernel has no Landlock: the audit hook alone holds, and native code "
        "acts past it (docs/site-admin.md, \"What it cannot do\")")


def _guard_socket_note(layer: Layer, workspace: Path) -> None:
    """Whether job processes will run under the kernel's socket rule (handler/seccomp.py): only where the
    server's name, which they connect to, needs no DNS (startup/fed_client.json, servers[].service.target)."""
    from handler import guard, seccomp

    try:
        servers = json.loads((workspace / "startup" / "fed_client.json").read_text()).get("servers") or []
        hosts = [str(s["service"]["target"]).rsplit(":", 1)[0].strip("[]") for s in servers]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return  # not a client's workspace: nothing to say
    dns = guard.needs_dns(hosts)
    layer.notes.append(
        f"socket rule: OFF, the server's name {', '.join(dns)} needs DNS: name it in /etc/hosts so that job "
        "processes may make no UDP socket (docs/site-admin.md)" if dns else
        f"socket rule: seccomp ({seccomp.HOLDS})" if seccomp.supported() else
        "socket rule: NONE on this machine (Linux on x86_64 or aarch64 only)")


def _guard_between_jobs_note(layer: Layer) -> None:
    """What one job of the site's user reaches of another's (handler/seccomp.py, guard.not_dumpable,
    handler/shared_memory.py: the namespace that gives a job process its own /dev/shm hides earlier jobs' run
    folders)."""
    from handler import guard, seccomp, shared_memory

    held = f"{seccomp.HOLDS_IPC} (seccomp), " if seccomp.supported() else "System V IPC open (no seccomp rule), "
    shm = _shared_memory_view()
    private = f", {shared_memory.SHM_PRIVATE}" if shm.startswith(shared_memory.SHM_PRIVATE) else ""
    shared = "" if private else f"/dev/shm ({shm}), "
    procs = shared_memory.PROC_PRIVATE in shm
    runs = shared_memory.RUNS_HIDDEN if private else "run folders: every job's, read by every later job"
    cmdlines = "" if procs else " and every process's command line"
    layer.notes.append(f"between jobs: {held}job processes {guard.NOT_DUMPABLE}{private}; still shared: {shared}"
                       f"the scratch folders{cmdlines} (one Unix user or container per job closes them: "
                       f"docs/site-admin.md, session 56); {runs}{'; ' + shared_memory.PROC_PRIVATE if procs else ''}")


def _shared_memory_view() -> str:
    """What a job process started now would see as /dev/shm: its own where this Python's jobgate_guard.pth makes
    it (handler/shared_memory.py) and the kernel lets it, tried in a child of this Python as the .pth would."""
    from handler import guard_boot

    if not guard_boot.pth_installed():
        return f"no {guard_boot.PTH_NAME} to make job processes their own"
    code = "from handler import shared_memory as s; s.make_private(); print(s.view())"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return done.stdout.strip() if done.returncode == 0 else \
        f"the kernel refuses a job process its own: {(done.stderr.strip().splitlines() or ['?'])[-1][:200]}"


def _guard_code_note(layer: Layer, workspace: Path) -> None:
    """Whether a job's own library or program can be mapped as code from where it writes (its run folder in
    the workspace, /dev/shm): past the hook and Landlock unless the file system is mounted noexec."""
    from handler import guard, landlock

    mapped = guard.mapped_as_code((str(workspace), landlock.SHARED_MEMORY))
    layer.notes.append(
        f"job's own native code: can be mapped from {', '.join(mapped)} (cffi, dlopen at a computed address, "
        "ld.so PROGRAM): mount them noexec (docs/site-admin.md, session 51)" if mapped else
        "job's own native code: the workspace and /dev/shm are mounted noexec")


def _guard_audit_log_note(layer: Layer) -> None:
    from handler import audit

    path = layer.settings.get("audit_log")
    if path is None:
        return
    flag = audit.append_only(Path(path))
    layer.notes.append(
        "audit log: append-only (chattr +a)" if flag else
        f"audit log: NOT append-only{'' if flag is False else ' (or not there yet)'}: native code in a job process, "
        f"which appends its records to it, may write over what is there; as root: `chattr +a {path}` "
        "(docs/site-admin.md, \"What it cannot do\")")


def _shell_commands_note(layer: Layer, workspace: Path) -> None:
    """Which admin roles may run NVFlare's shell commands (ls, cat, head, tail, grep, pwd) in this client's
    workspace (private/fed/client/shell_cmd.py runs them there; the site's local/authorization.json, else
    .default, NVFlare's apis/workspace.py: get_authorization_file_path): what a job writes in its run folder,
    file names and contents, reaches those admins past the update filter (red team runtime55). NVFlare's
    provisioned default grants them to the site's own org's leads and org admins."""
    for name in ("authorization.json", "authorization.json.default"):
        path = workspace / "local" / name
        if path.is_file():
            break
    else:
        return
    try:
        roles = json.loads(path.read_text()).get("permissions") or {}
        granted = sorted(f"{role} ({rule if isinstance(rule, str) else rule.get('shell_commands', 'none')})"
                         for role, rule in roles.items()
                         if (rule if isinstance(rule, str) else rule.get("shell_commands", "none")) != "none")
    except (OSError, ValueError, AttributeError):
        layer.notes.append(f"admin shell commands: local/{name} cannot be read")
        return
    layer.notes.append(
        f"admin shell commands (ls, cat, grep) in this workspace: {', '.join(granted)} (local/{name}): what a job "
        "writes in its folder reaches them past this filter; set shell_commands to \"none\" where that matters"
        if granted else f"admin shell commands: none (local/{name})")


def check_site(workspace: Path) -> SiteReport:
    workspace = workspace.resolve()
    if not (workspace / "startup" / "fed_client.json").is_file():
        raise GateError(f"{workspace}: not a client's workspace (no startup/fed_client.json)")
    parent_files = config_files(workspace, for_job=False)
    job_files = config_files(workspace, for_job=True)
    layers = [
        _component_layer("deploy-time validator", VALIDATOR, "app_validator", parent_files, workspace, _gate_args),
        _component_layer("job-process gate", JOB_GATE, "components", job_files, workspace, _gate_args),
        _update_filter_layer(workspace),
        _guard_layer(workspace, job_files),
    ]
    if layers[3].configured:
        _guard_pth_note(layers[3])
        _guard_kernel_note(layers[3])
        _guard_socket_note(layers[3], workspace)
        _guard_code_note(layers[3], workspace)
        _guard_between_jobs_note(layers[3])
        _guard_audit_log_note(layers[3])
    if layers[2].configured:
        _shell_commands_note(layers[2], workspace)
    missing = _guard_gap(layers[3])
    for gate in layers[:2]:
        if missing and gate.configured and gate.settings.get("mode") == "enforce" and _counts_on_guard(gate):
            gate.problems.append(f"the policy leaves write destinations and torch.load to the process guard "
                                 f"(runtime_guard: true), but {missing}: every job the analysis accepts is "
                                 "blocked; configure the guard or set runtime_guard: false")
    return SiteReport(workspace, layers)


def _counts_on_guard(gate: Layer) -> bool:
    """The gate's policy has `runtime_guard: true` (a policy that does not load is reported already)."""
    from ..policy import load_policy

    path = gate.settings.get("policy")
    try:
        return load_policy(None if path in (None, "built-in") else path).runtime_guard
    except (GateError, OSError, ValueError):
        return False


def _guard_args(layer: Layer, workspace: Path, args: dict) -> None:
    from handler import guard, integrity, process_guard, seccomp

    from ..runtime_policy import load_runtime_policy

    _runtime_args(layer, workspace, args)
    try:
        policy = load_runtime_policy(_site_path(workspace, args["policy"]) if args.get("policy") else None)
    except GateError:
        return  # reported by _runtime_args
    layer.notes.append(
        (f"code made in memory: refused, seccomp ({seccomp.HOLDS_CODE})" if seccomp.supported() else
         "code made in memory: NOT refused, no seccomp rule on this machine (Linux on x86_64 or aarch64 only)")
        if policy.guard.in_memory_code == "refuse" else
        "code made in memory: allowed (memfd_create, executable anonymous memory run native code past the hook "
        "and Landlock); guard.in_memory_code: refuse closes it, at the cost of JITs such as torch's oneDNN "
        "(docs/site-admin.md, session 52)")
    layer.notes.append(
        "XGBoost's histogram protocol: refused (guard.xgboost_histograms: refuse)"
        if policy.guard.xgboost_histograms == "refuse" else
        "XGBoost's histogram protocol: allowed, and its gradients and histograms leave as aux messages no filter "
        "sees; guard.xgboost_histograms: refuse stops it (docs/site-admin.md, session 58)")
    scratch = process_guard.expand(policy.guard.scratch, str(workspace))
    layer.problems += guard.unsafe_scratch(scratch, str(workspace),
                                           (*process_guard.installation(), str(integrity.install_root())))


def _guard_layer(workspace: Path, job_files: list[Path]) -> Layer:
    return _component_layer("process guard", PROCESS_GUARD, "components", job_files, workspace, _guard_args)


def guard_missing(workspace: Path) -> str | None:
    """Why the process guard does not hold at this site (off, broken, or in
    audit mode), or None when it is configured to enforce: a policy with
    `runtime_guard: true` leaves write destinations and torch.load to it."""
    workspace = workspace.resolve()
    return _guard_gap(_guard_layer(workspace, config_files(workspace, for_job=True)))


def _guard_gap(layer: Layer) -> str | None:
    if not layer.configured:
        return "the process guard is not configured (no handler.process_guard.ProcessGuard component)"
    if layer.problems:
        return "the process guard is misconfigured: " + "; ".join(layer.problems)
    if layer.settings.get("mode") != "enforce":
        return f"the process guard runs in {layer.settings.get('mode')} mode, not enforce"
    return None


def render(report: SiteReport) -> str:
    lines = [f"jobgate at {report.workspace}"]
    for layer in report.layers:
        where = f" ({', '.join(layer.where)})" if layer.where else ""
        lines.append(f"  {layer.name:<22} {layer.status}{where}")
        for key, value in layer.settings.items():
            lines.append(f"      {key}: {value}")
        lines += [f"      note: {n}" for n in layer.notes]
        lines += [f"      PROBLEM: {p}" for p in layer.problems]
    off = [layer.name for layer in report.layers if not layer.configured]
    if not report.sound:
        lines.append("problems found: fix them before relying on these layers")
    elif len(off) == len(report.layers):  # a fresh install: say it guards nothing yet, not that it is sound
        lines.append("no layer is on: jobs run at this site unjudged (docs/site-admin.md, \"Configure NVFlare\")")
    else:
        lines.append("sound" + (f"; off: {', '.join(off)}" if off else ""))
    return "\n".join(lines) + "\n"


def _commands() -> dict:
    """`jobgate site check` and `jobgate site install-guard`."""
    import click

    @click.group("site")
    def site_group() -> None:
        """An NVFlare client's jobgate set-up."""

    @site_group.command("check")
    @click.argument("workspace", type=click.Path(exists=True, file_okay=False))
    def site_check(workspace: str) -> None:
        """Report each layer (deploy-time validator, job-process gate, update
        filter, process guard): on or off, mode, files, and whether they are
        sound. Exit 0 when nothing is broken, 1 otherwise."""
        try:
            report = check_site(Path(workspace))
        except GateError as err:
            click.echo(f"jobgate: {err}", err=True)
            raise click.exceptions.Exit(2) from None
        click.echo(render(report), nl=False)
        raise click.exceptions.Exit(0 if report.sound else 1)

    @site_group.command("install-guard")
    def install_guard() -> None:
        """Write jobgate_guard.pth into this Python's site-packages, so that the
        process guard also runs in the Client API trainer processes that a
        guarded job starts. Run it with the Python NVFlare's start.sh runs."""
        from handler import guard_boot

        click.echo(f"wrote {guard_boot.write_pth()}")

    return {"site": site_group}


COMMANDS = _commands()  # analyzer/commands/cli.py loads this module when a `site` command runs
