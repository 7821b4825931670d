"""Allowlist: the site's signed, hash-chained record of decisions on digests.

One JSON object per line (JSON Lines), in canonical form (sorted keys, no
spaces, ASCII). Each line carries `prev`, the sha256 of the previous line's
bytes, and `sig`, an Ed25519 signature by `signer` over every other field.
Only two things put a digest on the list: an auto-accept signed by the
site's gate key, or enough approvals signed by trusted reviewer keys.

Reading stops at the first damaged line (not JSON, not canonical, chain
broken, bad signature). A damaged line may have been a rejection or a
revocation, so a damaged allowlist decides nothing: `check` raises
`AllowlistDamaged` and every job is blocked, until `jobgate allowlist repair`
sets the damaged lines aside and holds every digest they could have been
about (see `repair`). A partial last line left by an interrupted write is not
damage: it never became an entry. An entry whose signer the policy does not
trust is not damage either; it just does not count.

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
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from filelock import FileLock, Timeout

from . import keys, store
from ..engine.collect import Content
from ..engine.digest import is_digest
from ..model import Approval, Decision, GateError, Report
from ..policy import Policy

log = logging.getLogger("jobgate.allowlist")

GENESIS = "sha256:" + "0" * 64  # `prev` of the first line
# "held": appended by `allowlist repair` for a digest whose history was set
# aside; like a reviewer's rejection it cancels every approval before it.
DECISIONS = ("approved", "rejected", "revoked", "held")
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


class AllowlistDamaged(GateError):
    """The file cannot be trusted from `line` on (the CLI exits 1; a site blocks the job)."""

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
    fields = _object(raw)
    if fields is None:
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
    return _ledger(path, data)


def _ledger(path: Path, data: bytes) -> Ledger:
    """Verify the allowlist's bytes, reusing the verified prefix of a previous read."""
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
    if tail and _whole_json(tail):
        damage = Damage(len(entries) + 1, "a whole entry without its newline (a damaged line end, "
                                          "not an interrupted write)")
    elif tail:
        damage = Damage(len(entries) + 1, f"truncated/partial entry ({len(tail)} bytes without a newline: "
                                          "an interrupted write)", partial=True)
    return Ledger(path, tuple(entries), damage, prev)


def _whole_json(tail: bytes) -> bool:
    """Whether a last line without a newline holds a whole JSON object (or one
    and a stray byte, e.g. a newline flipped to another byte). A writer killed
    midway leaves a prefix of its line that never closes the object."""
    return any(_object(text) is not None for text in (tail, tail[:-1]))


def _object(raw: bytes) -> dict | None:
    """The JSON object a line holds, or None for anything else: not JSON, not text, or nested past
    what Python's reader can read (a line an author could not have written through the gate, but a
    damaged file or a hostile one on the site's disk must still read as damage, not crash the gate)."""
    try:
        fields = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return fields if isinstance(fields, dict) else None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return b""
    except OSError as err:
        raise GateError(f"{path}: cannot read allowlist: {err.strerror}") from None


def describe(damage: Damage, path: Path) -> str:
    return f"{path}:{damage.line}: {_consequence(damage)}"


def _consequence(damage: Damage) -> str:
    after = ("it is set aside by the next append" if damage.partial else
             "nothing is accepted from this allowlist until `jobgate allowlist repair` is run")
    return f"{damage.why}; {after}"


def intact(ledger: Ledger) -> Ledger:
    """The ledger, if it can decide; a damaged line raises AllowlistDamaged."""
    if ledger.damage is not None and not ledger.damage.partial:
        raise AllowlistDamaged(ledger.path, ledger.damage.line, _consequence(ledger.damage))
    return ledger


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
    the gate may not undo a human decision. A gate "held" (repair) cancels
    every approval: it stands for decisions that were lost, which may have
    been a reviewer's."""
    st = _State()
    for e in entries:
        role = trust.role(e)
        if role is None:
            st.untrusted += 1
        elif e["decision"] == "approved" and role == "gate":
            st.gate = e
        elif e["decision"] == "approved":
            st.reviewers[e["signer"]] = e
        elif role == "reviewer" or e["decision"] == "held":
            st.gate, st.reviewers, st.denial = None, {}, e
        else:
            st.gate, st.gate_revocation = None, e
    return st


def _approval(e: Entry, trust: Trusted) -> Approval:
    return Approval(key_id=e["signer"], signer=trust.name(e["signer"]), time=e["time"], note=e["note"])


def check(allowlist_file: str | os.PathLike, digest: str, policy: Policy) -> Coverage:
    """Is `digest` covered by trusted, valid, unrevoked approvals?"""
    trust = trusted(policy)  # a key file the policy names and cannot be read is a config error, allowlist or none
    path = Path(allowlist_file)
    if not path.exists():
        return Coverage(False, [], f"no allowlist at {path}")
    return coverage(read(path), digest, trust)


def coverage(ledger: Ledger, digest: str, trust: Trusted) -> Coverage:
    """`check` on a ledger already read (a damaged one raises AllowlistDamaged)."""
    path = intact(ledger).path
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


def _set_aside_partial(path: Path, fd: int) -> Path | None:
    """Move a partial last line (killed writer) to a side file, then cut it off.

    The fragment never became an entry (its newline was never written), so
    removing it loses nothing; keeping it in the side file keeps the evidence."""
    size = os.fstat(fd).st_size
    if size == 0:
        return None
    with open(path, "rb") as fh:
        fh.seek(size - 1)
        if fh.read(1) == b"\n":
            return None
        fh.seek(0)
        data = fh.read(size)
    cut = data.rfind(b"\n") + 1
    fragment = data[cut:]
    line = data.count(b"\n") + 1
    if _whole_json(fragment):
        raise AllowlistDamaged(path, line, "a whole entry without its newline (a damaged line end); refusing "
                                           "to set it aside as an interrupted write (run `jobgate allowlist repair`)")
    side = path.with_name(f"{path.name}.partial-{store.now().replace(':', '')}-line{line}")
    _write_new(side, fragment)
    os.ftruncate(fd, cut)
    os.fsync(fd)
    log.warning("%s:%d: partial entry from an interrupted write (%d bytes) moved to %s",
                path, line, len(fragment), side)
    return side


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _signed_line(key: Ed25519PrivateKey, fields: dict[str, Any], prev: str, seq: int) -> tuple[dict, bytes]:
    public = key.public_key()
    entry = {**fields, "v": 1, "seq": seq, "prev": prev,
             "signer": keys.key_id(public), "pubkey": _b64(keys.raw_public(public))}
    entry["sig"] = keys.sign(key, _signed_bytes(entry))
    return entry, canonical(entry)


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
                entry, raw = _signed_line(key, fields, prev, seq + 1)
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
    fields = _object(raw)
    seq = fields.get("seq") if fields is not None else None
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


@dataclass(frozen=True)
class Repair:
    damage: Damage
    side_file: Path | None  # where the set-aside bytes went
    held: tuple[str, ...] = ()  # digests now held until reviewers approve them again


def repair(allowlist_file: str | os.PathLike, policy: Policy | None = None,
           gate_key: Path | None = None) -> Repair | None:
    """Make a damaged allowlist decide again, losing no safety; None if it is intact.

    A partial last line (an interrupted write) is set aside, as the next
    append would. Damaged whole lines need the gate key: every line from the
    first damaged one on is moved to `<file>.damaged-<time>-line<N>`, and
    each digest those lines could have been about is `held` (signed by the
    gate key), so that a lost rejection or revocation cannot bring a job
    back: a held digest needs the policy's reviewer approvals again. Which
    digest a damaged line was about cannot be trusted, so when a set-aside
    line does not verify on its own, every digest of the allowlist is held.
    The repaired file replaces the damaged one in one rename: a crash leaves
    the damaged file (still blocking) or the repaired one, never a mix."""
    path = Path(allowlist_file)
    try:
        with _lock(path):
            ledger = _ledger(path, _read_bytes(path))
            if ledger.damage is None:
                return None
            if ledger.damage.partial:
                fd = os.open(path, os.O_RDWR | os.O_APPEND)
                try:
                    side = _set_aside_partial(path, fd)
                finally:
                    os.close(fd)
                return Repair(ledger.damage, side)
            if policy is None or gate_key is None:
                raise GateError(f"{describe(ledger.damage, path)}; repairing it needs --policy and --key "
                                "(the site's gate key, which signs a hold on every digest the damaged lines "
                                "may have been about)")
            return _repair_damaged(path, ledger, policy, gate_key)
    except Timeout:
        raise GateError(f"{path}.lock: could not lock the allowlist within {LOCK_TIMEOUT:.0f} s") from None


# In a line that does not verify any field name may be the damaged byte, so
# every digest-shaped value is held (a line or policy hash among them is no
# job's digest: holding it is harmless).
_DIGEST_TEXT = re.compile(rb"sha256:[0-9a-f]{64}")


def _repair_damaged(path: Path, ledger: Ledger, policy: Policy, gate_key: Path) -> Repair:
    key = keys.load_private(gate_key)
    if trusted(policy).gate != keys.key_id(key.public_key()):
        raise GateError(f"{gate_key}: not the policy's trust.gate key; the holds it signs would not count")
    data = _read_bytes(path)
    good = sum(len(e.raw) + 1 for e in ledger.entries)
    lost = data[good:]
    held: set[str] = set()
    all_verified = True
    for raw in lost.split(b"\n"):
        fields = _standalone(raw)
        if fields is not None:
            held.add(fields["digest"])
        elif raw:
            all_verified = False
            held.update(m.decode() for m in _DIGEST_TEXT.findall(raw))
    if not all_verified:
        held.update(e["digest"] for e in ledger.entries)
    side = path.with_name(f"{path.name}.damaged-{store.now().replace(':', '')}-line{ledger.damage.line}")
    _write_new(side, lost)
    prev, seq, lines = ledger.head, len(ledger.entries), []
    note = f"repair: lines {ledger.damage.line}- set aside to {side.name} ({ledger.damage.why})"
    for digest in sorted(held):
        fields = {"digest": digest, "name": _last_name(ledger, digest), "decision": "held", "by": "gate",
                  "time": store.now(), "note": note[:1000], "policy": policy.digest, "rules": "",
                  "jobgate": jobgate_version(), "files": {}, "gate_decision": None, "overrode": None}
        seq += 1
        _, raw = _signed_line(key, fields, prev, seq)
        lines.append(raw + b"\n")
        prev = _line_hash(raw)
    tmp = path.with_name(f".{path.name}.repair-{os.getpid()}")
    _write_new(tmp, data[:good] + b"".join(lines), mode=os.stat(path).st_mode & 0o777)
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    log.warning("%s: lines %d- set aside to %s; %d digest(s) held", path, ledger.damage.line, side, len(held))
    return Repair(ledger.damage, side, tuple(sorted(held)))


def _standalone(raw: bytes) -> dict | None:
    """A set-aside line's fields if it is a well-formed entry whose signature
    verifies on its own (its place in the chain is lost with the lines before it)."""
    fields = _object(raw)
    if fields is None or not isinstance(fields.get("seq"), int) or not isinstance(fields.get("prev"), str):
        return None
    entry, _ = _check_line(raw, fields["seq"], fields["prev"])
    return entry.fields if entry is not None else None


def _last_name(ledger: Ledger, digest: str) -> str:
    names = [e["name"] for e in ledger.entries if e["digest"] == digest]
    return names[-1] if names else ""


def _write_new(path: Path, data: bytes, mode: int = 0o644) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        _write_all(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


# ------------------------------------------------------------ what to sign

def jobgate_version() -> str:
    from ..version import VERSION

    return VERSION


def _overrode(decision: str, gate_decision: str | None) -> str | None:
    if decision == "approved" and gate_decision in ("reject", "escalate"):
        return gate_decision
    if decision == "rejected" and gate_decision == "accept":
        return "accept"
    return None


def sign_decision(allowlist_file: str | os.PathLike, key: Ed25519PrivateKey, *, digest: str, name: str,
                  decision: str, by: str, policy: Policy, rules: str, files: dict[str, str] | None = None,
                  note: str = "", gate_decision: str | None = None) -> Entry:
    """Append a signed decision. `rules`: the digest of the rule packs the decision
    was taken under, from the caller (the trust store does not load the engine)."""
    if decision not in DECISIONS or by not in ROLES:
        raise ValueError(f"bad decision {decision!r} or role {by!r}")
    if not is_digest(digest):
        raise GateError(f"{digest!r} is not a content digest (sha256:<64 hex>)")
    fields = {
        "digest": digest, "name": name, "decision": decision, "by": by, "time": store.now(),
        "note": note, "policy": policy.digest, "rules": rules, "jobgate": jobgate_version(),
        "files": dict(files or {}), "gate_decision": gate_decision,
        "overrode": _overrode(decision, gate_decision),
    }
    return append(allowlist_file, key, fields)


def record_accept(allowlist_file: Path, content: Content, report: Report, policy: Policy, gate_key: Path,
                  rules: str) -> None:
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
                  by="gate", policy=policy, rules=rules, files={f.path: f.sha256 for f in content.files},
                  note="auto-accept: " + "; ".join(report.reasons)[:500], gate_decision="accept")


# ------------------------------------------------------------------ recheck

@dataclass(frozen=True)
class Recheck:
    digest: str
    name: str
    outcome: str  # kept | revoked | skipped
    detail: str


def recheck(allowlist_file: Path, policy: Policy, gate_key: Path, store_dir: Path,
            judge: Callable[[Path, str | None, dict | None, str | None], Report], rules: str) -> list[Recheck]:
    """Judge again (`judge(target, app_name, launcher, site)`, the analysis, which sits above the
    trust store and is handed in) the stored content of every auto-accept in
    effect, under the current rules and policy; revoke (gate-signed) those no
    longer accepted. Digests that reviewers approved are left alone: the gate
    does not undo a human decision."""
    key = keys.load_private(gate_key)
    trust = trusted(policy)
    if trust.gate != keys.key_id(key.public_key()):
        raise GateError(f"{gate_key}: not the policy's trust.gate key; its revocations would not count")
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
        report = judge(target, app_name, copy.launcher, copy.launcher_site)
        if report.digest != digest:
            results.append(Recheck(digest, name, "skipped", "the stored copy no longer gives the same digest"))
        elif report.decision == Decision.ACCEPT:
            results.append(Recheck(digest, name, "kept", f"still accepted (score {report.score})"))
        else:
            why = f"recheck: now {report.decision.value}: " + "; ".join(report.reasons)
            sign_decision(allowlist_file, key, digest=digest, name=name, decision="revoked", by="gate",
                          policy=policy, rules=rules, note=why[:1000], gate_decision=report.decision.value)
            results.append(Recheck(digest, name, "revoked", why))
    return results
