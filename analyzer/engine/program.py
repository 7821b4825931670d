"""Program: the job's Python modules resolved as one program.

A name that starts with one of the job's modules (`helpers.send`,
`from .utils import make`, `from tools import *`) is looked up in that module,
so a function defined in one file and called in another, or a module handed
through another module's attribute, resolves to what it is. Modules are parsed
and resolved lazily, once, when a name first leads into them.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from pathlib import PurePosixPath
from typing import Callable

from .detectors.shadowing import library_modules
from .library_classes import star_names
from .resolve import OVERFLOW, FuncRef, Resolver

# A chain of links longer than this (a imports b imports c ...) is unresolved (OVERFLOW), which escalates. About
# five Python frames a link; 8 until session 45, when a chain of nine re-exports hid an os.system (reject -> escalate).
MAX_DEPTH = 64
# Names a program links at most; past it each name of the job's code still gets PAST_LINKS links of its own (one
# that needs more is unresolved, OVERFLOW, which escalates): a job built to make the linking long cannot stall the
# gate, nor make a threat written after it unresolved (session 46: with `tools` a module of the job that imports
# os as shell, `tools.shell.system('curl ... | sh')` after a web of star imports escalated, its reject unreported).
# Four: a name, its module's re-export and two more. Past the bound a star import is not followed (a name only a
# star import binds is unresolved): each link through one fans out over every module it imports, so that a web of
# 16 modules star-importing each other, named 20,000 times, took 3 minutes with 64 links a name, 28 s with four
# (main: 14 s, one loaded 2-core machine), and asyncio's own star imports as a job 27 s instead of 20.
MAX_LINKS = 20_000
PAST_LINKS = 4


@functools.lru_cache(maxsize=1 << 14)  # a config's replays build a program over the same files again and again
def module_names(path: str) -> tuple[str, ...]:
    """Every dotted name a file may be imported under: `app/custom/pkg/m.py` is
    `pkg.m` when custom/ is on sys.path, `m` when its own folder is, and so on."""
    p = PurePosixPath(path)
    parts = [*p.parent.parts, p.stem] if p.stem != "__init__" else list(p.parent.parts)
    if not parts or not parts[-1].isidentifier():
        return ()
    names = []
    for i in range(len(parts)):
        tail = parts[i:]
        if all(part.isidentifier() for part in tail):
            names.append(".".join(tail))
    return tuple(names)


class Program:
    def __init__(self, sources: dict[str, bytes], build: Callable[[str, bytes, "Program", str], Resolver | None],
                 command_lines: tuple[tuple[str, ...], ...] | None = None, texts: Texts | None = None,
                 never_run: frozenset[str] = frozenset()):
        """`sources`: path -> bytes of each Python file of the job; `build`
        parses one and returns its Resolver for this program (None when it
        does not parse); `command_lines`: every argument list the job's configs
        hand to its scripts, None when the gate cannot list them all
        (detectors/configs.py command_lines; read by flow/arguments.py); `texts`: what other programs over
        (mostly) the same bytes found in them (Texts), used for the paths whose bytes are its own; `never_run`:
        the files the site never runs (detectors/not_run.py never_run, computed from the unit before its analysis):
        what they do happens on another machine, so it cannot change what the site's process does (at_site)."""
        self.command_lines = command_lines
        self.never_run = never_run
        self._sources = sources
        if texts is None or not sources.keys() >= texts.sources.keys():
            texts = Texts(sources)
        self._texts_of = texts
        self._own_texts = frozenset(p for p, data in sources.items() if texts.sources.get(p) != data)
        self._build = build
        self.modules: dict[str, list[str]] = {}  # dotted name -> paths
        for path in sorted(sources):
            for name in module_names(path):
                self.modules.setdefault(name, []).append(path)
        self._tops = frozenset(name.split(".")[0] for name in self.modules)
        # Names the job shares with a library the site can import (`pkg/os.py` is also
        # `os`): the gate cannot tell which one an import finds, so such a name is both.
        self._shared = self._tops & library_modules()
        # Sets of values that name none of the job's modules (most), checked once each.
        self._outside: set[frozenset] = set()
        self._splits: dict[str, tuple[str, str, str] | None] = {}  # name -> _split(name)
        self._mentions: dict[str, list[str]] = {}  # word -> the paths whose text holds it
        self._texts: dict[Callable[[bytes], bool], bool] = {}  # any_text's answers
        # Resolvers of the modules that names led into, kept until close():
        # their scopes hold their resolver only weakly.
        self._resolvers: dict[str, Resolver | None] = {}
        self._active: set[str] = set()
        self._defined: dict[str, list[Resolver]] = {}  # defining()
        self._defining_paths: dict[str, list[str]] = {}  # defining(): the paths of the modules it read
        # name -> what it links to, kept when no cycle cut it short: star-import
        # chains reach the same names by many roads (asyncio's __init__ and its
        # modules: exponential without it).
        self._linked: dict[str, frozenset] = {}
        self._cut = False  # a link in progress met a name already being linked
        self._links = 0
        self._allowed = MAX_LINKS  # links made when the outermost name being linked must stop
        # path -> the modules its names led into: what a file's findings depend on.
        self.edges: dict[str, set[str]] = {}
        # path -> (bytes, parse) of the modules parsed so far, for their own
        # analysis or because names led into them: whichever comes second
        # reuses the parse (the modules names lead into are kept alive by
        # their resolvers anyway).
        self.parsed: dict[str, tuple[bytes, object]] = {}
        # id(resolver) -> the module's taint analysis (analyzer.engine.flow.module_flow.flow_of), and those
        # whose analysis is running, outermost first (one that calls into another starts it).
        self.flows: dict[int, object] = {}
        # Origin.key of the loaders of rows the code chose that a Flow of `flows` found (Flow.chosen_loader: the
        # union of theirs, kept as they find them instead of asking some 600 flows each time on NVFlare's tree)
        self.flow_chosen_loaders: set[int] = set()
        self.flows_running: list = []
        self.flow_nesting = [0]  # summaries being evaluated one inside another (flow/names.py MAX_NESTING)
        self.resolve_depth = [0]  # values being resolved one inside another (resolve.MAX_DEPTH)
        self.resolve_cuts = [0]  # cycles the job's resolvers cut short (Resolver.lookup keeps no partial union)
        # the evaluations of functions being recorded (flow.replay.Record), innermost last; None while a
        # module's own rounds run or a record is replayed: what happens there is no caller's
        self.flow_records: list = []
        self.flow_facts: dict[int, tuple] = {}  # id(resolver) -> (resolver, flow/facts.py _Facts of that module)
        # id(node) -> (node, (path, place in a walk of its tree)) of the trees walked so far, and their paths:
        # where an origin is, when the same code at two places straddles a bound's cut (flow/values.py _place)
        self.flow_places: dict[int, tuple] = {}
        self.flow_walked: set[str] = set()
        # path -> its module Flow's escaped_here, once read (flow/module_flow.py escaped_called: each module
        # reads those of every module it depends on, some 300 each on NVFlare's examples as one unit)
        self.flow_escaped: dict[str, list] = {}
        self.dataset_classes: dict[tuple[int, str], tuple] = {}  # (id(resolver), class) -> (resolver, is a dataset)

    def resolver(self, path: str) -> Resolver | None:
        if path not in self._resolvers:
            self._resolvers[path] = None  # a module that leads back to itself while being built
            self._resolvers[path] = self._build(path, self._sources[path], self, self.name_of(path))
        return self._resolvers[path]

    def resolved(self) -> list[Resolver]:
        """The job's modules resolved so far, by path."""
        return [r for _, r in sorted(self._resolvers.items()) if r is not None]

    def mentioning(self, word: str, besides: str) -> list[Resolver]:
        """The job's other modules whose text names `word` (a function another
        module defines, for what they pass it), resolved for this program."""
        if word not in self._mentions:  # the same words are asked for from many modules
            self._mentions[word] = self._holding(word.encode())
        paths = [p for p in self._mentions[word] if p != besides]
        self.edges.setdefault(besides, set()).update(paths)  # `besides`' findings now depend on them
        found = (self.resolver(p) for p in paths)
        return [r for r in found if r is not None]

    def at_site(self, word: str, besides: str) -> list[Resolver]:
        """`mentioning`, but the modules the site never runs (never_run): for the questions about what the site's
        process does that no such module can answer, since none of them runs there (flow/sitecount.py). A module
        the site runs that names one makes it run (detectors/not_run.py), so none of their code runs at the site."""
        return [r for r in self.mentioning(word, besides) if r.path not in self.never_run]

    def holds(self, path: str, word: str) -> bool:
        """Whether module `path`'s own text names `word`."""
        return word.encode() in self._sources[path]

    def any_text(self, test: Callable[[bytes], bool], besides: str) -> bool:
        """Whether `test` holds of any module's text (asked once per test): `besides`' findings now depend on
        every module."""
        self.edges.setdefault(besides, set()).update(p for p in self._sources if p != besides)
        if test not in self._texts:
            self._texts[test] = self._texts_of.any(test) if not self._own_texts else \
                any(test(data) for data in self._sources.values())
        return self._texts[test]

    def every_module(self, besides: str) -> list[Resolver]:
        """Every module of the job, resolved for this program (asked when a finding may rest on what any module
        does): `besides`' findings now depend on every module."""
        self.edges.setdefault(besides, set()).update(p for p in self._sources if p != besides)
        found = (self.resolver(p) for p in sorted(self._sources))
        return [r for r in found if r is not None]

    def _holding(self, needle: bytes) -> list[str]:
        """The paths whose bytes hold `needle`, in order."""
        found = self._texts_of.holding(needle)
        if not self._own_texts:
            return found
        return sorted({p for p in found if p not in self._own_texts} |
                      {p for p in self._own_texts if needle in self._sources[p]})

    def analysed(self, path: str) -> None:
        """The module's own analysis is done with what the program keeps of its parse: names that lead into
        it later need only the libcst tree, so CPython's (for positions) is let go (stdlib subset: 58 MB)."""
        kept = self.parsed.get(path)
        if kept is not None and getattr(kept[1], "tree", None) is not None:
            self.parsed[path] = (kept[0], dataclasses.replace(kept[1], tree=None))

    def built(self, path: str, module: object) -> Resolver | None:
        """The resolver built for `path` when names led into it, if it resolves this very tree."""
        r = self._resolvers.get(path)
        return r if r is not None and r.module is module else None

    def adopt(self, path: str, resolver: Resolver) -> None:
        """A module's own analysis built its resolver before any name led into it:
        names that lead into it later use this one (one resolution, one flow
        analysis per module) instead of building another for the same tree."""
        if path not in self._resolvers:
            self._resolvers[path] = resolver

    def defining(self, qname: str, origin: str = "") -> list[Resolver]:
        """The job's modules that define class `qname` (`<class>.Net`), by path: a class handed from one module
        to another is looked up at home. Every module whose text has a class statement of that name, resolved
        here: not only those that names had led into so far, which depend on the order the analysis took (NVFlare's
        examples as one unit, many modules defining `Net`, gave other findings from run to run). `origin`'s
        findings now depend on them."""
        found = self._defined.get(qname)
        if found is None:
            name = qname.removeprefix("<class>.")
            # `class` first, then what precedes it (the lookbehind): a pattern that starts with a literal is
            # searched for it, one that starts with a lookbehind tries every byte (stdlib subset: 0.9 s)
            statement = re.compile(rb"class(?<![A-Za-z0-9_\x80-\xff]class)(?:[ \t\f]|\\(?:\r\n|\r|\n))+"
                                   + re.escape(name.encode()) + rb"(?![A-Za-z0-9_\x80-\xff])")
            paths = [p for p in self._holding(name.encode()) if statement.search(self._sources[p])] if name else []
            self._defining_paths[qname] = paths
            found = [r for r in map(self.resolver, paths) if r is not None and qname in r.class_scopes]
            self._defined[qname] = found
        if origin:
            self.edges.setdefault(origin, set()).update(p for p in self._defining_paths[qname] if p != origin)
        return found

    def close(self) -> None:
        """Let every module's tree go (the unit's analysis is over), and what its resolvers evaluated: one kept
        for another program (analysis.linked_program) keeps only its bindings."""
        for r in self._resolvers.values():
            if r is not None:
                r.start_over(None)
        self._resolvers.clear()
        self._defined.clear()
        self._defining_paths.clear()
        self.parsed.clear()
        self.flows.clear()
        self.flow_chosen_loaders.clear()
        self.flow_facts.clear()
        self.flow_escaped.clear()
        self.dataset_classes.clear()
        self._outside.clear()
        self._linked.clear()  # its values hold functions, hence scopes and trees

    def name_of(self, path: str) -> str:
        """The fullest dotted name of a file (its package decides relative imports)."""
        names = module_names(path)
        return names[0] if names else ""

    def is_job_module(self, name: str) -> bool:
        """Whether `name` is only the job's own (not also a library's)."""
        split = self._split(name)
        return split is not None and not self._is_shared(split[0])

    def is_job_module_itself(self, name: str) -> bool:
        """Whether `name` is a module of the job (`utils`), not a name one defines (`utils.Net()`)."""
        split = self._split(name)
        return split is not None and not split[1] and not self._is_shared(split[0])

    def binds(self, module: str, name: str) -> bool:
        """Whether a module of the job binds `name` at its top, itself or through its own star imports, followed
        through every module of the job they reach, each once (session 45: a walk of every road, depth-bounded,
        was exponential in a graph of star imports, and lost a binding past its bound)."""
        seen, todo = {module}, [module]
        while todo:
            m = todo.pop()
            if self._is_shared(m):
                continue
            for r in map(self.resolver, self.modules.get(m, ())):
                if r is None:
                    continue
                if name in r.root.bindings or any(self._library_binds(s, name) for s in r.star_modules):
                    return True
                todo += (s for s in r.star_modules if s not in seen)
                seen.update(r.star_modules)
        return False

    def _library_binds(self, module: str, name: str) -> bool:
        """Whether `from module import *` of a library, in a module of the job, may bind `name` (a library
        whose source does not settle its names may bind any)."""
        if module in self.modules:
            return False
        names = star_names(module)
        return names is None or name in names

    def _is_shared(self, module: str) -> bool:
        return module.split(".", 1)[0] in self._shared

    def _split(self, name: str) -> tuple[str, str, str] | None:
        """(module, attribute, rest) for `module.attribute<rest>`, or (module, "", "")."""
        if name.split(".", 1)[0].split("(", 1)[0] not in self._tops:
            return None
        if name not in self._splits:  # the same names are linked over and over
            self._splits[name] = self._split_uncached(name)
        return self._splits[name]

    def _split_uncached(self, name: str) -> tuple[str, str, str] | None:
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            head = ".".join(parts[:i])
            if head in self.modules:
                if i == len(parts):
                    return head, "", ""
                attr, paren, after = parts[i].partition("(")
                rest = (paren + after if paren else "") + "".join("." + p for p in parts[i + 1:])
                return head, attr, rest
        return None

    def own_attribute(self, name: str, origin: str) -> list[tuple[Resolver, str]] | None:
        """`mod.attr` of the job's module `mod` (what `from mod import attr` binds): each of its files'
        resolver with the attribute, or None when the name leads to no such attribute."""
        split = self._split(name)
        if split is None or not split[1] or split[2]:
            return None
        paths = self.modules[split[0]]
        self.edges.setdefault(origin, set()).update(paths)  # `origin`'s findings now depend on them
        found = [self.resolver(p) for p in paths]
        return [(r, split[1]) for r in found if r is not None] if found and None not in found else None

    def depends(self, path: str) -> list[str]:
        """Every module the file's resolution led into, directly or through others (edges lead only to
        the program's own paths). Each module's edges are met with the modules not reached yet, a set
        operation on the smaller of the two: where most modules depend on all others (any_text, a
        command line no module changes) a walk through each module's edges, as many as there are
        modules, once per file, was quadratic per file (NVFlare's examples, one unit of 634 files:
        3% of the scan)."""
        unreached = set(self._sources)
        unreached.discard(path)
        todo = [path]
        while todo and unreached:
            found = self.edges.get(todo.pop(), _NO_EDGES) & unreached
            unreached -= found
            todo += found
        return sorted(self._sources.keys() - unreached - {path})

    def link(self, values: frozenset, origin: str = "") -> frozenset:
        """Replace names that lead into the job's modules by what they name there."""
        if values in self._outside:
            return values
        if not any(isinstance(v, str) and v.split(".", 1)[0].split("(", 1)[0] in self._tops for v in values):
            self._outside.add(values)
            return values
        out: set = set()
        for v in values:
            out |= self._link_one(v, origin) if isinstance(v, str) else {v}
        return frozenset(out)

    def _link_one(self, name: str, origin: str = "") -> set:
        split = self._split(name)
        if split is None or not split[1]:
            return {name}
        if name in self._active:
            self._cut = True
            return {name}
        if not self._active:  # a name of the job's code, not one met while linking another
            self._allowed = max(MAX_LINKS, self._links + PAST_LINKS)
        if len(self._active) >= MAX_DEPTH or self._links >= self._allowed:  # unknown, never the job's own
            self._cut = True  # what was cut short here is not what the name links to
            return {OVERFLOW}
        module, attr, rest = split
        known = self._linked.get(name)
        if known is not None:
            self.edges.setdefault(origin, set()).update(self.modules[module])
            return set(known)
        self._links += 1
        cut, self._cut = self._cut, False
        self._active.add(name)
        try:
            out = self._link_uncached(name, module, attr, rest, origin)
            if not self._cut:
                self._linked[name] = frozenset(out)
            return out
        finally:
            self._active.discard(name)
            self._cut |= cut

    def _link_uncached(self, name: str, module: str, attr: str, rest: str, origin: str) -> set:
        out: set = {name} if self._is_shared(module) else set()
        bound = False
        for path in self.modules[module]:
            self.edges.setdefault(origin, set()).add(path)
            r = self.resolver(path)
            if r is None:
                out.add(name)  # unparsable: the job's own, judged in its file
                continue
            found = self._attribute(r, attr, stars=self._links < MAX_LINKS)
            if found is not None:
                bound = True
                for value in found:
                    out |= self._apply(value, rest, r.path, r)
        if not bound and not out:
            # Bound by none of the files: only another module's injection
            # (`helpers.x = os`) can make it exist, and the gate cannot follow that.
            out.add(OVERFLOW)
        return out

    @staticmethod
    def _attribute(r: Resolver, attr: str, stars: bool = True) -> frozenset | None:
        """What module `r` binds `attr` to; through its star imports only when `stars` (within MAX_LINKS)."""
        if attr in r.root.bindings:
            return r.lookup(attr, r.root)
        if r.star_modules:
            return frozenset(f"{m}.{attr}" for m in r.star_modules) if stars else None
        if "__getattr__" in r.root.bindings:  # a module's __getattr__ answers for what it does not bind
            return frozenset().union(*(r._returns_of(f) for f in r.lookup("__getattr__", r.root)
                                       if isinstance(f, FuncRef)))
        return None

    def _apply(self, value: object, rest: str, origin: str, r: Resolver) -> set:
        """`value` (found in the module of `r`) followed by `rest` (an attribute
        path and calls, as text)."""
        if isinstance(value, str) and value.startswith("<class>.") and rest:
            # A class of that module: its attributes are looked up there.
            step, after = ("()", rest[2:]) if rest.startswith("()") else _first_attribute(rest)
            if step == "()":
                return self._apply(value + "()", after, origin, r)
            found = r._class_attr(value, step)
            if found:
                return set().union(*(self._apply(v, after, origin, r) for v in found))
        if isinstance(value, str):  # a name of a star-imported module leads on
            return self.link(frozenset({value + rest}), origin)
        if not rest:
            return {value}
        if isinstance(value, FuncRef) and rest.startswith("()"):
            owner = value.scope.owner
            returned = owner._returns_of(value) if owner is not None else frozenset()
            return set().union(*(self._apply(v, rest[2:], origin, owner) for v in returned)) if returned else set()
        return set()


_NO_EDGES: frozenset[str] = frozenset()

# Bytes of a word: what a word a module is searched for may be made of (any byte past ASCII: a letter
# of a non-ASCII name is several such bytes). Anything else separates words.
_WORD = re.compile(rb"[A-Za-z0-9_\x80-\xff]+")
# Words looked for text by text before the texts' words are indexed: a search through every text costs
# about as much as indexing them, and a small job asks for few words.
_SCANS = 32


class Texts:
    """What the modules' bytes hold, asked once for every program over them: the config replays' programs
    (analysis.linked_program) each read the unit's modules, one of them perhaps with other bytes (a command line
    appended), and asked the same words of them (NVFlare's examples as one unit: 138 programs over 630 modules)."""

    def __init__(self, sources: dict[str, bytes]):
        self.sources = sources
        self._holding: dict[bytes, list[str]] = {}
        self._any: dict[Callable[[bytes], bool], bool] = {}
        self._words: _Words | None = None  # built once many words were asked for (holding)

    def holding(self, needle: bytes) -> list[str]:
        """The paths whose bytes hold `needle`, in order. Past the first few words, through the words of
        all the texts (_Words): a needle made of word characters only occurs inside one word of a text."""
        found = self._holding.get(needle)
        if found is None:
            if len(self._holding) < _SCANS or not _WORD.fullmatch(needle):
                found = [p for p, data in sorted(self.sources.items()) if needle in data]
            else:
                if self._words is None:
                    self._words = _Words(self.sources)
                found = self._words.holding(needle)
            self._holding[needle] = found
        return found

    def any(self, test: Callable[[bytes], bool]) -> bool:
        """Whether `test` holds of any module's bytes."""
        if test not in self._any:
            self._any[test] = any(test(data) for data in self.sources.values())
        return self._any[test]


class _Words:
    """The distinct words of every text, joined by NUL bytes: a needle of word characters occurs in a
    text exactly when it occurs inside one of the text's words, so one search through the (ten times
    smaller) words finds every text that holds it."""

    def __init__(self, sources: dict[str, bytes]):
        self.paths = sorted(sources)
        where: dict[bytes, list[int]] = {}
        for i, path in enumerate(self.paths):
            for word in set(_WORD.findall(sources[path])):
                where.setdefault(word, []).append(i)
        self.texts = list(where.values())  # per word: the texts that hold it
        self.starts, at = [], 0
        for word in where:
            self.starts.append(at)
            at += len(word) + 1
        self.joined = b"\0".join(where)

    def holding(self, needle: bytes) -> list[str]:
        found: set[int] = set()
        at = self.joined.find(needle)
        while at >= 0:
            i = bisect.bisect_right(self.starts, at) - 1
            found.update(self.texts[i])
            at = self.joined.find(needle, self.starts[i + 1]) if i + 1 < len(self.starts) else -1
        return [self.paths[i] for i in sorted(found)]


def _first_attribute(rest: str) -> tuple[str, str]:
    """`.a.b()` -> ("a", ".b()")."""
    name = rest[1:]
    end = min((i for i in (name.find("."), name.find("(")) if i >= 0), default=len(name))
    return name[:end], name[end:]
