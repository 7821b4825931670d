"""Compiled: the site's configuration (rule packs, catalogue, policy), read once.

Reading YAML is most of what loading the configuration costs at every start
(27 of the 32 ms that the built-in packs and catalogue take; validating the
parsed documents takes 5). So once a set of files has validated, its parsed
documents are stored as JSON in the cache folder's `config/` area (an
authenticated entry, analyzer/cache.py), keyed by the bytes of every file,
where each came from, and jobgate's own digest; the next start reads that
instead of the YAML, and validates it again as it would the YAML, so an entry
can save the parse but never change what is loaded. An entry that is missing,
fails its authentication or does not load is ignored and written anew.

What the loaded documents make (the rule set and its index, the catalogue,
the lists and the flow vocabulary: analyzer/schema.py's plain objects and their indexes) is kept
too, pickled, once it has loaded from the documents (`built`): validating and
indexing the built-in packs and catalogue again took 17.5 ms of a small job's
start, unpickling them takes 6.5. Such an entry is keyed like the documents' and by the
Python and pydantic versions that made it (pydantic's read from its version file); one that does not authenticate,
does not unpickle or is not of the expected type is ignored and the
documents are loaded (and validated) as above. What is stored is objects
that unpickling may run code for: the folder must be trusted like the
installation, as analyzer/engine/dataclass_code.py says of its codes.

Only jobgate's and the site's own files are ever read here; nothing of a
scanned job reaches this cache. A document with a value that JSON cannot hold
exactly (a YAML date, a set, a number as a key) is simply not stored.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import json
import pickle
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from .cache import SETTLED_NS, ResultCache, key_of
from .cache import file_status as _status
from ..model import GateError

T = TypeVar("T")

AREA = "config"  # the subfolder of the cache folder that holds these entries

# The cache folder of the last policy loaded with one (load_policy): jobgate's own data files that
# modules read when first imported (rules/lists, rules/flow: data_documents) are compiled there too.
# Before any such policy they are read from their YAML, which only costs time.
_data_folder: Path | None = None


@dataclass(frozen=True)
class Sources:
    """The files of one part of the configuration, in load order: (where, bytes)."""

    part: str
    files: tuple[tuple[str, bytes], ...]

    @functools.cached_property
    def key(self) -> tuple[tuple[str, str], ...]:
        return tuple((where, hashlib.sha256(text).hexdigest()) for where, text in self.files)

    @property
    def digest(self) -> str:
        return "sha256:" + hashlib.sha256(repr(self.key).encode()).hexdigest()


def builtin_folder() -> Path:
    """The built-in packs, from the `rules` package installed beside this code.

    A job's own `rules/` folder on sys.path (an editable install, a launcher
    that puts custom/ first) must not be able to stand in for them."""
    package = importlib.import_module("rules")
    where = getattr(package, "__file__", None)
    folder = Path(where).resolve().parent if where else None
    if folder is None or folder.parent != Path(__file__).resolve().parents[2]:
        raise GateError(f"the `rules` package was loaded from {folder or 'a namespace folder'}, not from beside "
                        f"jobgate's own code: refusing to use its rule packs")
    return folder


def _yaml_files(folder: Path, named: str | None = None) -> list[tuple[str, Path]]:
    """(where, path) of the folder's YAML files, in load order. `named`: how built-in files are called in
    messages (`rules/x.yaml`); a site's keep their path."""
    return sorted((f"{named}/{p.name}" if named else str(p), p) for p in folder.glob("*.yaml"))


def _site_folders(folders: tuple[Path, ...], policy_key: str) -> list[tuple[str, Path]]:
    files = []
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise GateError(f"{folder}: {policy_key} folder named in the policy does not exist")
        files += _yaml_files(folder)
    return files


# A warm process (the site's handler) asks for the same files at every scan: their bytes are read again only
# when a file's status changed, for files last changed well before they were read (cache.SETTLED_NS).
_READ: dict[str, tuple[tuple, "Sources"]] = {}  # part -> (the status of its files when read, their Sources)


def _sources(part: str, files: list[tuple[str, Path]]) -> Sources:
    """The files' bytes as Sources; the same Sources (its digest computed once) while no file changed."""
    status = tuple((where, str(path), _status(path)) for where, path in files)
    kept = _READ.get(part)
    if kept is not None and kept[0] == status:
        return kept[1]
    read_at = time.time_ns()
    sources = Sources(part, tuple((where, path.read_bytes()) for where, path in files))
    if all(max(s[3], s[4]) < read_at - SETTLED_NS for _, _, s in status):
        _READ[part] = (status, sources)
    return sources


# Within `one_reading`: the Sources each part had when first asked for, by part and the policy's folders.
_reading: dict[tuple, Sources] | None = None


@contextmanager
def one_reading() -> Iterator[None]:
    """Around one unit's analysis: the rule packs and catalogue are read (their folders listed, every
    file's status taken) once, not at each of the dozens of lookups the detectors make, and the whole
    unit is judged under one configuration even if a file changes meanwhile."""
    global _reading
    if _reading is not None:  # within an outer reading
        yield
        return
    _reading = {}
    try:
        yield
    finally:
        _reading = None


def _read_once(part: str, folders: tuple[Path, ...], read: Callable[[], Sources]) -> Sources:
    if _reading is None:
        return read()
    key = (part, folders)
    if key not in _reading:
        _reading[key] = read()
    return _reading[key]


def rule_packs(rule_packs: tuple[Path, ...]) -> Sources:
    """Every built-in pack, then the packs of the policy's `rule_packs` folders."""
    return _read_once("rule packs", rule_packs, lambda: _sources(
        "rule packs", _yaml_files(builtin_folder(), "rules") + _site_folders(rule_packs, "rule_packs")))


def catalogue_files(catalogues: tuple[Path, ...]) -> Sources:
    """Every built-in catalogue file, then those of the policy's `catalogues` folders."""
    return _read_once("catalogue", catalogues, lambda: _sources(
        "catalogue", _yaml_files(builtin_folder() / "catalogue", "rules/catalogue")
        + _site_folders(catalogues, "catalogues")))


def data_files(folder: Path, named: str) -> Sources:
    """jobgate's own data files of `folder` (rules/lists, rules/flow), called `named/<file>` in messages."""
    return _sources(named, _yaml_files(folder, named))


def keep_data_in(folder: Path | None) -> None:
    """Compile jobgate's own data files into `folder` from now on (None changes nothing)."""
    global _data_folder
    if folder is not None:
        _data_folder = folder


def data_folder() -> Path | None:
    """Where jobgate's own compiled data goes (keep_data_in), if anywhere."""
    return _data_folder


def data_documents(sources: Sources, read: Callable[[bytes, str], object],
                   validate: Callable[[object, str], object]) -> list:
    """Each file's document as `validate(document, where)` returns it, parsed with `read(text, where)`
    only when the compiled folder holds no entry for exactly these bytes (an entry is validated alike)."""
    return built(sources, _data_folder, read,
                 lambda docs: [validate(doc, where) for (where, _), doc in zip(sources.files, docs)], list)


def _entry_key(sources: Sources, context: str) -> str:
    return key_of(AREA, sources.part, repr(sources.key), context)


def _store(folder: Path | None) -> ResultCache | None:
    return ResultCache(folder, AREA) if folder is not None else None


def stored(sources: Sources, folder: Path | None, context: str = "") -> list | None:
    """The documents stored for exactly these files (`context`: anything else
    that shaped them, such as the folder a site policy's paths are relative to)."""
    store = _store(folder)
    body = store.read(_entry_key(sources, context)) if store is not None else None
    if body is None:
        return None
    try:
        docs = json.loads(body)
    except ValueError:
        return None
    return docs if isinstance(docs, list) and len(docs) == len(sources.files) else None


# The built entries `known` has read and authenticated, each for the one `built` that follows in this process
# (at most one per configuration: a warm process whose own memo answers that load keeps it until its next check).
_known_bodies: dict[str, bytes] = {}


def known(sources: Sources, folder: Path | None, context: str = "") -> bool:
    """Whether an intact built entry is stored for exactly these files: one is stored only once they
    validated. Its body is kept for the load that follows, which unpickles it (read once, and the
    documents' own entry, which that load does not need, is not read at all)."""
    store = _store(folder)
    if store is None:
        return False
    key = _built_key(sources, context)
    body = store.read(key)
    if body is not None:
        _known_bodies[key] = body
    return body is not None


def documents(sources: Sources, folder: Path | None, read: Callable[[bytes, str], object],
              context: str = "") -> tuple[list, bool]:
    """(the parsed document of each file, whether they came from a stored entry);
    `read(text, where)` parses one file when there is no entry."""
    docs = stored(sources, folder, context)
    if docs is not None:
        return docs, True
    return [read(text, where) for where, text in sources.files], False


def loaded(sources: Sources, folder: Path | None, read: Callable[[bytes, str], object], load: Callable[[list], T],
           context: str = "") -> T:
    """`load(documents)`: what the configuration makes of its files' documents, from the stored entry when
    there is one and it loads, else from each file `read(text, where)` again (its errors are the files'
    own), then stored. An entry that does not load (stale, or damaged behind a valid tag) is ignored and
    written anew: it can cost a read, never an error or a different configuration."""
    docs = stored(sources, folder, context)
    if docs is not None:
        try:
            return load(docs)
        except Exception:  # noqa: BLE001 - the files decide: read them, as if there were no entry
            pass
    docs = [read(text, where) for where, text in sources.files]
    result = load(docs)
    remember(sources, docs, folder, context)
    return result


def remember(sources: Sources, docs: list, folder: Path | None, context: str = "") -> None:
    """Store documents that have just validated, if JSON holds them exactly."""
    store = _store(folder)
    if store is None:
        return
    try:
        body = json.dumps(docs, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        return
    if json.loads(body) == docs:  # not so for keys that are not strings: JSON makes them strings
        store.write(_entry_key(sources, context), body.encode())


@functools.cache
def _validator_version() -> str:
    """pydantic's version file, read rather than imported: the built objects are what its validation
    made, and a warm start imports no pydantic (analyzer/schema.py)."""
    spec = importlib.util.find_spec("pydantic")
    return Path(spec.origin).with_name("version.py").read_text() if spec and spec.origin else ""


def _built_key(sources: Sources, context: str) -> str:
    return key_of(AREA, "built", sources.part, repr(sources.key), context, sys.version, _validator_version())


def built(sources: Sources, folder: Path | None, read: Callable[[bytes, str], object], load: Callable[[list], T],
          kind: type, context: str = "") -> T:
    """`loaded(...)`, unpickled from the entry stored when exactly these files last loaded; without one that
    authenticates and unpickles to a `kind`, loaded from the documents (validated) and stored. Stored
    right after loading, before any use fills the objects' memos."""
    store = _store(folder)
    key = _built_key(sources, context) if store is not None else ""
    body = (_known_bodies.pop(key, None) or store.read(key)) if store is not None else None
    if body is not None:
        try:
            result = pickle.loads(body)
        except Exception:  # noqa: BLE001 - an entry that does not unpickle is ignored, never trusted
            result = None
        if isinstance(result, kind):
            return result
    result = loaded(sources, folder, read, load, context)
    if store is not None:
        try:
            body = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - what pickle cannot hold is loaded from the documents each time
            return result
        store.write(key, body)
    return result
