"""What a call hands back: the job's own functions and methods applied with their summaries, callables
passed as parameters, library calls summarised by their role (part of the frame, frame.py)."""

from __future__ import annotations

import ast
import functools
import math
from typing import TYPE_CHECKING

import libcst as cst

from ..resolve import Const, FuncRef, Kinds, children, dotted
from . import accumulate, arguments, gradients, imported, protocol
from .replay import CALLS, FIELDS, GLOBALS
from .names import (
    DATA, FILE, HOST, LOG, NET, MAX_CALLABLES, MAX_FILE_DEPTH, MAX_TRANSFORM_DEPTH, OBJECT, PARAMETERS, RANDOM, SECRET, SHARED_FOLDER, SHELL_READABLE, UNKNOWN,
    UNKNOWN_PATH, UPDATE, _BATCHING_METHODS, _COMPARISON_METHODS, _COPIES, _CREDENTIAL_USERS, _DATASET_ROWS, _DEDUPLICATING_DISPLAYS,
    _CALLABLE_TRANSFORMS, _ECHOING_CALLS, _ITEM_MAKERS, _ITEM_MAKER_SETTERS, _ITEM_READERS, _ROW_CHOOSERS, _ROW_CAPS, _HEADER_SKIPS, _ECHOING_METHODS, _ELEMENT_FILTERS, _ENVIRON_READERS, _FILE_CREATORS, _FILE_PROBES, _FIT_INITIAL_VALUES,
    _FRAME_WRITERS, _GRADIENT_TRANSFORMS, _HANDLE_SIZES, _INPLACE_METHODS, _LOG_CALLS, _LOG_METHODS, _LOSS_OPERANDS, _MADE_CALLABLES, _MATMUL, _METRIC_CALLS,
    _METRIC_NAME, _MODULE_MOVES, _MUTATORS, _OPEN_CALLS, _OPTIMIZERS, _PARAMETRIC_PREDICTIONS, _PRESERVING_DECORATORS, _PROP_STORES,
    FIGURE, _PLOTTING_CALLS, _PLOT_METHODS,
    _RECONSTRUCTING_CALLS, _REMOVERS, _REORDERERS, _REPLY_HANDLERS, _REPLY_MODS, _ROW_SOFTMAX_CALLS, _ROW_SOFTMAX_METHODS, _SELECTOR_CALLS, _SELECTOR_METHODS, _SELECTOR_WHERES,
    _FILLED_LIKE, _MASK_SHAPE_METHODS, _NUMBER_CONVERSIONS, _ORDERING_TEST_CALLS,
    _SERVER_SETTINGS,
    _PUBLIC_ROW_KEYWORDS, _PUBLIC_ROWS, _PUBLIC_TRANSFORMS, _SOURCE_CALLS, _shared_file, _shell_readable,
    _STATE_STORES, _STRIDED_PARTITIONS, _SUMMARIES, _TEST_FILTERS, _TRAINED_LOSSES, _TRAINING_CALLEE, _UPDATE_CALLS,
    _LOADER_SAMPLERS, _POSITIONAL_BATCH_SIZE, _BOOLEAN_DTYPES, _BOOLEAN_DTYPE_TEXTS, _DOMAIN_CALLS, _DOMAIN_METHODS, _NAN_FILTERS,
    _NAN_FILTER_METHODS, _NAN_SKIPPING_CALLS, _NAN_SKIPPING_METHODS, _TABLE_OWNERS, _ARRAY_METHODS, _CONVERSIONS,
    _TABLE_SKIPPING_METHODS, _TABLE_DISPATCHING_CALLS, _TABLE_ROW_METHODS, _VALUE_TEST_CALLS, _VALUE_TEST_METHODS,
    _ABSOLUTE_CALLS, _NEGATION_CALLS, _RANGE_CALLS, _SERVER_ARGUMENTS, _NETWORK_SAVES, _PARTIALS, network_call,
)
from .values import (
    EMPTY, Origin, Param, Passed, SITE, _FILE_KEY, _SIZED_METHODS, _TEMP_FILES, _built_with, _bumped, _cap,
    _chosen_cell, _coefficients, _column_labels, _count, _default_key, _each_element, _few, _foreign_lambda,
    _instances, _map_part, _masked, _model_state, _no_elem, _objects, _passed_through, _pick, _predict,
    _flat, _raw_in_loss, _reduce, _review, _review_site, _rows_of, _scalarize, _secret, _site, _site_data, _size, _sized, _sized_by_value, _through, _unshifted,
    _by_mask, _distinct, _filed, _holed, _membership, _one_row, _implicit, _nan_kept, _shifted, _vouched,
    _store_root, _with_flags,
)
from .syntax import (
    _CallFacts, _WEIGHTED_FITS, _argument, _as_store, _bound_first, _callback_items, _functions, _is_classmethod, _is_static,
    _known_lib, _logs_traceback, _looked_up_method, _nested_in, _one_number, _over_rows, _params, _selects_columns, _selects_named_rows,
    _FEW_ROWS, _FIRST_ROWS, _of_table, _open_mode, _return_values, _strip_params, _fit_weights, _weighs_rows, _writes, _writes_handle,
)
from .state import _State
from .facts import may_hold_data
from . import module_flow

# builtins that hand an object's class an attribute name (and a value) to its __getattr__/__setattr__/__delattr__
_BY_NAME = frozenset({"builtins.getattr", "builtins.setattr", "builtins.delattr", "builtins.hasattr"})
# builtins that hand their first argument to the metaclass of the class they are given second (__instancecheck__,
# __subclasscheck__)
_CLASS_CHECKS = frozenset({"builtins.isinstance", "builtins.issubclass"})


if TYPE_CHECKING:
    from .module_flow import Flow


@functools.cache
def _paths():
    """detectors/paths.py, imported at first use (the detectors import this module): a relative import inside a
    method resolved the package again at every call evaluation (45,139 on NVFlare's advanced tree, session 59)."""
    from ..detectors import paths

    return paths


def _handed_kind(sink: str) -> str:
    """The kind of sink a send, request or log function handed on (Calls.handed_sink) is."""
    return UPDATE if _UPDATE_CALLS(sink) else NET if network_call(sink) else LOG


def _unconverted(value: object) -> object:
    """`Loss(weight=w)` of `Loss(weight=w).to(device)`: a module moved or cast is the same object."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
            value.func.attr.value in _MODULE_MOVES:
        value = value.func.value
    return value


class _Calls:
    """What a call hands back: part of _Frame (frame.py), whose __init__ sets the state these methods read."""

    # -- files the module writes and reads back: a file holds what the job wrote into it, whatever its name says

    def file_names(self, node: cst.Call, c: "_CallFacts") -> tuple[frozenset, frozenset]:
        """(the names a read may open, the names a write may write), each a path's last part in lower case,
        `*` for one known only at run time; found once per call."""
        found = self.flow.file_calls.get(id(node))
        if found is None:
            written = frozenset().union(*(self._names_of(path) for path in self._written_paths(node, c)))
            found = self.flow.file_calls[id(node)] = (self._names_of(self._read_path(node, c)), written)
        return found

    def _read_path(self, node: cst.Call, c: "_CallFacts") -> cst.BaseExpression | None:
        for n in sorted(c.names):
            if n in _OPEN_CALLS and not _writes(node, n):
                return _argument(node, 0, "file")
            if n.endswith((".read_text", ".read_bytes")) or (c.method in ("read_text", "read_bytes") and not c.names):
                return c.receiver
            if _SOURCE_CALLS(n) and node.args and node.args[0].keyword is None:
                return node.args[0].value
            if _FILE_PROBES(n):
                return c.receiver if "()" in n else _argument(node, 0, "path")
        if c.method in ("read", "readline", "readlines") and c.receiver is not None and \
                any(n.startswith(_TEMP_FILES) for n in self.r.names(c.receiver, self.scope)):
            return c.receiver  # `tmp.read()` of a temporary file, written through its name (`to_csv(tmp.name)`)
        return c.receiver if c.method in ("read_text", "read_bytes") and not c.names else None

    def _written_paths(self, node: cst.Call, c: "_CallFacts") -> list[cst.BaseExpression]:
        written = self.writer(node, c.names, c.method, c.receiver)
        if written is None:
            created = self._created_path(node, c)
            return [created] if created is not None else []
        if self.memory_buffer(written[1]):
            return []
        dest = written[1]
        if isinstance(dest, cst.Call) and self.r.names(dest.func, self.scope) & _OPEN_CALLS:
            return [p] if (p := _argument(dest, 0, "file")) is not None else []  # `open(p, "w").write(x)`
        # `fh.write(x)`, `json.dump(x, fh)`: where the handle was opened, every file the name may hold the
        # handle of (`fh` opened to write, then again to read the file back)
        opened = [path for v, _ in _paths().PathFolder.of(self.r).bound(dest, self.scope)
                  if isinstance(v, cst.Call) and self.r.names(v.func, self.scope) & _OPEN_CALLS
                  and (path := _argument(v, 0, "file")) is not None]
        return opened if opened or _writes_handle(c.names, c.method) else [dest]

    def _created_path(self, node: cst.Call, c: "_CallFacts") -> cst.BaseExpression | None:
        """The path of a call that makes a file or folder without writing into it (`open(p, "w")`, `os.makedirs(p)`,
        `Path(p).touch()`): a file probe reads that it is there (_FILE_PROBES)."""
        for n in sorted(c.names):
            if (n in _OPEN_CALLS and _writes(node, n)) or _FILE_CREATORS(n):
                return c.receiver if "()" in n else _argument(node, 0, "file") or _argument(node, 0, "name")
        return None

    def _names_of(self, path: cst.BaseExpression | None) -> frozenset:
        if path is None:
            return frozenset()
        paths, out = _paths(), set()
        for p in paths.PathFolder.of(self.r).fold(path, self.scope):
            last = p.rstrip("/").rsplit("/", 1)[-1].lower()
            out.add("*" if not last or paths.UNKNOWN in last or last.startswith(("<", "${")) else last)
        return frozenset(out)

    def note_written(self, names: frozenset, value: frozenset) -> None:
        """What a write hands the file, kept by the file's name for the reads of it (a file the job wrote is
        read back as what it holds: `df.to_json(out)` then `out.read_text()`)."""
        plain = _strip_params(value)
        concrete = _review_site(plain, "written to a file and read back")  # never clean, also widened
        passed = value - plain  # the parameters' part: what each caller passes (applied at each call)
        for name in names:
            key = _FILE_KEY + name
            if concrete:
                self.flow.join(GLOBALS, key, concrete)
            if self.fn is not None and passed:
                self.free_params[key] = _cap(self.free_params.get(key, EMPTY) | passed)

    def moved_into_readable(self, node: cst.Call, names: set[str], receiver: cst.BaseExpression | None) -> None:
        """A copy or move (lists/calls.yaml copies) into a text file the server's admin reads back (sinks.yaml
        shell_readable_files), or to a fixed path of a folder the site's jobs and users share (`/tmp/x.csv`),
        writes there what its source holds: the site's own file, or the site's rows the job wrote under the
        source's name (`df.to_csv("split.tmp")`, then `os.replace("split.tmp", "split.csv")`). So does a file
        added to an archive opened on such a path (`tarfile.open("/tmp/s.tgz", "w").add(src)`, red team 60b)."""
        paths = _paths()
        added = names & paths.ARCHIVE_ADD
        if names.isdisjoint(_COPIES) and not added:  # most calls: no intersection built
            return
        folder = paths.PathFolder.of(self.r)
        if added:
            copy = min(added)
            src = _argument(node, 0, "name" if copy.startswith("tarfile") else "filename")
            if src is None or receiver is None:
                return
            sources, readable = folder.fold(src, self.scope), None
            shared = self.opened_on_shared(receiver, paths.PathFolder.of(self.r, closed=True))
        else:
            copy = min(names & _COPIES.keys())
            (si, sk), (di, dk) = _COPIES[copy]
            src, dst = _argument(node, si, sk), _argument(node, di, dk)
            if src is None or dst is None:
                return
            sources, places = folder.fold(src, self.scope), folder.fold(dst, self.scope)
            # into a folder (`shutil.copy(src, "outputs/")`) the file keeps its source's name
            places |= {d.rstrip("/") + "/" + s.rstrip("/").rsplit("/", 1)[-1] for d in places for s in sources
                       if "." not in d.rstrip("/").rsplit("/", 1)[-1]}
            readable = _shell_readable(places)
            shared = _shared_file(places) if readable is None else None
        if readable is None and shared is None:
            return
        known = self._names_of(src) - {"*"}
        held = EMPTY.union(*(self.flow.global_writes.get(_FILE_KEY + n, EMPTY) for n in known))
        # what a file holds is reviewed (Frame.note_written); the site's rows in it keep Origin.named
        rows = any(isinstance(o, Origin) and o.named for o in held | self.written_elsewhere(known))
        if rows or any(map(_paths().data_root_of, sources)):
            sink = f"{copy} into {readable}, a text file of the job's folder {SHELL_READABLE}" if readable else \
                f"{copy} into {shared}, {SHARED_FOLDER}"
            self.flow.record(FILE, sink, node,
                             frozenset({Origin(DATA, copy, node, id(node))}) | self.pc, self)

    def fetched_url(self, node: cst.Call, names: set[str], positional: list, keywords: dict) -> None:
        """A reader given a remote URL (lists/calls.yaml url-readers: `pd.read_csv`, `np.loadtxt`) sends the URL:
        what the path argument carries, in any part of it (a path segment, a query field), leaves with the request
        (red team 57a: `pd.read_csv(base + "/" + str(rows) + ".csv")`). A path the gate cannot place is no URL:
        a site's manifest names its own files (`imread(os.path.join(root, row.path))`)."""
        found = _paths().fetched_url(self.r, node, names, self.scope)
        sent = self._argument_value(node, found[1], positional, keywords) if found is not None else EMPTY
        if sent:
            self.flow.record(NET, f"{found[0]} of a URL (the URL is the request)", node, sent, self)

    def named_after(self, node: cst.Call, c: "_CallFacts", positional: list, keywords: dict) -> None:
        """A file written or made under a name spelled from the site's rows (`torch.save(sd, f"ckpt_{ids}.pt")`):
        NVFlare's admin shell lists the job's folder (`ls`), names and sizes, for the server."""
        for path in self._written_paths(node, c):
            t = self._argument_value(node, path, positional, keywords)
            # what the gate follows here (not a bound's marker), and a parameter's part, judged at each call with what
            # its caller passes (`save(net, ids[r])` with `torch.save(sd, f"round_{tag}.pt")` inside, red team 38a)
            kept = frozenset(o for o in t if isinstance(o, Param) or (isinstance(o, Origin) and o.kind != UNKNOWN))
            if kept:
                self.flow.record(FILE, f"the name of a file it writes, {SHELL_READABLE} (ls)", node, kept, self)
            # a fact that names the site's machine in the name (`f"ckpt_{socket.gethostname()}.pt"`) goes to the server
            # as in the update (red team 39a). Not a setting or a path of the site's file system, which are mostly the
            # folder a file is written in (`os.path.join(os.environ["SCRATCH"], "m.pt")`)
            facts = frozenset(o for o in t if isinstance(o, Origin) and o.machine)
            if facts and self.in_the_job_folder(path):
                self.flow.record(UPDATE, f"the name of a file it writes, {SHELL_READABLE} (ls)", node, facts, self)

    def in_the_job_folder(self, path: cst.BaseExpression) -> bool:
        """Whether a written path may be relative: a file of the job's folder, which `ls` lists (not one under
        `tempfile.gettempdir()` or the home folder)."""
        folded = _paths().PathFolder.of(self.r).fold(path, self.scope)
        return any(not p.startswith(("/", "~", "<", "${")) for p in folded)

    @staticmethod
    def _argument_value(node: cst.Call, arg: cst.BaseExpression, positional: list, keywords: dict) -> frozenset:
        """What the call was handed for one of its argument expressions (nothing for another expression)."""
        args = [a for a in node.args if a.keyword is None and not a.star]
        at = next((i for i, a in enumerate(args) if a.value is arg), None)
        return positional[at] if at is not None and at < len(positional) else next(
            (keywords.get(a.keyword.value, EMPTY) for a in node.args if a.keyword is not None and a.value is arg), EMPTY)

    def public_rows(self, node: cst.Call, names: frozenset, positional: list, keywords: dict, extra: frozenset) -> bool:
        """A dataset that can only hold a public dataset's rows (sources.yaml public_rows: CIFAR10 checks its files'
        MD5 before it reads them): nothing of the site, when the split and the transforms carry nothing of it and
        every transform is torchvision's own. Its folder and download switch may be anything: the files are checked.
        What the job then does with the rows (an index from a site file, a target stored) taints them as always."""
        if not names or not all(map(_PUBLIC_ROWS, names)) or extra or len(positional) > 1 or \
                any(a.star for a in node.args) or not set(keywords) <= _PUBLIC_ROW_KEYWORDS:
            return False
        if any(t for k, t in keywords.items() if k not in ("root", "download")):
            return False
        return all(self.library_transform(a.value, self.scope) for a in node.args
                   if a.keyword is not None and a.keyword.value in ("transform", "target_transform"))

    def library_transform(self, expr: cst.BaseExpression, scope, depth: int = 0) -> bool:
        """`None`, or a torchvision transform built of constants and torchvision transforms (`Compose([ToTensor(),
        Normalize((0.5,), (0.5,))])`), spelled here or bound to a name: no callable of the job (`Lambda(f)`, `f`,
        `Compose([f])`) runs on a public item."""
        if depth > MAX_TRANSFORM_DEPTH:
            return False
        if isinstance(expr, cst.Name):
            if expr.value == "None":
                return True
            bound = self.r.bindings(expr.value, scope)
            return bool(bound) and all(isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression) and
                                       self.library_transform(b[0], b[1], depth + 1) for b in bound)
        if not isinstance(expr, cst.Call) or any(a.star for a in expr.args):
            return False
        called = self.r.names(expr.func, scope)
        if not called or not all(_PUBLIC_TRANSFORMS(n) and not _CALLABLE_TRANSFORMS(n) for n in called):
            return False
        return all(self._transform_part(a.value, scope, depth + 1) for a in expr.args)

    def _transform_part(self, expr: cst.BaseExpression, scope, depth: int) -> bool:
        """An argument of a library transform: constants, a list of transforms, or a transform."""
        if isinstance(expr, (cst.List, cst.Tuple)):
            return all(self._transform_part(e.value, scope, depth) for e in expr.elements
                       if isinstance(e, cst.Element))
        values = self.r.values(expr, scope)
        return (bool(values) and all(isinstance(v, Const) for v in values)) or self.library_transform(expr, scope, depth)

    def written_at(self, node: cst.Call, c: "_CallFacts", written: frozenset, positional: list,
                   keywords: dict) -> frozenset:
        """What a write puts in the file: what it was handed but the path of the site's file system it writes at
        (`torch.save(sd, os.path.join(HERE, "m.pt"))` stores the weights, not HERE: Origin.place)."""
        at = EMPTY.union(*(self._argument_value(node, p, positional, keywords) for p in self._written_paths(node, c)))
        return written - frozenset(o for o in at if isinstance(o, Origin) and o.place)

    def listed_by_ls(self, node: cst.Call, paths: list[cst.BaseExpression], written: frozenset) -> None:
        """A file of the job's folder whose size or being there the site's data decides: NVFlare's admin shell lists
        each file of the job's folder and its size (`ls -l`) for the server. A file as long as a value says
        (`f.write(b"0" * age)`, `np.zeros(n).tofile(p)`), or made only when a cell passes a test (`if row["hiv"]
        == "pos": torch.save(sd, "snap.pt")`); what counts is what counts in a file (values._filed)."""
        told = _sized_by_value(written) | self.pc
        if told and any(map(self.in_the_job_folder, paths)):
            self.flow.record(FILE, f"whether a file is there and its size, {SHELL_READABLE} (ls -l)", node, told, self)
            # that it is there goes to the server as the update does: a test of a chosen row (a statistic, which a
            # file's content may hold) decides it as it would decide a value sent (red team 39a)
            tested = frozenset(o for o in self.pc if isinstance(o, Origin) and not _filed(o))
            if tested:
                self.flow.record(UPDATE, f"whether a file of the job's folder is there, {SHELL_READABLE} (ls)", node,
                                 tested, self)

    def opened_to_write(self, handle: cst.BaseExpression) -> list[cst.BaseExpression]:
        """The paths a handle was opened at in a mode that writes (a handle only read may seek anywhere)."""
        return [path for v, _ in _paths().PathFolder.of(self.r).bound(handle, self.scope) if isinstance(v, cst.Call)
                for n in sorted(self.r.names(v.func, self.scope) & _OPEN_CALLS)[:1]
                if any(m in (_open_mode(v, n) or "") for m in "wax+") and (path := _argument(v, 0, "file")) is not None]

    def read_back(self, names: frozenset) -> frozenset:
        """What the job wrote into a file a read may open, by its name or where only the run time names the
        file: reviewed, never clean (what a serializer keeps of an object, a trained model's state among
        it, is not what the flow follows through the file)."""
        # read as a peek: a file's contents never ask for another round of the module (its store keeps what
        # every round wrote), so that a save read back each round does not widen every field
        held = self.flow.global_writes
        # a read whose name only the run time knows (`os.path.join("cache", names[-1])`) may open any file the
        # job wrote, whatever name it was written under
        named = [k for k in held if k.startswith(_FILE_KEY)] if "*" in names else [_FILE_KEY + n for n in names]
        out = EMPTY.union(*(held.get(k, EMPTY) for k in named if k != _FILE_KEY + "*"))
        return _review(out, "written to a file and read back") | \
            _review(held.get(_FILE_KEY + "*", EMPTY), "written to a file named at run time and read back") | \
            _review(self.written_elsewhere(names), "written to a file by another module of the job and read back")

    def written_elsewhere(self, names: frozenset) -> frozenset:
        """What the job's other modules that spell the file's name wrote into it (`json.dump(rows, f)` in a
        helper, `json.load` of the same file here), as that module's own analysis sees it."""
        program = self.r.program
        out = EMPTY
        # by name, not in the set's order (by PYTHONHASHSEED): the modules analysed first here are the ones a
        # later name finds past MAX_FILE_DEPTH, or seeing this one's analysis part done (NVFlare's examples)
        for name in sorted(names - {"*"}) if program is not None else ():
            for other in program.mentioning(name, self.r.path):
                if other is self.r or not may_hold_data(other):
                    continue
                flow = module_flow.flow_of(other)
                if flow._found_once is None and len(self.flow._running()) >= MAX_FILE_DEPTH:
                    # named after the module (its path), not only keyed by it (an id()): such origins at one
                    # node would tie in every order a bound's cut follows (_most_decisive), and which were
                    # kept followed the set's order, so counts of sources moved between runs (NVFlare's examples)
                    out |= {Origin(UNKNOWN, f"what {other.path} writes into {name} (past MAX_FILE_DEPTH "
                                            "modules analysed one inside another)", self.flow.module, id(other))}
                    continue
                flow.leaks()
                out |= _strip_params(flow.global_writes.get(_FILE_KEY + name, EMPTY))
        return out

    def note_param_call(self, name: str, t: frozenset) -> None:
        """`def deliver(channel, rows): channel(rows)`, `def traced(fn): def w(m): ...; fn(m)`: a call of a
        parameter (of this function or of one it is nested in) sends what it is given when a caller passes a
        send function for it (Frame.passed_sinks)."""
        s = self.scope
        while s is not None and name not in s.bindings:
            s = s.parent
        if s is None or not isinstance(s.node, cst.FunctionDef) or all(p.name.value != name for p in _params(s.node)):
            return
        given = t if s.node is self.fn else _strip_params(t)  # a nested function's own parameters are not the owner's
        key = (id(s.node), name)
        self.flow.join(CALLS, key, given)

    def handed_sink(self, arg: cst.BaseExpression) -> str | None:
        """The send, request or log function `arg` names, if it names one (`flare.send`, `requests.post`, `print`)."""
        return next((n for n in sorted(self.r.names(arg, self.scope)) if _UPDATE_CALLS(n) or network_call(n) or
                     _LOG_CALLS(n)), None)

    def reconstructed(self, node: cst.Call, objects: frozenset, given: frozenset) -> None:
        """`copy.deepcopy(o)` (reconstructing_calls): copy calls the callable o's `__reduce__`/`__reduce_ex__` returns
        with the arguments it returns beside it (copy._reconstruct); a send or log function returned there is a sink
        of what the object holds (red team 46d's open reduce_callable, closed by 46f)."""
        for fn, home in protocol.of_classes(self.flow, sorted({o.what for o in objects}), flow_for=module_flow.flow_of,
                                            only=protocol.REDUCE):
            for value in _return_values(fn) if isinstance(fn, cst.FunctionDef) else ():
                if not (isinstance(value, cst.Tuple) and len(value.elements) > 1):
                    continue
                rest = value.elements[1].value
                args = [cst.Arg(e.value) for e in rest.elements] if isinstance(rest, cst.Tuple) else \
                    [cst.Arg(rest, star="*")]
                sink = self.sink_called(value.elements[0].value, args, home.r, home.r.scope_of[id(fn)])
                if sink is not None:
                    self.flow.record(sink[0], sink[1], node, given | self.object_fields(objects) | self.pc, self)

    def partial_sinks(self, node: cst.Call) -> list[tuple[str, str]]:
        """The sinks (kind, name) a call of a partial runs: the send or log function the partial binds (`show` bound
        to `partial(print, "row:")`, a field `self.show` bound to one, an item of a literal dict or list a name is
        bound to: `hooks["show"]`), judged as if called with the call's arguments."""
        held = node.func.value if isinstance(node.func, cst.Subscript) else node.func
        bound = self.bound_exprs(held, every=False, fields=True) or []
        if held is not node.func:
            bound = [(e.value, where) for b, where in bound if isinstance(b, (cst.Dict, cst.List, cst.Tuple))
                     for e in b.elements if isinstance(e, (cst.DictElement, cst.Element))]
        sinks = [self.sink_called(built.args[0].value, node.args, self.r, where) for built, where in bound
                 if isinstance(built, cst.Call) and built.args and built.args[0].keyword is None and
                 self.r.names(built.func, where) & _PARTIALS]
        return [s for s in sinks if s is not None]

    def sink_called(self, f: cst.BaseExpression, args, r, scope) -> tuple[str, str] | None:
        """The send, request or log sink (kind, name) a call of the function `f` (as `r` reads it in `scope`) with `args` is,
        if it is one: what a partial, or a copy's `__reduce__`, hands the function it holds is sent or logged."""
        sink = self.sink_of(cst.Call(func=f, args=args), set(r.names(f, scope)),
                            f.attr.value if isinstance(f, cst.Attribute) else None,
                            f.value if isinstance(f, cst.Attribute) else None)
        return sink if sink is not None and sink[0] in (UPDATE, NET, LOG) else None

    def passed_sinks(self, fn: cst.FunctionDef, exprs: dict, subst, call: cst.Call) -> None:
        """A send or log function the call passes for a parameter that the function calls (note_param_call):
        what it calls it with leaves the site."""
        home = self.flow.home(fn)
        for name, arg in exprs.items():
            sink = self.handed_sink(arg)
            if sink is None:
                continue
            scope = home.r.scope_of[id(fn)]
            for inner in home.functions:  # the wrappers it defines call the parameter when they run
                s = home.r.scope_of[id(inner)].parent
                while s is not None and s is not scope:
                    s = s.parent
                if s is scope:
                    home.summary(inner)
            given = subst(home.peek(CALLS, (id(fn), name)))
            if given:
                self.flow.record(_handed_kind(sink), sink, call, given, self)

    def link_home(self, fn: cst.FunctionDef, home: "Flow") -> None:
        """An implicit method of another module's class of the job runs at home, called on an object (bound)."""
        if home is not self.flow:
            self.flow.homes[id(fn)] = home
            self.flow.linked_methods.add(id(fn))

    def called_object(self, fns: list, call: cst.Call, positional: list, keywords: dict, extra: frozenset,
                      st: _State) -> frozenset:
        """`model(x)` of an object of the job's class: what its `__call__` (or the `forward` torch's Module.__call__
        runs) returns of the call's arguments, beside predictions of them: a forward that returns x[1042:1043]
        hands out that row, not predictions of every row."""
        out = EMPTY
        for fn, home in fns:
            if isinstance(fn, cst.Lambda):  # `forward = lambda self, x: ...`: `self` is the object
                out |= self.call_lambda(fn, [EMPTY, *positional], keywords, extra, st) if home is self.flow else \
                    _foreign_lambda(fn)
                continue
            if protocol.decorated(home, fn, _PRESERVING_DECORATORS):  # `@probe def forward`: what probe returns runs
                out |= {Origin(UNKNOWN, f"what {fn.name.value}() returns under a decorator the gate does not follow",
                               call, id(call), logged=True, callback=True)}
            self.link_home(fn, home)
            out |= self.apply(fn, call, positional, keywords, extra, True, st)
        return out

    def held_forwards(self, recv: frozenset, known: list) -> list:
        """The __call__/forward of the job's classes whose objects what is called holds (OBJECT), besides those its
        name gives (`known`): a library object built from a job module (`GradSampleModule(Probe())`,
        `QuantWrapper(probe)`, a peft wrapper) calls that module's forward when called."""
        classes = tuple(sorted({o.what for o in _objects(recv)}))
        if not classes:
            return []
        fns = self.flow.called_of.get(classes)
        if fns is None:
            fns = self.flow.called_of[classes] = protocol.of_classes(self.flow, classes, flow_for=module_flow.flow_of,
                                                                     only=protocol.CALLED)
        seen = {id(fn) for fn, _ in known}
        return [(fn, home) for fn, home in fns if id(fn) not in seen and not seen.add(id(fn))]

    def call_passed(self, passed: "Passed", call: cst.Call, positional: list, keywords: dict, extra: frozenset,
                    st: _State) -> frozenset:
        """A parameter's call runs the functions and lambdas the job's calls pass for it (`run(pick, x)`), an
        object no name ties to a class those the module reads as values; past the budgets (MAX_PASSED arguments
        read, MAX_CALLABLES functions) what it returns is of unknown provenance."""
        out = EMPTY
        many = len(passed.functions) > MAX_CALLABLES
        for fn, home in passed.functions if not many else ():
            if isinstance(fn, cst.Lambda):
                out |= self.call_lambda(fn, positional, keywords, extra, st) if home is self.flow else \
                    _foreign_lambda(fn)
                continue
            bound = _bound_first(home.r.scope_of[id(fn)], _params(fn)[0].name.value) if _params(fn) else False
            if home is not self.flow:
                self.flow.homes[id(fn)] = home
                if bound:
                    self.flow.linked_methods.add(id(fn))
            out |= self.apply(fn, call, positional, keywords, extra, bound, st)
        if not passed.listed or many:
            out |= {Origin(UNKNOWN, "what a call returns of a parameter or an object the gate cannot tie to fewer "
                                    "than MAX_PASSED arguments or MAX_CALLABLES functions", call, id(call), logged=True,
                           callback=True)}
        return out

    def protocol_values(self, fns: list, call: cst.Call, st: _State, built_with: frozenset = EMPTY) -> frozenset:
        """What an object of the module's class hands out through the methods the interpreter runs on its own
        (protocol.py: `len(o)`, `str(o)`, `o + 1`, `with o as v`, `o.missing`, `o()`): like a callback's
        result, the job's code the gate does not follow to its operation, so no count, reduction or number
        makes it clean."""
        out = EMPTY
        for fn, home in fns:
            if isinstance(fn, cst.Lambda):  # `forward = lambda self, x: ...` in the class body
                out |= _strip_params(self.call_lambda(fn, [], {}, EMPTY, st)) if home is self.flow else \
                    _foreign_lambda(fn)
                continue
            if home is not self.flow:
                # a class of another module of the job: its methods run at home, where its fields do not see
                # what this module built the object with (a dataset's arguments are its data already)
                if not home.is_dataset_class(home.r.scope_of[id(fn)].parent.node.name.value):
                    out |= built_with
                if may_hold_data(home.r):
                    home.leaks()
            self.link_home(fn, home)
            out |= _strip_params(self.apply(fn, call, [], {}, EMPTY, True, st))
        return frozenset(o.but(callback=True) for o in out)

    def operated(self, node: cst.BaseExpression, target: cst.BaseExpression | None, value: frozenset,
                 operand: frozenset, st: _State, only: frozenset = protocol.OPERANDS) -> None:
        """`k in o`, `o[k]`, `C[k]`, `o + v`, `o.a = v`, `del o[k]`, `getattr(o, k)`, `isinstance(v, C)`,
        `f"{o:{k}}"` on an object or a class of the job's: the interpreter hands the operand to a method of its
        class (protocol.takes_operand), which may keep it (`self.seen.append(k)`, `cls.spec = k`) or send it;
        what the method returns the operation's own value already holds. Every such method of the class is
        applied, with the operand for each parameter, as the gate does not tell which operation runs which
        (red team 35b)."""
        if not operand:
            return
        classes = {n.removesuffix("()") for n in self.r.names(target, self.scope) if n.startswith("<class>.")} \
            if target is not None else set()
        classes |= {o.what for o in _objects(value)}
        if not classes:
            return
        call = self.flow.operations.setdefault(id(node), cst.Call(func=target if target is not None else node))
        for fn, home in protocol.of_classes(self.flow, sorted(classes), flow_for=module_flow.flow_of, only=only):
            self.link_home(fn, home)
            self.apply(fn, call, [], {}, operand, True, st)  # each parameter (`__setattr__(self, k, v)`)

    def imports_of(self, home: "Flow", name: str) -> list[str]:
        """The names this module binds by importing `name` from another module of the job (imported.homes)."""
        return [local for local in self.r.root.bindings if (home.r, name) in imported.homes(self.r, local)]

    def extra_state(self, method: str | None, owner: set, recv: frozenset) -> frozenset:
        """`net.state_dict()` of the job's module class that defines get_extra_state: torch puts what it returns
        into the state dict, and it may return any attribute the job put on the object (`net.calib = rows`),
        which the object's value holds (red team 35b)."""
        classes = {n.removesuffix("()") for n in owner if n.startswith("<class>.")}
        getters = protocol.of_classes(self.flow, sorted(classes), flow_for=module_flow.flow_of,
                                      only=protocol.EXTRA_STATE) if method == "state_dict" and classes else []
        if not getters:
            return EMPTY
        # what a method stores on the object is among this module's fields (Frame.apply stores there, for a class of
        # another module too: `net.keep(rows)` with `self.ref = rows` in net.py): the fields get_extra_state reads
        read = {"*"} | {n for fn, _ in getters for n in _self_reads(fn)}
        whole = self.flow.fields_of_self() if "__dict__" in read else EMPTY
        return (_strip_params(recv) - _objects(recv)).union(whole, *(self.flow.field(f"self.{n}") for n in sorted(read)))

    def table_rows(self, node: cst.Call, method: str, recv: frozenset) -> bool:
        """Whether a method of the site's table hands out rows its arguments pick, as a mask would (`df.query("id ==
        1042")`, `df.head(1)`; table_row_methods): any method not in whole_methods of a table typed or built as one
        (_of_table), one of table_row_methods of a value the resolver does not type (`df, x, y = load()`) that
        holds rows a table reader read. Not head(n)/tail(n) of more rows than a constant slice names (a batch)."""
        receiver = node.func.value
        if method in ("head", "tail"):
            n = _argument(node, 0, "n")
            rows = self.r.constants(n, self.scope) if n is not None else [5]
            if len(rows) == 1 and isinstance(rows[0], int) and rows[0] > (_FIRST_ROWS if method == "head" else _FEW_ROWS):
                return False
        if _of_table(receiver, self.r, self.scope):
            return True
        return method in _TABLE_ROW_METHODS and not self.r.names(receiver, self.scope) and any(
            isinstance(o, Origin) and o.kind == DATA and o.what.startswith(gradients._TABLE_LIBS) for o in recv)

    def call(self, node: cst.Call, st: _State) -> frozenset:
        func = node.func
        scope = self.scope
        c = self.flow.static.get(id(node))
        if c is None:
            c = self.flow.static[id(node)] = self.call_facts(node)
        names, method, receiver = c.names, c.method, c.receiver
        positional: list[frozenset] = []
        keywords: dict[str, frozenset] = {}
        extra = EMPTY  # *args / **kwargs
        outgoing = EMPTY  # what the call itself hands over (an inner FLModel(...) reports for itself)
        shown = EMPTY  # the text a progress bar prints
        library = bool(names) and not (c.refs or c.lambdas)
        # `urlretrieve(url, filename)`: where the download lands is not sent
        saved = 1 if c.sink is not None and c.sink[0] == NET and _NETWORK_SAVES(c.sink[1]) else None
        for i, (a, inner_sink) in enumerate(zip(node.args, c.inner_sinks)):
            # `eval_set([(dvalid, "valid")])`: each dataset as if passed alone (no list that wraps it)
            t = self.expr(a.value, st) if not (c.pairs and i == 0) else \
                EMPTY.union(*(self.expr(e.value, st) for pair in a.value.elements for e in pair.value.elements))
            if library and _objects(t):
                t = t | self.object_fields(_objects(t))
            if not inner_sink and not (saved is not None and (
                    a.keyword.value == "filename" if a.keyword is not None else i == saved and not a.star)):
                outgoing |= t
            if i in c.bar_text:
                shown |= t
            if a.star:
                extra |= t
            elif a.keyword is not None:
                keywords[a.keyword.value] = t
            else:
                positional.append(t)
        if method in _WEIGHTED_FITS and _weighs_rows(node, self.r, scope):
            # `KMeans(n_clusters=1).fit(x, sample_weight=one_hot)`, `StandardScaler().fit(x, sample_weight=w)`:
            # the weights choose the rows its centres and statistics are of (red team 8)
            chosen = _by_mask if self.selector(_fit_weights(node), EMPTY.union(*positional, *keywords.values())) \
                else _pick
            positional = [chosen(_pick(t)) for t in positional]  # `sample_weight=(ids == 1042)`: as `fit(X[m])`
            keywords = {k: chosen(_pick(t)) for k, t in keywords.items()}
            extra = _pick(extra)
        args = extra
        for t in positional:
            args |= t
        for t in keywords.values():
            args |= t
        recv = self.expr(receiver, st) if receiver is not None else self.expr(func, st)
        if isinstance(func, cst.Name) and args:
            # `keep = make_keeper(stats)`, `add = Recorder(stats).add`, `keep = partial(stats.append)`: a callable
            # holding a list, dict or set the function made may store what it is handed into it (red team 52a)
            handed = _review(args, f"handed to {func.value}(), a callable that holds it")
            for inner in sorted(n for n in self.contents.get(func.value, ()) if n in self.displays):
                self.store_into(_as_store(cst.Name(inner)), handed, st)
        if isinstance(func, cst.Attribute) and args and not (c.refs or c.lambdas) and self.job_object(func.value):
            # `b.keep = stats.append; b.keep(rows)`, `self.keep = sink.append` in __init__: a callable an object of the
            # job's class holds in a field may store what it is handed into what that object holds (red team 52a)
            self.into_contents(func.value, "self." + func.attr.value, args, st)
        if method in _ITEM_MAKER_SETTERS and receiver is not None:
            # `ds.set_transform(prep)`: the dataset makes each item with the job's code from now on (sources.yaml
            # item_maker_setters); what that code returns besides the row is in every item, as a source's transform=
            made, _ = self.job_code_returns(tuple(_callback_items(node, _ITEM_MAKERS, positional=True)), EMPTY, st)
            self.store_into(receiver, made | args, st)
        if (self.raising or self.fn is not None or self.handling) and \
                (method in _ECHOING_METHODS or any(map(_ECHOING_CALLS, names))):
            self.note_echo(args | recv, node)  # `int(cell)`: "invalid literal for int() with base 10: 'J. Smith'"
        for a in node.args:
            self.handed_method(a.value, args, st)
        self.handed_writer(node, args, st)
        run_by_library = not (c.refs or c.lambdas or names & protocol.INSPECTING)
        if run_by_library and _objects(handed := args | recv):
            # `[probe].index(cell)`, `sorted([probe, cell])`, `round(probe, cell)`, `np.add(x, probe)`: the library
            # compares, hashes or dispatches, running the object's operand methods (`__eq__`, `__lt__`,
            # `__round__`, `__array_ufunc__`, `__torch_function__`) with what else it was handed (red team 46d)
            self.operated(node, None, handed, handed, st)
            self.operated(node, None, handed, handed, st, only=protocol.LIBRARY_RUN)
            if any(map(_RECONSTRUCTING_CALLS, names)):
                self.reconstructed(node, _objects(handed), handed)
        for a in node.args if run_by_library and args else ():
            sink = self.handed_sink(a.value)
            if sink is not None and not (sink.startswith("logging.") and sink.rsplit(".", 1)[-1] not in _LOG_METHODS):
                # `map(print, rows)`, `partial(flare.send, m)`, `Timer(0, print, args=(row,))`: the library calls it
                # with what else it was handed (red team 46d)
                self.flow.record(_handed_kind(sink), sink, node, args | self.pc, self)
            for each in [e.value for e in a.value.elements] if isinstance(a.value, (cst.Tuple, cst.List)) else [a.value]:
                if any(n.startswith("<class>.") and not n.endswith("()") for n in self.r.names(each, scope)):
                    # `map(Keep, rows)`, `sorted(rows, key=Key)`, `type(name, (Base,), ns)`: the library builds the
                    # job's class, or a subclass of it, with what it is handed; the class type() makes is named by
                    # its first argument (`cls.__name__` in Base.__init_subclass__: red team 46f)
                    if "builtins.type" in names and positional:
                        for attr in ("__name__", "__qualname__"):
                            self.flow.store_field("self." + attr, positional[0])
                    self.operated(node, each, EMPTY, args, st, only=protocol.CREATION)
        if names & _PARTIALS:
            self.bound_by_partial(node, st)
        for kind, sink in self.partial_sinks(node) if not names or any(n.removesuffix("()") in _PARTIALS
                                                                        for n in names) else ():
            # `show = partial(print, "row:")` ... `show(row)`: the later call runs the send or log function partial
            # binds, with what it is handed (red team 46f; the partial's own arguments are recorded where it is built)
            self.flow.record(kind, sink, node, args | self.pc, self)
        looked_up = _looked_up_method(func, self.r, scope)
        if looked_up is not None:  # `getattr(meta, "up" + "date")(row=x)` stores as `meta.update(row=x)` does
            self.handed_method(cst.Attribute(value=looked_up[0], attr=cst.Name(looked_up[1])), args, st)
        if self.fn is not None and isinstance(func, cst.Name) and not names and (outgoing or self.pc):
            self.note_param_call(func.value, outgoing | self.pc)

        if any(n.startswith(_PLOTTING_CALLS) for n in names) or \
                (method in _PLOT_METHODS and not names and receiver is not None):
            self.store_self_field(FIGURE, outgoing | recv)  # drawn into the current figures (sinks.yaml plotting_calls)
        if c.sink is not None:
            kind, sink = c.sink
            # what a frame writer writes is its receiver (`df.to_csv(sys.stdout)`), wherever it goes; a handle's
            # write writes what it is handed, not what the handle read (`open(p, "r+b").write(b"0" * 64)`)
            sent = outgoing | recv if (method == "to_shareable" and kind == UPDATE) or method in _FRAME_WRITERS or \
                kind == FILE and not _writes_handle(names, method) else outgoing
            if c.handed_only:
                # a call that may only read (`json.load(open("/tmp/cfg.json"))`): what it is handed of the site's
                # data, a host file or a secret, not what it reads back or whether it runs
                sent = frozenset(o for o in sent if not isinstance(o, Origin) or o.kind in (DATA, HOST, SECRET))
            else:
                sent = sent | self.pc  # whether it is sent at all
            if method == "savefig" or any(n.endswith(".savefig") for n in names):
                sent = sent | self.flow.field(FIGURE)  # a figure's save writes what was drawn
            if kind == LOG and self.handling and _logs_traceback(node, names, method):
                sent = sent | self.handling[-1]  # `log.exception(...)` in a handler: the exception's message too
            if sent:
                self.flow.record(kind, sink, node, sent, self)
            # `(print if quiet else requests.post)(row)`: the call may be a request or another sink, each judged
            other = self.sink_of(node, {n for n in names if not network_call(n)}, method, receiver) \
                if kind == NET and sent else None
            if other is not None and other[0] != NET:
                self.flow.record(other[0], other[1], node, outgoing | self.pc, self)
            facts = frozenset(o for o in sent if isinstance(o, Origin) and o.machine)
            if kind == FILE and SHELL_READABLE in sink and facts:
                # a fact that names the site's machine in a text file the server's admin reads (`cat`): as in the
                # update (red team 39a). Not a path or a setting, which the handle written to carries when it is
                # where the file is (`open(os.path.join(os.getcwd(), "km.json"), "w")`)
                self.flow.record(UPDATE, sink, node, facts, self)
        elif keywords.get("timeout"):  # `q.put(v, timeout=cell)`: how long it may block, the round's length
            self.flow.record(UPDATE, "a call's timeout (how long the round takes)", node, keywords["timeout"] | self.pc,
                             self)
        if shown:
            self.flow.record(LOG, "a progress bar's text", node, shown | self.pc, self)
        reads, writes = self.file_names(node, c)
        self.moved_into_readable(node, names, receiver)
        self.fetched_url(node, names, positional, keywords)
        if writes:
            self.named_after(node, c, positional, keywords)
            self.listed_by_ls(node, self._written_paths(node, c), _sized(outgoing) if method in _HANDLE_SIZES else
                              outgoing | recv if method in _FRAME_WRITERS else outgoing)
            # whether the file is written at all (its size, that it is there) is what decided the branch
            self.note_written(writes, self.written_at(node, c, outgoing | recv if method in _FRAME_WRITERS else outgoing,
                                                      positional, keywords) | self.pc)
        elif method == "seek" and positional and receiver is not None:
            # a write after `fh.seek(n)` fills the file up to n: as long as the value says (handle_sizes)
            self.listed_by_ls(node, self.opened_to_write(receiver), _sized(positional[0]))
        if method in _PROP_STORES and args:
            self.store_props(args)
        if method == "backward" and receiver is not None:
            self.moved_model(_raw_in_loss(recv))
        if method in _REMOVERS and receiver is not None and self.pc:
            self.store_into(receiver, EMPTY, st)  # `if cell > t: sd.pop("bias")`: which keys are left is a bit
        if method in _STATE_STORES and receiver is not None and args and (self.param_alias(receiver) or any(
                n.startswith(_OPTIMIZERS) for n in self.r.names(receiver, scope))):
            self.write_params(args)  # `sd.update({"bias": row})`, `group.update(lr=cell)`: the model holds it
        if method in _REORDERERS and receiver is not None and not c.draws and (self.pc or args):
            self.store_into(receiver, args, st)  # `keys.sort(reverse=cell)`, `if cell > t: keys.reverse()`: the order
        if "mods" in keywords and any(_REPLY_MODS(n) for n in names):
            # `ClientApp(mods=[mod])`: what a mod returns is the reply
            mods = next(a.value for a in node.args if a.keyword is not None and a.keyword.value == "mods")
            reply = keywords["mods"] | self.mods_return(mods)
            if reply:
                self.flow.record(UPDATE, "the reply a Flower mod returns", node, reply | self.pc, self)
        if any(_REPLY_HANDLERS(n) for n in names):
            handler = _argument(node, 1, "message_handle_func")
            reply = self.handler_returns(handler) if handler is not None else EMPTY
            if reply:
                self.flow.record(UPDATE, "the reply a message handler returns", node, reply | self.pc, self)
        written = outgoing | recv if c.buffer is not None and method in _FRAME_WRITERS else outgoing
        if c.buffer is not None and written:
            # `buf.getvalue()` then holds what was written (`df.to_csv(buf)` writes the frame it is called on)
            self.store_into(c.buffer, written, st)
        if c.handle is not None and outgoing:
            # `print(row, file=out)`, `w = csv.writer(buf); w.writerow(row)`: the object holds what it was handed
            self.store_into(c.handle, outgoing, st)

        if names & _BY_NAME and len(positional) > 1 and node.args[0].keyword is None:
            # getattr(o, name), setattr(o, name, v): o's __getattr__/__setattr__ of its job class is handed them
            self.operated(node, node.args[0].value, positional[0], EMPTY.union(*positional[1:]), st)
        if names & _CLASS_CHECKS and len(positional) > 1 and node.args[1].keyword is None:
            classes = node.args[1].value  # `isinstance(v, (A, B))` asks each class's metaclass in turn
            for each in classes.elements if isinstance(classes, cst.Tuple) else [classes]:
                self.operated(node, each.value if isinstance(each, cst.BaseElement) else each, positional[1],
                              positional[0], st)
        if "builtins.getattr" in names and len(positional) > 1 and node.args[0].keyword is None and \
                (held := self.module_getattr(node)):  # getattr(stats, "preview") of a module of the job
            return positional[0] | held | (positional[2] if len(positional) > 2 else EMPTY)
        if "builtins.getattr" in names and positional and node.args[0].keyword is None and \
                self.own_object(node.args[0].value):
            # getattr(C, "rows") of the module's own class or object: the field, or every field by a computed name
            attr = [c for c in self.r.constants(node.args[1].value, scope) if isinstance(c, str)] \
                if len(node.args) > 1 else []
            field = self.flow.field("self." + attr[0]) | self.flow.field("self.*") if len(attr) == 1 else \
                self.flow.fields_of_self()
            return positional[0] | field | (positional[2] if len(positional) > 2 else EMPTY)
        if "builtins.setattr" in names and len(positional) >= 3:
            attr = [c for c in self.r.constants(node.args[1].value, scope) if isinstance(c, str)]
            target = node.args[0].value
            if isinstance(target, cst.Name) and target.value in ("self", "cls"):
                # setattr(self, name, v): the field named, or every field when the name is computed
                field = attr[0] if len(attr) == 1 and attr[0].isidentifier() else "*"
                target = cst.Attribute(value=target, attr=cst.Name(field if field != "*" else "_any_"))
                if field == "*":
                    self.flow.put(FIELDS, "self.*", _cap(self.flow.peek(FIELDS, "self.*") | _strip_params(positional[2])))
            self.store_into(_as_store(target), positional[2], st)
            return EMPTY

        # `self.manager.size()` of an object of the job's class the resolver lost, which is no source, sink or
        # library call by its name, nor `forward` (`model(x)` without hooks, below): its method, on what the
        # object holds; the value may be another object that carries no origin, whose method hands back what
        # it is given (as any call's)
        objects = _objects(recv) if method is not None and method not in protocol.CALLED and \
            not (c.refs or c.lambdas or names) and c.sink is None and c.source is None and c.foreign is None and \
            c.role is None else EMPTY
        fns = self.object_methods(objects, method) if objects else None
        if fns:
            out = args if c.keeps_rows else _pick(args)
            for fn in fns:
                out |= self.apply(fn, node, positional, keywords, extra, True, st)
            return out | _built_with(recv - objects)

        if any(map(_MADE_CALLABLES, names)) and not (c.refs or c.lambdas or c.wrapped):
            # `itemgetter(1042)(ages)` is a row, `partial(lambda w, v: ..., w=mask)(ages)` runs a lambda the gate does not
            # follow (red team 22): rows chosen and a value of unknown provenance, never an aggregate
            return _pick(args | _strip_params(recv)) | {Origin(UNKNOWN, "what a callable a library call made (itemgetter, "
                                                             "partial) returns", node, id(node), logged=True)}

        # Same-file functions and methods of the module's own classes: apply their summary.
        if c.refs or c.lambdas or c.wrapped:
            out = self.call_wrapped(c.wrapped, node, positional, keywords, extra, st)
            for fn in c.lambdas:
                out |= self.call_lambda(fn, positional, keywords, extra, st)
                if self.made_elsewhere(fn):  # `make(rows)()` with `return lambda: x`
                    out |= _strip_params(recv)
            for ref in c.refs:
                out |= self.apply(ref, node, positional, keywords, extra, c.bound, st)
                if self.made_elsewhere(ref):  # `make(rows)()`: what the closure was made with (Frame.closure)
                    out |= _strip_params(recv)
                if c.bound and id(ref) in self.flow.homes:
                    # a method of another module's class: what this module built the object with is not in
                    # that module's fields, so what the object holds may come back (`ds.get_batch(idx)`), and
                    # of a dataset any of its rows (`float(ds.label(3))` is one record's, no reduction)
                    out |= _instances(recv) | _strip_params(recv) | _pick(self.dataset_rows(recv))
            if c.unsure:  # it may be a table or a library's object too: what any method of it may hand back
                out |= _predict(recv) | args
            if len(c.refs) > 1:
                self.call_parts.pop(id(node), None)
            if names & _GRADIENT_TRANSFORMS:
                out = self.gradient_of(node, names, out)
            if c.foreign is not None:
                # the closure wrapped around it hands back what it was made with (the name's value), what the
                # call gives it and what the function returns
                out |= _strip_params(recv) | _no_elem(args)
            return out

        for init in c.inits:
            self.apply(init, node, positional, keywords, extra, True, st)  # what __init__ writes into parameters
        if c.protocol:  # what the object hands out through its implicit methods (Frame._e_call adds it)
            self.handed[id(node)] = self.protocol_values(c.protocol, node, st, _strip_params(args))

        # Sources.
        if c.source is not None and self.public_rows(node, names, positional, keywords, extra):
            return EMPTY  # a public dataset's rows, chosen by the code or not: nothing of the site
        if c.source is not None:
            held = EMPTY.union(*positional[:1], *(t for k, t in keywords.items() if k in _DATASET_ROWS))
            # a loader's length is its dataset's (`len(DataLoader(Table(df)))`, `DataLoader(dataset=...)`): what the
            # job's dataset object hands out through its implicit methods (`__len__`), which no count makes clean (red
            # team 46f; a sampler's length is read by Calls.sampled)
            lengths = frozenset(o for o in held | keywords.get("dataset", EMPTY) if isinstance(o, Origin) and
                                o.callback) if isinstance(c.source, Origin) and c.source.loader else EMPTY
            if isinstance(c.source, Origin) and c.source.loader and \
                    (any(o.part and o.kind == DATA for o in _strip_params(args)) or self.sampled(node)):
                # a loader of rows the code chose (or its sampler: `sampler=[7]`) hands out rows; of a batch size they chose
                # (`batch_size=int(x[r, 0])`), as many batches as the value says (len(loader), its loop)
                size = keywords.get("batch_size", positional[1] if len(positional) > 1 else EMPTY)
                told = frozenset(o for o in _strip_params(size) if o.part and o.kind == DATA)
                # of rows named by constant positions (`Subset(ds, [7])`), those rows: no batch of a share; of rows a
                # mask picked, batches (the loader is how a site's partition is trained on: the batch-size limit)
                named = any(o.few and not o.masked and o.kind == DATA for o in _strip_params(args)) or \
                    self.sampler_of_selector(node, args) or self.picked_by_value(node.args[:1], 0)
                if not named:  # summed over its batches, a statistic of those rows (Frame.loop, fp45a)
                    self.flow.choose_loader(c.source.key)
                return frozenset({c.source.but(loader=False, part=named, few=named)}) | _sized(told) | lengths
            source = c.source
            if isinstance(source, Origin) and source.loader and self.one_row_batches(node, names):
                source = source.but(loader=False)  # its batches are the rows, one at a time, as a table hands them out
            if isinstance(c.source, Origin) and any(o.part and o.kind == DATA for o in _strip_params(held)):
                return frozenset({c.source.but(part=True, each=False)})  # `xgb.DMatrix(x[r:r + 1])`: those rows, not the whole
            weight = _argument(node, 99, "weight")
            if isinstance(c.source, Origin) and weight is not None and \
                    not (isinstance(weight, cst.Name) and weight.value == "None") and not _one_number(weight, self.r, self.scope):
                return frozenset({c.source.but(part=True, each=False)})  # `DMatrix(x, label=y, weight=one_hot)`: the weights choose
                #                                               the rows every metric of it counts (red team 8)
            if isinstance(c.source, Origin) and c.source.place:
                return frozenset({c.source}) | args | recv  # `os.path.abspath(name)`: the path holds the name too
            if any(_ENVIRON_READERS(n) for n in c.names):  # `os.environ.get("X", key)`: the default when X is unset
                return frozenset({c.source}) | EMPTY.union(*positional[1:2]) | keywords.get("default", EMPTY)
            # what the job's own code makes each item of besides the row it is handed (sources.yaml item_makers): a row
            # it picks elsewhere is in every item; the row's own origin is the source's already
            made, _ = self.job_code_returns(tuple(_callback_items(self.spread_keywords(node), _ITEM_MAKERS)), EMPTY, st)
            # an object of the job's class handed over (`transform=ToRow()`): what its __call__ hands out (protocol.py)
            # (but the row itself, read by a library reader the source hands it: sources.yaml item_readers)
            made |= frozenset(o for k, t in keywords.items() if k in _ITEM_MAKERS for o in t
                              if not (isinstance(o, Origin) and o.kind == DATA and _ITEM_READERS(o.what)))
            chooser = next((v for k in _ROW_CHOOSERS if (v := _argument(node, 99, k)) is not None), None)
            if isinstance(c.source, Origin) and (self.capped_read(node) or chooser is not None and
                                                 not (isinstance(chooser, cst.Name) and chooser.value == "None")):
                # `is_valid_file=lambda p: "P1042" in p`: which of the site's files are rows is the job's choice
                # (sources.yaml row_choosers), as a mask's
                return frozenset({source.but(part=True, each=False)}) | lengths | made
            return frozenset({source}) | lengths | made
        if c.foreign is not None:
            return self.foreign_call(c.foreign, node, method, recv, args)
        role = c.role
        if role == "exception" and self.handling:
            return self.handling[-1]  # traceback.format_exc(): the exception being handled

        # Writes into a model's parameters or buffers travel in its state_dict().
        if role == "inplace-call" or (role == "inplace" and (
                method in ("register_buffer", "register_parameter", "load_state_dict")
                or self.param_alias(receiver, fields=True))):
            self.moved_model(args)
            if receiver is not None:
                self.store_into(receiver, args, st)
            return recv
        if role == "inplace" and receiver is not None and args:
            self.store_into(receiver, args, st)  # `t.copy_(rows)`, `buf.add_(x)`: the receiver holds them now
            return recv | args
        if "out" in keywords and (out := _argument(node, 99, "out")) is not None:
            self.store_into(out, args - keywords["out"], st)  # `np.add(a, rows, out=a)`
            if self.param_alias(out, fields=True):  # `torch.add(rows, 0, out=net.weight.data)`: into the model
                self.write_params(args - keywords["out"])
        if role == "inplace-function":
            # torch.nn.init.constant_(net.bias, v): the other arguments are written into the first
            target = node.args[0].value
            written = extra | frozenset().union(*keywords.values(), *positional[1:])
            if self.param_alias(target, fields=True):
                self.write_params(written)
            self.store_into(_as_store(target), written, st)
            return (positional[0] if positional else EMPTY) | written
        design = positional[0] if positional else keywords.get("X", keywords.get("x"))
        chosen = EMPTY  # what a fit keeps of rows the code chose, beside what any fit keeps
        if method in ("fit", "partial_fit") and receiver is not None and design is not None and \
                not any(isinstance(o, Param) or o.kind in (DATA, UNKNOWN) for o in design):
            # a design that holds none of the site's data (`fit(np.eye(n), y)`): the coefficients are a
            # function of the targets alone, and with as many coefficients as rows they are the targets
            memorized = frozenset(o.but(memorized=True) for o in _strip_params(args - design) if o.kind == DATA)
            self.store_into(receiver, memorized, st)
            recv = recv | memorized
        if method in ("fit", "partial_fit") and design is not None:
            # a design with a column that compares the site's data with a value the code chose (`ids == 1042`):
            # its coefficient is that row's target less the rest's mean, whatever the table's size (red team 17)
            chosen = frozenset(o.but(kind=UNKNOWN, statistic=True, what=f"the coefficients of a fit on a design "
                                     f"holding a comparison with a value the code chose (from {o.what})")
                               for o in _strip_params(design) if o.kind == DATA and o.mask)
            # a fit of rows the code named (`fit(X[7:8], y[7:8])`, `fit(df.head(2))`): coefficients of those rows alone,
            # as a torch model's state called on them (values._trained_on). Not partial_fit: one step on a row or two
            # sizes coef_ before the server's weights replace them (benign/near_sklearn_sgd_partial_fit.py)
            if method == "fit":
                chosen = chosen | _with_flags(_review(frozenset(o for o in design if _one_row(o)),
                                                      "the coefficients of a fit of rows the code named"), statistic=True)
            if chosen and receiver is not None:
                self.store_into(receiver, chosen, st)
            recv = recv | chosen
        if method in ("fit", "partial_fit") and receiver is not None:
            # `fit(x, y, coef_init=x[7])`: the coefficients start from it (and stay, with a tiny step)
            start = frozenset().union(*(t for k, t in keywords.items() if k in _FIT_INITIAL_VALUES))
            held = frozenset(o.but(memorized=True) for o in _strip_params(start)
                             if o.kind in (DATA, HOST, SECRET) or o.statistic)
            if held:
                self.store_into(receiver, held, st)
                recv = recv | held
        if role == "fit-keeps-rows":
            # an estimator keeps rows it saw (support vectors, neighbours); its coefficients are vouched for
            # the classes it is told are its classes_ (and a classifier's predict()), sized into the coefficients
            told = _with_flags(_strip_params(keywords.get("classes", EMPTY)), labels=True)
            rows = extra.union(*positional, *(t for k, t in keywords.items() if k != "classes"))
            seen = _with_flags(_no_elem(_strip_params(rows)), protocol=True, minor=False, labels=False) | told
            self.store_into(receiver, seen | chosen, st, trained=True)
            return _model_state(recv) | seen
        if role == "model-state":
            # `net.train(mode)`: the mode is the model's state now (`.training` hands it back); a scheduler's
            # `step(metric)` keeps the metric (ReduceLROnPlateau's state_dict()["best"]) and what it decided
            # (get_last_lr()); both decide how the next steps train, so every state_dict() holds them (red team 8)
            owner = self.r.names(receiver, self.scope) if receiver is not None else set()
            given = args if (method == "train" and len(node.args) == 1 and any(n.startswith("torch.") for n in owner)
                             and (node.args[0].keyword is None or node.args[0].keyword.value == "mode")) or \
                (method == "step" and node.args and any(n.startswith(_OPTIMIZERS) for n in owner)) else EMPTY
            if given and receiver is not None:
                self.store_into(receiver, given, st)
                self.write_params(given)
            if method == "step" and any(n.startswith(_OPTIMIZERS) for n in owner):
                self.moved_model(EMPTY)  # an optimizer's step
            return _model_state(recv) | self.flow.field(PARAMETERS) | given | self.extra_state(method, owner, recv)
        if role in ("job-objective", "job-objective-inplace"):
            # the trees fit what the job's objective or gradients hand them: the model is reviewed
            trained = frozenset({Origin(UNKNOWN, "a model trained with the job's own objective or gradients", node,
                                        id(node), statistic=True)})
            if role == "job-objective-inplace":
                self.store_into(receiver, trained, st)  # Booster.update/boost
            return _count(args | recv) | trained
        if role == "library-fit":
            return _count(args | recv)  # xgboost.train, a trainer's evaluate: a model or its metrics (and the callbacks')
        if role == "apply-lambda":
            # `s.apply(lambda v: 1 if v.strip() == ">50K" else 0)`: what the lambda makes of the values it is handed
            # (an element, a column or a row of the receiver), row for row; `lambda c: c.iloc[42]` picks a row
            return self.call_lambda(node.args[0].value, [recv], {}, EMPTY, st) | _instances(recv)
        if role == "temp-save":  # `model.save_model(tmp.name)`: the temporary file holds the model's state
            saved = _model_state(recv) | self.flow.field(PARAMETERS)
            for name in self.temp_files.object_of(node.args[0].value):
                self.store_into(_as_store(cst.Name(name)), saved, st)
            return EMPTY

        # Counts, metrics, reductions; a method of an object the gate cannot see stays unknown.
        if role in _SUMMARIES:
            if any(_TRAINED_LOSSES(n) for n in names):
                self.memorised(node, positional, keywords)
            out = self.summarize(role, node, recv | args, positional, keywords)
            if self.position_pair(node):  # `vals, idx = t.max(0)`: the indices where the tensor's extremes are
                self.call_parts[id(node)] = [out, out | _reduce(_pick(recv))]
            return out | _instances(recv) if method is not None else out
        if role == "item":  # `x.item(7)`: the element the code chose
            return _scalarize(_pick(recv) if node.args else recv) | _instances(recv)  # a method of an object the gate cannot see stays unknown
        if role == "scalar":
            # int(text, base) parses a text (`int(name.encode().hex(), 16)` is the name as one number): no reduction
            return args if "builtins.int" in names and (len(positional) > 1 or "base" in keywords) else _scalarize(args)
        if role == "keyed":  # ts.bfv_vector(context, values): the values, and the key but what the gate cannot see
            # the key is a file at a path the code does not name (the site's provisioned context); a statistic of
            # chosen rows in it (`ctx.global_scale = 2 ** 40 + np.mean(x[:3, 0])`) is in every ciphertext (red team 8)
            key = frozenset(o for o in positional[0] if not (isinstance(o, Origin) and o.kind == UNKNOWN and o.logged
                                                             and not o.statistic))
            return key | extra | frozenset().union(*positional[1:], *keywords.values())
        if role == "lookup":  # F.embedding(idx, table): a row out per index, the table's rows it chose
            index = positional[0] if positional else keywords.get("input", EMPTY)
            return _no_elem(index) | _pick(args - index)
        if role == "product-call":  # np.dot(X.T, r)
            return self.product(node, positional[0], args - positional[0], st) if positional else args
        if role == "product-method":  # `X.T.dot(D).dot(X)`: a Hessian
            return self.product(node, recv, args, st) if args else recv
        if (names & _MATMUL and len(positional) >= 2) or (method in ("dot", "matmul") and positional and recv):
            # np.dot(x, w), x.dot(w): as `x @ w` (_rows_on_the_left)
            given = [a.value for a in node.args if a.keyword is None and not a.star]
            if names & _MATMUL and len(positional) >= 2:
                (left, right), operands = positional[:2], given[:2]
            else:
                left, right, operands = recv, positional[0], (node.func.value, given[0])
            return self.matmul(*operands, left, right)
        if method in ("values", "get", "pop", "popitem", "setdefault") and recv:
            recv = _with_flags(recv, valued=False)
        if role == "keys":
            return _with_flags(recv, minor=True)

        # Mutating methods change their receiver.
        if role == "mutator" and (args or self.pc):  # (`if bit: todo.append(opt.step)`: the list's length is the bit)
            # `rows.append(x)`: a list of what it was given; `preds.extend(out.argmax(1).tolist())` (or
            # `preds.append(out.argmax(1))`, batch by batch) over a loader's batches holds their rows one after
            # the other, as a reduction over each batch would; an item of the list is still rows chosen
            # (a loader parameter's batches, `for x, y in data_loader`, are judged by what each caller passes:
            # _through makes them batches of a loader, rows of anything else)
            batches = frozenset(o for o in args if (o.batch if isinstance(o, Origin) else o.rows) and not o.part) \
                if method in ("extend", "append") else EMPTY
            over = self.loop_rows.get(id(self.loops[-1]), EMPTY) if self.loops else EMPTY
            each = _each_element(args, over) if method == "append" and self.appends_every_element(node, st) else EMPTY
            self.store_into(receiver, _pick(args - batches - each) | batches | _rows_of(each, over), st)
        if role == "mutator" and isinstance(root := _store_root(receiver), cst.Name):
            # `stats.append(d)`: a later `d.update(row=x)` is in stats (red team 52a); what is appended to stats
            # later is not in d
            self.keep_in(root.value, {n for a in node.args for n in self.held(a.value)}, through=False)

        if c.callbacks:
            recv = recv | self.callbacks(node, c.callbacks, st)  # what evaluate() hands back: the job's own code
        if recv and names and all(_PARAMETRIC_PREDICTIONS(n) for n in names):
            # a linear model's predictions are of its coefficients: the rows its fit saw are in them as in
            # coef_ (model state), what it was built or started with stays (Origin.memorized)
            recv = _coefficients(recv) | (recv - _strip_params(recv))

        # Default: what goes in comes out. A call the gate cannot see into turns
        # elements into derived values (`model(x)`); a conversion does not.
        if c.object_call:
            args = _with_flags(args, minor=False)  # `self.loader(file_name)`: the file's content, not its name
        # `model.forward(x)` is `model(x)` without its hooks, `model.apply(variables, x)` with those variables
        called = method is None or method == "forward" or c.applies
        inputs = positional[1:] if c.applies else positional
        held = self.held_forwards(recv, c.called) if called else []
        instance = bool(names) and all(n.endswith("()") for n in names)  # `self.net(x)` of a field holding one
        if called or instance:
            self.trained_on(inputs, instance or c.object_call or method == "forward")
        if called:
            recv = _predict(recv)  # `model(x)`: predictions of x, whoever built the model
        if names and all(map(_CREDENTIAL_USERS, names)):
            args = frozenset(o for o in args if not _secret(o))  # a token a download logs in with is not in its result
        out = recv | args if not called or c.view else recv | _no_elem(args)
        if c.applies:  # the variables are weights, not inputs: the data as a kernel, a one-hot input picks its row
            out = recv | _no_elem(args - positional[0]) | _pick(positional[0])
        if c.rebound:  # like a callback's result: no count, reduction or number makes it clean
            out = out | frozenset({Origin(UNKNOWN, "what an object returns whose __call__/forward the job rebinds "
                                          "or hooks", node, id(node), logged=True, callback=True)})
        side = self.side_by_side(node, names, st) if not c.keeps_rows and names & gradients.STACKS else None
        if side is not None:
            out = recv | side  # columns side by side: each part keeps its own rows
        elif c.sized and args:
            out = _sized(out)  # `np.zeros(int(x[r, 0]))`, `range(cell)`: their size is the value
        elif method in _SIZED_METHODS and args:
            out = recv | _sized(args)  # `torch.ones(2).repeat(int(cell))`: its receiver's, as many times as the cell
        elif names & _ELEMENT_FILTERS:  # `filter(lambda v: v > t, x[r])`: which elements are there is a test
            if names & _TEST_FILTERS:  # the elements kept are rows a test chose, as `x[x > t]`'s
                out = _pick(out)
            out = frozenset(o.but(mask=True) if isinstance(o, Origin) and o.kind == DATA else o for o in out)
        elif (not c.keeps_rows and not _selects_columns(node, names, method, self.r, scope) and
              not arguments.strided_partition(self.r, scope, node, _STRIDED_PARTITIONS)) or \
                self.uneven_operand(node, names, method, recv, positional, keywords) or \
                (c.library and self.against_selector(node, positional, keywords)):
            out = _pick(out)  # no conversion, no prediction: rows it may have chosen
            if method is not None and recv and self.table_rows(node, method, recv):
                out = _by_mask(out)  # `df.query("id == 1042")`, `df.head(1)`: a table's rows its arguments pick
                if any(_comparison_text(v) for a in node.args for v in self.r.constants(a.value, scope)):
                    out = frozenset(o.but(mask=True) if isinstance(o, Origin) and _site(o) else o for o in out)
                    #  `df.query("id == 1042")` as `df[df.id == 1042]`: how many rows it keeps is a test (_size)
            elif _mask_beside_data([recv] + positional + list(keywords.values())) and \
                    not any(map(_SELECTOR_WHERES, names)):  # `where(m, x, 0)` keeps every cell's place
                out = _by_mask(out)  # `torch.masked_select(x, ids == 1042)`, `np.extract(m, x)`: as `x[m]`
        elif names & gradients.STACKS:
            out = frozenset(o.but(part=False) for o in out)  # a design taken whole by the grammar, list and all
        elif method in _BATCHING_METHODS:  # `ds.batch(32)`: every row, handed out in batches
            out = frozenset(o.but(loader=True) if isinstance(o, Origin) and o.kind == DATA else o for o in out)
        if self.applies_selector(node, out):
            out = _by_mask(_pick(out))  # `losses.mul(sel)`: the rows the selector picks, as `losses * sel`
        if self.keeps_tested_rows(node, method, recv, positional):
            out = _by_mask(_pick(out))  # `torch.where(ids == 1042, x, 0)`: patient 1042's rows, the rest blanked
        if _selects_named_rows(node, names, method, self.r, scope) or self.handful_split(node, names):
            out = _few(out)  # `x.narrow(0, 7, 1)`, `Subset(ds, [7])`: rows named by constant positions, as `x[7:8]`
        if "builtins.next" in names and any(isinstance(o, Origin) and _site(o) and not o.loader for o in args):
            # of anything but a loader of batches (a dataset, a loader of one-row batches: Calls.one_row_batches),
            # its first row; of a fresh iterator, that row by position, as `x[0:1]` (red team 60a: one SGD step on
            # it at lr 1 writes the row into the update); a stored iterator's next row is a stream's (dasha's SGD)
            out = _few(_pick(out)) if self.fresh_iterator(node) else _pick(out)
        elif "builtins.next" in names and self.chosen(args):
            out = _pick(out)  # `next(iter(DataLoader(ds.filter(f))))`: a batch of rows chosen, never all of them
        if "builtins.next" in names:
            # `next(iter(p))` of a parameter: one element of what each caller passes, as `for x in p: break` is
            # (Param.rows: a batch of a loader of batches, a row of anything else; red team 54a)
            out = frozenset(o.but(rows=True) if isinstance(o, Param) and not o.elem else o for o in out)
            rest = frozenset(o for o in args if isinstance(o, Origin) and _site(o) and not o.loader)
            advanced = frozenset(o for o in args if isinstance(o, Param) and not o.rows and not o.elem)
            if (rest or advanced) and node.args and isinstance(node.args[0].value, cst.Name):
                # `it = iter(loader); next(it)`: it hands out every row but the first now, rows the code chose (a sum
                # over them taken from the sum over every row is the first row's: red team 54a); a parameter so
                # advanced may hand out some of its elements only (Frame.iterated_parameter gives `for x in p` after
                # `next(p)` no Param.every mark: batches of a caller's loader of batches, rows of anything else).
                # The name alone: the loader it iterates still hands out every row to a new iterator.
                self.bind(node.args[0].value.value, args | _pick(rest) | frozenset(o.but(rows=True) for o in advanced), st)
        operand = node.func.value if method is not None else node.args[0].value if node.args else None
        rows = frozenset(o for o in recv | args if not o.elem) if self.row_position(node, names, method) and \
            not self.predicted(operand) else EMPTY
        if rows:
            # `np.argmax(ids == 1042)`: kept as it was read (every row in place), and a statistic too, so that int()
            # of it, no reduction of the rows, is reviewed (red team 55a: it was accepted as a sum would be); of an
            # element taken one at a time, or a model's output (`for row in batch: net(row).argmax()`), a class
            out = out | self.summarize("statistic", node, rows, positional, keywords)
            if self.counts_a_test(node, rows):
                out = out | _membership(rows)  # in the job log too, as `(ids == 1042).sum()` is
        if self.position_pair(node):  # `values, indices = torch.max(t, 0)`: the indices as a row's position
            self.call_parts[id(node)] = [out, out | _reduce(_pick(out))]
        if method in _COMPARISON_METHODS and recv and not args and node.args:
            out = frozenset(o.but(mask=True) for o in out)  # `ids.eq(1042)`: as `==`
        if out and self.tests_chosen_value(node):
            # `np.isin(ids, [1042])`, `s.between(1042, 1042)`, `ids.map({1042: 1})`: a mask as `ids == 1042` is
            # (red team 51a: its count then decided a loop's length unseen, `range(np.isin(ids, [1042]).sum())`)
            out = frozenset(o.but(mask=True) if isinstance(o, Origin) and _site(o) else o for o in out)
        if any(_SELECTOR_CALLS(n) or _NEGATION_CALLS(n) for n in names) or (method in _SELECTOR_METHODS and recv) or \
                self.to_boolean(node):
            out = _bumped(out)  # `torch.exp(-(ids - 1042) ** 2)`, `(ids - 1042).abs()`: a soft `ids == 1042`
        if self.row_softmax(node, names, method):
            out = _bumped(_shifted(out))  # `torch.softmax(50 * age, 0)`: a soft one-hot of the oldest patient's row
        if any(_DOMAIN_CALLS(n) for n in names) or (method in _DOMAIN_METHODS and recv):
            out = _holed(out)  # `np.sqrt(-(ids - 1042.0) ** 2)`: NaN but for patient 1042 (Origin.nan)
        if any(_NAN_FILTERS(n) for n in names) or (method in _NAN_FILTER_METHODS and recv):
            out = _nan_kept(out)  # `s.dropna()`, `np.nan_to_num(w)` of it: the rows the NaN left, chosen
        if called and not self.activation(names):
            out = _unshifted(out)  # a model's predictions: no longer the values moved by a number
        if c.called or held:  # what the job's __call__/forward returns is judged by its body, never picked again
            out = out | self.called_object(c.called + held, node, inputs, keywords, extra, st)
        if c.passed is not None:
            out = out | self.call_passed(c.passed, node, inputs, keywords, extra, st)
        if c.metric_object:
            out = _review(out, "a loss or metric object the gate cannot see")  # criterion = SomeLoss(); criterion(out, y)
        if method is not None and _TRAINING_CALLEE(method) and _instances(recv) and \
                not any(map(_known_lib, names)):
            # `Learner(dls, model).validate()`: an evaluation method of an object code the gate cannot see built is
            # that code, as foreign_call judges its functions (`fastai.validate(dls)`): what the object was built
            # with comes back reviewed, never raw and never clean; any other method (`.one_batch()`) stays as is
            out = _review(out, f"the result of {method}(), code the gate cannot see")
        if c.builds or c.seeds:
            # `nn.Linear(int(x[r, 0]), 1)`, `SGD(ps, lr=cell)`, `torch.manual_seed(cell)`: the state shows it
            held = frozenset(o for o in _strip_params(args) if o.kind in (DATA, HOST, SECRET) or o.statistic)
            if not (any(_METRIC_CALLS(n + "()") for n in names) and self.only_called(node)):
                self.write_params(held | (args - _strip_params(args)))
            if c.seeds:
                self.flow.store_field(RANDOM, held)
            out = out | frozenset(o.but(memorized=True) for o in held)  # what the object's state shows
        if c.draws:
            if self.pc:  # `if x[r, 0] > t: random.random()`: whether the generator moved on is in every later draw
                self.flow.store_field(RANDOM, _strip_params(self.pc))
            seeded = self.flow.field(RANDOM)
            out = out | seeded  # `random.random()` after `random.seed(cell)`
            in_place = any(n.rsplit(".", 1)[-1] in _REORDERERS for n in names)
            if (seeded or (in_place and self.pc)) and node.args and node.args[0].keyword is None and \
                    not node.args[0].star:
                # `random.shuffle(keys)`: a draw in place puts the seed in the order of what it is handed (and
                # under a test, what decided it: `if cell > t: random.shuffle(keys)`)
                self.store_into(node.args[0].value, seeded, st)
        if c.built:  # an object of the job's class: which, for where the resolver loses it (Frame.object_attribute)
            out = out | frozenset(Origin(OBJECT, q, node, id(node)) for q in c.built)
        return out

    def handed_method(self, value: cst.BaseExpression, args: frozenset, st: _State) -> None:
        """`map(meta.update, rows)`, `deque(map(keys.append, rows))`: a method that stores into its object, handed
        to a call, runs with what the call is handed (never a module's or a class's function:
        `torch.nn.init.zeros_`)."""
        if not isinstance(value, cst.Attribute) or not args:
            return
        method = value.attr.value
        if not (method in _MUTATORS or method in _STATE_STORES):  # not `est.labels_`, an attribute named like `add_`
            return
        names = self.r.names(value.value, self.scope)
        if names and all("()" not in n for n in names):
            return  # a module or a class: its function is no object's method
        self.store_into(value.value, args, st)
        if self.param_alias(value.value):
            self.write_params(args)

    def handed_writer(self, node: cst.Call, args: frozenset, st: _State) -> None:
        """`map(fill, [net.bias])`, `reduce(lambda d, kv: d.update([kv]) or d, rows, meta)`: a function of the module
        that writes into a parameter, handed to a call, may write what the call is handed, and what it writes
        itself, into anything else it is handed (or an item of a list of them)."""
        handed = [a.value for a in node.args if not a.star]
        writes = {id(v): w for v in handed if (w := self.parameter_writes(v)) is not None}
        if not writes:
            return
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in protocol.MODULE_HOOKS:
            # `net.register_forward_pre_hook(keep)`, keep writing `module.seen.copy_(args[0][0])`: torch hands the
            # hook the module and what it runs on, which the gate does not see here (red team 46d)
            given = frozenset({Origin(UNKNOWN, "what torch hands a module hook that writes into the module", node,
                                      id(node))})
            self.store_into(func.value, given, st)
            self.write_params(given)  # its parameters and buffers, which state_dict() hands on
        written = args.union(*writes.values())
        for v in handed:
            if id(v) in writes:
                continue
            for target in [e.value for e in v.elements] if isinstance(v, (cst.List, cst.Tuple, cst.Set)) else [v]:
                self.store_into(_as_store(target), written, st)
                if self.param_alias(target):
                    self.write_params(written)

    def bound_by_partial(self, node: cst.Call, st: _State) -> None:
        """`partial(stash, params)(rows)`, `partial(Client.keep, net.weight)(rows)`: the function runs later, out of
        the gate's sight, with what partial binds followed by arguments no call the gate sees passes. What it stores
        into a parameter or writes into a model's parameters from a parameter partial leaves open is of unknown
        provenance; from one partial binds, it is that argument (handed_writer covers stores into the others)."""
        handed = [a for a in node.args if a.keyword is None]
        if not handed or any(a.star for a in node.args):
            return
        fns = [v.node for v in _functions(self.r.values(handed[0].value, self.scope)) if self.flow.own_function(v)]
        later = frozenset({Origin(UNKNOWN, f"what a later call of {self.flow.module.code_for_node(node.func)}() "
                                           "hands the function it binds", node, id(node))})
        for fn in fns:
            if not isinstance(fn, cst.FunctionDef):
                continue
            names = [p.name.value for p in _params(fn)]
            if self.binds_receiver(handed[0].value, fn):
                names = names[1:]  # `partial(self.keep, w)`: w is keep's second parameter
            bound = dict(zip(names, (a.value for a in handed[1:])))
            bound.update((a.keyword.value, a.value) for a in node.args if a.keyword is not None)
            summary = self.flow.home(fn).summary(fn)

            def value(params: frozenset) -> frozenset:
                """What the parameters among `params` hold at the later call."""
                out = EMPTY
                for o in params:
                    if isinstance(o, Param):
                        out |= self.expr(bound[o.name], st) if o.name in bound else later
                return out

            self.write_params(value(summary.writes_params))
            for name, stored in summary.mutates.items():
                if name in bound and value(stored):
                    self.store_into(_as_store(bound[name]), value(stored), st)
                    if self.param_alias(bound[name]):
                        self.write_params(value(stored))

    def chosen_callee(self, func: cst.BaseExpression, st: _State) -> frozenset:
        """What the site's data decides of which function a call runs (`(opt.step if 1042 in ids else opt.zero_grad)()`,
        `{True: opt.step}[bit]()`): a bit of it, as a branch around the call would be, for what the call does
        (Frame.pc). A callee the gate cannot name, or a step, a backward or a load, may move the model: its bit is in
        the model then (red team 52a). Not a name: a model's or a loss object's value holds the rows it was called on,
        which choose nothing (`model(xb)`)."""
        if not isinstance(func, (cst.IfExp, cst.Subscript, cst.BooleanOperation)):
            return EMPTY
        chosen = _implicit(frozenset(o for o in self.expr(func, st) if isinstance(o, Origin) and
                                     o.kind in (DATA, SECRET, UNKNOWN, HOST)))
        if chosen:
            names = self.r.names(func, self.scope)
            if not names or any(_INPLACE_METHODS(n.rsplit(".", 1)[-1]) or n.rsplit(".", 1)[-1] in ("step", "backward")
                                for n in names):
                self.write_params(chosen)
        return chosen

    def into_contents(self, receiver: cst.BaseExpression, key: str, given: frozenset, st: _State) -> None:
        """A method that stores `given` into the field `key` of `receiver` (`r.add(rows)` with
        `self.sink.append(item)` inside) stores it into the caller's object that field holds: the one the object was
        built with (`r = Recorder(stats)`, `Recorder(stats).add(rows)`: Frame.contents, red team 51b). Where the
        class's __init__ was followed (Frame.field_contents), only the object kept in that field; elsewhere (a class
        of another module) any list, dict or set this function made that it was built with may be, for a reviewer
        (its model or loader are not written by a store into another field)."""
        held = self.held(receiver)
        fields = self.init_fields.get(id(receiver)) if isinstance(receiver, cst.Call) else \
            self.field_contents.get(held[0]) if len(held) == 1 and isinstance(receiver, cst.Name) else None
        if fields is not None:
            inners, t = fields.get(key, ()), given
        else:
            inners = held if isinstance(receiver, cst.Call) else {i for h in held for i in self.contents.get(h, ())}
            inners = [i for i in inners if i in self.displays]
            t = _review(_strip_params(given), "stored by a method into an object of the job's class that holds it")
        for inner in sorted(inners):
            self.store_into(_as_store(cst.Name(inner)), t, st)

    def binds_receiver(self, ref: cst.BaseExpression, fn: cst.FunctionDef) -> bool:
        """Whether `ref` (`self.keep`, `client.keep`, `Client.build` of a classmethod) hands on a method with its first
        parameter bound, not the class's plain function (`Client.keep`)."""
        scope = self.flow.home(fn).r.scope_of.get(id(fn))
        if not isinstance(ref, cst.Attribute) or scope is None or not _bound_first(scope, _params(fn)[0].name.value
                                                                                   if _params(fn) else ""):
            return False
        if _is_classmethod(fn):
            return True
        receiver = self.r.names(ref.value, self.scope)
        return (isinstance(ref.value, cst.Name) and ref.value.value == "self") or any("()" in n for n in receiver)

    def parameter_writes(self, value: cst.BaseExpression) -> frozenset | None:
        """What a lambda or a function of the job handed as `value` stores into its parameters (its closure's
        reads for a lambda whose body calls a storing method on one: `lambda p: p.copy_(x)`; Summary.mutates of a
        function), or None when it stores into none."""
        if isinstance(value, cst.Lambda):
            params = {p.name.value for p in _params(value)}
            stores = any(isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and
                         isinstance(n.func.value, cst.Name) and n.func.value.value in params and
                         (n.func.attr.value in _MUTATORS or n.func.attr.value in _STATE_STORES or
                          _INPLACE_METHODS(n.func.attr.value)) for n in accumulate._walk(value.body))
            return EMPTY if stores else None  # what its body reads is among the call's arguments already
        if not isinstance(value, (cst.Name, cst.Attribute)):
            return None
        values = self.r.values(value, self.scope)
        fns = [v.node for v in _functions(values) if self.flow.own_function(v)] + self.flow.linked(values)
        mutates = [m for fn in fns if isinstance(fn, cst.FunctionDef)
                   for m in self.flow.home(fn).summary(fn).mutates.values()]
        return _strip_params(EMPTY.union(*mutates)) if mutates else None

    def callbacks(self, node: cst.Call, given: tuple, st: _State) -> frozenset:
        """The job's code a library trainer runs on its evaluation (`compute_metrics=fn`, `callbacks=[...]`):
        what it returns, with the predictions, labels and inputs the library hands it taken as the site's data
        (a function or lambda of the module, judged by its body), or of unknown provenance (code the gate cannot
        see, an object of the job's own class). The trainer's evaluate() and train() hand it back."""
        data = frozenset({Origin(DATA, "what a library trainer hands the job's callback (predictions, labels, "
                                       "inputs)", node, id(node))})
        out, unseen = self.job_code_returns(given, data, st)
        for item in unseen:
            what = self.flow.module.code_for_node(item)[:60]
            out |= {Origin(UNKNOWN, f"the job's callback {what}, which a library trainer runs on its evaluation",
                           item, id(item))}
        return frozenset(o.but(callback=True) if isinstance(o, Origin) else o for o in out)

    def spread_keywords(self, node: cst.Call) -> cst.Call:
        """The call with each `**` of a dict literal (written there, or every one a name is bound to) spelled as the
        keywords it hands over (`**{"transform": f}` is `transform=f`); other arguments as they are."""
        args = []
        for a in node.args:
            held = self.r.dict_displays(a.value, self.scope)
            if a.star != "**" or not held:
                args.append(a)
                continue
            args += [cst.Arg(e.value, keyword=cst.Name(key)) for d in held for e in d.elements
                     if isinstance(e, cst.DictElement)
                     for key in self.r.constants(e.key, self.scope) if isinstance(key, str) and key.isidentifier()]
        return node.with_changes(args=args) if args != list(node.args) else node

    def job_code_returns(self, given: tuple, data: frozenset, st: _State) -> tuple[frozenset, list]:
        """What the functions and lambdas of the job among `given` ((item, a call of it) pairs) return, each
        parameter given `data`; and the items that are neither the job's function nor a library's (unseen code)."""
        out, unseen = EMPTY, []
        for item, synthetic in given:
            values = self.r.values(item, self.scope)
            fns = [v.node for v in _functions(values) if self.flow.own_function(v)] or self.flow.linked(values)
            if isinstance(item, cst.Lambda):
                inner = st.copy()
                for p in _params(item):
                    inner.env[p.name.value] = data
                out |= self.expr(item.body, inner)
            elif fns:
                for fn in fns:
                    out |= self.apply(fn, synthetic, [data] * len(_params(fn)), {}, EMPTY, False, st)
            elif not (values and all(isinstance(v, str) and _known_lib(v) for v in values)):
                unseen.append(item)
        return out, unseen

    def summarize(self, role: str, node: cst.Call, t: frozenset, positional: list, keywords: dict) -> frozenset:
        """What a count, a metric or a reduction hands back (Frame.role says which)."""
        if role == "count":
            if "builtins.len" in self.r.names(node.func, self.scope) and node.args and self.text(node.args[0].value):
                # the length of a text made of the data (`len(str(cell))`), not a number of rows: a reduction of
                # what it was made of (of a chosen cell, a statistic)
                return _reduce(t)
            if "builtins.len" in self.r.names(node.func, self.scope) and node.args and \
                    isinstance(node.args[0].value, _DEDUPLICATING_DISPLAYS):
                # `len({cell_a: 1, cell_b: 2})`: a dict or set display keeps one entry per distinct key, so its size
                # tests whether the keys are alike, as `len(set(...))` does (red team 14)
                return _reduce(t)
            if "builtins.len" in self.r.names(node.func, self.scope):
                # len() of an element of rows the code chose, taken one at a time (`for v in col.iloc[:3]: len(v)`):
                # a cell, whose size is its text's length, a statistic (red team 7); of the data taken whole a count
                cells = frozenset(o for o in t if isinstance(o, Origin) and o.elem and not o.each and o.part)
                sized = node.args[0].value if node.args else None
                if isinstance(sized, cst.Subscript) and all(isinstance(s.slice, cst.Index) for s in sized.slice) and \
                        self.counts_a_test(node, t - cells, [sized]):
                    return _membership(t - cells) | _reduce(cells)  # `len(df[df.id == 1042])`: as `(df.id == 1042).sum()`
                return _size(t - cells) | _reduce(cells)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "count" and len(node.args) == 1 and \
                    _site_data(t) and self.value_in_rows(node.args[0].value, node.func.value):
                # `list(ids).count(1042)`: how many rows hold a value the code spells out, as `(ids == 1042).sum()`
                return _membership(t)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "count" and positional:
                # `[1, 2, 3].count(v)`: how many elements equal v is a test of v, as `v in {1, 2, 3}` is
                given = EMPTY.union(*positional)
                return _size(t - given) | _size(frozenset(o.but(mask=True) if isinstance(o, Origin) else o
                                                          for o in given))
            if self.counts_values(node) and self.counts_a_test(node, t):
                return _membership(t)  # `np.count_nonzero(ids == 1042)`: as `len(x[ids == 1042])`
            if self.counts_values(node) and self.counts_a_test(node, t, test=self.tests_threshold):
                return _reduce(_pick(t))  # `np.count_nonzero(age > 99)`: as `len(df[df.age > 99])`
            if self.counts_values(node):
                # distinct or present values (`rows.nunique()`, `np.count_nonzero(v)`) test each value: of the
                # table taken whole an aggregate, of two rows the code chose whether they are alike
                return _reduce(t)
            return _size(t)
        if self.applies_selector(node, t):
            t = _by_mask(_pick(t))  # a loss's `weight=onehot`: as `losses * onehot`
        if self.skips_nan(node):
            t = _nan_kept(t)  # `np.nanmean(age + np.sqrt(-(ids - 1042.0) ** 2))`: patient 1042's age
        if role in ("metric", "values", "per-row") and self.against_selector(node, positional, keywords):
            t = _pick(t)  # `mse_loss(x[:, 0], 1e3 * onehot)`: the target weighs the rows as `x * onehot` does
        if role == "metric":
            # a library metric or loss is a reduction of what it compares: over rows the code chose, a
            # statistic (`accuracy_score(x[r:r+1, 0] > t, [True])` for 256 values of t is the cell)
            return _reduce(t) | self.loss_settings(node, t, positional, keywords)
        if role in ("values", "per-row"):
            return t  # the values themselves (pairwise distances, digests, an unreduced loss, one per row)
        if role == "histogram":
            bins = keywords.get("bins", EMPTY) | keywords.get("range", EMPTY)
            for part in positional[1:3]:
                bins |= part
            if any(isinstance(o, Origin) and o.kind != SECRET for o in bins):
                return t  # bin edges read from the data (np.sort(v)) are the values
            given = frozenset(o for o in bins if isinstance(o, Param))  # what each caller passes decides
            edges = _argument(node, 1, "bins")
            if self.cut_edges(node):
                return _reduce(_pick(t - given)) | given  # a count between numbers the code chose, reviewed
            if edges is None or self.few(edges, count=True):
                return _reduce(t - given) | given
            return _reduce(_pick(t - given)) | given  # as many bins as values: a statistic (Frame.few)
        if role == "reduction":
            if self.counts_a_test(node, t):
                return _membership(t)  # `(ids == 1042).sum()`, `mask.any()`: as `len(x[ids == 1042])`
            if self.counts_a_test(node, t, test=self.tests_threshold) or self.counts_a_bump(node, t):
                return _reduce(_pick(t))  # `(age > 99).sum()`: as `len(df[df.age > 99])` (_size), reviewed
            return _reduce(t)
        # "statistic": per group, weighted, distinct values, an axis it cannot read; cluster indices of the rows
        # taken whole counted (`np.bincount(km.labels_)`) are the clusters' sizes
        counted = frozenset(o for o in t if isinstance(o, Origin) and o.assigned and not o.part)
        out = _reduce(_pick(t - counted))
        return _distinct(out) if role == "distinct" else out

    def counts_a_test(self, node: cst.Call, t: frozenset, operands: list | None = None, test=None) -> bool:
        """A reduction (a sum, a mean, any(), count_nonzero) of a test of the site's values against a value the code
        spells out (`(ids == 1042).sum()`, `mask.any()` of `mask = ids == 1042`, `np.sum(df.id == 1042)`, converted
        or not): how many rows hold that value, whether that patient is at the site (session 49, update49b), as
        `len(x[ids == 1042])` (_size) already was. Not a test of two values of the site (`(pred == y).sum()`). Of a
        parameter too, judged at each call (`def check(t): return (t.id == 1042).sum()` was accepted, red team 53a).
        `test` asks another question of the operand than tests_chosen_value (tests_threshold)."""
        test = test or self.tests_chosen_value
        if not _site_data(t) and not any(isinstance(o, Param) for o in t):
            return False
        if operands is not None:  # `len(df[df.id == 1042])`: the rows a subscript's test keeps, counted
            return any(test(s.slice.value) for o in operands for s in o.slice)
        return any(test(o) for o in self.reduced(node))

    @staticmethod
    def reduced(node: cst.Call) -> list:
        """What a reduction reduces: its first positional argument (`np.sum(v)`) and its receiver (`v.sum()`)."""
        operands = [a.value for a in node.args[:1] if a.keyword is None and not a.star]
        if isinstance(node.func, cst.Attribute):
            operands.append(node.func.value)
        return operands

    def fresh_iterator(self, node: cst.Call) -> bool:
        """`next(iter(loader))`: the first element of an iterator made for it."""
        given = node.args[0].value if node.args else None
        return isinstance(given, cst.Call) and "builtins.iter" in self.r.names(given.func, self.scope)

    def row_softmax(self, node: cst.Call, names: set[str], method: str | None) -> bool:
        """A softmax along the rows (row_softmax_calls: dim 0, no axis, an axis it cannot read) of what is no
        model's output: a soft argmax, the row of the largest value near 1 and the others near 0."""
        if any(map(_ROW_SOFTMAX_CALLS, names)):  # the layer's call holds no axis: read as one over the rows
            position, operand = 1, node.args[0].value if node.args and node.args[0].keyword is None else None
        elif method in _ROW_SOFTMAX_METHODS and isinstance(node.func, cst.Attribute):
            position, operand = 0, node.func.value
        else:
            return False
        return operand is not None and _over_rows(node, position, "rows") != "per-row" and not self.predicted(operand)

    def counts_a_bump(self, node: cst.Call, t: frozenset) -> bool:
        """A reduction of a bump, a step or a hinge of the site's values moved by a number the code chose (_bumped:
        `torch.relu(age - 99).sum()`, `torch.sigmoid(1000 * (age - 99)).sum()`, `np.exp(-(ids - 1042) ** 2).sum()`):
        near 1 on the rows around that number and 0 elsewhere, so its sum counts them, a soft `(age > 99).sum()`
        (red team 59a; accepted as an aggregate). Not of a model's output (`torch.relu(1 - y * net(x)).mean()`, a
        hinge loss)."""
        return any(isinstance(o, (Origin, Param)) and o.mask and o.shifted for o in t) and \
            not any(self.predicted(o) for o in self.reduced(node))

    def tests_threshold(self, node: cst.BaseExpression, depth: int = 0, asked: dict | None = None) -> bool:
        """An ordering test of the site's values against a number the code spells out (`age > 99`, `(x[:, 0] >= 18) &
        m`, a name bound to one), not of a model's predictions (`probs > 0.5`). Counted (`(age > 99).sum()`), it is
        how many rows pass it: a statistic of the rows the test picks, as `len(df[df.age > 99])` already was (_size;
        red team 58a: the count of a rare condition, one patient's presence, was an aggregate). Used as a filter
        (`x[age >= 18]`) it stays a cohort's (tests_chosen_value). Each expression is asked once (`asked`): a name
        bound many times to tests of itself (`m = m | (x > i)` in a loop unrolled by hand) was asked its bindings'
        count to the fourth power."""
        asked = {} if asked is None else asked
        if id(node) not in asked:
            asked[id(node)] = False  # `m = m | t`: a binding adds nothing to its own answer
            asked[id(node)] = self._tests_threshold(self.unconverted(node), depth, asked)
        return asked[id(node)]

    def _tests_threshold(self, node: cst.BaseExpression, depth: int, asked: dict) -> bool:
        if isinstance(node, cst.Comparison):
            return all(isinstance(c.operator, (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual))
                       for c in node.comparisons) and \
                self.one_side_spelled([node.left] + [c.comparator for c in node.comparisons])
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.BitAnd, cst.BitOr)):
            return self.tests_threshold(node.left, depth + 1, asked) or self.tests_threshold(node.right, depth + 1, asked)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.FloorDivide):
            # `age // 100`: 0 below 100 and 1 from it on, a step at a number the code spells out (red team 59a)
            return self.spelled(node.right) is not None and self.one_side_spelled([node.left, node.right])
        if isinstance(node, cst.Call) and node.args and not any(a.star for a in node.args):
            given = [a.value for a in node.args]  # `torch.gt(age, 99)`, `df.age.gt(99)`: as `age > 99`
            if len(given) > 1 and any(_ORDERING_TEST_CALLS(n) for n in self.r.names(node.func, self.scope)):
                return self.one_side_spelled(given[:2])
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in _COMPARISON_METHODS:
                return self.one_side_spelled([node.func.value, given[0]])
        bound = self.bound_exprs(node, depth) if depth < 4 else None
        return bool(bound) and all(self.tests_threshold(e, depth + 1, asked) for e, _ in bound)

    def tests_chosen_value(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """An equality test (== or !=) with a number or a text the code spells out on one side only (or a name bound
        to one): it names a value, as a patient's id. A threshold (`age >= 18`, `np.sign(r) > 0`) is a cohort's
        filter, which a site's partition and a share of the data are (red team 48a's line), left as it was; counted,
        a statistic of the rows it picks (tests_threshold)."""
        if self.step_at_chosen_value(node) is not None:
            return True
        node = self.unconverted(node)
        if isinstance(node, cst.Comparison):
            if len(node.comparisons) == 1 and isinstance(node.comparisons[0].operator, (cst.In, cst.NotIn)):
                # `i in (1042,)`, `i not in {1042}`: a test of the values the container spells out (red team 50a)
                return self.spelled(node.comparisons[0].comparator) is not None and \
                    self.one_side_spelled([node.left, node.comparisons[0].comparator])
            if not all(isinstance(c.operator, (cst.Equal, cst.NotEqual)) for c in node.comparisons):
                return self.pins_one_value([node])
            sides = [node.left] + [c.comparator for c in node.comparisons]
            return self.one_side_spelled(sides)
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitAnd):
            # a conjunction keeps only rows both keep: of an equality test, at most those rows; of bounds, the
            # rows between them (`(ids >= 1042) & (ids <= 1042)`, session 49, isin49)
            parts = _conjuncts(node)
            return any(self.tests_chosen_value(p, depth + 1) for p in parts) or \
                self.pins_one_value([self.unconverted(p) for p in parts])
        if isinstance(node, cst.Call) and node.args and not any(a.star for a in node.args):
            # `np.isin(ids, [1042])`, `ids.isin([1042])`, `torch.isin(ids, torch.tensor([1042]))`: as `ids == 1042`
            given = [a.value for a in node.args]
            names = self.r.names(node.func, self.scope)
            if len(given) > 1 and any(_VALUE_TEST_CALLS(n) for n in names):
                return self.one_side_spelled(given[:2])
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in _VALUE_TEST_METHODS:
                return self.one_side_spelled([node.func.value, given[0]])
            if self.between_one_value(node) or self.maps_chosen_keys(node):
                return True
        bound = self.bound_exprs(node, depth) if depth < 4 else None
        return bool(bound) and all(self.tests_chosen_value(e, depth + 1) for e, _ in bound)

    def step_at_chosen_value(self, node: cst.BaseExpression) -> bool | None:
        """Of a value moved by a number the code spells out (`ids - 1042`, `1042 + ids`, `ids ^ 1042`: zero at that
        value only) turned into a flag, whether the flag is true on that value's rows (`np.logical_not(ids - 1042)`,
        `ids == 1042` written as a step) or on every other row (`(ids - 1042).astype(bool)`, `.bool()`, `ids !=
        1042`); None for anything else (red team 51a: the loader's mask and the where read the test by its syntax,
        which a step hid; Origin.shifted already made the step a mask for what reduces it)."""
        if not (isinstance(node, cst.Call) and len(node.args) <= 1):
            return None
        if isinstance(node.func, cst.Attribute) and (node.func.attr.value == "bool" and not node.args or
                                                     node.func.attr.value in ("astype", "to") and self.to_boolean(node)):
            flag, moved = False, node.func.value
        elif node.args and any(map(_NEGATION_CALLS, self.r.names(node.func, self.scope))):
            flag, moved = True, node.args[0].value
        else:
            return None
        moved = self.unconverted(moved)
        if not (isinstance(moved, cst.BinaryOperation) and isinstance(moved.operator, (cst.Subtract, cst.Add, cst.BitXor))):
            return None
        sides = [moved.left, moved.right]
        return flag if sum(self.number(s) is not None for s in sides) == 1 and \
            not any(self.predicted(s) for s in sides) else None

    def tested_polarity(self, node: cst.BaseExpression, depth: int = 0) -> bool | None:
        """Of a test of a value the code chose (tests_chosen_value), whether it is true on that value's rows only
        (True: `ids == 1042`, `np.isin(ids, [1042])`, a pin) or on every row but them (False: `ids != 1042`,
        `~(ids == 1042)`, `ids.ne(1042)`); None for any other condition (a threshold, a test of two values)."""
        step = self.step_at_chosen_value(node)
        if step is not None:
            return step
        node = self.unconverted(node)
        while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and \
                node.func.attr.value in _MASK_SHAPE_METHODS:
            node = self.unconverted(node.func.value)  # `(ids == 1042).unsqueeze(1)`: the same rows true
        if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.BitInvert, cst.Not)):
            inner = self.tested_polarity(node.expression, depth + 1)
            return None if inner is None else not inner
        if isinstance(node, cst.Name) and depth < 4:
            found = {self.tested_polarity(e, depth + 1) for e, _ in self.bound_exprs(node, depth) or ()}
            return found.pop() if len(found) == 1 else None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitAnd):
            # a conjunction is true on at most the rows of a part that names a value (`(ids == 1042) & valid`)
            parts = _conjuncts(node)
            named = any(self.tested_polarity(p, depth + 1) for p in parts) or \
                self.pins_one_value([self.unconverted(p) for p in parts])
            return True if named else None
        if not self.tests_chosen_value(node, depth):
            return None
        if isinstance(node, cst.Comparison):
            return not all(isinstance(c.operator, (cst.NotEqual, cst.NotIn)) for c in node.comparisons)
        ne = isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "ne"
        return not ne

    def keeps_tested_rows(self, node: cst.Call, method: str | None, recv: frozenset, positional: list) -> bool:
        """A `where` that keeps the site's values only on the rows of a value the code chose and blanks every other
        row with what holds none of the site's data (`torch.where(ids == 1042, x, 0)`, `torch.where(ids != 1042,
        -100, y)`: labels cross_entropy ignores but one patient's; `losses.where(ids == 1042, 0.0)`, pandas'
        `s.mask(ids != 1042)`): those rows alone, as `x[ids == 1042]` (red team 50a). A threshold (`torch.where(x >
        0, x, 0)`, a ReLU) or a padding label replaced (`torch.where(y == pad, -100, y)`, every row but the pad's
        kept) is no such pick."""
        given = [a.value for a in node.args if a.keyword is None and not a.star]
        if any(map(_SELECTOR_WHERES, self.r.names(node.func, self.scope))) and len(given) == 3 \
                and len(positional) == 3:
            cond, if_true, if_false = given[0], (given[1], positional[1]), (given[2], positional[2])
        elif method in ("where", "mask") and recv and given and positional:
            # `s.where(cond, other)` keeps s where cond holds; `s.mask(cond, other)` where it does not
            other = (given[1], positional[1]) if len(given) > 1 else (None, EMPTY)
            this = (node.func.value, recv)
            cond, if_true, if_false = (given[0], this, other) if method == "where" else (given[0], other, this)
        else:
            return False
        polarity = self.tested_polarity(cond)
        if polarity is None:
            return False
        (_, kept), (blank, blanked) = (if_true, if_false) if polarity else (if_false, if_true)
        return bool(kept) and (not _site_data(blanked) or self.filled_with_constant(blank))

    def filled_with_constant(self, node: cst.BaseExpression | None) -> bool:
        """`torch.full_like(y, -100)` (filled_like_calls) of a value the code spells out: the site's shape, none of
        its values."""
        if not (isinstance(node, cst.Call) and any(map(_FILLED_LIKE, self.r.names(node.func, self.scope)))):
            return False
        fill = _argument(node, 1, "fill_value")
        return fill is not None and bool(self.r.constants(fill, self.scope))

    def spelled(self, node: cst.BaseExpression, depth: int = 0) -> list | None:
        """The numbers or texts an expression spells out (a constant, or a display of them, converted or not, or a
        name every binding of which is one: `[1042]`, `torch.tensor([1042])`, `TARGET` of `TARGET = [1042]`), or
        None; a number parsed or cast from one stays it (`int("1042")`, `torch.tensor(1042).item()`, red team 50a)."""
        node = self.uncast(node)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            values = [self.r.constants(e.value, self.scope) for e in node.elements if not isinstance(e, cst.StarredElement)]
            return [v for vs in values for v in vs] if values and all(_spelled_value(v) for v in values) and \
                len(values) == len(node.elements) else None
        values = self.r.constants(node, self.scope)
        if _spelled_value(values):
            return values
        if isinstance(node, cst.Call) and any(map(_RANGE_CALLS, self.r.names(node.func, self.scope))):
            return self.range_values(node)
        bound = self.bound_exprs(node, depth) if isinstance(node, cst.Name) and depth < 4 else None
        held = [self.spelled(e, depth + 1) for e, _ in bound or ()]
        return [v for vs in held for v in vs] if held and all(vs is not None for vs in held) else None

    def range_values(self, node: cst.Call) -> list | None:
        """The numbers `range(start, stop, step)` or `np.arange` of numbers the code spells out makes (positional, as
        they are written), or None: none, more than _MAX_RANGE (a cohort's span, not a display), or a bound the gate
        cannot read."""
        bounds = [self.number(a.value) if a.keyword is None and not a.star else None for a in node.args]
        if not 1 <= len(bounds) <= 3 or None in bounds:
            return None
        start, stop, step = ([0.0] + bounds if len(bounds) == 1 else bounds) + [1.0] * (3 - max(len(bounds), 2))
        count = math.ceil((stop - start) / step) if step else 0
        return [start + i * step for i in range(count)] if 0 < count <= _MAX_RANGE else None

    def uncast(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """What a chain of conversions, number casts (`int("1042")`, `float(k)`) and `.item()` converts."""
        while True:
            node = self.unconverted(node)
            given = [a.value for a in node.args if not a.star] if isinstance(node, cst.Call) else []
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "item" \
                    and not node.args:
                node = node.func.value
            elif len(given) == 1 and len(node.args) == 1 and self.r.names(node.func, self.scope) & _NUMBER_CONVERSIONS:
                node = given[0]
            else:
                return node

    def one_side_spelled(self, sides: list) -> bool:
        """Some sides of a test spell values out and the others are no model's predictions: a test of a value the
        code chose (`ids == 1042`), not of two values of the site (`pred == y`)."""
        tested = [s for s in sides if self.spelled(s) is None and not self.sent_by_server(s)]
        return 0 < len(tested) < len(sides) and not any(self.predicted(s) for s in tested)

    def sent_by_server(self, node: cst.BaseExpression, follow: bool = True) -> bool:
        """A value the server sends with the task (server_settings: `model.meta["target"]`, a Flower message's
        config): the job's own server code chose it, as a number spelled out in the client is (red team 50a:
        the server names the patient of each round); also through names bound to one (red team 58a: `cut =
        model.meta["cut"]` then `(age == cut).sum()` was accepted); one binding deep, as each side of every test asks."""
        node = self.uncast(node)
        names = self.r.names(node, self.scope)
        if (bool(names) and all(n.startswith(_SERVER_SETTINGS) for n in names)) or self.server_argument(node):
            return True
        bound = self.bound_exprs(node) if follow and isinstance(node, cst.Name) else None
        return bool(bound) and all(self.sent_by_server(e, follow=False) for e, _ in bound)

    def server_argument(self, node: cst.BaseExpression) -> bool:
        """A read of an argument the framework calls the method with that carries the server's task (server_arguments:
        a Flower client's fit(parameters, config), an Executor's execute(task_name, shareable, ...)), never rebound:
        `config["target"]` is what the job's server code chose for this round, as `model.meta["target"]` is (red
        team 51a). Which argument it is goes by its position, not its name."""
        if not self.return_sink or self.fn is None or self.cls_node is None:
            return False
        root = node
        while isinstance(root, (cst.Subscript, cst.Attribute, cst.Call)):
            root = root.func if isinstance(root, cst.Call) else root.value  # `config.get("t")`, `ins.config["t"]`
        params = [p.name.value for p in self.fn.params.params]
        if not isinstance(root, cst.Name) or root.value not in params or self.bound_exprs(root, every=False) != []:
            return False
        at = f"{self.fn.name.value}#{params.index(root.value)}"
        return any(_SERVER_ARGUMENTS(f"{b}.{at}") for b in self.flow.bases(self.cls_node))

    def pins_one_value(self, tests: list) -> bool:
        """Ordering tests against numbers the code spells out whose rows all lie in an interval holding exactly one
        whole number (`(ids > 1041) & (ids < 1043)`, `1041.5 < ids < 1042.5`, a distance `np.abs(ids - 1042) < 0.5`,
        `(ids - 1042) ** 2 < 1e-9`): a test of that one value, an id, as `ids == 1042` is (session 49, isin49). A
        single threshold (`age >= 65`) or a band of several whole numbers (`(age >= 18) & (age < 65)`) is a
        cohort's filter, and a band of none (`(p > 0.2) & (p < 0.8)`) pins no id."""
        lo, hi = (-math.inf, False), (math.inf, False)  # (bound, open)
        for test in tests:
            if not isinstance(test, cst.Comparison):
                continue
            sides = [test.left] + [c.comparator for c in test.comparisons]
            for left, c, right in zip(sides, test.comparisons, sides[1:]):
                below = isinstance(c.operator, (cst.LessThan, cst.LessThanEqual))
                if not below and not isinstance(c.operator, (cst.GreaterThan, cst.GreaterThanEqual)):
                    continue
                strict = isinstance(c.operator, (cst.LessThan, cst.GreaterThan))
                small, big = (left, right) if below else (right, left)
                for bound, value, upper in ((self.number(big), small, True), (self.number(small), big, False)):
                    if bound is None or self.number(value) is not None or self.predicted(value):
                        continue
                    centre = self.distance_from(value)
                    if centre is not None and not upper:
                        continue  # `np.abs(ids - 1042) > 5`: every row but a band
                    if centre is not None:  # `np.abs(ids - 1042) < r`: 1042 - r .. 1042 + r
                        radius = math.sqrt(max(bound, 0.0)) if centre[1] else bound
                        lo = max(lo, (centre[0] - radius, strict))
                        hi = min(hi, (centre[0] + radius, strict), key=lambda b: (b[0], not b[1]))
                    elif upper:
                        hi = min(hi, (bound, strict), key=lambda b: (b[0], not b[1]))
                    else:
                        lo = max(lo, (bound, strict))
        return _one_whole_number(lo, hi)

    def between_one_value(self, node: cst.Call) -> bool:
        """pandas' `s.between(1042, 1042)` (inclusive both ends unless `inclusive=` says otherwise): bounds that
        hold exactly one whole number, a pin as `(s >= 1042) & (s <= 1042)` is (red team 50a)."""
        if not (isinstance(node.func, cst.Attribute) and node.func.attr.value == "between"):
            return False
        lo, hi = self.number(_argument(node, 0, "left") or cst.Name("None")), \
            self.number(_argument(node, 1, "right") or cst.Name("None"))
        if lo is None or hi is None:
            return False
        given = _argument(node, 2, "inclusive")
        ends = self.r.constants(given, self.scope) if given is not None else ["both"]
        if len(ends) != 1 or ends[0] not in ("both", "left", "right", "neither", True, False):
            return False
        closed_lo, closed_hi = ends[0] in ("both", "left", True), ends[0] in ("both", "right", True)
        return _one_whole_number((lo, not closed_lo), (hi, not closed_hi))

    def maps_chosen_keys(self, node: cst.Call) -> bool:
        """pandas' `s.map({1042: True})`: a lookup in a dict display whose keys the code spells out, NaN on every
        row but those keys' (`.fillna(False)` then keeps only them), a test of them as `s.isin([1042])` is (red team
        51a). A label encoding (`df.dx.map({"M": 1, "B": 0})`) is such a test too, as `df.dx == "M"` is: training on
        it stays accepted, a count of it is the count of those rows. `.fillna(c)` of it fills the other rows alike."""
        node = self.unconverted(node)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "fillna" \
                and len(node.args) == 1 and self.r.constants(node.args[0].value, self.scope):
            node = self.unconverted(node.func.value)
        if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "map"
                and len(node.args) == 1):
            return False
        table = node.args[0].value
        while isinstance(table, cst.Name):
            bound = self.bound_exprs(table) or []
            if len(bound) != 1:
                return False
            table = bound[0][0]
        return isinstance(table, cst.Dict) and bool(table.elements) and all(
            isinstance(e, cst.DictElement) and self.spelled(e.key) is not None and
            bool(self.r.constants(e.value, self.scope))
            for e in table.elements)

    def number(self, node: cst.BaseExpression) -> float | None:
        """The one number an expression spells out, or None."""
        values = self.r.constants(self.uncast(node), self.scope)
        if len(set(values)) != 1 or not _spelled_value(values):
            return None
        try:
            number = float(values[0])  # `int("1042")` is 1042
        except ValueError:
            return None
        return number if math.isfinite(number) else None

    def distance_from(self, node: cst.BaseExpression) -> tuple | None:
        """Of a distance from a number the code spells out (`np.abs(ids - 1042)`, `(ids - 1042).abs()`, `abs(1042 -
        ids)`, `(ids - 1042) ** 2`), that number and whether the distance is squared; else None."""
        node = self.unconverted(node)
        squared = False
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Power) and self.number(node.right) == 2:
            node, squared = self.unconverted(node.left), True
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "abs" and \
                not node.args:
            node = self.unconverted(node.func.value)
        elif isinstance(node, cst.Call) and len(node.args) == 1 and \
                any(_ABSOLUTE_CALLS(n) for n in self.r.names(node.func, self.scope)):
            node = self.unconverted(node.args[0].value)
        else:
            return None
        if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract)):
            return None
        left, right = self.number(node.left), self.number(node.right)
        if (left is None) == (right is None):
            return None
        return (left if right is None else right), squared

    def skips_nan(self, node: cst.Call) -> bool:
        """A reduction that skips NaN (nan_skipping_calls/methods), or one of a receiver that may be a pandas or
        polars value (table_skipping_methods: pandas' default `skipna=True`) unless `skipna=False` is spelled out, or
        handed to a numpy reduction that calls that method (table_dispatching_calls)."""
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        names = self.r.names(node.func, self.scope)
        if any(_NAN_SKIPPING_CALLS(n) for n in names) or method in _NAN_SKIPPING_METHODS:
            return True
        if any(_TABLE_DISPATCHING_CALLS(n) for n in names):  # `np.mean(df.age + w)` is `(df.age + w).mean()`
            return bool(node.args) and node.args[0].keyword is None and self.may_be_table(node.args[0].value)
        skipna = _argument(node, 99, "skipna")
        return method in _TABLE_SKIPPING_METHODS and self.may_be_table(node.func.value) and \
            not (skipna is not None and False in self.r.constants(skipna, self.scope))

    def may_be_table(self, node: cst.BaseExpression, scope=None, depth: int = 0, seen: frozenset = EMPTY) -> bool:
        """Whether a value may be a pandas or polars value: typed as one, or made of one (an operand, a numpy
        function's argument: `np.sqrt(df.x)` is a Series), or a name every binding of which may be. A value the gate
        cannot type (a parameter, a loop's element) is read as an array; a name met again (`w = w - lr * g`) adds
        no binding."""
        if depth > gradients.MAX_DEPTH:
            return True
        scope = scope or self.scope
        names = self.r.names(node, scope)
        arrayed = node.func if isinstance(node, cst.Call) else node
        if (isinstance(arrayed, cst.Attribute) and arrayed.attr.value in _ARRAY_METHODS) or \
                (names and all(n.rsplit(".", 1)[-1].rstrip("()") in _ARRAY_METHODS for n in names)):
            return False  # `df["age"].values`, `.to_numpy()`: an array
        if any(n.startswith(_TABLE_OWNERS) for n in names) or _of_table(node, self.r, scope):
            return True
        parts: list = []
        if isinstance(node, cst.BinaryOperation):
            parts = [(node.left, scope), (node.right, scope)]
        elif isinstance(node, cst.UnaryOperation):
            parts = [(node.expression, scope)]
        elif isinstance(node, cst.Call) and any(n.startswith(("numpy.", "jax.numpy.")) and n not in _CONVERSIONS
                                                for n in names):
            parts = [(a.value, scope) for a in node.args]
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and not names:
            parts = [(node.func.value, scope)]  # a method of a table hands out a table
        elif isinstance(node, (cst.Attribute, cst.Subscript)) and not names:
            parts = [(node.value, scope)]
        elif isinstance(node, cst.Name) and not names and node.value not in seen:
            parts = gradients.assignments(self.r, scope, node.value) or []
            seen = seen | {node.value}
        return any(self.may_be_table(p, where, depth + 1, seen) for p, where in parts)

    def to_boolean(self, node: cst.Call) -> bool:
        """A conversion given a boolean dtype (`astype(bool)`, `.to(torch.bool)`, `np.array(v, dtype="?")`: any
        positional argument or `dtype=`, boolean_dtypes): of a value moved by a chosen number, a step."""
        given = [a.value for a in node.args if a.keyword is None or a.keyword.value == "dtype"]
        return any(any(_BOOLEAN_DTYPES(n) for n in self.r.names(g, self.scope)) or
                   any(isinstance(v, str) and v in _BOOLEAN_DTYPE_TEXTS for v in self.r.constants(g, self.scope))
                   for g in given)

    def sampled(self, node: cst.Call) -> bool:
        """A loader told which positions of its dataset to hand out (loader_samplers: `sampler=[7]`, a
        `batch_sampler`, DataLoader's fourth or fifth positional argument, or what `**kwargs` may hold), or how to
        make a batch of them by the job's own code (`collate_fn=lambda b: b[7]`, the seventh positional argument;
        a library's collator, `DataCollatorWithPadding(tok)`, keeps every item). A sampler built of the dataset
        (`DistributedSampler(ds)`) already holds rows the code chose, as an argument."""
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        given = positional[3:5] + [a.value for a in node.args if a.keyword is not None and
                                   a.keyword.value in _LOADER_SAMPLERS]
        collate = _argument(node, 6, "collate_fn")
        names = self.r.names(collate, self.scope) if collate is not None else frozenset()
        return any(a.star for a in node.args) or \
            any(not (isinstance(g, cst.Name) and g.value == "None") for g in given) or \
            (collate is not None and not (isinstance(collate, cst.Name) and collate.value == "None") and
             not (names and all(_known_lib(n) for n in names)))

    def capped_read(self, node: cst.Call) -> bool:
        """A source told which of the file's lines to read by the code (sources.yaml row_caps): a number it spells out
        (`nrows=1`; not a header line skipped, header_skips with 0 or 1), a function or a list of lines (`skiprows=lambda
        i: i != 8`, `range(1, 9)`). A setting (`nrows=split["valid_size"]`, `skiprows=args.start`: NVFlare's XGBoost
        and sklearn examples read the site's range of a shared file so) is the site's partition, the limit."""
        for a in node.args:
            if a.keyword is None or a.keyword.value not in _ROW_CAPS or \
                    isinstance(a.value, cst.Name) and a.value.value == "None":
                continue
            values = self.r.constants(a.value, self.scope)
            if a.keyword.value in _HEADER_SKIPS and values in ([0], [1]):
                continue
            ranged = isinstance(a.value, cst.Call) and "builtins.range" in self.r.names(a.value.func, self.scope)
            if values or ranged or isinstance(a.value, (cst.Lambda, cst.List, cst.Tuple, cst.Set)) or \
                    any(isinstance(v, FuncRef) for v in self.r.values(a.value, self.scope)):
                return True
        return False

    def one_row_batches(self, node: cst.Call, names: frozenset) -> bool:
        """A loader whose batch size may be 1 or None (reductions.yaml positional_batch_size): absent (torch's
        default), a constant of those the argument may hold (`batch_size=1`, `bs = 1 if debug else 32`), an option
        one of the job's command lines sets to 1 (`batch_size=args.batch_size`, `--batch_size 1` in its config:
        flow/arguments.py), or a number computed that the gate cannot list (`len(ds) // len(ds)`: red team 54a).
        Each batch is one row: what is computed of one batch is that row's, a sum over every batch an aggregate. A
        setting read as it is that the gate cannot list (`args.batch_size` with no command line, a config's
        entry) stays batches: the limit, as no layer of the gate bounds it (docs/redteam54a-attempts.md)."""
        size = _argument(node, 1 if names and all(map(_POSITIONAL_BATCH_SIZE, names)) else 99, "batch_size")
        if size is None:
            return True
        values = self.r.constants(size, self.scope)
        if isinstance(size, cst.Name) and size.value == "None" or \
                any(v is None or (isinstance(v, int) and v == 1) for v in values):
            return True
        if values:
            return False
        told = arguments.values(self.r, size, self.scope)
        return any(v is None or v == 1 for v in told) if told is not None else self.computed(size, 0)

    def computed(self, node: cst.BaseExpression, depth: int) -> bool:
        """Whether a number the gate cannot list is computed (`len(ds) // len(ds)`, `max(1, len(ds) // 10**9)`:
        1 at a small site), directly or through the names it is bound to in the module; a setting read as it is
        (`args.batch_size`, `cfg["batch_size"]`, a parameter) is not."""
        if isinstance(node, cst.Call) and len(node.args) == 1 and not node.args[0].star and \
                "builtins.len" in self.r.names(node.func, self.scope) and \
                gradients.whole(self.r, self.scope, node.args[0].value):
            return False  # `batch_size=len(df)`: the rows of the table taken whole, one batch of every row
        if isinstance(node, (cst.BinaryOperation, cst.UnaryOperation, cst.Call, cst.IfExp, cst.BooleanOperation)):
            return True
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) and \
                node.value.attr.value == "shape":
            # `one.shape[0]`: as len(one), a count of rows, every row's only of the table taken whole (red team 55a)
            return not gradients.whole(self.r, self.scope, node.value.value)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)) and depth < 4:
            return any(self.computed(e.value, depth + 1) for e in node.elements if isinstance(e, cst.Element))
        if isinstance(node, cst.Dict) and depth < 4:
            return any(self.computed(e.value, depth + 1) for e in node.elements if isinstance(e, cst.DictElement))
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Name) and depth < 4:
            # `sizes[0]`, `cfg["bs"]` of a display the module binds (`sizes = [len(one)]`): what the display holds; a
            # name bound to anything else (`cfg = json.load(f)`) is a setting read as it is
            bound = gradients.assignments(self.r, self.scope, node.value.value) or ()
            return any(isinstance(v, (cst.List, cst.Tuple, cst.Dict)) and self.computed(v, depth + 1) for v, _ in bound)
        if isinstance(node, cst.Name) and depth < 4:
            return any(self.computed(v, depth + 1) for v, _ in gradients.assignments(self.r, self.scope, node.value) or ())
        return False

    def sampler_of_selector(self, node: cst.Call, t: frozenset) -> bool:
        """A loader's sampler (sampled) built with a selector among its arguments (`WeightedRandomSampler((ids ==
        1042).astype(float), 8)`, or a name bound to one): it draws only the rows the selector picks, as
        `sampler=np.flatnonzero(ids == 1042)` does; class weights (`np.where(y == 1, 3.0, 1.0)`) keep every row."""
        positional = [a.value for a in node.args if a.keyword is None and not a.star]
        given = positional[3:5] + [a.value for a in node.args if a.keyword is not None and
                                   a.keyword.value in _LOADER_SAMPLERS]
        for g in given:
            built = [g] + [e for e, _ in self.bound_exprs(g, every=False) or []]
            if any(isinstance(b, cst.Call) and any(self.selector(a.value, t) for a in b.args if not a.star)
                   for b in built):
                return True
        return False

    @staticmethod
    def activation(names: set) -> bool:
        """An activation layer called (`act = torch.nn.ReLU(); act(age - 99)`: selector_calls' layers): a function of
        its input with no weights, as torch.relu is, no model's prediction (red team 59a: it unshifted the value)."""
        return bool(names) and all(n.endswith("()") and _SELECTOR_CALLS(n) for n in names)

    def predicted(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """What a model object returns, or is made of it (`torch.max(net(x), 1)[1]`, `pred` bound to
        `net(x).argmax(1)`): a predicted class, whose share is a metric of the model, not a patient's value. What a
        bound expression gives at a depth is kept for the frame (`predictions`): a name bound n times to expressions
        of itself (`v = torch.relu(v - i)` unrolled), asked at each of its reductions, was read n to the fourth power
        times (red team 59a)."""
        todo = [node]
        while todo:
            n = todo.pop()
            if isinstance(n, cst.Call):
                facts = self.flow.static.get(id(n))
                if facts is not None and facts.object_call and not self.activation(self.r.names(n.func, self.scope)):
                    return True
            if isinstance(n, cst.Name) and depth < 4:
                if any(self._predicted_binding(e, depth + 1) for e, _ in self.bound_exprs(n, depth, every=False) or ()):
                    return True
            elif not isinstance(n, (cst.Lambda, cst.FunctionDef)):
                todo += children(n)
        return False

    def _predicted_binding(self, expr: cst.BaseExpression, depth: int) -> bool:
        found = self.predictions.get((id(expr), depth))
        if found is None:
            found = self.predictions[(id(expr), depth)] = self.predicted(expr, depth)
        return found

    def picked_by_value(self, nodes: list, depth: int) -> bool:
        """A loader's dataset whose rows a test against a value the code spells out picked (`TensorDataset(x[ids ==
        1042])`, `Subset(ds, np.flatnonzero(ids == 1042))`, through names bound to them in this scope): the rows of
        that value, named as `x[7:8]` is (update49b); a partition by a value the site's configuration gives
        (`df[df.site == site_name]`) is no spelled-out value and stays a loader of batches."""
        todo = [a.value if isinstance(a, cst.Arg) else a for a in nodes]
        while todo:
            n = todo.pop()
            if isinstance(n, (cst.Comparison, cst.BinaryOperation, cst.Call)) and self.tests_chosen_value(n):
                return True
            if isinstance(n, cst.Name) and depth < 4:
                bound = self.bound_exprs(n, every=False) or []
                if any(s is self.scope and self.picked_by_value([e], depth + 1) for e, s in bound):
                    return True
            elif not isinstance(n, (cst.Lambda, cst.FunctionDef)):
                todo += children(n)
        return False

    def foreign_call(self, foreign: str, node: cst.Call, method: str | None, recv: frozenset,
                     args: frozenset) -> frozenset:
        """A function or class of code the gate cannot see (another module of the job, an unknown package):
        what it hands back is of unknown provenance, whatever it is called; an object it builds may be a
        model (calling it predicts, its state_dict() is a model's state)."""
        out = recv | _no_elem(args) | {Origin(UNKNOWN, f"{foreign}()", node, id(node), instance=True)}
        last = foreign.rsplit(".", 1)[-1]
        if _TRAINING_CALLEE(last) or _METRIC_NAME(last):
            out = _review(out, f"the result of {last}(), code the gate cannot see")
        return out

    def only_called(self, ctor: cst.Call) -> bool:
        """Whether the object a library loss's constructor builds is only ever called: `Loss(weight=w)(out, y)`, or
        `crit = Loss(weight=w)` (or `.to(device)` of it) in a function or a module that mentions `crit` nowhere but
        as a call of it or of its methods. Its weights then weigh the loss, which the flow follows into backward()
        (Frame.applies_selector, loss_settings), and no model's state holds them. Anywhere else (`self.crit = `,
        `net.add_module("c", crit)`, handed to a helper, named by another module) its buffers (weight,
        pos_weight) may travel in a model's state_dict()."""
        if self.r.applied(ctor):
            return True
        if self.scope.is_class:
            return False
        bound = [name for name, values in self.scope.bindings.items()
                 if any(isinstance(v, tuple) and _unconverted(v[0]) is ctor for v in values)]
        if len(bound) != 1:
            return False
        name = bound[0]
        if any((dotted(u.node) or "").split(".")[0] == name for u in self.r.loads):
            return False
        program = self.r.program
        return self.scope is not self.r.root or program is None or not program.mentioning(name, self.r.path)

    def loss_settings(self, node: cst.Call, t: frozenset, positional: list, keywords: dict) -> frozenset:
        """A metric's or a loss's settings (`label_smoothing=`, `pos_weight=`, `delta=`, a criterion built with one)
        taken from cells the code chose: not what it compares but how, a factor of its value and of what its
        backward() writes (_raw_in_loss), so the cell stays as it is, as in `loss * cell` (red team 15). Only of a
        library loss or metric (metric_calls): what an evaluation scores (`eval_set(evals=...)`) is reduced by it."""
        if not any(_METRIC_CALLS(n) for n in self.r.names(node.func, self.scope)):
            return EMPTY
        settings = EMPTY.union(*positional[2:], *(v for k, v in keywords.items() if k not in _LOSS_OPERANDS))
        if not isinstance(node.func, cst.Attribute):
            settings |= t - EMPTY.union(*positional, *keywords.values())  # the criterion object called
        return frozenset(o for o in settings if isinstance(o, Origin) and _chosen_cell(o)) if settings else settings

    def call_wrapped(self, wrapped: tuple, call: cst.Call, positional: list, keywords: dict, extra: frozenset,
                     st: _State) -> frozenset:
        """`C.f(x)` of a class attribute `f = staticmethod(g)` or `classmethod(g)` runs g (red team 19): a lambda or
        a function of the module with the call's arguments (after the class, for a classmethod); anything else
        (a function of another module, a classmethod of a def, a def whose first parameter apply would bind as the
        object, a value the resolver cannot name) is not followed, and what it returns is of unknown provenance."""
        out = EMPTY
        for value, class_bound in wrapped:
            node = value.node if isinstance(value, FuncRef) and id(value.node) in self.r.scope_of else None
            if isinstance(node, cst.Lambda):
                out |= self.call_lambda(node, [EMPTY, *positional] if class_bound else positional, keywords, extra, st)
            elif isinstance(node, cst.FunctionDef) and not class_bound and \
                    not any(p.name.value in ("self", "cls") for p in _params(node)[:1]):  # apply would bind it
                out |= self.apply(node, call, positional, keywords, extra, False, st)
            else:
                out |= {Origin(UNKNOWN, "what a staticmethod() or classmethod() the gate does not follow returns",
                               call, id(call), logged=True, callback=True)}
        return out

    def call_lambda(self, fn: cst.Lambda, positional: list, keywords: dict, extra: frozenset,
                    st: _State) -> frozenset:
        """A lambda of the module called by name: its body with the call's arguments bound, so that a sink
        in it sees what the call hands it (a lambda that calls itself is followed once)."""
        key = id(fn)
        if self.flow.lambda_running(key):
            return extra.union(*positional, *keywords.values())
        self.flow.enter_lambda(key)
        try:
            inner = st.copy()
            for i, p in enumerate(_params(fn)):
                name = p.name.value
                given = keywords.get(name, positional[i] if i < len(positional) else extra)
                if name not in keywords and i >= len(positional) and p.default is not None:
                    given = given | self.expr(p.default, st)  # `lambda v=x.tolist(): send(v)` called bare
                inner.env[name] = given
            out = self.expr(fn.body, inner)
            params = {p.name.value for p in _params(fn)}
            for name, t in inner.env.items():
                if name not in params and t is not st.env.get(name):
                    # `keep = lambda v: stats.append(v)`: what the body stored into a name of this function
                    # (red team 51b; the body's copy of the state is otherwise dropped)
                    st.env[name] = st.env.get(name, EMPTY) | t
            return out
        finally:
            self.flow.leave_lambda(key)

    def gradient_of(self, call: cst.Call, names: frozenset, value: frozenset) -> frozenset:
        """`grad_fn(params)` with `grad_fn = jax.value_and_grad(loss_fn)`: `value` is what loss_fn returned for the
        call's arguments (resolve._transform_call). The gradient holds what a loss's backward() writes into the
        parameters (rows or cells the code chose that reach the loss unreduced, reviewed), as torch's does; the
        result of value_and_grad is (what loss_fn returned, the gradient), of grad the gradient, or the gradient
        and loss_fn's aux output (`has_aux`, which this call does not show): both there."""
        shape = self.call_parts.pop(id(call), None)
        loss = _flat(shape[0]) if shape else value  # with has_aux, loss_fn returns (loss, aux)
        # a parameter of this function that reaches the loss unreduced is what each caller passes for it
        # (`loss * images[0, 14, 14, 0]` with `images` this function's parameter: a cell of the caller's batch)
        gradient = _raw_in_loss(loss) | frozenset(o for o in loss if isinstance(o, Param) and not o.reduced)
        if "jax.value_and_grad()" in names:
            self.call_parts[id(call)] = [tuple(shape) if shape else value, gradient]
        return value | gradient

    def made_elsewhere(self, fn: cst.FunctionDef | cst.Lambda) -> bool:
        """Whether the function or lambda is defined in another function than the one calling it: a closure made
        there, whose value holds what it was made with (Frame.closure, _e_lambda)."""
        scope = self.r.scope_of.get(id(fn))
        return scope is not None and isinstance(scope.parent.node, cst.FunctionDef) and \
            not (self.fn is not None and _nested_in(scope, self.scope))

    def apply(self, fn: cst.FunctionDef, call: cst.Call, positional: list, keywords: dict, extra: frozenset,
              bound: bool, st: _State) -> frozenset:
        home = self.flow.home(fn)
        summary = home.summary(fn)
        params = _params(fn)
        scope = home.r.scope_of[id(fn)]
        method = scope.parent is not None and scope.parent.is_class and not _is_static(fn)
        # `H.m(h, rows)`: called through the class, the instance is the first argument (a classmethod's
        # class is still bound)
        via_class = isinstance(call.func, cst.Attribute) and not _is_classmethod(fn) and \
            any(n.startswith("<class>.") and not n.endswith("()") for n in self.r.names(call.func.value, self.scope))
        if method and params and not via_class and (bound or params[0].name.value in ("self", "cls")):
            params = params[1:]
        by_name: dict[str, frozenset] = {}
        plain = [p for p in fn.params.posonly_params] + [p for p in fn.params.params]
        plain = [p for p in plain if p in params]
        for i, t in enumerate(positional):
            if i < len(plain):
                by_name[plain[i].name.value] = t
            elif isinstance(fn.params.star_arg, cst.Param):
                name = fn.params.star_arg.name.value
                by_name[name] = by_name.get(name, EMPTY) | t
        for k, t in keywords.items():
            if any(p.name.value == k for p in params):
                by_name[k] = by_name.get(k, EMPTY) | t
            elif fn.params.star_kwarg is not None:
                name = fn.params.star_kwarg.name.value
                by_name[name] = by_name.get(name, EMPTY) | t
        if extra:
            for p in params:
                by_name[p.name.value] = by_name.get(p.name.value, EMPTY) | extra
        # a parameter the call leaves out holds its default (`def report(v=x.tolist())`), one object made once:
        # what earlier calls stored into it too (`def history(v, seen=[]): seen.append(v)`)
        left_out = [p for p in params if p.default is not None and p.name.value not in by_name]
        for p in left_out:
            key = _default_key(fn, p)
            kept = self.flow.global_(key) if home is self.flow else home.peek(GLOBALS, key)
            by_name[p.name.value] = (self.expr(p.default, st) | kept) if home is self.flow else kept

        exprs: dict[str, cst.BaseExpression] = {}  # parameter -> the caller's argument expression
        plain_args = [a.value for a in call.args if a.keyword is None and not a.star]
        for i, p in enumerate(plain):
            if i < len(plain_args):
                exprs[p.name.value] = plain_args[i]
        for a in call.args:
            if a.keyword is not None:
                exprs[a.keyword.value] = a.value
        if summary.holds:  # (of another module's function too: `keep = helpers.make_keeper(stats)`, red team 52a)
            self.holds_at[id(call)] = [n for p in sorted(summary.holds) if p in exprs for n in self.held(exprs[p])]
        if fn.name.value == "__init__" and summary.fields:
            # `Recorder(stats)` with `self.sink = sink` in __init__: which of the caller's objects each field holds
            self.init_fields[id(call)] = {key: {n for o in t if isinstance(o, Param) and o.name in exprs
                                                for n in self.held(exprs[o.name])} for key, t in summary.fields.items()}

        vouched: dict[frozenset, bool] = {}

        def passed(o: Param) -> frozenset:
            """What the call passes for a parameter; for a design matrix of a vouched product, reduced when
            the call passes one by the grammar (judged here), else reviewed as a product."""
            t = by_name.get(o.name, EMPTY)
            if o.dotted and _site_data(t) and any(name == SITE or _site_data(by_name.get(name, EMPTY))
                                                  for name in o.dotted):
                return _with_flags(_pick(t), product=True)  # the site's data on both sides (_matmul)
            if o.weighted and t and any(_masked(t) or _masked(by_name.get(name, EMPTY)) for name in o.weighted):
                return _pick(t)  # a mask the code chose, applied row by row in the function (Frame.row_wise)
            if o.every and self.chosen(t):
                return _pick(t)  # summed over every element of a loader of a partition: those rows (Frame.loop)
            if not o.gradient or not t:
                return t
            ok = vouched.get(o.gradient)
            if ok is None:
                ok = vouched[o.gradient] = gradients.satisfied(self.r, self.scope, o.gradient, exprs)
            return _vouched(t) if ok else _with_flags(t, product=True)

        shares: dict[Param, list] = {}  # parameter -> what subst adds for it (the same at every use)
        own = {p.name.value for p in _params(fn)}
        # a nested function's Params of the function it is defined in (module_flow._enclosing_params): that
        # function's own when it makes this call; elsewhere the closure called carries them (its value, Frame.call)
        enclosed = home is self.flow and self.fn is not None and _nested_in(scope, self.scope)

        def share(o: Param) -> list:
            """What the call passes for a parameter, after what the function did to it, as subst adds it:
            (True, a set to add) or (False, one value)."""
            pieces: list = []
            if o.name not in own:
                if enclosed:
                    return [(False, o)]
                if isinstance(scope.parent.node, cst.FunctionDef):
                    return []
                # a method of a class defined in a function: no value of the call carries what it was made with
                return [(False, Origin(UNKNOWN, "what the function a class is defined in was called with", call,
                                       id(call)))]
            if o.labels:
                # `def check(df): ... df.columns`: the header of the table the call passes, as of a name (_e_attribute)
                given, arg = by_name.get(o.name, EMPTY), exprs.get(o.name)
                whole = arg is not None and (gradients.whole(self.r, self.scope, arg) or
                                             gradients.selected_columns(self.r, self.scope, arg))
                pieces.append((True, _count(given) if whole else _column_labels(given)))
            elif o.keyed and not o.path:
                # `for k in param`: keys of the caller's dict; its stored values are not in them
                for a in by_name.get(o.name, EMPTY):
                    if not a.valued:
                        pieces.append((True, _through(a.but(elem=True, minor=a.minor or o.minor, valued=False), o)))
            elif o.path:
                # (iterated too: `for r in csv.reader(open(p))` hands out the file's rows, not a dict's keys)
                # `def read(p): open(p).read()`: what the caller's path names decides
                arg = exprs.get(o.name)
                if arg is not None:
                    kind = self._path_kind(arg)
                    if kind in (DATA, HOST, SECRET):
                        pieces.append((False, Origin(kind, "builtins.open", call, id(call))))
                    elif kind == UNKNOWN_PATH and self.fn is not None and isinstance(arg, cst.Name) and \
                            any(p.name.value == arg.value for p in _params(self.fn)):
                        pieces.append((False, Param(arg.value, path=True)))
                    elif kind == UNKNOWN_PATH:
                        pieces.append((False, Origin(UNKNOWN, "a file read at a path the code does not name", call,
                                                     id(call), logged=True)))
                    # and what the job wrote into the file the path names (Frame.read_back)
                    pieces.append((True, self.read_back(self._names_of(arg))))
            else:
                pieces = _passed_through(passed(o), o)
            return pieces

        # id(value) -> (the value, what subst made of it): a summary's parts often hold the same set (a sixth of the
        # sets substituted on the stdlib subset, the larger ones), substituted once per call; the entry holds the
        # value, so that its id is not another's meanwhile
        substituted: dict[int, tuple] = {}

        def subst(t: frozenset) -> frozenset:
            if Param not in map(type, t):
                return t
            known = substituted.get(id(t))
            if known is not None:
                return known[1]
            out = set()
            for o in t:
                if isinstance(o, Param):
                    pieces = shares.get(o)
                    if pieces is None:
                        pieces = shares[o] = share(o)
                    for whole, piece in pieces:  # added in the order and the way they always were
                        if whole:
                            out |= piece
                        else:
                            out.add(piece)
                else:
                    out.add(o)
            made = frozenset(out)
            substituted[id(t)] = (t, made)
            return made

        self.passed_sinks(fn, exprs, subst, call)
        # a summary's sinks are many (every sink its callees reach), over few parameters and kinds: each parameter
        # substituted once, and what counts of it sorted out once per kind of sink
        passed_to_sink: dict[Param, frozenset] = {}
        counted: dict[tuple, tuple] = {}  # (kind, parameter) -> Flow.counted
        for kind, sink, node, param in summary.sinks:
            parts = counted.get((kind, param))
            if parts is None:
                t = passed_to_sink.get(param)
                if t is None:
                    t = passed_to_sink[param] = subst(frozenset({param}))
                parts = counted[(kind, param)] = self.flow.counted(kind, t)
            if parts[0] or parts[1]:  # a sink in another module is reported at this call, where the value comes from
                self.flow.record_counted(kind, sink, node if home is self.flow else call, *parts, self)
        if summary.mutates:
            # `fill(d, rows)` with `d["x"] = rows` inside: the caller's `d` now holds rows.
            plain_args = [a.value for a in call.args if a.keyword is None and not a.star]
            for i, p in enumerate(plain):
                extra_t = summary.mutates.get(p.name.value)
                if extra_t and i < len(plain_args):
                    self.store_into(_as_store(plain_args[i]), subst(extra_t), st)
                    if self.param_alias(plain_args[i]):  # `fill(net.bias)` with `p.copy_(rows)` inside
                        self.write_params(subst(extra_t))
            defined_here = home is self.flow and getattr(home.r.scope_of.get(id(fn)), "parent", None) is self.scope
            for p in left_out:  # the default object keeps what is stored into it for the next call
                extra_t = summary.mutates.get(p.name.value)
                if extra_t:
                    home.join(GLOBALS, _default_key(fn, p), _strip_params(subst(extra_t)))
                    # `def keep(v, s=stats): s.append(v)` defined in this function: s is this function's stats
                    for name in sorted(set(self.held(p.default)) if defined_here else ()):
                        self.store_into(_as_store(cst.Name(name)), subst(extra_t), st)
        if summary.parts is not None:
            self.call_parts[id(call)] = [_map_part(part, subst) for part in summary.parts]
        self.flow.mark_called(fn)
        raised = subst(summary.raises)
        self.note_raise(raised, call)
        if self.thrown and raised:
            # in a `try` body, what the function raises leaves past handlers that catch none of its classes
            # (`except KeyError:` around `check()` that raises RuntimeError(row), red team 36b's open chain)
            self.thrown[-1].extend((classes, raised) for classes in _raise_classes(fn, home.r, scope))
        if self.handled() and _may_raise(fn):
            # in a handler, what it raises, clean or not, chains the exception handled (`__context__`), whose
            # message the traceback prints (`except ValueError: fail()`, red team 36b's open chain)
            self.note_raise(self.handled(), call)
        self.note_echo(subst(summary.echoes))  # `def parse(v): return int(v)` called in a try
        # caught here or by a caller, whether it raised decides what runs next (uncaught, it ends the job): what
        # follows the call runs only if it did not, as after an `assert` (`check(x, r)` then `flare.send(...)`)
        raised_when = subst(summary.raised_when)
        self.note_raised_when(raised_when)
        self.pc = self.pc | _implicit(raised_when)
        if summary.writes_params:
            self.write_params(subst(summary.writes_params))
        if summary.moved:
            self.moved_model(EMPTY)  # `if (ids == 1042).any(): set_weights(parameters)`: a step or load in it
        if summary.trained:
            self.trained_on([subst(summary.trained)], True)
        if summary.props:
            self.store_props(subst(summary.props))
        defaults = {p.name.value: p.default for p in params if p.default is not None}
        many = [p for p, count in sorted(summary.few) if not self.few(exprs.get(p, defaults.get(p)), count)]
        if many:  # `summary(v, np.linspace(0, 1, n))`: the helper's quantiles are the column, sorted
            return subst(summary.returns) | {Origin(UNKNOWN, f"a statistic of the site's data with as many values as "
                                                             f"{fn.name.value}() is asked for ({', '.join(many)})",
                                                    call, id(call), statistic=True)}
        for name, t in summary.free.items():  # `grab(x)` with `rows.extend(b)` inside: the module's rows
            given = subst(t)
            held = _strip_params(given)
            if enclosed and name not in scope.globals and name in self.scope.bindings:
                # `def outer(a): box = 0; def put(): nonlocal box; box = a`: put() rebinds outer's own variable,
                # with outer's Params (share) and what the call passes; `def keep(v): stats.append(v)` stores
                # into it (a closure's free name is the enclosing function's, nonlocal or not: red team 51b)
                self.bind(name, self.name(name, st) | given, st)
            if name.startswith(_FILE_KEY):  # a file is the same file from any module (Frame.note_written)
                self.flow.join(GLOBALS, name, _review(held, "written to a file and read back"))
            elif home is self.flow:
                self.flow.join(GLOBALS, name, held)
            elif held and any(isinstance(v, tuple) or (isinstance(v, str) and home.job_class(v))
                              for v in home.r.root.bindings.get(name, ())):
                # `utils.remember(k, rows)` with `CACHE[k] = value` there: another module of the job holds it
                # now, and may send it, as a store into its value here would (Frame.store_into); a name the
                # module binds to a value or defines a class by (`Holder.last = value` there), not one it
                # imports (`np.append(...)` stores nothing into numpy)
                self.flow.record(UPDATE, f"{name}, a value of another module of the job", call,
                                 _review(held, "stored into another module of the job"), self)
                for local in self.imports_of(home, name):  # `from report import REGISTRY` here: the same object
                    self.flow.join(GLOBALS, local, held)
        receiver = call.func.value if isinstance(call.func, cst.Attribute) else None
        if isinstance(receiver, cst.Name) and fn.name.value != "__init__":
            # `h.set(stats)` with `self.s = s` inside: h holds stats now, as if built with it (red team 52a)
            for key, t in summary.fields.items():
                kept = {n for o in t if isinstance(o, Param) and o.name in exprs for n in self.held(exprs[o.name])
                        if n in self.displays}  # (a list, dict or set it made: `net.keep(x[:4])` leaves x as it was)
                # (into the field where __init__ was followed, as init_fields: `t.fit(df)` with `self.frame = df`
                # leaves the list t was built with as it was; a write into the object kept is not passed on to h)
                if kept and receiver.value in self.field_contents:
                    fields = self.field_contents[receiver.value] = dict(self.field_contents[receiver.value])
                    fields[key] = set(fields.get(key, ())) | kept
                elif kept:
                    self.keep_in(receiver.value, kept, shared=False)
        for key, t in summary.fields.items():
            given = subst(t)  # `Helper(df)` with `self.df = df` in __init__: the field holds the site's data
            concrete = _strip_params(given)
            self.flow.store_field(key, concrete)
            if concrete and receiver is not None and self.imported_object(receiver):
                # `BOX.put(rows)` of `BOX = Box()` in another module of the job: that module's object holds them
                # now, and its methods may send them where this module's fields do not reach (store_into)
                self.flow.record(UPDATE, "an object another module of the job holds", call,
                                 _review(concrete, "stored into another module of the job"), self)
            if self.is_method and given is not concrete:
                self.field_params[key] = _cap(self.field_params.get(key, EMPTY) | (given - concrete))
            if receiver is not None and given:
                self.into_contents(receiver, key, given, st)
        return subst(summary.returns)


def _self_reads(fn: cst.FunctionDef) -> set[str]:
    """The attributes of `self` a method reads (`self.norm`), and `__dict__` when it may read the object whole
    (`vars(self)`, `self.__dict__`, `getattr(self, k)`)."""
    found: set[str] = set()

    class _Reads(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> None:
            if isinstance(node.value, cst.Name) and node.value.value == "self":
                found.add(node.attr.value)

        def visit_Name(self, node: cst.Name) -> None:
            if node.value in ("vars", "getattr"):
                found.add("__dict__")

    fn.visit(_Reads())
    return found


def _raise_classes(fn: cst.FunctionDef, r, scope) -> list[set[str]]:
    """The classes each raise statement and assert of the function's own body may raise (the resolver's names of
    the class; none for a bare `raise` or a class the gate cannot name, which only a catch-all handler surely
    catches). What a function it calls raises passes through it unseen here: with no raise of its own, its
    raises are of no known class. Walked once per function and resolution (kept in `r.derived`, which
    start_over empties with the values the names come from): it was walked at every call in a try body, every
    round (3,248 walks of the stdlib subset for 171 functions)."""
    key = (_raise_classes, id(fn))
    known = r.derived.get(key)
    if known is None or known[0] is not fn:
        known = r.derived[key] = (fn, _walk_raise_classes(fn, r, scope))
    return known[1]


def _walk_raise_classes(fn: cst.FunctionDef, r, scope) -> list[set[str]]:
    found: list[set[str]] = []
    todo: list[cst.CSTNode] = [fn.body]
    while todo:
        node = todo.pop()
        if isinstance(node, cst.Raise):
            exc = node.exc.func if isinstance(node.exc, cst.Call) else node.exc
            found.append(r.names(exc, scope) if exc is not None else set())
        elif isinstance(node, cst.Assert):
            found.append({"builtins.AssertionError"})
        elif not isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            todo.extend(children(node))
    return found or [set()]


_RAISES = Kinds(cst.Raise, cst.Assert)


def _may_raise(fn: cst.FunctionDef) -> bool:
    """Whether the function's own body raises or asserts (not a function or class defined in it)."""
    return gradients.body_holds(fn, _RAISES)


def _mask_beside_data(operands: list[frozenset]) -> bool:
    """A call that picks rows (no conversion, no prediction) handed a mask the code chose (Origin.mask: `ids ==
    1042`) beside other site data: the rows the mask keeps, as an index by the mask (`x[ids == 1042]`) does
    (red team 49a: `torch.masked_select(x, m)`, then one step on them)."""
    tainted = [t for t in operands if t]
    return len(tainted) > 1 and any(_masked(t) for t in tainted) and \
        any(_site_data(t) and not _masked(t) for t in tainted)


_MAX_RANGE = 1000  # calls.range_values: a range of more numbers than this is no display of chosen values


def _one_whole_number(lo: tuple, hi: tuple) -> bool:
    """Whether an interval, each end a (bound, open) pair, holds exactly one whole number."""
    if not (math.isfinite(lo[0]) and math.isfinite(hi[0])):
        return False
    first = math.floor(lo[0]) + 1 if lo[1] else math.ceil(lo[0])
    last = math.ceil(hi[0]) - 1 if hi[1] else math.floor(hi[0])
    return first == last


def _spelled_value(consts: list) -> bool:
    """Numbers or texts the code spells out (not a flag)."""
    return bool(consts) and all(isinstance(c, (int, float, str)) and not isinstance(c, bool) for c in consts)


def _comparison_text(value) -> bool:
    """A text the code spells out that reads as a comparison (`"patient_id == 1042"`, `"age > 60 and sex == 'F'"`):
    a table's filter, as pandas' query() and eval() parse it."""
    if not isinstance(value, str):
        return False
    try:
        body = ast.parse(value.strip(), mode="eval").body
    except (SyntaxError, ValueError):
        return False
    except (RecursionError, MemoryError):  # `"a.a.a...b == 1"` of 300,000 parts failed the flow detectors (session
        return True  # 50): a filter the gate cannot read may keep any rows
    tests = body.values if isinstance(body, ast.BoolOp) else [body]
    return all(isinstance(b, ast.Compare) for b in tests)


def _conjuncts(node: cst.BaseExpression) -> list:
    """The operands of a chain of `&` (`(a >= 1) & (a <= 1) & m`), parentheses dropped."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitAnd):
        return _conjuncts(node.left) + _conjuncts(node.right)
    return [node]
