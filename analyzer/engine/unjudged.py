"""Findings the gate raises about itself: what it could not judge, and why.

Each one is `unanalyzable`, high, never_accept: a crash, a limit or a bug in
one piece of the gate escalates the job and names the cause, and it is added
beside every other finding, never in place of them. Tracebacks go to the
`jobgate` debug log, never into a report or to the submitter.
"""

from __future__ import annotations

from ..model import Finding

# What a worker failure means, for the report (isolate.Failure.cause -> text).
_WORKER_CAUSES = {
    "worker-crashed": "the analysis worker died ({detail})",
    "time-limit": "analysis ran past the policy's time limit ({detail})",
    "memory-limit": "analysis ran past the policy's memory limit ({detail})",
}
# Their rules: a report holding one was not analysed to its end (`jobgate eval` counts such a sample apart).
WORKER_FAILURES = frozenset(f"unanalyzable.{cause}" for cause in _WORKER_CAUSES)


def unjudged(rule: str, path: str, message: str, line: int = 0, why: str = "", fix: str = "") -> Finding:
    return Finding(
        rule=rule, category="unanalyzable", severity="high", confidence="high", path=path, line=line, column=0,
        message=message, engine="jobgate", never_accept=True,
        why=why or "The gate only accepts what it has judged in full; a person must look at this.",
        fix=fix,
    )


def piece_failed(piece: str, path: str, err: BaseException) -> Finding:
    """One rule, detector, decoder or engine failed on one file (its other findings stand)."""
    import logging  # here: a scan where nothing fails never imports it

    logging.getLogger("jobgate").debug("jobgate: %s failed on %s", piece, path or "the job", exc_info=err)
    return unjudged(
        "unanalyzable.internal-error", path, f"{piece} failed on this file: {type(err).__name__}: {str(err)[:200]}",
        why="An error inside one part of the gate must never let content through, nor hide what the other parts found.",
        fix="Report this to the jobgate maintainers with the file.",
    )


def worker_failed(cause: str, path: str, detail: str, limit: str = "") -> Finding:
    """The isolated worker analysing `path` (or the whole job, path "") crashed or ran out of budget."""
    named = f"; policy {limit}" if limit else ""
    return unjudged(
        f"unanalyzable.{cause}", path, _WORKER_CAUSES[cause].format(detail=detail) + named,
        why="Input that crashes or exhausts the analyser may be built to do so; it is never accepted unread.",
        fix="Simplify the file (less nesting, smaller literals), or ask the site to review it.",
    )


def over_limit(limit: str, path: str, message: str, line: int = 0, outcome: str = "not analysed") -> Finding:
    """A file or job past one of the policy's `limits` (the limit is in the rule id and the message)."""
    return unjudged(
        f"unanalyzable.limit-{limit.removeprefix('max_').replace('_', '-')}", path,
        f"{message} (policy limits.{limit}); {outcome}", line,
        why="Past a limit the gate cannot judge the content within its budget.",
        fix=f"Stay within limits.{limit}, or ask the site to review the job.",
    )
