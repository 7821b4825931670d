"""bandit as an extra engine, in-process, with `# nosec` ignored.

bandit's checks overlap jobgate's rules and are noisy on training code
(asserts, `random`, `/tmp` paths, "hard-coded passwords"). Only its checks
that map onto a jobgate category are reported, one severity step lower than
bandit says, so they corroborate rather than decide.
"""

from __future__ import annotations

import logging
from pathlib import Path

from . import failed
from ...model import Finding
from ...policy import Policy

# bandit test id -> jobgate category (bandit's docs: "Test plugins", "Blacklist plugins").
CATEGORIES = {
    "B102": "dynamic-code", "B307": "dynamic-code",  # exec, eval
    "B301": "deserialization", "B302": "deserialization", "B403": "deserialization", "B506": "deserialization",
    "B614": "deserialization",  # pickle, marshal, yaml.load, torch.load
    "B310": "network", "B312": "network", "B321": "network", "B401": "network", "B402": "network",
    "B104": "network", "B113": "network", "B501": "network",  # urlopen, telnet, ftp, bind, requests
    "B404": "subprocess", "B602": "subprocess", "B603": "subprocess", "B604": "subprocess",
    "B605": "subprocess", "B606": "subprocess", "B607": "subprocess", "B609": "subprocess",
    "B615": "remote-code",  # huggingface unsafe download
    "B103": "file-exfiltration",  # permissive chmod
}
_LOWER = {"HIGH": "medium", "MEDIUM": "low", "LOW": "info", "UNDEFINED": "info"}


def run(root: Path, paths: list[str], policy: Policy) -> list[Finding]:
    try:
        from bandit.core import config, manager
        from bandit.core.docs_utils import get_url
    except ImportError as err:
        raise RuntimeError("bandit is not installed (pip install 'jobgate[bandit]')") from err
    logging.getLogger("bandit").setLevel(logging.ERROR)
    mgr = manager.BanditManager(config.BanditConfig(), "file", quiet=True, ignore_nosec=True)
    mgr.discover_files([str(root / p) for p in paths])
    mgr.run_tests()
    # A file bandit gave up on (an exception in one of its checks ends the whole file) has no second
    # opinion: the site asked for one, so that file is this engine's failure, beside its other findings.
    findings = [failed("bandit", f"gave up on this file ({why})", Path(name).relative_to(root).as_posix())
                for name, why in mgr.get_skipped()]
    for issue in mgr.get_issue_list():
        category = CATEGORIES.get(issue.test_id)
        if category is None:
            continue
        rel = Path(issue.fname).relative_to(root).as_posix()
        findings.append(Finding(
            rule=f"bandit.{issue.test_id}", category=category, severity=_LOWER[issue.severity],
            confidence=issue.confidence.lower() if issue.confidence in ("LOW", "MEDIUM", "HIGH") else "low",
            path=rel, line=issue.lineno, column=getattr(issue, "col_offset", 0) or 0,
            message=f"{issue.test}: {issue.text}", engine="bandit",
            why="bandit, run as a second opinion (--engines or the policy's `engines`).",
            fix=f"Rewrite the code without what bandit reports ({get_url(issue.test_id)} says why and how), "
                "or ask the site's reviewer to approve the job.",
        ))
    return findings
