#!/usr/bin/env bash
# Export NVFlare examples as the job folders a site receives (docs/fl-examples.md, "Reproduce").
# Not a test and never run by CI: it needs the example code and a venv of its own.
#
#   bench/export_fl_jobs.sh [EXAMPLES] [OUT]
#
# EXAMPLES: NVFlare's examples/ (default /work/fl-data/nvflare/examples); OUT: where the jobs land (default
# /work/fl-data/jobs). Each example is exported into OUT/NAME, NAME its path under EXAMPLES with / as _, the job
# in NAME/<the job's own name> (bench/speed.sh reads hello-world_hello-pt/hello-pt). FLPY is the interpreter
# of a venv holding nvflare 2.9.0 and the CPU torch wheel, never jobgate's:
#   python3.11 -m venv /work/fl-venv
#   /work/fl-venv/bin/pip install nvflare==2.9.0 torch==2.13.0 numpy tensorboard pandas scikit-learn
# Prints one line per example (ok / FAILED, the error's last line); exits 1 if any failed.
set -uo pipefail

EXAMPLES=$(cd "${1:-/work/fl-data/nvflare/examples}" && pwd) || exit 2
OUT=${2:-/work/fl-data/jobs}
FLPY=${FLPY:-/work/fl-venv/bin/python}
[ -x "$FLPY" ] || { echo "no interpreter at $FLPY (set FLPY)" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LOG=$OUT/export.log
: >"$LOG"

# Examples whose job.py builds a recipe: the recipe takes --export / --export-dir from sys.argv
# (nvflare/recipe/spec.py: _peek_recipe_args) and writes the job instead of running it.
RECIPES=(
    hello-world/hello-pt hello-world/hello-numpy hello-world/hello-numpy-cross-val hello-world/hello-lr
    hello-world/hello-dp hello-world/hello-tabular-stats hello-world/hello-collab hello-world/hello-log-streaming
    advanced/sklearn-kmeans advanced/sklearn-linear advanced/sklearn-svm advanced/experiment-tracking/tensorboard
    advanced/federated-statistics/df_stats advanced/multi-gpu/pt
)
# job_api/pt's FedJob scripts end in simulator_run, which has no export switch: run with export_job in its place.
FEDJOBS=(
    fedavg_script_runner_cifar10.py fedavg_script_runner_dp_filter_cifar10.py swarm_script_runner_cifar10.py
    cyclic_cc_script_runner_cifar10.py
)

failed=0
report() {  # report NAME STATUS: one line per example; the full output is in $LOG
    if [ "$2" -eq 0 ] && [ -n "$(ls -A "$OUT/$1" 2>/dev/null)" ]; then
        echo "ok      $1"
    else
        echo "FAILED  $1: $(grep -v '^\s*$' "$OUT/$1.err" | tail -1)"
        failed=1
    fi
    { echo "=== $1"; cat "$OUT/$1.err"; } >>"$LOG"
    rm -f "$OUT/$1.err"
}

for ex in "${RECIPES[@]}"; do
    name=${ex//\//_}
    rm -rf "${OUT:?}/$name"
    (cd "$EXAMPLES/$ex" && PYTHONPATH=.:src "$FLPY" job.py --export --export-dir "$OUT/$name") \
        >"$OUT/$name.err" 2>&1
    report "$name" $?
done

for script in "${FEDJOBS[@]}"; do
    name=advanced_job_api_pt_${script%.py}
    rm -rf "${OUT:?}/$name"
    (cd "$EXAMPLES/advanced/job_api/pt" && PYTHONPATH=.:src "$FLPY" -c "
import runpy, sys, nvflare.job_config.api as a
a.FedJob.simulator_run = lambda self, *x, **k: self.export_job(sys.argv[1])
runpy.run_path(sys.argv[2], run_name='__main__')" "$OUT/$name" "$script") >"$OUT/$name.err" 2>&1
    report "$name" $?
done
exit $failed
