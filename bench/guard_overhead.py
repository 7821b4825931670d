"""What the process guard costs a training loop: a CPU training step of a
small model, with and without the guard, plus the cost of one hook call.

    .venv/bin/python bench/guard_overhead.py [--steps N] [--rounds R]

Each measurement runs in a fresh process (an audit hook cannot be removed),
alternating with and without, so that load on the machine falls on both alike.
The model: a two-layer NumPy MLP (784-128-10, batch 64, SGD), a step being
forward, backward and update, plus the checkpoint write and metrics read a
training script does once per epoch (here every 50 steps), so that handled
events (`open`) are in the loop too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import json, os, sys, time
import numpy as np
sys.path.insert(0, sys.argv[1])
steps, work = int(sys.argv[2]), sys.argv[3]
events = [0]
sys.addaudithook(lambda e, a: events.__setitem__(0, events[0] + 1))
rng = np.random.default_rng(0)
x, y = rng.standard_normal((64, 784)).astype(np.float32), rng.integers(0, 10, 64)
w1 = rng.standard_normal((784, 128)).astype(np.float32) * 0.05
w2 = rng.standard_normal((128, 10)).astype(np.float32) * 0.05

def step():
    global w1, w2
    h = np.maximum(x @ w1, 0)
    logits = h @ w2
    p = np.exp(logits - logits.max(1, keepdims=True)); p /= p.sum(1, keepdims=True)
    p[np.arange(64), y] -= 1
    g2 = h.T @ p / 64
    g1 = x.T @ ((p @ w2.T) * (h > 0)) / 64
    w1 -= 0.1 * g1; w2 -= 0.1 * g2

def checkpoint(i):
    np.save(os.path.join(work, "ckpt.npy"), w2)
    with open(os.path.join(work, "metrics.json"), "w") as fh:
        json.dump({"step": i}, fh)
    with open(os.path.join(work, "metrics.json")) as fh:
        json.load(fh)

def loop():
    e0, t0 = events[0], time.process_time()
    for i in range(steps):
        step()
        if i % 50 == 0:
            checkpoint(i)
    return time.process_time() - t0, events[0] - e0

def per_call():
    path = os.path.join(work, "metrics.json")
    out = {}
    for name, args, n in (("unhandled_event_us", (), 100000), ("open_read_us", (path, "r", 0), 5000),
                          ("open_write_us", (path, "w", 0), 5000)):
        event = "bench.unhandled" if not args else "open"
        t0 = time.process_time()
        for _ in range(n):
            sys.audit(event, *args)
        out[name] = (time.process_time() - t0) / n * 1e6
    return out

for i in range(50):
    step()
without_s, _ = loop()
calls_without = per_call()
from handler import guard
guard.install(guard.GuardConfig(mode="enforce", site="bench", job_id="bench",
                                audit_log=os.path.join(work, "audit.jsonl"), run_dir=work,
                                credential_paths=(os.path.expanduser("~/.ssh"),)))
with_s, events_in_loop = loop()
calls_with = per_call()
print(json.dumps({"without_s": without_s, "with_s": with_s, "events": events_in_loop,
                  **{k: calls_with[k] - calls_without[k] for k in calls_with}}))
'''


def run(steps: int, work: str) -> dict:
    # One BLAS thread: CPU time then measures this process's work, not the spin of idle threads.
    env = {k: v for k, v in os.environ.items() if k != "JOBGATE_GUARD"}
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(steps), work],
                         capture_output=True, text=True, check=True, env=env, timeout=600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as work:
        runs = [run(args.steps, work) for _ in range(args.rounds)]
    a = statistics.median(r["without_s"] for r in runs) / args.steps * 1e6
    b = statistics.median(r["with_s"] for r in runs) / args.steps * 1e6
    ratio = statistics.median(r["with_s"] / r["without_s"] for r in runs)
    print(f"training step (NumPy MLP 784-128-10, batch 64; checkpoint every 50 steps), CPU time, median of "
          f"{args.rounds} processes of {args.steps} steps each without and then with the guard:")
    print(f"  without guard: {a:8.1f} us/step")
    print(f"  with guard:    {b:8.1f} us/step  (with/without per process: {(ratio - 1) * 100:+.2f} %)")
    events = runs[0]["events"]
    print(f"  audit events raised in the guarded loop: {events} ({events / args.steps:.2f} per step)")
    for key, label in (("unhandled_event_us", "an event the guard ignores"), ("open_read_us", "open for reading"),
                       ("open_write_us", "open for writing")):
        print(f"  guard's cost per call, {label}: {statistics.median(r[key] for r in runs):.2f} us")
    handled = statistics.median(r["open_write_us"] for r in runs)
    print(f"  so the hook adds about {events / args.steps * handled:.2f} us to a step "
          f"({events / args.steps * handled / a * 100:.3f} % of it)")


if __name__ == "__main__":
    main()
