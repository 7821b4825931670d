"""Allowlist: the site's signed, hash-chained record of decisions on digests.

One JSON object per line (JSON Lines), in canonical form (sorted keys, no
spaces, ASCII). Each line carries `prev`, the sha256 of the previous line's
bytes, and `sig`, an Ed25519 signature by `signer` over every other field.
Only two things put a digest on the list: an auto-accept signed by the
site's gate key, or enough approvals signed by trusted reviewer keys.

Reading stops at the first damaged line (not JSON, not canonical, chain
broken, bad signature, or a partial line left by an interrupted write): the
entries before it still count, none after it do. An entry whose signer the
policy does not trust is not damage; it just does not count.

Writers take `<file>.lock`, re-read the tail under the lock, and write one
whole line with a single append, then fsync. A write killed midway leaves a
last line without its newline; the next writer moves that fragment to
`<file>.partial-<time>` (keeping it as evidence) and truncates it before
appending. No complete line is ever rewritten or removed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from filelock import FileLock, Timeout

from . import keys, store
from .collect import Content
from .digest import is_digest
from .model import Approval, Decision, GateError, Report
from .policy import Policy

log = logging.getLogger("jobgate.allowlist")

GENESIS = "sha256:" + "0" * 64  # `prev` of the first line
DECISIONS = ("approved", "rejected", "revoked")
ROLES = ("gate", "reviewer")
# Domain separation: an allowlist signature can never be replayed as another message.
SIGN_CONTEXT = b"jobgate-allowlist-v1\n"
LOCK_TIMEOUT = 120.0

_FIELDS: dict[str, type | tuple[type, ...]] = {
    "v": int, "seq": int, "prev": str, "digest": str, "name": str, "decision": str, "by": str,
    "signer": str, "pubkey": str, "time": str, "note": str, "policy": str, "rules": str,
    "jobgate": str, "files": dict, "gate_decision": (str, type(None)), "overrode": (str, type(None)),
    "sig": str,
}


class AllowlistDamaged(Exception):
    """The file cannot be trusted from `line` on (the CLI exits 1)."""

    def __init__(self, path: Path, line: int, why: str):
        super().__init__(f"{path}:{line}: {why}")
        self.path, self.line, self.why = path, line, why


@dataclass(frozen=True)
class Entry:
    line: int
    fields: dict[str, Any]
    raw: bytes  # the line's bytes without the newline

    def __getitem__(self, key: str) -> Any:
        return self.fields[key]

    @property
    def hash(self) -> str:
        return _line_hash(self.raw)


@dataclass(frozen=True)
class Damage:
    line: int
    why: str
    partial: bool = False  # an interrupted write: a last line without its newline


@dataclass(frozen=True)
class Ledger:
    path: Path
    entries: tuple[Entry, ...]  # the good entries before any damage
    damage: Damage | None
    head: str  # hash of the last good line (GENESIS when there is none)


@dataclass(frozen=True)
class Coverage:
    """Whether a digest is on the allowlist under a policy.

    `approvals` lists the trusted approvals in effect (also when they are not
    yet enough). `blocked` means a trusted reviewer rejected or revoked the
    digest and enough approvals have not come since: the gate must not
    accept it on analysis, nor record an auto-accept for it."""

    covered: bool
    approvals: list[Approval]
    reason: str
    blocked: bool = False


# ---------------------------------------------------------------- encoding

def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _signed_bytes(fields: dict[str, Any]) -> bytes:
    return SIGN_CONTEXT + canonical({k: v for k, v in fields.items() if k != "sig"})


def _line_hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _check_line(raw: bytes, line: int, prev: str) -> tuple[Entry | None, str]:
    """An entry, or None and why this line is damaged."""
    try:
        fields = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None, "not a JSON object (corrupt line)"
    if not isinstance(fields, dict):
        return None, "not a JSON object (corrupt line)"
    for name, typ in _FIELDS.items():
        if name not in fields:
            return None, f"field {name!r} is missing"
        if not isinstance(fields[name], typ) or (typ is int and isinstance(fields[name], bool)):
            return None, f"field {name!r} has the wrong type"
    if fields["v"] != 1:
        return None, f"unknown entry version {fields['v']}"
    if canonical(fields) != raw:
        return None, "not in canonical form (edited by hand?)"
    if fields["seq"] != line:
        return None, f"sequence number {fields['seq']} where {line} was expected (line removed or inserted)"
    if fields["prev"] != prev:
        return None, "hash chain broken: 'prev' does not match the previous line (edited, removed or reordered)"
    if not is_digest(fields["digest"]) or fields["decision"] not in DECISIONS or fields["by"] not in ROLES:
        return None, "digest, decision or 'by' has an invalid value"
    try:
        public = keys.public_from_b64(fields["pubkey"])
    except ValueError:
        return None, "'pubkey' is not an Ed25519 public key"
    if keys.key_id(public) != fields["signer"]:
        return None, "'signer' is not the id of 'pubkey'"
    if not keys.verify(public, fields["sig"], _signed_bytes(fields)):
        return None, "bad signature (a field was changed after signing)"
    return Entry(line, fields, raw), ""


# ------------------------------------------------------------------ reading

# A long-lived process (NVFlare's client, checking every deployment) re-reads
# the same growing file: keep the last verified prefix and its sha256, and
# verify only what was appended since. Hashing the prefix again is cheap and
# still catches any in-place edit of it.
_verified: dict[Path, tuple[int, bytes, tuple[Entry, ...]]] = {}


def read(path: str | os.PathLike) -> Ledger:
    """Read and verify the whole file. A missing file is an empty ledger."""
    path = Path(path)
    data = _read_bytes(path)
    if data and not data.endswith(b"\n"):
        # A writer may be mid-line right now: wait for the lock and look again,
        # so that only a write that really died is reported as damage.
        try:
            with _lock(path):
                data = _read_bytes(path)
        except (OSError, Timeout):
            pass  # a read-only copy of the allowlist: report what is there
    key = path.absolute()
    start, entries = 0, []
    cached = _verified.get(key)
    if cached and len(data) >= cached[0] and hashlib.sha256(data[:cached[0]]).digest() == cached[1]:
        start, entries = cached[0], list(cached[2])
    lines = data[start:].split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline
    prev = entries[-1].hash if entries else GENESIS
    for number, raw in enumerate(lines, start=len(entries) + 1):
        entry, why = _check_line(raw, number, prev)
        if entry is None:
            return Ledger(path, tuple(entries), Damage(number, why), prev)
        entries.append(entry)
        prev = entry.hash
    good = len(data) - len(tail)
    _verified[key] = (good, hashlib.sha256(data[:good]).digest(), tuple(entries))
    damage = None
    if tail:
        damage = Damage(len(entries) + 1, f"truncated/partial entry ({len(tail)} bytes without a newline: "
                                          "an interrupted write)", partial=True)
    return Ledger(path, tuple(entries), damage, prev)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as err:
        raise GateError(f"{path}: cannot read allowlist: {err.strerror}") from None


def describe(damage: Damage, path: Path) -> str:
    after = "it is set aside by the next append" if damage.partial else "entries from here on do not count"
    return f"{path}:{damage.line}: {damage.why}; {after}"


# ------------------------------------------------------------------- trust

@dataclass(frozen=True)
class Trusted:
    gate: str | None
    reviewers: dict[str, str] = field(default_factory=dict)  # key id -> name
    required: int = 1

    def role(self, entry: Entry) -> str | None:
        """The entry's role if its signer is trusted in that role, else None."""
        if entry["by"] == "gate" and entry["signer"] == self.gate:
            return "gate"
        if entry["by"] == "reviewer" and entry["signer"] in self.reviewers:
            return "reviewer"
        return None

    def name(self, key_id: str) -> str:
        return "gate" if key_id == self.gate else self.reviewers.get(key_id, key_id)


def trusted(policy: Policy) -> Trusted:
    """The keys the policy trusts; an unreadable key file is a config error."""
    gate = None
    if policy.trust.gate is not None:
        gate = keys.key_id(keys.load_public(policy.trust.gate, "trust.gate public key"))
    reviewers: dict[str, str] = {}
    for i, p in enumerate(policy.trust.reviewers):
        kid = keys.key_id(keys.load_public(p, f"trust.reviewers[{i}] public key"))
        reviewers[kid] = Path(p).stem
    return Trusted(gate, reviewers, policy.trust.required_signatures)


@dataclass
class _State:
    gate: Entry | None = None
    reviewers: dict[str, Entry] = field(default_factory=dict)
    denial: Entry | None = None  # the latest trusted reviewer rejection/revocation
    gate_revocation: Entry | None = None
    untrusted: int = 0


def _state(entries: list[Entry], trust: Trusted) -> _State:
    """Replay one digest's entries in file order.

    A reviewer's rejection or revocation cancels every approval before it; a
    gate revocation (recheck) cancels only the gate's own auto-accept, since
    the gate may not undo a human decision."""
    st = _State()
    for e in entries:
        role = trust.role(e)
        if role is None:
            st.untrusted += 1
        elif e["decision"] == "approved" and role == "gate":
            st.gate = e
        elif e["decision"] == "approved":
            st.reviewers[e["signer"]] = e
        elif role == "reviewer":
            st.gate, st.reviewers, st.denial = None, {}, e
        else:
            st.gate, st.gate_revocation = None, e
    return st


def _approval(e: Entry, trust: Trusted) -> Approval:
    return Approval(key_id=e["signer"], signer=trust.name(e["signer"]), time=e["time"], note=e["note"])


def check(allowlist_file: str | os.PathLike, digest: str, policy: Policy) -> Coverage:
    """Is `digest` covered by trusted, valid, unrevoked approvals?"""
    path = Path(allowlist_file)
    if not path.exists():
        return Coverage(False, [], f"no allowlist at {path}")
    return coverage(read(path), digest, trusted(policy))


def coverage(ledger: Ledger, digest: str, trust: Trusted) -> Coverage:
    """`check` on a ledger already read."""
    path = ledger.path
    st = _state([e for e in ledger.entries if e["digest"] == digest], trust)
    in_effect = ([st.gate] if st.gate else []) + list(st.reviewers.values())
    approvals = [_approval(e, trust) for e in in_effect]
    n, need = len(st.reviewers), trust.required
    if st.gate is not None:
        covered, reason = True, f"auto-accepted by the gate key {st.gate['signer']} ({path}:{st.gate.line})"
    elif n >= need:
        names = ", ".join(a.signer for a in approvals)
        covered, reason = True, f"approved by {n} of {need} required trusted reviewers ({names})"
    elif st.denial is not None:
        d = st.denial
        covered, reason = False, (f"{d['decision']} by {trust.name(d['signer'])} at {d['time']} "
                                  f"({path}:{d.line}): {d['note'] or 'no reason given'}")
        if n:
            reason += f"; approved since by {n} of {need} required trusted reviewers"
    elif n:
        covered, reason = False, f"approved by {n} of {need} required trusted reviewers"
    elif st.gate_revocation is not None:
        covered, reason = False, f"auto-accept revoked by the gate ({path}:{st.gate_revocation.line}): " \
                                 f"{st.gate_revocation['note']}"
    else:
        covered, reason = False, f"no trusted approval for {digest} in {path}"
    if not trust.gate and not trust.reviewers:
        reason += " (the policy trusts no keys: set trust.gate / trust.reviewers)"
    if st.untrusted:
        reason += f"; {st.untrusted} entr{'y' if st.untrusted == 1 else 'ies'} by keys the policy does not trust ignored"
    if ledger.damage is not None:
        reason += "; " + describe(ledger.damage, path)
    blocked = st.denial is not None and not covered
    return Coverage(covered, approvals, reason, blocked)


# ------------------------------------------------------------------ writing

def _lock(path: Path) -> FileLock:
    return FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT)


def _last_line(fh, size: int) -> bytes:
    """The last line of a file that ends with a newline (without it), read
    backwards in chunks so that an append stays cheap on a long file."""
    end = size - 1  # offset of the final newline
    pos, buf = end, b""
    while pos > 0:
        step = min(1 << 16, pos)
        pos -= step
        fh.seek(pos)
        buf = fh.read(step) + buf  # the bytes [pos, end)
        idx = buf.rfind(b"\n")
        if idx != -1:
            return buf[idx + 1:]
    return buf


def _set_aside_partial(path: Path, fd: int) -> None:
    """Move a partial last line (killed writer) to a side file, then cut it off.

    The fragment never became an entry (its newline was never written), so
    removing it loses nothing; keeping it in the side file keeps the evidence."""
    size = os.fstat(fd).st_size
    if size == 0:
        return
    with open(path, "rb") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return
        fh.seek(0)
        data = fh.read(size)
    cut = data.rfind(b"\n") + 1
    fragment = data[cut:]
    line = data.count(b"\n") + 1
    side = path.with_name(f"{path.name}.partial-{store.now().replace(':', '')}-line{line}")
    sfd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        _write_all(sfd, fragment)
        os.fsync(sfd)
    finally:
        os.close(sfd)
    os.ftruncate(fd, cut)
    os.fsync(fd)
    log.warning("%s:%d: partial entry from an interrupted write (%d bytes) moved to %s",
                path, line, len(fragment), side)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def append(allowlist_file: str | os.PathLike, key: Ed25519PrivateKey, fields: dict[str, Any]) -> Entry:
    """Sign `fields` and append them as one chained line; returns the entry."""
    path = Path(allowlist_file)
    if not path.parent.is_dir():
        raise GateError(f"{path.parent}: no such folder for the allowlist {path.name}")
    try:
        with _lock(path):
            fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                _set_aside_partial(path, fd)
                prev, seq = _tail(path, fd)
                public = key.public_key()
                entry = {**fields, "v": 1, "seq": seq + 1, "prev": prev,
                         "signer": keys.key_id(public), "pubkey": _b64(keys.raw_public(public))}
                entry["sig"] = keys.sign(key, _signed_bytes(entry))
                raw = canonical(entry)
                _write_all(fd, raw + b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
    except Timeout:
        raise GateError(f"{path}.lock: could not lock the allowlist within {LOCK_TIMEOUT:.0f} s") from None
    except OSError as err:
        raise GateError(f"{path}: cannot write allowlist: {err.strerror}") from None
    if seq == 0:
        _fsync_dir(path.parent)
    return Entry(seq + 1, entry, raw)


def _tail(path: Path, fd: int) -> tuple[str, int]:
    """`prev` and `seq` to chain onto: the last line must be a good entry,
    never garbage (a damaged tail is refused, not chained onto)."""
    size = os.fstat(fd).st_size
    if size == 0:
        return GENESIS, 0
    with open(path, "rb") as fh:
        raw = _last_line(fh, size)
    try:
        fields = json.loads(raw)
        seq = fields.get("seq") if isinstance(fields, dict) else None
    except (ValueError, UnicodeDecodeError):
        seq = None
    if not isinstance(seq, int) or isinstance(seq, bool):
        line = _count_lines(path)
        raise AllowlistDamaged(path, line, "the last line is not an allowlist entry; refusing to chain onto it "
                                           "(run `jobgate allowlist verify`)")
    entry, why = _check_line(raw, seq, fields.get("prev"))
    if entry is None:
        raise AllowlistDamaged(path, _count_lines(path), f"{why}; refusing to chain onto it")
    return entry.hash, seq


def _count_lines(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))


def _fsync_dir(folder: Path) -> None:
    try:
        dfd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def repair(allowlist_file: str | os.PathLike) -> None:
    """Set a partial last line aside (what the next append would do)."""
    path = Path(allowlist_file)
    with _lock(path):
        fd = os.open(path, os.O_RDWR | os.O_APPEND)
        try:
            _set_aside_partial(path, fd)
        finally:
            os.close(fd)


# ------------------------------------------------------------ what to sign

def jobgate_version() -> str:
    from .version import VERSION

    return VERSION


def rules_digest(policy: Policy) -> str:
    """The rule-pack digest (imported lazily: the engine may not be built yet)."""
    try:
        from .rules import load_rules
    except ImportError:
        return ""
    return str(load_rules(policy).digest)


def _overrode(decision: str, gate_decision: str | None) -> str | None:
    if decision == "approved" and gate_decision in ("reject", "escalate"):
        return gate_decision
    if decision == "rejected" and gate_decision == "accept":
        return "accept"
    return None


def sign_decision(allowlist_file: str | os.PathLike, key: Ed25519PrivateKey, *, digest: str, name: str,
                  decision: str, by: str, policy: Policy, files: dict[str, str] | None = None,
                  note: str = "", gate_decision: str | None = None) -> Entry:
    if decision not in DECISIONS or by not in ROLES:
        raise ValueError(f"bad decision {decision!r} or role {by!r}")
    if not is_digest(digest):
        raise GateError(f"{digest!r} is not a content digest (sha256:<64 hex>)")
    fields = {
        "digest": digest, "name": name, "decision": decision, "by": by, "time": store.now(),
        "note": note, "policy": policy.digest, "rules": rules_digest(policy), "jobgate": jobgate_version(),
        "files": dict(files or {}), "gate_decision": gate_decision,
        "overrode": _overrode(decision, gate_decision),
    }
    return append(allowlist_file, key, fields)


def record_accept(allowlist_file: Path, content: Content, report: Report, policy: Policy, gate_key: Path) -> None:
    """The gate's auto-accept: keep a copy of the content in the store, then
    append an entry signed with the gate key."""
    if report.decision != Decision.ACCEPT:
        raise GateError(f"record_accept: the report's decision is {report.decision.value}, not accept")
    if report.digest != content.digest or not content.complete:
        raise GateError("record_accept: the report is not about this content, or the content is incomplete")
    key = keys.load_private(gate_key)
    trust = trusted(policy)
    kid = keys.key_id(key.public_key())
    if trust.gate != kid:
        raise GateError(f"{gate_key}: key {kid} is not the policy's trust.gate key "
                        f"({policy.trust.gate or 'unset'} in {policy.source}); its entries would not count")
    cov = check(allowlist_file, content.digest, policy)
    if cov.blocked:
        raise GateError(f"{content.digest} was {cov.reason}; the gate will not auto-accept it again")
    store.put(store.default_store(allowlist_file), content)
    sign_decision(allowlist_file, key, digest=content.digest, name=content.name, decision="approved",
                  by="gate", policy=policy, files={f.path: f.sha256 for f in content.files},
                  note="auto-accept: " + "; ".join(report.reasons)[:500], gate_decision="accept")


# ------------------------------------------------------------------ recheck

@dataclass(frozen=True)
class Recheck:
    digest: str
    name: str
    outcome: str  # kept | revoked | skipped
    detail: str


def recheck(allowlist_file: Path, policy: Policy, gate_key: Path, store_dir: Path) -> list[Recheck]:
    """Scan again the stored content of every auto-accept in effect, under the
    current rules and policy; revoke (gate-signed) those no longer accepted.
    Digests that reviewers approved are left alone: the gate does not undo a
    human decision."""
    key = keys.load_private(gate_key)
    trust = trusted(policy)
    if trust.gate != keys.key_id(key.public_key()):
        raise GateError(f"{gate_key}: not the policy's trust.gate key; its revocations would not count")
    from .api import scan  # lazily: the analysis engine is heavy
    ledger = read(allowlist_file)
    by_digest: dict[str, list[Entry]] = {}
    for e in ledger.entries:
        by_digest.setdefault(e["digest"], []).append(e)
    results = []
    for digest, entries in by_digest.items():
        st = _state(entries, trust)
        if st.gate is None:
            continue
        name = st.gate["name"]
        if len(st.reviewers) >= trust.required:
            results.append(Recheck(digest, name, "kept", "approved by reviewers"))
            continue
        copy = store.load_digest(store_dir, digest)
        if copy is None:
            results.append(Recheck(digest, name, "skipped", f"no copy in {store_dir}"))
            continue
        if copy.not_copied:
            results.append(Recheck(digest, name, "skipped",
                                   f"{len(copy.not_copied)} file(s) were not copied (over the policy's limits)"))
            continue
        target, app_name = copy.scan_target()
        report = scan(target, policy, app_name=app_name)
        if report.digest != digest:
            results.append(Recheck(digest, name, "skipped", "the stored copy no longer gives the same digest"))
        elif report.decision == Decision.ACCEPT:
            results.append(Recheck(digest, name, "kept", f"still accepted (score {report.score})"))
        else:
            why = f"recheck: now {report.decision.value}: " + "; ".join(report.reasons)
            sign_decision(allowlist_file, key, digest=digest, name=name, decision="revoked", by="gate",
                          policy=policy, note=why[:1000], gate_decision=report.decision.value)
            results.append(Recheck(digest, name, "revoked", why))
    return results
