"""Where the flow engine's CPU time goes on one tree: the scan runs in this process (as in the limited child,
which a profiler outside does not see), with the engine's rounds and evaluations timed.

    PYTHONPATH=. .venv/bin/python bench/flow_profile.py [--cprofile OUT] [--top N] PATH

Prints, on stderr (the scan's JSON goes to stdout):
- each module's flow analysis: CPU in its own rounds (the rounds of other modules it runs inside them not
  counted), how often they ran, how many rounds in all, what first ran them (`analyze`: its own analysis;
  `linked`, `protocol_values`, `written_elsewhere`, `imported_value`, `class_flows`: another module's analysis,
  which needed its summaries, fields or files) and whether `worth_running` holds of it (its own leaks are
  reported); then the same CPU summed by (first run by, worth running);
- each round (1 is a flow's first): the functions evaluated (not replayed), their CPU (nested evaluations
  not counted), and how many of them replaced a record whose summary was the same (an evaluation a finer
  test of what changed could have replayed).
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
    args = ap.parse_args()

    from analyzer.engine import isolate

    isolate.streaming = lambda: True  # as in the limited child: the unit runs here, not in a fork
    isolate.partial = lambda findings: None  # no parent to stream them to
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

    sys.argv = ["jobgate", "scan", "--no-cache", "--jobs", "1", "--format", "json", args.path]
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


if __name__ == "__main__":
    main()
