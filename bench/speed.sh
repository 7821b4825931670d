#!/usr/bin/env bash
# This tree's scan against the issue's baseline commit and bandit, in one hyperfine run per input.
#
#   bench/speed.sh [INPUT ...]        (default: the stdlib subset of bench/run.py, then NVFlare's hello-pt job)
#
# Every jobgate runs with one worker and no cache (the baseline has neither option: its worker count is
# forced to one), from its own git worktree under $WORK, with the same interpreter and venv. Times are
# compared as ratios within one run, never asserted. After hyperfine, each command runs once more under
# /usr/bin/time for its peak resident memory (that run also checks the exit status: 0, 1 or 3).
# Environment: PY (interpreter of the venv, default .venv/bin/python), BASE (default beb73a5, the
# issue's baseline), START (another commit to time beside them, e.g. where a change began), RUNS
# (hyperfine runs for the stdlib subset, default 3; 10 for the other inputs), WORK (default /tmp/jobgate-speed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
BASE=${BASE:-beb73a5}
WORK=${WORK:-/tmp/jobgate-speed}
HELLO_PT=${HELLO_PT:-/work/fl-data/jobs/hello-world_hello-pt/hello-pt}
[ -x "$PY" ] || { echo "no interpreter at $PY (set PY)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 2; }
BANDIT=$(dirname "$PY")/bandit
mkdir -p "$WORK"
unset PYTHONDONTWRITEBYTECODE  # bytecode cached, as an installed copy has it

worktree() {  # worktree REF -> path of a detached worktree of REF under $WORK
    local dir=$WORK/tree-$1
    [ -d "$dir" ] || git -C "$ROOT" worktree add --quiet --detach "$dir" "$1"
    echo "$dir"
}

inputs=("$@")
if [ ${#inputs[@]} -eq 0 ]; then
    subset=$WORK/stdlib_subset
    [ -d "$subset" ] || "$PY" -c "import sys; sys.path.insert(0, sys.argv[1]); import run; run.stdlib_subset(run.Path(sys.argv[2]))" \
        "$ROOT/bench" "$subset"
    inputs=("$subset")
    [ -d "$HELLO_PT" ] && inputs+=("$HELLO_PT")
fi

names=(baseline)
cmds=("cd $(worktree "$BASE") && $PY -c 'import os; os.cpu_count = lambda: 1; from analyzer.cli import main; main()' scan --format json")
if [ -n "${START:-}" ]; then
    names+=(start)
    cmds+=("cd $(worktree "$START") && $PY -m analyzer.commands.cli scan --no-cache --jobs 1 --format json")
fi
names+=(current bandit)
cmds+=("cd $ROOT && $PY -m analyzer.commands.cli scan --no-cache --jobs 1 --format json"
       "$BANDIT -q -r -f json -o /dev/null")

for input in "${inputs[@]}"; do
    lines=$(find "$input" -name '*.py' -print0 | xargs -0 cat | wc -l)
    runs=${RUNS:-$([ "$input" = "${WORK}/stdlib_subset" ] && echo 3 || echo 10)}
    echo "== $input: $lines lines of Python, $runs runs"
    args=()
    for i in "${!names[@]}"; do
        args+=(-n "${names[$i]}" "${cmds[$i]} $input > /dev/null")
    done
    hyperfine --warmup 1 --runs "$runs" -i --export-json "$WORK/$(basename "$input").json" "${args[@]}"
    for i in "${!names[@]}"; do
        status=0
        /usr/bin/time -f "%M" -o "$WORK/rss" bash -c "${cmds[$i]} $input > /dev/null 2>&1" || status=$?
        case $status in 0|1|3) ;; *) echo "${names[$i]} failed with exit status $status" >&2; exit 1 ;; esac
        printf '  %-9s peak RSS %6d MiB\n' "${names[$i]}" $(( $(tail -1 "$WORK/rss") / 1024 ))
    done
done
