"""`jobgate`: a thin shell over analyzer.api.

Exit status of `scan`: 0 every unit accepted, 1 at least one rejected,
3 at least one escalated and none rejected, 2 usage or configuration error;
`--fail-on reject` lets escalations pass (0), `--fail-on never` every
decision. An internal error is never 0.
"""

from __future__ import annotations

from .. import collector

collector.own_process()
# Paused from the first import on (analyzer/collector.py): the collections these imports triggered,
# of objects that all stay, were some 5 ms of a small job's start.
with collector.paused():
    import atexit
    import contextlib
    import gc
    import importlib
    import os
    import sys
    import threading
    import types
    from dataclasses import dataclass
    from pathlib import Path
    from typing import Callable

    from ..engine import dataclass_code, regexes
    from ..engine.cache import default_folder as default_cache_folder

# pydantic looks for plugins in the metadata of every installed distribution when it builds the first
# model (a start that validates the configuration: analyzer/schema.py); jobgate's own have no use for them.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def _no_plugin_loader() -> None:
    """With every plugin disabled, pydantic's plugin loader only answers "none"
    (pydantic/plugin/_loader.py get_plugins); importing it still imports
    importlib.metadata (email, csv, socket: some 20 ms of a small job's start),
    which a scan has no other use for. So then the loader is one that answers
    "none" without it. Any other setting keeps pydantic's own loader."""
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] in ("__all__", "1", "true"):
        loader = types.ModuleType("pydantic.plugin._loader", "jobgate: every pydantic plugin disabled")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules.setdefault(loader.__name__, loader)


_no_plugin_loader()

# The methods of the dataclasses these imports make (the gate's own and its libraries': some 60
# classes) and the regular expressions they compile (platform's, textwrap's, the collector's: some 30) are
# compiled once and kept in the default cache folder (analyzer/engine/dataclass_code.py, regexes.py): a
# --cache-dir is not known before click reads the command line, and the entries hold no result.
with (collector.paused(), dataclass_code.kept(default_cache_folder(), "cli"),  # analyzer/collector.py
      regexes.kept(default_cache_folder(), "cli")):
    import click

    from .. import api
    from . import changed
    from ..engine import compiled
    from ..model import CATEGORIES, Decision, GateError, Report
    from ..policy import Policy
    from ..reports import FORMATS, Run, Scanned
    from ..version import VERSION

EXIT = {Decision.ACCEPT: 0, Decision.REJECT: 1, Decision.ESCALATE: 3}
EXIT_USAGE = 2
# --fail-on: the decisions that fail the command; "escalate" is the documented default (0/1/3).
FAILING = {"escalate": {Decision.REJECT, Decision.ESCALATE}, "reject": {Decision.REJECT}, "never": set()}


def exit_code(reports: list[Report], fail_on: str = "escalate") -> int:
    decisions = {r.decision for r in reports} & FAILING[fail_on]
    for decision in (Decision.REJECT, Decision.ESCALATE):
        if decision in decisions:
            return EXIT[decision]
    return EXIT[Decision.ACCEPT]


def _fail(message: str) -> "click.exceptions.Exit":
    click.echo(f"jobgate: {message}", err=True)
    return click.exceptions.Exit(EXIT_USAGE)


class _Commands(click.Group):
    """Subcommands whose modules load only when used: a scan never imports
    the trust store (cryptography, allowlist, review queue) nor the site checks."""

    LAZY = {**{name: "trust_cli" for name in ("keygen", "approve", "reject", "revoke", "allowlist", "review")},
            "site": "site_check"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        command = super().get_command(ctx, name)
        if command is None and name in self.LAZY:
            command = importlib.import_module(f"{__package__}.{self.LAZY[name]}").COMMANDS[name]
        return command


@click.group(cls=_Commands)
@click.version_option(VERSION, prog_name="jobgate")
def main() -> None:
    """Static-analysis gate for federated-learning job code."""


def _targets(paths: tuple[str, ...], ref: str | None, changed_files: bool) -> changed.Changes:
    """The units to scan: PATHS themselves, or the jobs of changed files."""
    if ref is not None and changed_files:
        raise GateError("--changed-since and --changed-files exclude each other")
    if ref is not None:
        if len(paths) > 1:
            raise GateError("--changed-since takes at most one ROOT folder")
        return changed.since(ref, Path(paths[0] if paths else "."))
    if changed_files:  # a hook's run; with no files passed, the jobs the index deletes files from
        return changed.of_files(list(paths))
    if not paths:
        raise GateError("give a PATH to scan, or --changed-since REF")
    # The top is looked up (git) only if a report names files relative to it.
    return changed.Changes(changed.top_of_cwd, [Path(p) for p in paths], [])


@dataclass(frozen=True)
class _How:
    """How to scan: the site's allowlist route, worker processes, result cache."""

    allowlist: str | None
    gate_key: str | None
    workers: int
    cache: Path | None
    keep_sources: bool  # only a report that shows the source (HTML) keeps the bytes read


def _scan_one(path: Path, policy: Policy, how: _How) -> Scanned:
    if how.allowlist:
        content, report = api.gate(path, policy, Path(how.allowlist), Path(how.gate_key) if how.gate_key else None)
    else:
        content = api.collect(path, policy.limits)
        report = api.analyze(content, policy, cache=how.cache)
    return Scanned.at(path, report, content.data if how.keep_sources else {})


def _scan_all(units: list[Path], policy: Policy, how: _How) -> list[Scanned]:
    """Scan each unit; several units share one limited child (api.shared_worker: one unit is analysed in a
    child forked with it, whose arguments need no copy), or with --jobs N are spread over N worker processes,
    and on a terminal show a progress bar (on stderr, gone when done)."""
    if how.workers > 1 and len(units) > 1 and not how.allowlist and hasattr(os, "fork"):
        return _scanned_in_workers(units, policy, how)
    with api.shared_worker() if len(units) > 1 else contextlib.nullcontext():
        return _each_scanned(units, lambda unit: _scan_one(unit, policy, how))


def _scanned_in_workers(units: list[Path], policy: Policy, how: _How) -> list[Scanned]:
    """Whole units over `how.workers` forked processes, each a unit at a time with one limited child for
    its units (api.serve_units). A unit is never split between processes: what a module's analysis finds
    can depend on the analyses its program ran before it (engine/analysis.py), and a report must not
    depend on how many processes made it. Forked warm, before any thread starts (the progress bar's);
    a site's allowlist run stays serial (each accept is appended to one file)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    api.warm(policy)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(min(how.workers, len(units)), mp_context=context, initializer=api.serve_units) as pool:
        futures = [pool.submit(_scan_one, unit, policy, how) for unit in units]  # forks the workers
        results = iter(futures)  # taken in the units' order
        try:
            return _each_scanned(units, lambda _unit: next(results).result())
        finally:  # on an error or an interrupt, no unit not started yet is scanned
            for future in futures:
                future.cancel()


def _each_scanned(units: list[Path], scanned: Callable[[Path], Scanned]) -> list[Scanned]:
    """scanned(unit) of each unit, in order."""
    if len(units) < 2 or not sys.stderr.isatty():
        return [scanned(u) for u in units]
    from rich.console import Console
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    done = []
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:
        task = progress.add_task("scanning", total=len(units))
        for unit in units:
            progress.update(task, description=f"scanning {escape(str(unit))}")
            done.append(scanned(unit))
            progress.advance(task)
    return done


def _link_base(given: str | None) -> str:
    """Markdown links: given, or in GitHub Actions the blob URL of the commit being checked."""
    if given is not None:
        return given
    env = os.environ
    if all(env.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")):
        return f"{env['GITHUB_SERVER_URL']}/{env['GITHUB_REPOSITORY']}/blob/{env['GITHUB_SHA']}/"
    return ""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Site policy YAML.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="text for people, json (the report contract), sarif (code scanning), markdown (a pull-request "
                   "comment), html (one page: source with findings in place; best with --output).")
@click.option("--output", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--allowlist", "allowlist_path", type=click.Path(dir_okay=False),
              help="Site allowlist: a digest with enough trusted approvals is accepted without analysis.")
@click.option("--sign-with", "gate_key", type=click.Path(exists=True, dir_okay=False),
              help="Gate private key: an automatic accept is appended to the allowlist, signed.")
@click.option("--engines", type=click.Choice(["bandit", "semgrep"]), multiple=True,
              help="Extra engines to run (repeatable); default: the policy's `engines`.")
@click.option("--changed-since", "ref", metavar="REF",
              help="Scan only the jobs touched since this git ref (PATHS: at most one ROOT folder, default .).")
@click.option("--changed-files", is_flag=True,
              help="PATHS are changed files (a pre-commit hook's): scan the job folder of each, and each job the "
                   "index deletes a file from.")
@click.option("--fail-on", type=click.Choice(sorted(FAILING)), default="escalate", show_default=True,
              help="Which decisions fail: escalate (exit 1 reject, 3 escalate), reject (escalate exits 0), never.")
@click.option("--summary", type=click.Path(dir_okay=False),
              help="Also append the markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY).")
@click.option("--link-base", help="Markdown: prefix of file links (default in GitHub Actions: the commit's URL).")
@click.option("--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="all cores",
              help="Processes scanning several units at once (each unit is analysed whole by one of them).")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Result cache folder [default: ~/.cache/jobgate].")
@click.option("--no-cache", is_flag=True,
              help="Analyse everything again; read and write no cached result (the compiled rule packs and "
                   "policy in the cache folder are still used).")
def scan(paths: tuple[str, ...], policy_path: str | None, fmt: str, output: str | None,
         allowlist_path: str | None, gate_key: str | None, engines: tuple[str, ...], ref: str | None,
         changed_files: bool, fail_on: str, summary: str | None, link_base: str | None, jobs: int,
         cache_dir: str | None, no_cache: bool) -> None:
    """Scan job folders, plain folders or single .py/.ipynb files.

    Exceptions come only from the site's policy and allowlist: no baseline or
    configuration file inside the scanned folders or repository is read."""
    if gate_key and not allowlist_path:
        raise _fail("--sign-with needs --allowlist")
    try:
        with compiled.one_reading():  # one command, one configuration: its files are read once
            targets = _targets(paths, ref, changed_files)
            folder = Path(cache_dir) if cache_dir else default_cache_folder()
            # The compiled configuration is kept even with --no-cache: it holds no result, only the site's files.
            policy = api.load_policy(policy_path, cache=folder)
            if engines:
                policy = policy.model_copy(update={"engines": engines})
            api.check_configuration(policy)  # a broken pack is a configuration error, before any scan
            how = _How(allowlist_path, gate_key, jobs, None if no_cache else folder, keep_sources=fmt == "html")
            scanned = _scan_all(targets.units, policy, how)
            rules = api.listed_rules(policy) if fmt == "sarif" else {}  # only SARIF lists every rule
    except GateError as err:
        raise _fail(str(err)) from None
    except Exception as err:  # noqa: BLE001 - never exit 0 on an internal error
        import traceback  # here: only an internal error prints one

        traceback.print_exc()
        raise _fail(f"internal error: {type(err).__name__}: {err}") from None
    run = Run(scanned, targets.top, tuple(targets.deleted), _link_base(link_base), rules)
    color = output is None and sys.stdout.isatty()
    text = FORMATS[fmt](run, color=color)
    try:  # a report that cannot be written is a usage error (2), never a traceback CI reads as a reject (1)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        if summary:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(FORMATS["markdown"](run))
    except OSError as err:
        raise _fail(f"cannot write {err.filename or output or 'the report'}: {err.strerror}") from None
    # When the process ends its memory goes back to the OS: without this, the interpreter's last
    # collection would walk every tree the analysis left (cyclic by design: a scope binds values
    # that name it), about a second for a large unit. At exit only: a caller that goes on keeps its collector.
    atexit.register(gc.freeze)
    sys.exit(exit_code(run.reports, fail_on))


@main.command()
@click.argument("rule_id")
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Include the site's packs.")
def explain(rule_id: str, policy_path: str | None) -> None:
    """What RULE_ID looks for, why a site cares, its examples, and how to pass it."""
    from ..reports import explain as explain_rule

    try:
        ruleset = api.load_rules(api.load_policy(policy_path))
    except GateError as err:
        raise _fail(str(err)) from None
    rule = ruleset.rules.get(rule_id)
    source = rule_id.partition(".")[0]
    if rule is None and source in ("bandit", "semgrep", "unanalyzable", "collect"):
        # an engine's finding, or one the gate's own collection, limits or checks make: no pack holds it
        by = source if source in ("bandit", "semgrep") else "the gate itself"
        raise _fail(f"{rule_id!r} is reported by {by}, not by a rule pack: "
                    "its finding in the report says why it matters and how to fix it")
    if rule is None:
        import difflib  # only for this message

        near = difflib.get_close_matches(rule_id, list(ruleset.rules), n=3, cutoff=0.5)
        raise _fail(f"no rule {rule_id!r}" + (f"; did you mean {', '.join(near)}?" if near else "")
                    + " (`jobgate rules list` shows them all)")
    click.echo(explain_rule.text(rule), nl=False)


@main.group("rules")
def rules_group() -> None:
    """The rule packs."""


@rules_group.command("list")
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Include the site's packs.")
@click.option("--category", type=click.Choice(CATEGORIES), help="Only this category.")
def rules_list(policy_path: str | None, category: str | None) -> None:
    """List every loaded rule: id, category, severity, confidence, message."""
    try:
        ruleset = api.load_rules(api.load_policy(policy_path))
    except GateError as err:
        raise _fail(str(err)) from None
    shown = [r for r in sorted(ruleset.rules.values(), key=lambda r: (r.category, r.id))
             if not category or r.category == category]
    for rule in shown:
        click.echo(f"{rule.id:<44} {rule.category:<20} {rule.severity:<9} {rule.confidence:<7} {rule.message}")
    of = f"{len(shown)} of " if category else ""
    click.echo(f"{of}{len(ruleset.rules)} rules from {len(ruleset.packs)} packs; rule-pack digest {ruleset.digest}")


@main.command("eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False))
@click.option("--policy", "policy_path", type=click.Path(dir_okay=False), help="Site policy YAML.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False),
              help="Also write every sample's outcome (its label, decision, score, rules) to this file as JSON.")
def eval_cmd(corpus: str, policy_path: str | None, json_path: str | None) -> None:
    """Scan a labelled corpus and print confusion tables; exit 1 if any
    malicious sample is accepted, any benign sample rejected, or any sample's
    analysis cut short by a time or memory limit or a crash (UNSCANNED)."""
    from .evaluate import evaluate, outcomes_json, render

    try:
        result = evaluate(Path(corpus), api.load_policy(policy_path))
    except GateError as err:
        raise _fail(str(err)) from None
    if json_path:
        Path(json_path).write_text(outcomes_json(result))
    click.echo(render(result))
    sys.exit(0 if result.passed else 1)


def run() -> None:
    """The `jobgate` command (its console script, `python -m analyzer.commands.cli`): main(), and then the
    process ends without the interpreter's teardown (`_ended`)."""
    try:
        main()
    except SystemExit as done:
        _ended(done.code)
        raise


def _ended(code: object) -> None:
    """End the command's own process at once, as the interpreter's exit would but for its teardown: the
    exit functions run, stdout and stderr are flushed, and the status is the same. The teardown frees
    every module and object one by one, and after the limited child's fork each page it writes is
    one more page fault (copy-on-write set on all of them): some 5,000 of a small job's 21,500 (session
    44). Where it cannot be done alike (a thread still runs, a status that is not a number, an output
    that does not flush), the interpreter exits as usual."""
    if not (code is None or isinstance(code, int)) or threading.active_count() > 1:
        return
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # noqa: BLE001 - e.g. a closed pipe: the interpreter's exit reports it as it does
        return
    os._exit(code or 0)


if __name__ == "__main__":
    run()
