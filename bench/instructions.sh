#!/usr/bin/env bash
# The instructions one scan of INPUT executes (valgrind callgrind's "I refs"), once per jobgate tree.
#
#   bench/instructions.sh INPUT TREE [TREE ...]     e.g. bench/instructions.sh "$HELLO_PT" /tmp/main-tree .
#
# On a machine shared with other work, a small job's wall and CPU times vary by 10% or more from run to
# run, which hides a change of a few percent; the count of instructions hardly moves. The scan runs in the
# calling process (api._within_budget, the limited child, is not forked, as the tests' `in_process`
# fixture does) with no result cache, after one plain run (the tree's bytecode compiled, its configuration kept in
# the default cache folder, as every start after the first finds them). A callgrind run takes about
# a hundred times the scan's own time: meant for small inputs.
# Environment: PY (interpreter of the venv, default .venv/bin/python of this tree).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PY=${PY:-$ROOT/.venv/bin/python}
[ $# -ge 2 ] || { echo "usage: $0 INPUT TREE [TREE ...]" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind missing: apt-get install -y valgrind" >&2; exit 2; }
input=$1
shift
unset PYTHONDONTWRITEBYTECODE
SCAN='import os, sys
from analyzer.commands import cli  # first, as `python -m analyzer.commands.cli` imports it
from analyzer import api
api._within_budget = lambda fn, args, policy, apart=None: fn(*args)
sys.stdout = open(os.devnull, "w")
try:
    cli.main(["scan", "--no-cache", "--format", "json", sys.argv[1]], standalone_mode=False)
except SystemExit:
    pass'
for tree in "$@"; do
    tree=$(cd "$tree" && pwd)
    (cd "$tree" && "$PY" -m compileall -q analyzer >/dev/null)
    (cd "$tree" && PYTHONPATH=. "$PY" -c "$SCAN" "$input")  # fills the cache folder's config/ area, as a start finds it
    refs=$(cd "$tree" && PYTHONPATH=. valgrind --tool=callgrind --callgrind-out-file=/dev/null \
           "$PY" -c "$SCAN" "$input" 2>&1 | sed -n 's/.*I *refs: *//p')
    printf '%-50s %s instructions\n' "$tree" "$refs"
done
