"""The one entry that the CLI, the NVFlare handler and the tests call.

    content, report = gate(path, policy, allowlist=..., gate_key=...)   # a site
    report = scan(path, policy)                                         # a data scientist, CI

Both run the same flow: collect -> (allowlist) -> parse + match + detectors
-> score -> decide -> report. An error inside one piece of the analysis (a
detector, an engine, one file's analysis) becomes its own `unanalyzable`
finding beside every other finding, so nothing that went wrong can end in an
accept or hide what the rest found; its traceback goes to the debug log.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import sys
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from . import collector
from .engine import compiled, dataclass_code, regexes, site_scope
from .engine.cache import ResultCache, key_of
from .engine.collect import Content, collect
from .engine.decide import decide
from .model import SEVERITIES, Decision, Finding, Report
from .policy import Policy, load_policy
from .engine.score import by_kind, score, threat_score
from .engine.unjudged import piece_failed, worker_failed

if TYPE_CHECKING:  # pragma: no cover
    from .engine.isolate import Failure, ForkServer
    from .engine.rules import Rule, RuleSet
    from .engine.unit_worker import UnitWorker

__all__ = ["scan", "gate", "analyze", "collect", "load_policy", "load_rules", "listed_rules", "check_configuration",
           "shared_worker", "serve_units", "warm"]


def load_rules(policy: Policy) -> "RuleSet":
    """The rule packs, validated (analyzer/rules.py; imported only when asked for)."""
    from .engine.rules import load_rules as load

    return load(policy)


def listed_rules(policy: Policy) -> "dict[str, Rule]":
    """Every rule of the packs by id, for a report that lists them, after check_configuration
    (engine/rules.py `listed`: a run answered from the result cache imports no detector for it)."""
    from .engine.rules import listed

    return listed(policy)


def check_configuration(policy: Policy) -> None:
    """Raise GateError if a rule pack or catalogue file of `policy` does not
    validate. A set of files that validated before (its compiled entry is
    stored: analyzer/compiled.py) is not read again; at the first start with
    this configuration everything it makes is loaded (`_prepared`). Stored
    patterns are handed to `re` here, before any unit is collected: every unit
    loads the lists and the shell scanner (launchers.py, in collection and in
    `_unit_findings`, also when the result cache answers), whose 89 patterns
    were otherwise compiled again at each start."""
    if not regexes.preload(policy.config_cache, _config_digest(policy)):
        _prepared(policy)
    elif not (compiled.known(compiled.rule_packs(policy.rule_packs), policy.config_cache)
              and compiled.known(compiled.catalogue_files(policy.catalogues), policy.config_cache,
                                 compiled.rule_packs(policy.rule_packs).digest)):
        from .engine.catalogue import load_catalogue

        load_rules(policy)
        load_catalogue(policy)


# Past this many findings of one rule in one file the rest are counted, not
# listed: the decision is the same, and a report (and the copy kept for
# review) stays bounded whatever the file holds.
MAX_FINDINGS_PER_RULE_AND_FILE = 200


def _config_digest(policy: Policy) -> str:
    """What every result depends on besides the code: the rule packs', the
    catalogue's and the policy's digests (from their bytes: nothing is parsed)."""
    return "\0".join((compiled.rule_packs(policy.rule_packs).digest,
                      compiled.catalogue_files(policy.catalogues).digest, policy.digest))


def _analysis(cache: Path | None = None):
    """engine.analysis, imported when first needed (libcst, the rule packs, the
    detectors and their data), with the collector paused (analyzer/collector.py)
    and the code of the dataclasses' methods kept in the `cache` folder
    (analyzer/engine/dataclass_code.py)."""
    analysis = sys.modules.get(f"{__package__}.engine.analysis")
    if analysis is None:
        with collector.paused(), dataclass_code.kept(cache):
            from .engine import analysis
    return analysis


def _prepared(policy: Policy):
    """engine.analysis, the configuration's patterns compiled at an earlier
    start handed to `re` first; at the first start with this configuration,
    everything it makes is loaded now and its patterns are kept for the next
    (analyzer/engine/regexes.py), before any job's text can make one."""
    with regexes.kept(policy.config_cache, _config_digest(policy)) as recording:
        analysis = _analysis(policy.config_cache)
        if recording:
            analysis.compile_configuration(policy)
    return analysis


def _python_findings(sources: list[tuple[str, bytes]], hashes: dict[str, str], policy: Policy, vouch: bool,
                     store: ResultCache | None, command_lines: tuple[tuple[str, ...], ...] | None,
                     never_run: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings of the unit's Python files: stored ones for each file whose
    bytes (and the bytes of the modules its resolution reached) are unchanged
    and whose job's configs hand its scripts the same command lines (what an
    option may hold: engine/flow/arguments.py) and whose unit the site runs the same files of (Program.never_run),
    the rest analysed."""
    config = _config_digest(policy) if store else ""
    launched = key_of("command-lines", repr(command_lines), *sorted(never_run)) if store else ""
    # The unit's file names are part of every key: a file added beside an
    # unchanged one can change what its imports name (helpers/__init__.py
    # takes `import helpers` from helpers.py), and no recorded hash covers it.
    layout = key_of("layout", *sorted(hashes)) if store else ""
    keys = {path: key_of("python", path, hashes[path], layout, config, launched, str(vouch))
            for path, _ in sources} if store else {}
    found = {path: store.get(key, hashes) for path, key in keys.items()} if store else {}
    missing = [(path, data) for path, data in sources if found.get(path) is None]
    if missing:
        for result in _analysis().python_files(missing, policy, vouch, sources, command_lines, never_run):
            found[result.path] = result.findings
            if store and result.depends is not None:
                store.put(keys[result.path], result.findings, {p: hashes[p] for p in result.depends})
    return [f for path, _ in sources for f in found[path]]


def analyze(content: Content, policy: Policy, vouch: bool = True, cache: Path | None = None) -> Report:
    """Analyse collected content, in this process's limited child (a unit is
    never split between processes: engine/analysis.py). `vouch=False`
    analyses every Python source in a limited child of its own. `cache`: a
    result-cache folder (analyzer/cache.py) for what is unchanged: the whole
    unit, else each Python file."""
    store = ResultCache(cache) if cache is not None else None
    # The whole unit first: an unchanged job (a CI re-run, the same job at
    # another site) is one entry, whatever its files and the program they make.
    # The unit's kind too: a folder and a single file can hold the same bytes
    # under the same name, and the shadowing detector judges them apart.
    key = key_of("unit", content.digest, content.unit_kind, _config_digest(policy), ",".join(policy.engines),
                 str(vouch)) if store else ""
    found = store.get(key) if store else None
    if found is None:
        warm(policy)
        found = _within_budget(_analysed, (content, policy, vouch, store, key), policy,
                               apart=functools.partial(_rest_apart, content, policy, vouch))
    return _report(content, policy, _unit_findings(content, policy) + found)


def analyze_here(content: Content, policy: Policy) -> Report:
    """`analyze` in this process, under no limit: only for jobgate's own warm-up job (isolate._warm_up), which a
    fork server analyses before it forks, so that what an analysis imports, compiles and builds on first use is
    in every child it forks (analysed in a child of its own, it was lost with that child)."""
    warm(policy)
    return _report(content, policy, _unit_findings(content, policy) + _analysed(content, policy, True, None, ""))


def warm(policy: Policy) -> None:
    """The analysis and the configuration loaded in this process: each unit's limited child (and each
    worker process forked after it, cli.py) starts with them instead of loading them again."""
    _prepared(policy).warm(policy)


def _unit_findings(content: Content, policy: Policy) -> list[Finding]:
    """What collection found and the judgement of the unit's launcher settings (cheap, and under the
    site's policy, so never cached): beside the analysis' findings, also when the analysis failed."""
    from .engine import launchers  # light: lists only, never a detector

    return [*content.findings, *launchers.judge(content.launcher, policy, content.site)]


def _analysed(content: Content, policy: Policy, vouch: bool, store: ResultCache | None, key: str) -> list[Finding]:
    """The unit's findings, analysed (and stored under `key`)."""
    hashes = {f.path: f.sha256 for f in content.files if f.path in content.data}
    analysis = _prepared(policy)
    from .engine.detectors.configs import command_lines  # imported with analysis
    from .engine.detectors.not_run import never_run

    found = _python_findings(_python_sources(content), hashes, policy, vouch, store, command_lines(content),
                             never_run(content)[0])
    found += analysis.unit_findings(content, policy, vouch)
    if store:
        store.put(key, found)
    return found


def _python_sources(content: Content) -> list[tuple[str, bytes]]:
    """The unit's Python files, (path, bytes), in the order its analysis reads them."""
    return [(f.path, content.data[f.path]) for f in content.files if f.kind == "python" and f.path in content.data]


def _within_budget(fn, args: tuple, policy: Policy, apart=None) -> list[Finding]:
    """fn(*args), a unit's findings, in a child under the policy's limits
    (Budget.unit_of: wall clock, CPU and memory): a unit whose analysis runs
    past them (a bomb the screen cannot see) is a named limit that escalates,
    beside every finding made before it (isolate.partial), and the caller goes
    on; `apart(failure, call)`, when fn failed: what it never reached, each part
    in a child of its own (_rest_apart). In a limited child already (a site's worker, which
    holds the whole budget), or where nothing forks, here."""
    from .engine import isolate

    if isolate.streaming() or not hasattr(os, "fork"):
        return fn(*args)
    run = _worker.run if _worker is not None else isolate.run_limited
    result = run(fn, args, isolate.Budget.unit_of(policy.limits))
    if not isinstance(result, isolate.Failure):
        return result
    again: list[Finding] = []
    if apart is not None:
        # A task under these seconds and the unit's memory (Budget.unit_of: counted from what this process maps).
        memory = isolate.Budget.unit_of(policy.limits).memory_bytes
        again = apart(result, lambda task, arguments, seconds: run(
            isolate._tasks()[task], arguments, isolate.Budget(seconds, memory)))
    return _failed(result, tuple(again))


def _rest_apart(content: Content, policy: Policy, vouch: bool, failure: "Failure", call) -> list[Finding]:
    """What a unit's failed analysis never reached, each part apart (`call(task, arguments, seconds)`: one of
    isolate's tasks in a child under that wall clock and the unit's memory): the file detectors it never began
    (_apart_until_done), then the Python files it did not finish (_unread_python)."""
    seconds = policy.limits.max_analysis_seconds
    found = _apart_until_done(failure, lambda after: call("detectors-apart", (content, policy, vouch, after), seconds))
    return found + _unread_python(failure, content, policy, lambda path, share, linked: call(
        "python-apart", (content, policy, vouch, path, linked), share))


def detectors_apart(content: Content, policy: Policy, vouch: bool = True, after: str = "") -> list[Finding]:
    """The unit's file detectors and extra engines alone (analysis.unit_findings), those after the stage `after`
    (isolate.reached: the last one a failed analysis began), for a unit whose analysis ran past a limit or
    crashed: they run after its Python files, and slow Python padding (files the screen vouches for, analysed
    in the unit's own process) took its time before they ran, or a bomb in one detector held every later one:
    a config's reject became the limit's escalation (session 49). Run again in a worker of their own, what they
    find stands beside the limit."""
    return _prepared(policy).unit_findings(content, policy, vouch, after)


def python_apart(content: Content, policy: Policy, vouch: bool = True, path: str = "",
                 linked: bool = True) -> list[Finding]:
    """The findings of the unit's Python file `path`, one a failed analysis did not finish (_unread_python):
    `linked` to its other modules as the unit's own analysis links them, else alone (names into them unresolved)."""
    from .engine import isolate
    from .engine.detectors.configs import command_lines  # imported with analysis
    from .engine.detectors.not_run import never_run

    file = (path, content.data[path])
    analysis = _prepared(policy)
    if not linked:
        # Its smallest statements first, kept if the whole file runs past its share again: a payload after a slow
        # statement of its own file (a tuple of 60,000 calls) went unreported at a site (session 52).
        try:
            isolate.partial(analysis.small_statements(path, file[1], None, policy))
        except Exception as err:  # noqa: BLE001 - the whole file is still read below
            isolate.partial([piece_failed("the reading of its smallest statements", path, err)])
    (result,) = analysis.python_files([file], policy, vouch, _python_sources(content) if linked else [file],
                                      command_lines(content), never_run(content)[0])
    return result.findings


def _unread_python(failure: "Failure", content: Content, policy: Policy, read_one) -> list[Finding]:
    """The Python files a failed analysis did not finish, each read apart (`read_one(path, seconds, linked)`:
    python_apart in a child with that clock): the one it failed in (isolate.python_stage; only alone if it was the
    first, which had the whole budget linked: read alone, its smallest statements come first, and a payload after
    a slow statement of its own file is found, session 52) and those after it, or all of them if it failed before
    the first. Padding that
    exhausts the unit's budget (a few big or many small generated modules read before the payload) left the
    payload's file unread, its reject an escalation (sessions 49-50).

    One more `max_analysis_seconds` in all (each child's start counted), shared: each file gets what is left over the
    files left, so each gets at least its equal share whatever the files before it cost (each is stopped at its own;
    a file the budget no longer reaches is named as not read), and a cheap file leaves
    the rest of its share to the next; smallest first, so that as many as can be are read in full. A file is read
    linked to the unit's modules; one stopped at its share (the payload's file leading into every padding module
    parses them all) is read again alone, in a share of one more budget kept for those. A file stopped at its share
    is named as read only partly, beside the findings it made before the limit."""
    from .engine.isolate import PYTHON_STAGE, Failure

    paths = [path for path, _ in _python_sources(content)]
    begun = failure.reached.removeprefix(PYTHON_STAGE)
    if failure.reached and not (failure.reached.startswith(PYTHON_STAGE) and begun in paths):
        return []  # it read every Python file (it failed in a later stage)
    first_unread = paths.index(begun) if failure.reached else 0
    unread = sorted(paths[first_unread:], key=lambda p: (len(content.data[p]), p))
    # The first file had the whole budget, linked: it is read again alone only, its smallest statements first.
    had_budget = paths[0] if first_unread == 0 and failure.reached else None
    left = {True: float(policy.limits.max_analysis_seconds), False: float(policy.limits.max_analysis_seconds)}
    found: list[Finding] = []
    for k, path in enumerate(unread):
        tried = False
        for linked in (True, False):
            if left[linked] <= 0 or (linked and path == had_budget):
                continue
            share, started, tried = left[linked] / (len(unread) - k), time.monotonic(), True
            result = read_one(path, share, linked)
            # the whole time, the child's start included: thousands of small files stay within the two budgets
            left[linked] -= time.monotonic() - started
            if not isinstance(result, Failure):
                found += result
                break
            how = "linked to the unit's modules" if linked else "alone"
            found += [worker_failed(result.cause, path, f"{result.detail}, read {how} in its share ({share:.2f} s) of "
                                    "a budget for the Python files the unit did not finish: read only partly",
                                    result.limit), *result.found]
        if not tried:
            found.append(worker_failed("time-limit", path, "not read: the budget for the Python files the unit did "
                                       "not finish ran out", "limits.max_analysis_seconds"))
    return found


def _apart_until_done(failure: "Failure", run_after) -> list[Finding]:
    """The findings of the file detectors a failed analysis never began, each run apart from the stage after the
    last one it reached (`run_after(stage)`: detectors_apart in a child with a clock of its own), and again from the
    stage after the one where that run failed, until one ends: a second bomb, in another detector before the
    payload's, held the only second run and hid the payload's reject (session 49's open note). Each run begins
    past the one before it, so there are at most as many runs as file detectors, and every bomb costs its own
    limit; a run that fails before its first stage (nothing to skip past) ends them, named beside the rest."""
    from .engine.isolate import ENGINES, Failure

    found: list[Finding] = []
    reached = failure.reached
    while reached != ENGINES:
        result = run_after(reached)
        if not isinstance(result, Failure):
            return found + result
        found += _failed(result)
        if result.reached in ("", reached):
            break
        reached = result.reached
    return found


# The limited child that the units of a `shared_worker` block share.
_worker: "UnitWorker | None" = None


@contextlib.contextmanager
def shared_worker():
    """The units analysed in this block share one limited child (engine/unit_worker.py) instead of a
    fork each, under the same per-unit limits: for a run of units (an eval, several folders), which
    changes no code or setting of the analysis while it runs (the child keeps the process as it was
    at its first unit)."""
    global _worker
    if _worker is not None or not hasattr(os, "fork"):
        yield
        return
    from .engine.unit_worker import UnitWorker

    _worker = UnitWorker()
    try:
        yield
    finally:
        worker, _worker = _worker, None
        worker.close()


def serve_units() -> None:
    """In a process that analyses units until it exits (the CLI's worker processes): its units share one
    limited child, as in a `shared_worker` block, ended and reaped as this process exits."""
    global _worker
    from multiprocessing.util import Finalize

    from .engine.unit_worker import UnitWorker

    _worker = UnitWorker()
    Finalize(None, _worker.close, exitpriority=0)  # run by a multiprocessing worker as it exits


def _failed(failure: "Failure", earlier: tuple = ()) -> list[Finding]:
    """A worker's failure as a finding, beside what it and earlier workers found
    before it failed (isolate.partial): a limit never hides a finding made before it. The stage it failed in is
    named: a unit's file detectors run apart may fail one after another, each its own limit (_apart_until_done)."""
    detail = f"{failure.detail}, in {failure.reached}" if failure.reached else failure.detail
    return list(dict.fromkeys([worker_failed(failure.cause, "", detail, failure.limit), *earlier, *failure.found]))


def analyze_isolated(content: Content, policy: Policy, server: "ForkServer") -> Report:
    """`analyze` in a forked child of the site's fork server, under the policy's
    limits: a crash, timeout or memory blow-up escalates the job, naming the cause.
    After a crash the job is analysed once more with every Python source in a
    child of its own, so that the crash is the finding of the file that caused
    it and every other finding is still reported; after a failure, the file
    detectors it never began run in a child of their own (detectors_apart)."""
    from .engine.isolate import Budget, Failure

    budget = Budget.of(policy.limits)
    result = server.call("analyze", (content, policy), budget, policy)
    earlier: tuple = ()
    if isinstance(result, Failure) and result.cause == "worker-crashed":
        earlier = result.found
        result = server.call("analyze-each-file-apart", (content, policy), budget, policy)
    if isinstance(result, Failure):  # the detectors and the Python files it never began, apart
        earlier += tuple(_rest_apart(content, policy, True, result, lambda task, arguments, seconds: server.call(
            task, arguments, dataclasses.replace(budget, seconds=seconds), policy)))
    if isinstance(result, Failure):
        return _report(content, policy, [*_unit_findings(content, policy), *_failed(result, earlier)])
    return result


def _bounded(findings: list[Finding]) -> list[Finding]:
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[(f.rule, f.path)] = counts.get((f.rule, f.path), 0) + 1
    out, seen = [], dict.fromkeys(counts, 0)
    for f in findings:
        key = (f.rule, f.path)
        seen[key] += 1
        if seen[key] < MAX_FINDINGS_PER_RULE_AND_FILE or counts[key] == MAX_FINDINGS_PER_RULE_AND_FILE:
            out.append(f)
        elif seen[key] == MAX_FINDINGS_PER_RULE_AND_FILE:
            more = counts[key] - MAX_FINDINGS_PER_RULE_AND_FILE + 1
            out.append(dataclasses.replace(f, message=f"{f.message} (and {more} more findings of this rule in this file)"))
    return out


def _severest_first(f: Finding) -> tuple:
    return -SEVERITIES.index(f.severity), not f.never_accept, f.kind != "threat"


def _listed(findings: list[Finding], cap: int) -> tuple[list[Finding], str]:
    """At most `cap` (limits.max_listed_findings) of the report-ordered `findings`: every rule's first,
    then the most severe (ties: never-accept, then threats, then report order), in report order; and
    the reason that says what was left out, by rule ("" when nothing was). Session 39: 2,000 padded
    files made 181k findings, a 131 MB report and as large a copy in the review queue."""
    if len(findings) <= cap:
        return findings, ""
    firsts = set({f.rule: i for i, f in reversed(list(enumerate(findings)))}.values())
    rest = sorted(set(range(len(findings))) - firsts, key=lambda i: (_severest_first(findings[i]), i))
    listed = [findings[i] for i in sorted([*firsts, *rest[:max(cap - len(firsts), 0)]])]
    left = Counter(f.rule for f in findings) - Counter(f.rule for f in listed)
    counts = ", ".join(f"{rule} {n}" for rule, n in sorted(left.items(), key=lambda item: (-item[1], item[0])))
    return listed, (f"{len(findings)} findings, {len(listed)} listed (each rule's first, then the most severe; "
                    f"the decision weighs all of them); not listed: {counts}")


def _report(content: Content, policy: Policy, findings: list[Finding]) -> Report:
    # Score, decision and reasons weigh every finding but the capabilities of files the site never runs
    # (engine/site_scope.py); only what the report lists is capped.
    ordered = sorted(findings, key=lambda f: (f.path, f.line, f.column, f.rule))
    findings, counted = site_scope.weighed(_bounded(ordered))
    total, breakdown = score(counted, policy.scoring)
    decision, reasons = decide(counted, total, policy)
    threat, kinds = threat_score(counted, policy.scoring), by_kind(counted, policy.scoring)
    findings, unlisted = _listed(findings, policy.limits.max_listed_findings)
    return Report(
        target=content.target, name=content.name, digest=content.digest, decision=decision, score=total,
        reasons=[*reasons, unlisted] if unlisted else reasons, files=content.files, findings=findings,
        score_breakdown=breakdown, threat_score=threat, score_kinds=kinds,
    )


def scan(target: str | Path, policy: Policy | None = None, app_name: str | None = None, cache: Path | None = None,
         job_meta: dict | None = None, site: str | None = None) -> Report:
    policy = policy or load_policy()
    return analyze(collect(target, policy.limits, app_name, job_meta, site), policy, cache=cache)


def gate(target: str | Path, policy: Policy, allowlist: Path | None = None, gate_key: Path | None = None,
         app_name: str | None = None, server: "ForkServer | None" = None, job_meta: dict | None = None,
         site: str | None = None) -> tuple[Content, Report]:
    """What a site runs before a job: the allowlist first, then analysis (in
    `server`'s limited worker when given). The report's files hold the hashes
    of exactly the bytes analysed. `job_meta`: the meta NVFlare deploys an app
    with, whose launcher settings (as `site`'s launcher reads them) are judged
    and enter the digest."""
    from .trust import allowlist as ledger  # imported here: a plain scan need not pay for the trust store

    content = collect(target, policy.limits, app_name, job_meta, site)
    coverage = None
    if allowlist is not None:
        coverage = ledger.check(allowlist, content.digest, policy)
        if coverage.covered and not content.complete:
            # Its digest names the files it did not read, not their bytes: any bytes there would match it.
            coverage = dataclasses.replace(coverage, covered=False, reason=(
                f"{coverage.reason}, but the job was not collected whole: its digest does not cover the bytes "
                "it did not read, so no approval of it counts"))
        if coverage.covered:
            report = Report(
                target=content.target, name=content.name, digest=content.digest, decision=Decision.ACCEPT,
                score=0, reasons=[f"allowlisted: {coverage.reason}"], files=content.files, findings=[],
                approvals=list(coverage.approvals), allowlisted=True,
                score_kinds=by_kind([], policy.scoring),  # the shape an analysed report has: nothing in either
            )
            return content, report
    report = analyze(content, policy) if server is None else analyze_isolated(content, policy, server)
    if coverage is not None and coverage.blocked:
        # A trusted reviewer rejected or revoked this exact content: analysis cannot overrule that.
        report.decision = Decision.REJECT
        report.reasons.insert(0, f"blocked by a reviewer: {coverage.reason}")
        return content, report
    if coverage is not None and coverage.reason:
        report.reasons.insert(0, f"not allowlisted: {coverage.reason}")
    if report.decision is Decision.ACCEPT and allowlist is not None and gate_key is not None:
        # The packs' digest from their bytes (what load_rules would give): the
        # analysis validated them already, and loading them here would import
        # libcst and the detectors into the site's process on its first accept.
        rules_digest = compiled.rule_packs(policy.rule_packs).digest
        ledger.record_accept(allowlist, content, report, policy, gate_key, rules_digest)
    return content, report
