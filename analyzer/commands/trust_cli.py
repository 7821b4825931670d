"""The trust commands of `jobgate`: keys, approvals, the allowlist, the review queue.

A thin shell over keys.py, allowlist.py, store.py and review.py. Exit codes:
0 ok, 1 verification failure / not found / refused, 2 usage or configuration
error (always a one-line message naming the file, never a traceback).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Callable

import click

from ..trust import allowlist, keys, review, store
from ..trust.allowlist import AllowlistDamaged
from ..engine.collect import Content, collect
from ..engine.digest import is_digest
from ..model import GateError, Report
from ..policy import Policy, load_policy
from ..reports import html as html_report


class _Fail(click.ClickException):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.exit_code = code

    def show(self, file: Any = None) -> None:
        click.echo(f"jobgate: {self.format_message()}", err=True)


class Refused(Exception):
    """A request the gate will not carry out (exit 1)."""


def _guard(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (AllowlistDamaged, LookupError, Refused, store.CopyDamaged) as err:
            raise _Fail(str(err.args[0]) if err.args else str(err), 1) from None
        except GateError as err:
            raise _Fail(str(err), 2) from None
        except OSError as err:
            raise _Fail(f"{err.filename or ''}: {err.strerror}", 2) from None
    return wrapper


_policy_opt = click.option("--policy", "policy_path", type=click.Path(dir_okay=False),
                           help="Site policy YAML (default: the built-in policy).")
_key_opt = click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False),
                        help="Your private key (NAME.key from `jobgate keygen`).")
_allowlist_opt = click.option("--allowlist", "allowlist_path", required=True, envvar="JOBGATE_ALLOWLIST",
                              type=click.Path(dir_okay=False), help="The site's allowlist file (JSON Lines).")
_store_opt = click.option("--store", "store_path", type=click.Path(file_okay=False),
                          help="Content store (default: <allowlist>.store/ beside the allowlist).")
_queue_opt = click.option("--queue", "queue_path", required=True, envvar="JOBGATE_QUEUE",
                          type=click.Path(file_okay=False), help="The review queue folder.")
_note_opt = click.option("--note", default="", help="Why (recorded in the signed entry).")


def _store_dir(store_path: str | None, allowlist_path: str | Path) -> Path:
    return Path(store_path) if store_path else store.default_store(allowlist_path)


def _warn_if_untrusted(key_id: str, policy: Policy, role: str = "reviewer") -> None:
    trust = allowlist.trusted(policy)
    ok = key_id == trust.gate if role == "gate" else key_id in trust.reviewers
    if not ok:
        where = "trust.gate" if role == "gate" else "trust.reviewers"
        click.echo(f"warning: key {key_id} is not in {where} of policy {policy.source}; "
                   "this signature does not count under it", err=True)


def _status(path: Path, digest: str, policy: Policy) -> str:
    cov = allowlist.check(path, digest, policy)
    return ("covered: " if cov.covered else "not covered: ") + cov.reason


def _gate_decision(target: str | Path, policy: Policy, app_name: str | None = None) -> str | None:
    """What the gate itself decides today, so that an entry says what it overrides."""
    try:
        from ..api import scan
    except ImportError:
        return None
    return scan(target, policy, app_name=app_name).decision.value


def _collect_whole(path: str, policy: Policy) -> Content:
    content = collect(path, policy.limits)
    if not content.complete:
        why = "; ".join(f.message for f in content.findings if f.never_accept)[:300]
        raise Refused(f"{path}: not collected whole ({why}); its digest cannot be approved "
                      "(raise the policy's limits to review it)")
    return content


def _rules(policy: Policy) -> str:
    """The digest of the rule packs a decision signed now is taken under."""
    from ..engine.rules import load_rules

    return str(load_rules(policy).digest)


# ---------------------------------------------------------------- keys

@click.command()
@click.option("--out", required=True, type=click.Path(), help="DIR/NAME: writes NAME.key (0600) and NAME.pub.")
@_guard
def keygen(out: str) -> None:
    """Make an Ed25519 key pair for a reviewer or for the site's gate."""
    priv, pub, kid = keys.generate(out)
    click.echo(f"wrote {priv} (private: keep it secret) and {pub} (public: list it in the policy's trust)")
    click.echo(f"key id {kid}")


# ----------------------------------------------------------- decisions

def _sign_path(path: str, key_path: str, allowlist_path: str, policy_path: str | None,
               store_path: str | None, note: str, decision: str) -> None:
    policy = load_policy(policy_path)
    key = keys.load_private(key_path)
    content = _collect_whole(path, policy)
    gate = _gate_decision(path, policy)
    if decision == "approved":  # keep what was approved, for diffs and recheck
        store.put(_store_dir(store_path, allowlist_path), content)
    entry = allowlist.sign_decision(
        allowlist_path, key, digest=content.digest, name=content.name, decision=decision, by="reviewer",
        policy=policy, rules=_rules(policy), files={f.path: f.sha256 for f in content.files}, note=note,
        gate_decision=gate)
    _warn_if_untrusted(entry["signer"], policy)
    extra = f" (overrides the gate's {entry['overrode']})" if entry["overrode"] else ""
    click.echo(f"{allowlist_path}:{entry.line}: {decision} {content.digest} ({content.name}) "
               f"signed by {entry['signer']}{extra}")
    click.echo(_status(Path(allowlist_path), content.digest, policy))


@click.command()
@click.argument("path", type=click.Path(exists=True))
@_key_opt
@_allowlist_opt
@_note_opt
@_policy_opt
@_store_opt
@_guard
def approve(path: str, key_path: str, allowlist_path: str, note: str, policy_path: str | None,
            store_path: str | None) -> None:
    """Sign an approval of the job at PATH (co-signers run the same command)."""
    _sign_path(path, key_path, allowlist_path, policy_path, store_path, note, "approved")


@click.command()
@click.argument("path", type=click.Path(exists=True))
@_key_opt
@_allowlist_opt
@_note_opt
@_policy_opt
@_guard
def reject(path: str, key_path: str, allowlist_path: str, note: str, policy_path: str | None) -> None:
    """Sign a rejection of the job at PATH (cancels earlier approvals of it)."""
    _sign_path(path, key_path, allowlist_path, policy_path, None, note, "rejected")


@click.command()
@click.argument("digest")
@_key_opt
@_allowlist_opt
@click.option("--reason", default="", help="Why (recorded in the signed entry).")
@_policy_opt
@_guard
def revoke(digest: str, key_path: str, allowlist_path: str, reason: str, policy_path: str | None) -> None:
    """Revoke every earlier approval of DIGEST."""
    if not is_digest(digest):
        raise click.UsageError(f"{digest!r} is not a content digest (sha256:<64 hex>)")
    policy = load_policy(policy_path)
    key = keys.load_private(key_path)
    ledger = allowlist.read(allowlist_path)
    earlier = [e for e in ledger.entries if e["digest"] == digest]
    if not earlier:
        raise LookupError(f"{allowlist_path}: no entry for {digest}")
    kid = keys.key_id(key.public_key())
    trust = allowlist.trusted(policy)
    role = "gate" if kid == trust.gate and kid not in trust.reviewers else "reviewer"
    entry = allowlist.sign_decision(allowlist_path, key, digest=digest, name=earlier[-1]["name"],
                                    decision="revoked", by=role, policy=policy, rules=_rules(policy), note=reason)
    _warn_if_untrusted(kid, policy, role)
    click.echo(f"{allowlist_path}:{entry.line}: revoked {digest} ({entry['name']}) signed by {kid}")
    click.echo(_status(Path(allowlist_path), digest, policy))


# ----------------------------------------------------------- allowlist

@click.group("allowlist")
def allowlist_group() -> None:
    """Check and maintain the site's allowlist."""


@allowlist_group.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@_policy_opt
@_guard
def verify(file: str, policy_path: str | None) -> None:
    """Check the hash chain and every signature of FILE."""
    if not Path(file).is_file():
        raise LookupError(f"{file}: no such allowlist")
    policy = load_policy(policy_path)
    trust = allowlist.trusted(policy)
    ledger = allowlist.read(file)
    untrusted = sum(1 for e in ledger.entries if trust.role(e) is None)
    if ledger.damage is not None:
        raise AllowlistDamaged(Path(file), ledger.damage.line,
                               f"{ledger.damage.why}; the {len(ledger.entries)} entries before it are intact"
                               + ("" if ledger.damage.partial else "; nothing is accepted from it until "
                                                                   "`jobgate allowlist repair --policy P --key GATE_KEY`"))
    click.echo(f"{file}: {len(ledger.entries)} entries, hash chain and signatures intact; head {ledger.head}")
    if untrusted:
        click.echo(f"warning: {untrusted} entries are signed by keys that {policy.source} does not trust "
                   "(they do not count)")


@allowlist_group.command("recheck")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--policy", "policy_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Site policy YAML: the rules and thresholds to judge under, and its trust.gate key.")
@click.option("--key", "key_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The site's gate private key (policy trust.gate).")
@_store_opt
@_guard
def recheck(file: str, policy_path: str, key_path: str, store_path: str | None) -> None:
    """Re-scan auto-accepted content under today's rules; revoke what would no longer be accepted."""
    policy = load_policy(policy_path)
    from ..api import scan  # the analysis: heavy, and only this command needs it

    results = allowlist.recheck(Path(file), policy, Path(key_path), _store_dir(store_path, file),
                                lambda target, app_name, launcher, site: scan(target, policy, app_name=app_name,
                                                                                 job_meta=launcher, site=site),
                                _rules(policy))
    for r in results:
        click.echo(f"{r.outcome:8} {r.digest} ({r.name}): {r.detail}")
    skipped = sum(r.outcome == "skipped" for r in results)
    revoked = sum(r.outcome == "revoked" for r in results)
    click.echo(f"{len(results)} auto-accepted digests rechecked: {revoked} revoked, {skipped} could not be rechecked")
    if skipped:
        raise click.exceptions.Exit(1)


@allowlist_group.command("repair")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@_policy_opt
@click.option("--key", "key_path", type=click.Path(exists=True, dir_okay=False),
              help="The site's gate private key (policy trust.gate): needed when whole lines are damaged.")
@_guard
def repair(file: str, policy_path: str | None, key_path: str | None) -> None:
    """Make a damaged allowlist usable again without accepting anything it would not have.

    A partial last line (an interrupted write) is set aside. Damaged lines are
    moved to FILE.damaged-*, and every digest they may have been about is held
    (signed with the gate key) until reviewers approve it again."""
    policy = load_policy(policy_path) if key_path else None
    done = allowlist.repair(file, policy, Path(key_path) if key_path else None)
    if done is None:
        raise Refused(f"{file}: intact, nothing to repair")
    what = "partial entry" if done.damage.partial else "damaged lines from here on"
    click.echo(f"{file}:{done.damage.line}: {what} moved to {done.side_file}")
    for digest in done.held:
        click.echo(f"held {digest}: needs the policy's reviewer approvals again")
    if done.held:
        click.echo(f"{len(done.held)} digest(s) held; approve them again with `jobgate approve` "
                   "or `jobgate review approve`")


# -------------------------------------------------------------- review

@click.group("review")
def review_group() -> None:
    """The queue of escalated jobs waiting for a human decision."""


@review_group.command("list")
@_queue_opt
@click.option("--allowlist", "allowlist_path", type=click.Path(dir_okay=False), envvar="JOBGATE_ALLOWLIST",
              help="Also show whether each item is covered.")
@_policy_opt
@click.option("--json", "as_json", is_flag=True, help="One JSON object per item.")
@_guard
def review_list(queue_path: str, allowlist_path: str | None, policy_path: str | None, as_json: bool) -> None:
    """List queued jobs."""
    items = review.list_items(Path(queue_path))
    policy = load_policy(policy_path) if allowlist_path else None
    for m in items:
        status = _review_status(m)
        if allowlist_path and policy is not None and is_digest(str(m.get("digest"))):
            status = "covered" if allowlist.check(allowlist_path, m["digest"], policy).covered else status
        if as_json:
            click.echo(json.dumps({k: m.get(k) for k in ("id", "name", "digest", "time", "gate_decision")}
                                  | {"status": status}))
        else:
            click.echo(f"{m.get('id')}  {m.get('gate_decision', '?'):8}  {status:16}  {m.get('time')}  "
                       f"{review.printable(str(m.get('name')))}")
    if not items and not as_json:
        # a mistyped --queue must not read as an empty queue
        click.echo(f"{queue_path}: no queued jobs" + ("" if Path(queue_path).is_dir() else " (no such folder)"))


def _review_status(meta: dict) -> str:
    if meta.get("broken"):
        return "unreadable"
    revs = meta.get("reviews", [])
    if not revs:
        return "pending"
    last = revs[-1]["decision"]
    n = sum(r["decision"] == "approved" for r in revs)
    return "rejected" if last == "rejected" else f"approved x{n}"


@review_group.command("show")
@click.argument("ident", metavar="ID")
@_queue_opt
@click.option("--allowlist", "allowlist_path", type=click.Path(dir_okay=False), envvar="JOBGATE_ALLOWLIST",
              help="Show what changed since the last approved version of this job.")
@_policy_opt
@_store_opt
@click.option("--format", "fmt", type=click.Choice(["text", "html"]), default="text", show_default=True,
              help="html: the scan report's page (source with findings in place), with the diff.")
@_guard
def review_show(ident: str, queue_path: str, allowlist_path: str | None, policy_path: str | None,
                store_path: str | None, fmt: str) -> None:
    """Show a queued job's findings with code context, and its changes since the last approval."""
    item = review.load(Path(queue_path), ident)
    changes = _approved_changes(item, Path(allowlist_path), load_policy(policy_path),
                                _store_dir(store_path, allowlist_path)) if allowlist_path else None
    if fmt == "html":
        view = html_report.UnitView(Report.from_json(item.report), item.copy.name, item.copy.read, changes)
        click.echo(html_report.page([view]), nl=False)
        return
    rep, copy, p = item.report, item.copy, review.printable
    click.echo(f"{item.id}  {p(copy.name)}  {copy.digest}")
    click.echo(f"gate decision: {rep.get('decision')} (score {rep.get('score')}); queued {item.meta.get('time')}, "
               f"{item.meta.get('submissions', 1)} submission(s)")
    for reason in rep.get("reasons", []):
        click.echo(f"  - {p(str(reason))}")
    for path, why in sorted(copy.not_copied.items()):
        click.echo(f"not copied: {p(path)}: {p(why)}")
    if copy.launcher is not None:
        # Every byte of them is in the digest a signature covers, not only the keys the gate judges.
        click.echo("launcher settings of meta.json (in the digest):")
        for line in json.dumps(copy.launcher, indent=2, sort_keys=True).splitlines():
            click.echo(f"  {p(line)}")
    findings = rep.get("findings", [])
    click.echo(f"\n{len(findings)} finding(s):")
    for f in findings:
        line, column = int(f.get("line") or 0), int(f.get("column") or 0) + 1  # 1-based, as editors count
        at = p(str(f.get("path"))) + (f":{line}:{column}" if line else "")  # line 0: the file as a whole
        click.echo(f"{at}: {f.get('severity')} [{f.get('rule')}] {p(str(f.get('message')))}")
        for ln in review.context(item, str(f.get("path")), int(f.get("line") or 0)):
            click.echo(ln)
    if isinstance(changes, str):
        click.echo(f"\n{changes}")
    elif changes is not None:
        _print_changes(changes)


def _approved_changes(item: review.Item, allowlist_path: Path, policy: Policy,
                      store_dir: Path) -> html_report.Changes | str:
    """What changed since the last approved version of the queued job, or why nothing can be compared."""
    ledger = allowlist.read(allowlist_path)
    trust = allowlist.trusted(policy)
    name, digest = item.copy.name, item.copy.digest
    earlier = [e for e in ledger.entries
               if e["name"] == name and e["digest"] != digest and e["decision"] == "approved" and e["files"]]
    if not earlier:
        return f"no earlier approved version of {review.printable(name)!r} in {allowlist_path}"
    # The latest version that is covered under the policy, else the latest one signed at all.
    covered = [e for e in earlier if allowlist.coverage(ledger, e["digest"], trust).covered]
    prev = (covered or earlier)[-1]
    label = "approved" if covered else "signed but not covered under the policy"
    ch = review.changes(prev["files"], item.copy.files)
    old_copy = store.load_digest(store_dir, prev["digest"])
    notes = [] if old_copy is not None else [f"(no copy of the approved version in {store_dir}: "
                                              "file diffs not available)"]
    files = []
    for kind in ("added", "removed", "modified"):
        for path in ch[kind]:
            new = item.copy.read(path) if path in item.copy.files else None
            old = old_copy.read(path) if old_copy is not None and path in prev["files"] else None
            if (path in prev["files"] and old is None) or (path in item.copy.files and new is None):
                diff = [f"    {review.printable(path)}: not copied, no diff"]
            else:
                diff = review.diff(path, old, new, f"approved {prev['digest'][:19]}")
            files.append(html_report.FileChange(kind, path, diff))
    return html_report.Changes(f"since {prev['digest']} ({label}, {allowlist_path}:{prev.line}, {prev['time']})",
                               files, notes)


def _print_changes(changes: html_report.Changes) -> None:
    click.echo(f"\nchanges {changes.since}:")
    for fc in changes.files:
        click.echo(f"  {fc.kind:8} {review.printable(fc.path)}")
    if not changes.files:
        click.echo("  none (same files; the digest differs only in completeness)")
    for note in changes.notes:
        click.echo(note)
    for fc in changes.files:
        for ln in fc.diff:
            click.echo(ln)


def _review_sign(ident: str, queue_path: str, key_path: str, allowlist_path: str, note: str,
                 policy_path: str | None, store_path: str | None, decision: str) -> None:
    policy = load_policy(policy_path)
    key = keys.load_private(key_path)
    item = review.load(Path(queue_path), ident)  # checks the copy against its digest
    if not item.meta.get("complete", True):
        raise Refused(f"{item.copy.root}: the job was not collected whole; its digest cannot be approved")
    if decision == "approved" and item.copy.not_copied:
        # A reviewer signs what they saw: a file the queue holds no copy of was never shown.
        listing = "; ".join(f"{review.printable(p)} ({review.printable(why)})"
                            for p, why in sorted(item.copy.not_copied.items())[:5])
        raise Refused(f"{item.copy.root}: {len(item.copy.not_copied)} file(s) were not copied to the queue, so "
                      f"they cannot be reviewed here: {listing}. Review the job's own folder and sign it with "
                      "`jobgate approve PATH`")
    if decision == "approved":
        store.put_copy(_store_dir(store_path, allowlist_path), item.copy)
    entry = allowlist.sign_decision(
        allowlist_path, key, digest=item.copy.digest, name=item.copy.name, decision=decision, by="reviewer",
        policy=policy, rules=_rules(policy), files=item.copy.files, note=note,
        gate_decision=item.meta.get("gate_decision"))
    review.record_review(Path(queue_path), item, entry["signer"], decision, entry.line)
    _warn_if_untrusted(entry["signer"], policy)
    click.echo(f"{allowlist_path}:{entry.line}: {decision} {item.copy.digest} ({review.printable(item.copy.name)}) "
               f"signed by {entry['signer']}")
    click.echo(_status(Path(allowlist_path), item.copy.digest, policy))


@review_group.command("approve")
@click.argument("ident", metavar="ID")
@_queue_opt
@_key_opt
@_allowlist_opt
@_note_opt
@_policy_opt
@_store_opt
@_guard
def review_approve(ident: str, queue_path: str, key_path: str, allowlist_path: str, note: str,
                   policy_path: str | None, store_path: str | None) -> None:
    """Sign an approval of a queued job's digest."""
    _review_sign(ident, queue_path, key_path, allowlist_path, note, policy_path, store_path, "approved")


@review_group.command("reject")
@click.argument("ident", metavar="ID")
@_queue_opt
@_key_opt
@_allowlist_opt
@_note_opt
@_policy_opt
@_guard
def review_reject(ident: str, queue_path: str, key_path: str, allowlist_path: str, note: str,
                  policy_path: str | None) -> None:
    """Sign a rejection of a queued job's digest."""
    _review_sign(ident, queue_path, key_path, allowlist_path, note, policy_path, None, "rejected")


# The `jobgate` group loads this module only when one of these is asked for.
COMMANDS = {cmd.name: cmd for cmd in (keygen, approve, reject, revoke, allowlist_group, review_group)}
