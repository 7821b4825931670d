#!/usr/bin/env bash
# Export NVFlare examples as the job folders a site receives (docs/fl-examples.md, "Reproduce").
# Not a test and never run by CI: it needs the example code and a venv of its own.
#
#   bench/export_fl_jobs.sh [--more] [EXAMPLES] [OUT]
#
# Without --more: the 18 jobs of the `fl-data-jobs` row (default OUT /work/fl-data/jobs); with --more: 11 more
# client-side examples that export with the same venv (default OUT /work/fl-data/jobs-more), kept apart so the
# row stays comparable. EXAMPLES: NVFlare's examples/ (default /work/fl-data/nvflare/examples). Each example is
# exported into OUT/NAME, NAME its path under EXAMPLES with / as _, the job in NAME/<the job's own name>
# (bench/speed.sh reads hello-world_hello-pt/hello-pt). FLPY is the interpreter of a venv holding nvflare 2.9.0
# and the CPU torch wheel, never jobgate's:
#   python3.11 -m venv /work/fl-venv
#   /work/fl-venv/bin/pip install nvflare==2.9.0 torch==2.13.0 numpy tensorboard pandas scikit-learn
# Prints one line per example (ok / FAILED and the error's last line; the full output in OUT/export.log);
# exits 1 if any failed.
set -uo pipefail

MORE=0
[ "${1:-}" = --more ] && { MORE=1; shift; }
EXAMPLES=$(cd "${1:-/work/fl-data/nvflare/examples}" && pwd) || exit 2
OUT=${2:-/work/fl-data/jobs$([ $MORE = 1 ] && echo -more)}
FLPY=${FLPY:-/work/fl-venv/bin/python}
[ -x "$FLPY" ] || { echo "no interpreter at $FLPY (set FLPY)" >&2; exit 2; }
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
LOG=$OUT/export.log
: >"$LOG"
failed=0

# job_api/pt's FedJob scripts end in simulator_run, which has no export switch: export_job takes its place.
FEDJOB='import runpy, sys, nvflare.job_config.api as a
a.FedJob.simulator_run = lambda self, *x, **k: self.export_job(sys.argv[1])
runpy.run_path(sys.argv[2], run_name="__main__")'
# cifar10-sim's job.py partitions CIFAR-10 (a download) before building the recipe; the job holds only the
# folder name split_and_save returns (its --train_idx_root), computed here as split_and_save computes it.
CIFAR10_SPLIT='import os, runpy, sys, types
split = types.ModuleType("data.cifar10_data_split")
split.split_and_save = lambda split_dir_prefix, num_sites, alpha, seed=0: (
    f"{split_dir_prefix}_{num_sites}sites_alpha{alpha:.2f}_seed{seed}")
sys.modules[split.__name__] = split
sys.argv = sys.argv[1:]
sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))
runpy.run_path(sys.argv[0], run_name="__main__")'

export_job() {  # export_job NAME DIR PYTHONPATH ARGS...: run ARGS with FLPY in EXAMPLES/DIR, then report
    local name=$1 dir=$2 path=$3
    shift 3
    rm -rf "${OUT:?}/$name"
    (cd "$EXAMPLES/$dir" && PYTHONPATH=$path "$FLPY" "$@") >"$OUT/$name.err" 2>&1
    local status=$?
    if [ $status -eq 0 ] && [ -n "$(ls -A "$OUT/$name" 2>/dev/null)" ]; then
        echo "ok      $name"
    else
        echo "FAILED  $name: $(grep -v '^\s*$' "$OUT/$name.err" | tail -1)"
        failed=1
    fi
    { echo "=== $name"; cat "$OUT/$name.err"; } >>"$LOG"
    rm -f "$OUT/$name.err"
}

recipe() {  # recipe DIR|DIR/SCRIPT.py [ARGS...]: a script (job.py) building a recipe, which takes --export /
    # --export-dir from sys.argv (nvflare/recipe/spec.py: _peek_recipe_args) and writes the job instead of running it
    local dir=$1 script=job.py name=${1//\//_}
    shift
    if [[ $dir == *.py ]]; then
        script=${dir##*/} name=${dir%.py} dir=${dir%/*}
        name=${name//\//_}
    fi
    export_job "$name" "$dir" .:src "$script" "$@" --export --export-dir "$OUT/$name"
}

if [ $MORE = 0 ]; then
    for dir in hello-world/hello-pt hello-world/hello-numpy hello-world/hello-numpy-cross-val \
        hello-world/hello-lr hello-world/hello-dp hello-world/hello-tabular-stats hello-world/hello-collab \
        hello-world/hello-log-streaming advanced/sklearn-kmeans advanced/sklearn-linear advanced/sklearn-svm \
        advanced/experiment-tracking/tensorboard advanced/federated-statistics/df_stats advanced/multi-gpu/pt; do
        recipe "$dir"
    done
    for script in fedavg_script_runner_cifar10 fedavg_script_runner_dp_filter_cifar10 \
        swarm_script_runner_cifar10 cyclic_cc_script_runner_cifar10; do
        export_job "advanced_job_api_pt_$script" advanced/job_api/pt .:src -c "$FEDJOB" \
            "$OUT/advanced_job_api_pt_$script" "$script.py"
    done
else
    # ProdEnv checks that the admin startup kit exists; the exported job holds nothing of it.
    KIT=$(mktemp -d)
    trap 'rm -rf "$KIT"' EXIT
    recipe advanced/medgemma
    recipe advanced/qwen3-vl
    recipe advanced/client-api-attach --startup_kit_location "$KIT"
    recipe advanced/job-level-authorization/job1.py --startup_kit_location "$KIT"  # job2.py: the same, renamed
    recipe advanced/bionemo/task_fitting/job_fedavg <<<fedavg  # job.py asks "Training mode (local/fedavg)"
    recipe advanced/recipe-k8s --startup-kit "$KIT" --image registry.example.com/nvflare-pt-job:2.9  # README's
    # run as the README says: from cifar10-sim with ../src on PYTHONPATH
    for job in cifar10_fedavg cifar10_fedopt cifar10_fedprox cifar10_scaffold cifar10_custom_aggr; do
        name=advanced_cifar10_pt_cifar10-sim_$job
        export_job "$name" advanced/cifar10/pt/cifar10-sim "$EXAMPLES/advanced/cifar10/pt/src" -c "$CIFAR10_SPLIT" \
            "$job/job.py" --export --export-dir "$OUT/$name"
    done
fi
exit $failed
