"""Whether two JSON reports of the same targets (`scan --format json`, two trees or two runs) hold the same findings.

    python bench/compare_findings.py OLD.json NEW.json

A finding is (target, rule, path, line); the reports must hold the same ones, as many times each, and decide every
target alike. Messages (which origins a flow finding names, its "(and N more)") may differ: they are counted and a
few shown. Exit status 0 when findings and decisions agree, 1 otherwise.
"""

from __future__ import annotations

import collections
import json
import sys


def _load(path: str) -> tuple[collections.Counter, dict, dict]:
    found: collections.Counter = collections.Counter()
    messages: dict[tuple, list] = collections.defaultdict(list)
    decisions: dict[str, str] = {}
    for report in json.load(open(path))["reports"]:
        target = report["target"]
        decisions[target] = report["decision"]
        for f in report["findings"]:
            key = (target, f["rule"], f["path"], f["line"])
            found[key] += 1
            messages[key].append(json.dumps(f, sort_keys=True))
    return found, messages, decisions


def main() -> int:
    old, new = _load(sys.argv[1]), _load(sys.argv[2])
    gone, added = old[0] - new[0], new[0] - old[0]
    print(f"findings {sum(old[0].values())} -> {sum(new[0].values())}; only in the first {sum(gone.values())}, "
          f"only in the second {sum(added.values())}")
    for key in sorted(gone)[:20]:
        print("  -", *key)
    for key in sorted(added)[:20]:
        print("  +", *key)
    changed = [k for k in old[1] if k in new[1] and sorted(old[1][k]) != sorted(new[1][k])]
    print(f"messages differing {len(changed)}")
    for key in changed[:5]:
        print("  ~", *key)
    differ = {t: (d, new[2].get(t)) for t, d in old[2].items() if new[2].get(t) != d}
    print(f"decisions differing {len(differ)}", differ or "")
    return 1 if gone or added or differ or old[2].keys() != new[2].keys() else 0


if __name__ == "__main__":
    sys.exit(main())
