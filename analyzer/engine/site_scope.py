"""What the site never runs is shown, not weighed: the capabilities of files the site provably never runs.

A file detector marks each file of a folder that nothing run at the site can import (detectors/not_run.py: a Flower
app's ServerApp, strategy, scripts and notebooks, unvouched.not-run-at-site; an NVFlare launcher,
unvouched.launcher-not-run). What such a file would need a person for (a use the catalogue does not list, a value
of unknown provenance: a capability) is a capability the site never grants: it stays in the report, said to be not
weighed, and the score and decision leave it out. Every threat found there still counts (hostile code has no place
in a job, and the gate's view of what runs could be wrong), as does a file the gate could not read (it cannot say no
threat hides there), and every finding of a file the site may run. This is the one place where adding a file can
lower a verdict (a pyproject.toml naming the ClientApp, an import of NVFlare's job-building API), deliberately: what
it marks then never runs at the site. The one kind of threat not weighed there is the site's data leaving the site
(_SITE_EGRESS): a file the site never runs has none of the site's data to send.
"""

from __future__ import annotations

import dataclasses

from ..model import Finding

NOT_RUN = frozenset({"unvouched.not-run-at-site", "unvouched.launcher-not-run"})
# Threats that are the site's data leaving the site, through the FL update or the job log (update-channel-leak) or
# a tracker the job starts (telemetry-egress.remote-tracker): in a file the site never runs they describe what a
# Flower ServerApp sends its clients, or logs to W&B from the server, or what a launcher builds on the submitter's
# machine, none of it the site's (Flower's advanced-pytorch strategy.py: wandb.init in the ServerApp's strategy).
# A tracker or an update of the ClientApp's, or of anything it reaches, still counts.
_SITE_EGRESS = ("update-channel-leak.", "telemetry-egress.remote-tracker")


def weighed(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(the findings to report, those the score and decision weigh)."""
    not_run = {f.path for f in findings if f.rule in NOT_RUN}
    if not not_run:
        return findings, findings
    shown, counted = [], []
    for f in findings:
        if ((f.kind == "capability" or f.rule.startswith(_SITE_EGRESS)) and f.category != "unanalyzable"
                and f.rule not in NOT_RUN and f.path.partition("[cell ")[0] in not_run):
            f = dataclasses.replace(f, never_accept=False, message=f"{f.message} (not weighed: the site never "
                                    "runs this file)")
        else:
            counted.append(f)
        shown.append(f)
    return shown, counted
