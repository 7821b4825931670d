"""Review: the queue where escalated jobs wait for a human decision.

    <queue>/<id>/meta.json     job name, digest, time, files (a store.py copy)
    <queue>/<id>/content/...   a copy of the content, bounded by the policy limits
    <queue>/<id>/report.json   the gate's report (Report.to_json())

The id is the first 16 hex digits of the digest, so the same content queued
twice (a job re-submitted, several clients starting it) is one item. A
reviewer signs the digest of what they saw: the copy is checked against its
digest before it is shown or signed.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock

from . import store
from ..engine.collect import Content
from ..engine.digest import PREFIX
from ..model import GateError, Report
from ..reports.run import printable

ID_LEN = 16


def queue_id(digest: str) -> str:
    return digest[len(PREFIX):][:ID_LEN]


def _lock(queue_dir: Path) -> FileLock:
    return FileLock(str(queue_dir / ".lock"), timeout=120)


def enqueue(queue_dir: Path, content: Content, report: Report) -> str:
    """Queue escalated content with its report; returns the item's id."""
    queue_dir = Path(queue_dir)
    queue_dir.mkdir(parents=True, exist_ok=True)
    qid = queue_id(content.digest)
    item = queue_dir / qid
    report_json = json.dumps(report.to_json(), indent=2) + "\n"
    with _lock(queue_dir):
        if (item / "meta.json").is_file():
            meta = _queued_meta(item)
            if meta.get("digest") != content.digest:
                raise GateError(f"{item}: queue id {qid} already holds {meta.get('digest')}")
            # Same content again: keep the copy, refresh the report (rules may have changed).
            meta["submissions"] = int(meta.get("submissions", 1)) + 1
            meta["last_submitted"] = store.now()
            _replace_text(item / "report.json", report_json)
            store.replace_json(item / "meta.json", meta)
            return qid
        extra = {"id": qid, "gate_decision": report.decision.value, "submissions": 1, "reviews": []}
        store.write_copy(item, content, extra, beside={"report.json": report_json.encode()})
    return qid


def _queued_meta(item: Path) -> dict:
    """An existing item's meta.json; a damaged one is an error, never rewritten."""
    try:
        meta = json.loads((item / "meta.json").read_bytes())
    except (OSError, ValueError) as err:
        raise GateError(f"{item / 'meta.json'}: damaged review queue item ({err}); move the folder aside "
                        "for the job to be queued again") from None
    if not isinstance(meta, dict):
        raise GateError(f"{item / 'meta.json'}: damaged review queue item (not a JSON object)")
    return meta


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class Item:
    id: str
    copy: store.Copy
    report: dict

    @property
    def meta(self) -> dict:
        return self.copy.meta


def list_items(queue_dir: Path) -> list[dict]:
    """The queue's items (their meta.json), oldest first; not verified."""
    items = []
    for d in sorted(Path(queue_dir).iterdir()) if Path(queue_dir).is_dir() else []:
        if d.name.startswith(".") or not (d / "meta.json").is_file():
            continue
        meta = _listed_meta(d / "meta.json")
        items.append(meta if meta is not None else {**dict.fromkeys(_LISTED, "?"), "id": d.name, "reviews": [],
                                                    "broken": True})
    return sorted(items, key=lambda m: (m["time"], m["id"]))


_LISTED = ("id", "name", "digest", "time", "gate_decision")


def _listed_meta(path: Path) -> dict | None:
    """An item's meta.json as `review list` shows it, or None when it is damaged (not JSON, not an object,
    a shown field or a review of the wrong type): one damaged item is shown as such, never ends the list."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(meta, dict) or not all(isinstance(meta.get(k, "?"), str) for k in _LISTED):
        return None
    reviews = meta.get("reviews", [])
    if not isinstance(reviews, list) or not all(isinstance(r, dict) and isinstance(r.get("decision"), str)
                                                for r in reviews):
        return None
    return {**meta, "reviews": reviews, **{k: meta.get(k, "?") for k in _LISTED}}


def find(queue_dir: Path, ident: str) -> Path:
    """An item's folder from its id, a unique prefix of it, or the digest."""
    queue_dir = Path(queue_dir)
    if not queue_dir.is_dir():
        raise LookupError(f"{queue_dir}: no such review queue")
    key = queue_id(ident) if ident.startswith(PREFIX) else ident
    matches = [d for d in queue_dir.iterdir() if not d.name.startswith(".") and d.name.startswith(key)] if key else []
    if len(matches) != 1:
        what = "no item" if not matches else f"{len(matches)} items"
        raise LookupError(f"{queue_dir}: {what} with id {ident!r} (see `jobgate review list`)")
    return matches[0]


def load(queue_dir: Path, ident: str) -> Item:
    root = find(queue_dir, ident)
    copy = store.load(root)  # checks every copied byte against the digest
    try:
        report = json.loads((root / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise GateError(f"{root / 'report.json'}: unreadable report: {err}") from None
    return Item(root.name, copy, report)


def record_review(queue_dir: Path, item: Item, key_id: str, decision: str, line: int) -> None:
    """Note a signature on the item (the allowlist is the authority; this is for `review list`)."""
    with _lock(Path(queue_dir)):
        path = item.copy.root / "meta.json"
        meta = _queued_meta(item.copy.root)
        meta.setdefault("reviews", []).append(
            {"key_id": key_id, "decision": decision, "time": store.now(), "allowlist_line": line})
        store.replace_json(path, meta)


# ----------------------------------------------------------------- display

def context(item: Item, path: str, line: int, around: int = 2) -> list[str]:
    """The lines around `line` of a queued file, the line itself marked."""
    if path in item.copy.not_copied:
        return [f"    (not copied: {item.copy.not_copied[path]})"]
    data = item.copy.read(path) if path in item.copy.files else None
    if data is None or line <= 0:
        return []
    lines = data.decode("utf-8", errors="replace").splitlines()
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return [f"  {'>' if n == line else ' '} {n:5d} | {printable(lines[n - 1])}" for n in range(lo, hi + 1)]


def changes(old_files: dict[str, str], new_files: dict[str, str]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(new_files) - set(old_files)),
        "removed": sorted(set(old_files) - set(new_files)),
        "modified": sorted(p for p in set(old_files) & set(new_files) if old_files[p] != new_files[p]),
    }


def diff(path: str, old: bytes | None, new: bytes | None, old_label: str) -> list[str]:
    """A unified diff of one file, or a one-line note when it cannot be shown."""
    def text(b: bytes | None) -> list[str] | None:
        if b is None:
            return []
        try:
            return b.decode("utf-8").splitlines(keepends=True)
        except UnicodeDecodeError:
            return None

    a, b = text(old), text(new)
    if a is None or b is None:
        return [f"    binary file {path} changed"]
    lines = difflib.unified_diff(a, b, fromfile=f"a/{path} ({old_label})", tofile=f"b/{path} (queued)")
    return [printable(ln.rstrip("\n")) for ln in lines]
