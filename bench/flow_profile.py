"""Where the flow engine's CPU time goes on one tree: the scan runs in this process (as in the limited child,
which a profiler outside does not see), with the engine's rounds and evaluations timed.

    PYTHONPATH=. .venv/bin/python bench/flow_profile.py [--cprofile OUT] [--top N] [--policy YAML] [--phases] [--why] PATH

Prints, on stderr (the scan's JSON goes to stdout):
- each module's flow analysis: CPU in its own rounds (the rounds of other modules it runs inside them not
  counted), how often they ran, how many rounds in all, what first ran them (`analyze`: its own analysis;
  `linked`, `protocol_values`, `written_elsewhere`, `imported_value`, `class_flows`: another module's analysis,
  which needed its summaries, fields or files) and whether `worth_running` holds of it (its own leaks are
  reported); then the same CPU summed by (first run by, worth running);
- each round (1 is a flow's first): the functions evaluated (not replayed), their CPU (nested evaluations
  not counted), and how many of them replaced a record whose summary was the same (an evaluation a finer
  test of what changed could have replayed).
- with --phases, the scan's CPU by phase, each phase's own time (a phase run inside another is its own, not
  its caller's: another module's flow rounds started by a detector are "flow rounds"): collection, screen
  (CPython's parse), parse (libcst), the rule matches, each Python detector, the flow's first and later
  rounds, each file detector, the report; "rest" is what none of them holds (the CLI, the policy, the
  configuration's load, resolution outside the phases).
- with --why, the evaluations after a flow's first round by why the function's record was not replayed (the
  first check of it that failed, _explained) and how many of them made the summary the record held; and the
  loops' entries and body passes by nesting within their function (what an inner loop's passes cost: they run
  again at every pass of the loops around it). Its checks are made twice: read its counts, not its times.
Timings are CPU seconds of this process; compare them within one run, on the same tree.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import sys
import time

_TRIGGERS = ("linked", "class_flows", "imported_value", "written_elsewhere", "protocol_values", "analyze")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path")
    ap.add_argument("--cprofile", help="also write cProfile stats of the scan to this file")
    ap.add_argument("--top", type=int, default=30, help="modules listed (default 30)")
    ap.add_argument("--policy", help="the scan's --policy")
    ap.add_argument("--phases", action="store_true", help="also the scan's CPU by phase")
    ap.add_argument("--why", action="store_true",
                    help="also why each evaluation after a flow's first round was not replayed, and loop passes")
    args = ap.parse_args()

    from analyzer.engine import isolate

    isolate.streaming = lambda: True  # as in the limited child: the unit runs here, not in a fork
    isolate.partial = lambda findings: None  # no parent to stream them to
    isolate.reached = lambda stage: None  # nor to tell the stages reached
    from analyzer.engine.flow import engine, replay

    own = collections.Counter()  # module -> CPU in its own rounds
    runs, resets, first, worth = collections.Counter(), collections.Counter(), {}, {}
    rounds_stack: list[list] = []  # [module, CPU of the rounds run inside it]
    evaluated, eval_cpu, unchanged = collections.Counter(), collections.Counter(), collections.Counter()
    eval_stack: list[list] = []
    round_of: dict[int, int] = {}  # id(flow) -> its round now

    reset, rounds, evaluate, summarise = engine.Flow._reset, engine.Flow._rounds, engine.Flow._evaluate, \
        engine.Flow._summarise

    def timed_reset(self):
        round_of[id(self)] = round_of.get(id(self), -1) + 1  # the first reset is __init__'s
        if sys._getframe(1).f_code.co_name == "_rounds":
            resets[str(self.r.path)] += 1
        return reset(self)

    def timed_rounds(self):
        name = str(self.r.path)
        if name not in first:
            worth[name] = engine.worth_running(self.r)
            caller = sys._getframe(1)
            while caller is not None and caller.f_code.co_name not in _TRIGGERS:
                caller = caller.f_back
            first[name] = caller.f_code.co_name if caller is not None else "?"
        runs[name] += 1
        rounds_stack.append([name, 0.0])
        start = time.process_time()
        try:
            return rounds(self)
        finally:
            spent = time.process_time() - start
            _, inner = rounds_stack.pop()
            own[name] += spent - inner
            if rounds_stack:
                rounds_stack[-1][1] += spent

    def timed_evaluate(self, fn):
        index = min(round_of.get(id(self), 0), 9)
        evaluated[index] += 1
        eval_stack.append([index, 0.0])
        start = time.process_time()
        try:
            return evaluate(self, fn)
        finally:
            spent = time.process_time() - start
            _, inner = eval_stack.pop()
            eval_cpu[index] += spent - inner
            if eval_stack:
                eval_stack[-1][1] += spent

    def counted_summarise(self, fn):
        before = self.records.get(id(fn))
        count = sum(evaluated.values())
        result = summarise(self, fn)
        if before is not None and before.summary is not None and sum(evaluated.values()) > count and \
                replay.same_summary(before.summary, result):
            unchanged[min(round_of.get(id(self), 0), 9)] += 1
        return result

    engine.Flow._reset, engine.Flow._rounds = timed_reset, timed_rounds
    engine.Flow._evaluate, engine.Flow._summarise = timed_evaluate, counted_summarise

    from analyzer.commands.cli import main as cli

    phases = _timed_phases(round_of) if args.phases else None
    why = _explained(round_of) if args.why else None
    sys.argv = ["jobgate", "scan", "--no-cache", "--jobs", "1", "--format", "json", args.path,
                *(["--policy", args.policy] if args.policy else [])]
    profile = cProfile.Profile() if args.cprofile else None
    start = time.process_time()
    if profile:
        profile.enable()
    try:
        cli()
    except SystemExit:
        pass
    finally:
        if profile:
            profile.disable()
            profile.dump_stats(args.cprofile)
    total = time.process_time() - start

    out = sys.stderr
    print(f"scan CPU {total:.2f} s, in modules' own flow rounds {sum(own.values()):.2f} s", file=out)
    print(f"{'CPU':>7} {'runs':>4} {'rounds':>6}  first run by       worth  module", file=out)
    for name, spent in own.most_common(args.top):
        print(f"{spent:7.2f} {runs[name]:4d} {resets[name]:6d}  {first[name]:<18} "
              f"{'yes' if worth[name] else 'no':<5}  {name}", file=out)
    by = collections.Counter()
    for name, spent in own.items():
        by[(first[name], worth[name])] += spent
    for (trigger, is_worth), spent in by.most_common():
        print(f"  {spent:7.2f} s first run by {trigger}, worth running: {'yes' if is_worth else 'no'}", file=out)
    print("round  evaluated  CPU s  same summary as the record replaced", file=out)
    for index in sorted(evaluated):
        print(f"{index:5d}  {evaluated[index]:9d}  {eval_cpu[index]:5.2f}  {unchanged[index]}", file=out)
    if phases is not None:
        print("phase (own CPU s, calls)", file=out)
        for name, spent in phases.most_common():
            print(f"{spent[0]:8.3f} {100 * spent[0] / total:5.1f}% {spent[1]:7d}  {name}", file=out)
        print(f"{total - sum(s[0] for s in phases.values()):8.3f}  rest", file=out)
    if why is not None:
        reasons, loops = why
        print("evaluations after a flow's first round, by why the last record was not replayed (same summary after)",
              file=out)
        for reason, (count, same) in sorted(reasons.items(), key=lambda kv: -kv[1][0]):
            print(f"{count:7d} {same:7d}  {reason}", file=out)
        print("loops by nesting in their function (0: outermost): entries, body passes", file=out)
        for depth in sorted(loops):
            entries, passes = loops[depth]
            print(f"{depth:5d} {entries:9d} {passes:9d}", file=out)


def _explained(round_of: dict) -> tuple[dict, dict]:
    """Why a function was evaluated again after its flow's first round (replay.py): it had no record (never
    evaluated, or its last evaluation's was poisoned and dropped), its record saw another widening, or the first
    of its record's checks that failed: a value it read (a field, a global, a name of the module or of an
    enclosing function: replay.same), a summary of a function it calls (replay.same_summary), another module's
    analysis (replay._foreign_holds), a function it calls that has no record to replay or lies past MAX_NESTING
    (replay._check_request), or another test (the fields' order, the step budget, a lambda running, whether an
    enclosing function's names are known); and whether the new summary was the old one. And how often each
    loop's body ran per entry (Frame.loop, up to MAX_LOOP passes), by nesting within its function: an inner
    loop runs its passes again at every pass of the loops around it.
    Returns ({reason: [evaluations, same summary]}, {depth: [entries, passes]})."""
    from analyzer.engine.flow import frame, module_flow, replay

    reasons: dict[str, list[int]] = {}
    loops: dict[int, list[int]] = {}
    failed: list[str] = []  # the checks that failed in the walk of the record being checked, innermost first
    evaluated: set[tuple[int, int]] = set()  # (id(flow), id(function)) summarised so far

    def noting(fn, reason):
        def wrapper(*a):
            held = fn(*a)
            if not held:
                failed.append(reason)
            return held
        return wrapper

    replay.same = noting(replay.same, "a value it read changed")
    replay.same_summary = noting(replay.same_summary, "a function it calls changed")
    replay._foreign_holds = noting(replay._foreign_holds, "another module's analysis changed")
    # after what failed inside it (a callee's own record): a callee with no record to replay, or past MAX_NESTING
    replay._check_request = noting(replay._check_request, "a function it calls was evaluated, not replayed")
    summarise = module_flow.Flow._summarise

    def explained(flow, fn):
        rec = flow.records.get(id(fn))
        if round_of.get(id(flow), 0) <= 1:
            evaluated.add((id(flow), id(fn)))
            return summarise(flow, fn)
        failed.clear()
        stale = rec is not None and rec.sees_widened and rec.widened is not flow.widened
        if rec is not None and not stale and replay.check(flow, rec) is not None:
            return summarise(flow, fn)  # replayed (its check is made twice: count with --why, time without)
        if rec is None:  # a poisoned record is dropped (Flow._summarise)
            reason = "no record: first evaluated now" if (id(flow), id(fn)) not in evaluated else \
                "no record: it ran another module's rounds or read a running function's names"
        else:  # told before the evaluation, whose own checks note more
            reason = "record of another widening" if stale else failed[0] if failed else "another test"
        result = summarise(flow, fn)
        evaluated.add((id(flow), id(fn)))
        counted = reasons.setdefault(reason, [0, 0])
        counted[0] += 1
        counted[1] += rec is not None and replay.same_summary(rec.summary, result)
        return result

    module_flow.Flow._summarise = explained
    loop, block = frame._Frame.loop, frame._Frame.block

    def counted_loop(self, node, st):
        counted = loops.setdefault(len(self.loops), [0, 0])
        counted[0] += 1
        return loop(self, node, st)

    def counted_block(self, body, st):
        if self.loops and body is self.loops[-1].body:
            loops[len(self.loops) - 1][1] += 1
        return block(self, body, st)

    frame._Frame.loop, frame._Frame.block = counted_loop, counted_block
    return reasons, loops


def _timed_phases(round_of: dict) -> collections.Counter:
    """Wraps each phase's functions (everywhere the analyzer's modules hold them) so that the CPU spent in
    them, less that of the phases run inside, is counted under the phase's name: {name: [CPU s, calls]}."""
    import importlib
    import inspect
    import pkgutil

    import analyzer
    from analyzer.engine import collect, parse
    from analyzer.engine.detectors import FILE_DETECTORS, PYTHON_DETECTORS
    from analyzer.engine.flow import module_flow
    from analyzer.engine import match
    from analyzer.reports import json_report

    for info in pkgutil.walk_packages(analyzer.__path__, "analyzer."):
        importlib.import_module(info.name)
    spent: collections.Counter = collections.Counter()
    stack: list[list] = []  # [name, start, CPU of the phases inside]

    def enter(name: str) -> None:
        stack.append([name, time.process_time(), 0.0])

    def leave() -> None:
        name, start, inner = stack.pop()
        whole = time.process_time() - start
        counted = spent.setdefault(name, [0.0, 0])
        counted[0] += whole - inner
        counted[1] += 1
        if stack:
            stack[-1][2] += whole

    def timed(fn, name):
        if inspect.isgeneratorfunction(fn):
            def wrapper(*a, **k):
                enter(name)
                try:
                    yield from fn(*a, **k)
                finally:
                    leave()
        else:
            def wrapper(*a, **k):
                enter(name if not callable(name) else name(*a))
                try:
                    return fn(*a, **k)
                finally:
                    leave()
        return wrapper

    def rounds_name(flow):
        return "flow: first round" if round_of.get(id(flow), 0) <= 1 else "flow: rounds after the first"

    from analyzer.engine import analysis

    wrapped = {analysis.warm: timed(analysis.warm, "configuration (warm)"), collect.collect: timed(collect.collect, "collect"), parse.screen: timed(parse.screen, "screen"),
               parse.parse: timed(parse.parse, "parse (libcst)"),
               match._rule_hits: timed(match._rule_hits, "rule matches"),
               json_report.render: timed(json_report.render, "report")}
    for table, kind in ((PYTHON_DETECTORS, "python detector"), (FILE_DETECTORS, "file detector")):
        for name, fn in list(table.items()):
            table[name] = timed(fn, f"{kind} {name}")
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("analyzer"):
            for attr, value in list(vars(module).items()):
                if callable(value) and value in wrapped:
                    setattr(module, attr, wrapped[value])
    # a round: Flow._evaluate's wrapper above counts rounds by _reset; each evaluation is one round's work
    flow = module_flow.Flow
    flow._evaluate = timed(flow._evaluate, lambda flow, fn: rounds_name(flow))
    flow._rounds = timed(flow._rounds, "flow: rounds outside evaluations")
    flow.escaped_here.func = timed(flow.escaped_here.func, "flow: escaped_here (protocol.escaped)")
    return spent


if __name__ == "__main__":
    main()
