"""What an honest model update looks like, as rules over plain values.

`handler.update_filter` reads NVFlare's DXOs and calls these rules; they know
no NVFlare and return problems as short strings, each naming the policy key
that would allow the thing refused (a site can widen a rule, never a job).

Same-shape, same-dtype smuggling (raw data written into a weight tensor of the
right size) passes these rules: only the static gate, which follows where the
values of an update come from, can see that.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import OrderedDict
from dataclasses import dataclass
from enum import Enum

import numpy as np

from analyzer.runtime_policy import UpdateFilterPolicy

# A model's signature: {key: (type, shape, dtype)}.
Signature = dict[str, tuple[str, tuple[int, ...], str]]


# The classes NVFlare's serialiser (fobs) sends as their value alone: msgpack's own, numpy's scalars, and the
# containers and arrays it has a decomposer of its own for. Any other class, a subclass of these too, goes by
# fobs's DataClassDecomposer, which sends the object's __dict__: whatever the job wrote there (red team
# runtime55: 12 KB of rows as an attribute of a float metric, of a str metric name, of a dict of weights, of the
# current round header). So the rules read a value's exact class, never isinstance.
_NUMBERS = frozenset({bool, int, float}) | frozenset(
    t for t in np.sctypeDict.values() if np.dtype(t).kind in "biuf")
_MAPPINGS = (dict, OrderedDict)  # fobs's OrderedDictDecomposer sends the items alone


def _array_class(cls) -> bool:
    """numpy's ndarray or torch's Tensor themselves: a subclass (torch's Parameter too) has no decomposer of
    NVFlare's and goes with its __dict__; a job's class can take any name and answer `shape` as it likes while
    the serialiser writes the whole buffer (red team 46: 40 KB sent as a [4, 4] float32 array). torch is
    looked up only where it is imported: a tensor cannot exist otherwise."""
    torch = sys.modules.get("torch")
    return cls is np.ndarray or torch is not None and cls is getattr(torch, "Tensor", None)


def value_signature(value) -> tuple[str, tuple[int, ...], str] | None:
    """(type, shape, dtype) of an array or a plain number of the serialiser's own classes; None for anything else."""
    if _array_class(type(value)):
        kind = f"{type(value).__module__.split('.', 1)[0]}.{type(value).__name__}"
        return kind, tuple(int(n) for n in value.shape), str(value.dtype)
    if type(value) in _NUMBERS:
        return type(value).__name__, (), ""
    return None


def model_signature(weights: dict) -> Signature:
    return {str(k): value_signature(v) for k, v in weights.items()}


def _finite(value) -> bool:
    if type(value) in _NUMBERS:
        return not isinstance(value, (float, np.floating)) or math.isfinite(value)
    if hasattr(value, "isfinite"):  # torch tensors (numpy arrays have no such method)
        return bool(value.isfinite().all())
    arr = np.asarray(value)
    return arr.dtype.kind not in "fc" or bool(np.isfinite(arr).all())


def _shown(keys) -> str:
    keys = sorted(str(k) for k in keys)
    return ", ".join(repr(k[:40]) for k in keys[:5]) + (f" +{len(keys) - 5} more" if len(keys) > 5 else "")


class Unsent:
    """What the rules see of a key or scalar that is not the serialiser's own class (above): no rule takes it for
    a string or a number, and a refusal names its class."""

    def __init__(self, value):
        self.cls = type(value).__name__

    def __str__(self):
        return f"<{self.cls}>"

    __repr__ = __str__


def plain(value):
    """A key or scalar as NVFlare's serialiser sends it, read without calling a method of it (a str subclass's
    __len__, __eq__ or __hash__ could answer for a key of the model, or a short string, while the serialiser
    sends its characters and its __dict__: red team runtime49, runtime55): a str, number or None of their own
    class as it is; an Enum member as its name, all fobs's EnumTypeDecomposer sends (NVFlare's DataKind is a
    str Enum whose names are its values; a job's may name a member with any text and give it the value
    'WEIGHTS'); containers and arrays as they are, for their own rules; any other scalar an `Unsent`."""
    if type(value) in _NUMBERS or value is None or type(value) is str:
        return value
    if isinstance(value, Enum):
        name = vars(value).get("_name_")
        return name if type(name) is str else Unsent(value)
    if isinstance(value, (str, bytes, int, float, complex, np.generic)):
        return Unsent(value)
    return value


def plain_items(mapping: dict) -> dict:
    """A mapping's real entries, read with dict's own methods: a subclass's items(), keys() or __iter__
    could hide an entry from the filter, or show it only to the serialiser, which reads it later."""
    return {plain(k): v for k, v in dict.items(mapping)}


def check_weights(weights, incoming: Signature | None, policy: UpdateFilterPolicy) -> list[str]:
    """Weights or weight differences: the keys, shapes and dtypes of the model
    that came in for this task, finite values."""
    if type(weights) not in _MAPPINGS:
        return [f"weights are a {type(weights).__name__}, not a dict of arrays"]
    weights = plain_items(weights)
    if not incoming:
        return _check_first_weights(weights, policy)
    problems = []
    extra, missing = set(weights) - set(incoming), set(incoming) - set(weights)
    if extra:
        sizes = ", ".join(f"{str(k)!r}: {_size(weights[k])}" for k in sorted(extra, key=str)[:5])
        problems.append(f"keys not in the model sent for this task: {sizes}")
    if missing:
        problems.append(f"keys of the model missing from the update: {_shown(missing)}")
    if sum(type(v) in _BOOSTERS for v in weights.values()) > 1:
        problems.append("more than one XGBoost model in the update")
    for key in sorted(set(weights) & set(incoming), key=str):
        got, want = value_signature(weights[key]), incoming[key]
        if got is None and want is None and type(weights[key]) in _BOOSTERS:
            problems += check_booster(weights[key], key, policy)
        elif got is None:
            problems.append(f"{key!r} is a {type(weights[key]).__name__}, not an array or a number")
        elif got != want:
            problems.append(f"{key!r} is {_sig(got)}, the model sent {_sig(want)}")
        elif not _numeric(weights[key]):
            problems.append(_not_numeric(key, got))
        elif not _finite(weights[key]):
            problems.append(f"{key!r} holds NaN or infinite values")
    return problems


def _check_first_weights(weights: dict, policy: UpdateFilterPolicy) -> list[str]:
    rule = policy.without_incoming_model
    key = "update_filter.without_incoming_model.keys"
    boosters = [k for k in weights if type(weights[k]) in _BOOSTERS]
    if len(boosters) == 1 and len(weights) == 1:  # XGBoost's first round: no model came in
        return check_booster(weights[boosters[0]], boosters[0], policy)
    problems = []
    unnamed = [k for k in weights if k not in rule.keys]
    if unnamed:
        problems.append(f"weights for a task that brought no model in, keys {_shown(unnamed)} "
                        f"not named in {key}")
    for k in sorted(set(weights) - set(unnamed), key=str):
        sig = value_signature(weights[k])
        if sig is None:
            problems.append(f"{k!r} is a {type(weights[k]).__name__}, not an array or a number")
        elif math.prod(sig[1]) > rule.max_elements:
            problems.append(f"{k!r} has {math.prod(sig[1])} elements, over "
                            f"update_filter.without_incoming_model.max_elements ({rule.max_elements})")
        elif not _numeric(weights[k]):
            problems.append(_not_numeric(k, sig))
        elif not _finite(weights[k]):
            problems.append(f"{k!r} holds NaN or infinite values")
    return problems


_BOOSTERS = (bytes, bytearray)  # what NVFlare's tree-based XGBoost executor puts the booster's JSON in
# XGBoost's JSON model (its doc/model.schema; the same keys in 1.7 to 3.2). A tree's node arrays have one
# entry a node (base_weights one a leaf value); `categories` holds the categories of categorical splits.
_INDEX_ARRAYS = ("left_children", "right_children", "parents", "split_indices", "split_type", "default_left")
_VALUE_ARRAYS = ("split_conditions", "loss_changes", "sum_hessian", "base_weights")
_SPLIT_ARRAYS = ("categories_nodes", "categories_segments", "categories_sizes")
_TREE_KEYS = frozenset((*_INDEX_ARRAYS, *_VALUE_ARRAYS, *_SPLIT_ARRAYS, "categories", "id", "tree_param"))
_LEARNER_KEYS = frozenset({"attributes", "feature_names", "feature_types", "gradient_booster",
                           "learner_model_param", "objective"})
_MODEL_KEYS = frozenset({"gbtree_model_param", "iteration_indptr", "tree_info", "trees"})
_NO_PARENT = 2147483647  # a root's parent
# XGBoost writes its parameters as strings: numbers ("6", "5E-1", "[4.4E-1]", one a class for multi-class) or
# words (an objective's or a booster's name, "binary:logistic", "gbtree"; a ranking objective's "topk").
_NUMBER_TEXT = re.compile(r"[-+0-9.eE]{1,20}|\[[-+0-9.eE]{1,20}(,[-+0-9.eE]{1,20}){0,99}\]")
_WHOLE = re.compile(r"[0-9]{1,10}")
_TREE_PARAMS = frozenset({"num_deleted", "num_feature", "num_nodes", "size_leaf_vector"})  # one set a tree
_WORD = re.compile(r"[a-z][a-z0-9_:]{0,39}")


class _NotABooster(ValueError):
    """Where the JSON leaves XGBoost's model: the path and what was found."""


def check_booster(value, key, policy: UpdateFilterPolicy) -> list[str]:
    """An XGBoost booster's JSON as NVFlare's tree-based executor sends it (`json.dumps` of
    `Booster.save_raw("json")`): exactly XGBoost's model, whose only free values are numbers of a float32's
    9 digits, a few a node, in at most `booster.max_trees` trees of at most `booster.max_tree_nodes` nodes.
    The bytes must be the JSON's own `json.dumps` (keys sorted, as XGBoost writes them): the digits of a
    number, spaces, a repeated key or the keys' order would carry text the parsed model does not show.
    Parameters are number strings or words of 40 characters; feature names (one a feature,
    `update_filter.max_string` each, `booster.max_feature_text` in all) are the only other text. Anything
    else in bytes (rows, a pickle, JSON of another shape) is not a model."""
    rule = policy.booster
    if not rule.allow:
        return [f"{key!r} is a {type(value).__name__}; update_filter.booster.allow judges XGBoost models"]
    try:
        doc = json.loads(bytes(value), parse_constant=_no_constant)
        if json.dumps(doc, sort_keys=True).encode() != value:
            raise _NotABooster("not written as json.dumps writes the model it holds")
        _booster(doc, rule, policy.max_string)
    except (ValueError, TypeError, AttributeError, KeyError, OverflowError, RecursionError) as err:
        # json's errors and _NotABooster among them: what cannot be read as XGBoost's model is not one
        return [f"{key!r} is a {type(value).__name__} of {len(value)} bytes, not an XGBoost model "
                f"({str(err)[:120]})"]
    return []


def _no_constant(name):
    raise _NotABooster(f"{name} is not a number XGBoost writes")


def _booster(doc, rule, max_string: int) -> None:
    _keys(doc, {"learner", "version"}, "the top")
    _numbers(doc["version"], "version", 3, exact=True)
    learner = doc["learner"]
    _keys(learner, _LEARNER_KEYS, "learner", required={"gradient_booster", "learner_model_param", "objective"})
    params = _params(learner["learner_model_param"], "learner_model_param", lists=True)
    # the model's sizes, and every float of its trees, judged at once (_float32_decimals)
    size = {"features": int(params.get("num_feature", "0")), "targets": int(params.get("num_target", "1")),
            "floats": []}
    outputs = max(1, size["targets"], int(params.get("num_class", "0")))
    if any(v.count(",") >= outputs for v in params.values()):  # base_score: one number an output
        raise _NotABooster(f"learner_model_param holds lists of over {outputs} numbers")
    for name, most in (("feature_names", max_string), ("feature_types", 5)):
        texts = learner.get(name, [])
        if type(texts) is not list or len(texts) > size["features"] or \
                any(type(t) is not str or len(t) > most for t in texts):
            raise _NotABooster(f"learner.{name} is not a list of a string of at most {most} characters "
                               f"a feature ({size['features']})")
    if sum(map(len, learner.get("feature_names", []))) > rule.max_feature_text:
        raise _NotABooster(f"the feature names are over update_filter.booster.max_feature_text "
                           f"({rule.max_feature_text}) characters")
    _params(learner.get("attributes", {}), "learner.attributes", most=4)
    objective = learner["objective"]
    _keys(objective, {"name"} | {k for k in objective if _WORD.fullmatch(k) and k.endswith("_param")},
          "learner.objective", required={"name"})
    if len(objective) > 4:
        raise _NotABooster("learner.objective has over 3 sets of parameters")
    for k, v in objective.items():
        _word(v, "learner.objective.name") if k == "name" else _params(v, f"learner.objective.{k}")
    gb = learner["gradient_booster"]
    if type(gb) is dict and gb.get("name") == "dart":  # dart: a gbtree and one weight a tree
        _keys(gb, {"name", "gbtree", "weight_drop"}, "gradient_booster")
        size["floats"] += _numbers(gb["weight_drop"], "gradient_booster.weight_drop",
                                   _gbtree(gb["gbtree"], rule, size), float, exact=True)
    else:
        _gbtree(gb, rule, size)
    if not _float32_decimals(size["floats"]):
        raise _NotABooster("the trees hold other than finite numbers of a float32's 9 significant digits")


def _gbtree(gb, rule, size: dict) -> int:
    _keys(gb, {"name", "model"}, "gradient_booster")
    _word(gb["name"], "gradient_booster.name")
    model = gb["model"]
    _keys(model, _MODEL_KEYS | {"cats"}, "gradient_booster.model", required=_MODEL_KEYS)
    # XGBoost 3's categorical encodings hold the categories' own names: only an empty one is judged
    if model.get("cats", {}) not in ({}, {"enc": [], "feature_segments": [], "sorted_idx": []}):
        raise _NotABooster("gradient_booster.model.cats holds categories' names (not judged)")
    _params(model["gbtree_model_param"], "gbtree_model_param", most=2, whole=True)
    trees = model["trees"]
    if type(trees) is not list or len(trees) > rule.max_trees:
        raise _NotABooster(f"over update_filter.booster.max_trees ({rule.max_trees}) trees")
    _numbers(model["tree_info"], "tree_info", len(trees), exact=True)
    _numbers(model["iteration_indptr"], "iteration_indptr", len(trees) + 1)
    for i, tree in enumerate(trees):
        _tree(tree, f"tree {i}", rule, size)
    return len(trees)


def _tree(tree, where: str, rule, size: dict) -> None:
    _keys(tree, _TREE_KEYS, where, required=_TREE_KEYS - {"categories", *_SPLIT_ARRAYS})
    _numbers(tree["id"], f"{where}.id", None)
    params = _params(tree["tree_param"], f"{where}.tree_param", whole=True)
    if set(params) - _TREE_PARAMS:
        raise _NotABooster(f"{where}.tree_param is not XGBoost's {sorted(_TREE_PARAMS)}")
    nodes, leaf = int(params.get("num_nodes", "0")), max(1, int(params.get("size_leaf_vector", "1")))
    if not 0 < nodes <= rule.max_tree_nodes or leaf > max(1, size["targets"]):
        raise _NotABooster(f"{where} has {nodes} nodes (update_filter.booster.max_tree_nodes "
                           f"{rule.max_tree_nodes}) of {leaf} values")
    # indices within the tree (-1: no child) and the features; 0 or 1 for a split's type and default side
    bounds = {"left_children": (-1, nodes - 1), "right_children": (-1, nodes - 1), "parents": (0, nodes - 1),
              "split_indices": (0, max(0, size["features"] - 1)), "split_type": (0, 1), "default_left": (0, 1)}
    for k, (low, high) in bounds.items():
        outside = {n for n in _numbers(tree[k], f"{where}.{k}", nodes, exact=True) if not low <= n <= high}
        if outside and outside != ({_NO_PARENT} if k == "parents" else set()):
            raise _NotABooster(f"{where}.{k} holds values outside {low}..{high}")
    for k in _VALUE_ARRAYS:
        size["floats"] += _numbers(tree[k], f"{where}.{k}", nodes * (leaf if k == "base_weights" else 1), float,
                                   exact=True)
    for k in _SPLIT_ARRAYS:
        _numbers(tree.get(k, []), f"{where}.{k}", nodes)
    _numbers(tree.get("categories", []), f"{where}.categories", sum(tree.get("categories_sizes", [])),
             exact=True)


def _keys(d, allowed, where: str, required=None) -> None:
    required = allowed if required is None else required
    if type(d) is not dict or set(d) - set(allowed) or not set(required) <= set(d):
        found = sorted(str(k)[:40] for k in d)[:8] if type(d) is dict else type(d).__name__
        raise _NotABooster(f"{where} is {found}, not XGBoost's {sorted(allowed)[:8]}")


def _params(d, where: str, most: int = 8, whole: bool = False, lists: bool = False) -> dict:
    """XGBoost's parameters: at most `most` words to whole numbers (`whole`), or to a number, a word or (where
    `lists`: a multi-class base_score) a list of up to 100 numbers."""
    def fits(v) -> bool:
        if whole:
            return bool(_WHOLE.fullmatch(v))
        return bool(_WORD.fullmatch(v) or _NUMBER_TEXT.fullmatch(v) and (lists or not v.startswith("[")))

    if type(d) is not dict or len(d) > most or not all(
            _WORD.fullmatch(k) and type(v) is str and fits(v) for k, v in d.items()):
        raise _NotABooster(f"{where} is not XGBoost's parameters (at most {most} words to numbers)")
    return d


def _word(v, where: str) -> None:
    if type(v) is not str or not _WORD.fullmatch(v):
        raise _NotABooster(f"{where} is not a word")


def _numbers(v, where: str, most, kind=int, exact: bool = False):
    """A number (`most` None) or a list of at most `most` (`exact`: just `most`) numbers: ints, or floats
    (whose digits the caller judges: _float32_decimals)."""
    values = [v] if most is None else v
    if type(values) is not list or most is not None and (len(values) > most or exact and len(values) != most):
        raise _NotABooster(f"{where} is not a list of {'' if exact else 'at most '}{most} numbers")
    if kind is int and any(type(n) is not int for n in values):
        raise _NotABooster(f"{where} holds other than whole numbers")
    if kind is float and not all(type(n) in (int, float) for n in values):
        raise _NotABooster(f"{where} holds other than numbers")
    return values


def _float32_decimals(values) -> bool:
    """Whether every value is finite and the float64 nearest a decimal of at most 9 significant digits:
    XGBoost writes a float32's shortest decimal, and a float64's 17 digits would carry some 29 bits more a
    number of the job's choosing.
    Quickly: m / 10**k (or m * 10**-k), m a whole number below 10**9 and 10**k exact (|k| <= 22), is one
    correctly rounded operation, as json's reading of the decimal is; what that does not show (a value below
    1e-14, say) is checked one by one as the shortest decimal of the float32 it is."""
    arr = np.asarray(values, dtype=np.float64)
    with np.errstate(all="ignore"):
        if not (np.isfinite(arr) & (np.abs(arr) <= np.finfo(np.float32).max)).all():
            return False
        k = 8 - np.floor(np.log10(np.abs(np.where(arr == 0, 1.0, arr)))).astype(np.int64)
        power = 10.0 ** np.minimum(np.abs(k), 22)
        back = np.where(k >= 0, np.round(arr * power) / power, np.round(arr / power) * power)
        return all(float(str(np.float32(n))) == n for n in arr[(np.abs(k) > 22) | (back != arr)])


def round_mantissa(value, bits: int):
    """A float array or number of the serialiser's own classes with only `bits` bits of mantissa, rounded to
    nearest (ties to even), of the same class, shape and dtype; an XGBoost booster with its trees' floats so
    rounded (session 58); any other value as it is. The low bits of a float are where a job hides data in an
    update that still trains (session 57: 23 bits a float32). A complex array's two parts are floats too, and
    a big-endian array's low bits are its last bytes (session 59: both went out whole, the model its server
    side sent being of that dtype). Raises CannotRound for a float it has no rounding for (numpy's longdouble,
    torch's float8s): the filter refuses the result."""
    if _array_class(type(value)) and (value.dtype.kind in "fc" if type(value) is np.ndarray
                                      else value.is_floating_point() or value.is_complex()):
        if type(value) is np.ndarray:
            native = value.astype(value.dtype.newbyteorder("="), order="C")
            if native.dtype.kind == "c":  # a complex array's real and imaginary parts, each a float
                parts = native.reshape(-1).view(f"f{native.dtype.itemsize // 2}")
                return _rounded_bits(parts, bits, False).view(native.dtype).reshape(value.shape).astype(value.dtype)
            return _rounded_bits(native, bits, "bfloat16" in str(value.dtype)).astype(value.dtype)
        import torch  # a tensor exists: torch is imported; its raw bits go through numpy (bfloat16 has no dtype there)
        if value.is_complex():
            parts = torch.view_as_real(value.detach().cpu().resolve_conj().contiguous())
            return torch.view_as_complex(round_mantissa(parts, bits)).to(value.device)
        signed = {2: torch.int16, 4: torch.int32, 8: torch.int64}.get(value.element_size())
        if signed is None:
            raise CannotRound(value.element_size())
        raw = value.detach().cpu().contiguous().view(signed).numpy()
        rounded = _rounded_bits(raw, bits, value.dtype == torch.bfloat16, value.element_size())
        return torch.from_numpy(rounded).view(value.dtype).to(value.device)
    if type(value) in _NUMBERS and isinstance(value, (float, np.floating)):
        return type(value)(_rounded_bits(np.asarray(value), bits, False)[()])
    if type(value) in _BOOSTERS:  # judged already: check_booster let it out
        return _rounded_booster(value, bits)
    return value


class CannotRound(ValueError):
    def __init__(self, size: int):
        super().__init__(f"floats of {size} bytes, which update_filter.mantissa_bits cannot round (it rounds "
                         "floats of 2, 4 and 8 bytes)")


def _rounded_booster(value, bits: int):
    """An XGBoost booster (check_booster's) with every float of its trees, and dart's weights, kept to `bits` bits
    of a float32's mantissa (XGBoost's trees are float32s: a leaf's value and a split's threshold alike), written
    as XGBoost writes them, each its float32's shortest decimal, so that the bytes stay the model's own JSON."""
    doc = json.loads(bytes(value))
    gb = doc["learner"]["gradient_booster"]
    if gb["name"] == "dart":
        gb["weight_drop"] = _rounded_float32s(gb["weight_drop"], bits)
        gb = gb["gbtree"]
    for tree in gb["model"]["trees"]:
        for k in _VALUE_ARRAYS:
            tree[k] = _rounded_float32s(tree[k], bits)
    return type(value)(json.dumps(doc, sort_keys=True).encode())


def _rounded_float32s(values: list, bits: int) -> list[float]:
    return [float(str(f)) for f in _rounded_bits(np.asarray(values, dtype=np.float32), bits, False)]


def _rounded_bits(arr: np.ndarray, bits: int, bfloat16: bool, size: int | None = None) -> np.ndarray:
    """`arr`'s floats (or, with `size`, their raw bits as integers) rounded to `bits` of mantissa; a value
    that would round up to infinity is cut instead."""
    size = size or arr.dtype.itemsize
    width = 7 if bfloat16 else {2: 10, 4: 23, 8: 52}.get(size)  # the mantissa's bits
    if width is None:
        raise CannotRound(size)
    if bits >= width:
        return arr
    u, one = arr.view(f"u{size}"), np.dtype(f"u{size}").type(1)
    low = (one << (width - bits)) - one
    nearest = (u + (low >> one) + ((u >> (width - bits)) & one)) & ~low  # ties to even
    exponent = ((one << (8 * size - 1)) - one) & ~((one << width) - one)
    return np.where(nearest & exponent == exponent, u & ~low, nearest).astype(u.dtype).view(arr.dtype)


def _numeric(value) -> bool:
    """Whether an array holds numbers: numpy's text, bytes, void (raw bytes of any length) and object arrays
    carry whatever a job writes into them, even where the model that came in had one (the job's server side
    chose it: red team runtime52). Every torch dtype is a number's."""
    return getattr(value.dtype, "kind", "f") in "biufc" if hasattr(value, "dtype") else True


def _not_numeric(key, sig) -> str:
    return f"{key!r} is {_sig(sig)}: an array of text, bytes or objects, not numbers"


def _sig(sig) -> str:
    return f"{sig[0]} {list(sig[1])} {sig[2]}".rstrip()


def _size(value) -> str:
    if type(value) is Unsent:
        return value.cls
    sig = value_signature(value)
    if sig is not None:
        return _sig(sig)
    try:
        return f"{type(value).__name__} of {len(value)}"
    except TypeError:
        return type(value).__name__


@dataclass
class Spent:
    """What a result has used so far of the bounds its parts share: each DXO of a collection, and each header,
    would otherwise bring bounds of its own (red team runtime52: 500 DXOs of metrics; runtime57: 14 headers)."""
    dxos: int = 0
    meta: int = 0
    metrics: int = 0
    text: int = 0  # UTF-8 bytes: a character can carry 20 bits, a byte 8

    def add_text(self, text: str) -> None:
        self.text += len(text.encode("utf-8", "surrogatepass"))


def check_text(spent: Spent, policy: UpdateFilterPolicy) -> list[str]:
    if spent.text > policy.max_text:
        return [f"{spent.text} bytes of names, keys and strings, over update_filter.max_text ({policy.max_text})"]
    return []


def check_metrics(metrics, policy: UpdateFilterPolicy, spent: Spent) -> list[str]:
    """Validation results and training metrics: a bounded number of finite numbers."""
    if type(metrics) not in _MAPPINGS:
        return [f"metrics are a {type(metrics).__name__}, not a dict"]
    metrics, problems = plain_items(metrics), []
    spent.metrics += len(metrics)
    if spent.metrics > policy.max_metrics:
        problems.append(f"{spent.metrics} metrics, over update_filter.max_metrics ({policy.max_metrics})")
    for k, v in metrics.items():
        if type(k) is str:
            spent.add_text(k)
        if type(k) is not str or len(k) > policy.max_string:
            problems.append(f"metric name {str(k)[:40]!r}… is not a short string (update_filter.max_string)")
        elif not is_number(v):
            problems.append(f"metric {k!r} is a {_size(v)}, not a number")
        elif not _finite(v):
            problems.append(f"metric {k!r} is not finite")
    return problems


def is_number(v) -> bool:
    return type(v) in _NUMBERS


def check_small(value, what: str, policy: UpdateFilterPolicy, spent: Spent) -> list[str]:
    """Meta and headers: plain scalars and short strings in small, shallow containers, within the items and
    text the result's metas and headers share."""
    problems: list[str] = []
    over = spent.meta > policy.max_meta_items  # reported once, by the call that went over
    count = spent.meta

    def walk(v, depth: int, where: str) -> None:
        nonlocal count
        count += 1
        if count > policy.max_meta_items:
            return
        v = plain(v)
        if v is None or type(v) is str or is_number(v):
            if type(v) is str:
                spent.add_text(v)
                if len(v) > policy.max_string:
                    problems.append(f"{where} is a string of {len(v)} characters, over update_filter.max_string "
                                    f"({policy.max_string})")
            return
        if type(v) in (list, tuple, *_MAPPINGS) and depth < policy.max_depth:
            items = plain_items(v).items() if type(v) in _MAPPINGS else enumerate(v)
            for k, item in items:
                if type(v) in _MAPPINGS and type(k) is str:
                    spent.add_text(k)  # a key is as much text as a value
                if type(v) in _MAPPINGS and type(k) is not str:
                    problems.append(f"{where} has a {k.cls if type(k) is Unsent else type(k).__name__} key")
                elif type(v) in _MAPPINGS and len(k) > policy.max_string:
                    problems.append(f"{where} has a key of {len(k)} characters, over update_filter.max_string "
                                    f"({policy.max_string})")
                walk(item, depth + 1, f"{where}[{str(k)[:40]!r}]")
            return
        problems.append(f"{where} is a {_size(v)}: only numbers, short strings and small lists and mappings "
                        f"(update_filter.max_depth {policy.max_depth})")

    walk(value, 0, what)
    spent.meta = count
    if count > policy.max_meta_items and not over:
        problems.append(f"{what} holds over {policy.max_meta_items} items (update_filter.max_meta_items)")
    return problems


def check_statistics(stats, policy: UpdateFilterPolicy) -> list[str]:
    """Federated statistics {metric: {dataset: {feature: value}}}: only the
    policy's aggregate metrics, every feature counted over at least
    `min_count` records (count - failure_count, as NVFlare's MinCountCleanser
    counts), histograms with a bounded number of bins of numeric edges and counts."""
    rule = policy.statistics
    if not rule.allow:
        return ["statistics results are refused; update_filter.statistics.allow enables them"]
    if not isinstance(stats, dict):
        return [f"statistics are a {type(stats).__name__}, not a mapping"]
    problems = []
    unknown = [m for m in stats if m not in rule.metrics]
    if unknown:
        problems.append(f"statistics {_shown(unknown)} not in update_filter.statistics.metrics")
    counts, failures = stats.get("count"), stats.get("failure_count") or {}
    if not isinstance(counts, dict):
        return problems + ["statistics without counts: update_filter.statistics.min_count cannot be checked"]
    for metric, per_ds in stats.items():
        if not isinstance(per_ds, dict):
            problems.append(f"statistic {metric!r} is not a mapping of datasets")
            continue
        for ds, per_feature in per_ds.items():
            if not isinstance(per_feature, dict):
                problems.append(f"statistic {metric!r} of dataset {ds!r} is not a mapping of features")
                continue
            for feature, value in per_feature.items():
                n = _number((counts.get(ds) or {}).get(feature)) - _number((failures.get(ds) or {}).get(feature))
                if not n >= rule.min_count:
                    problems.append(f"{metric} of {ds}/{feature} over {n} records, under "
                                    f"update_filter.statistics.min_count ({rule.min_count})")
                elif metric == "histogram":
                    problems += _check_histogram(value, f"histogram of {ds}/{feature}", rule.max_bins)
                elif not (is_number(value) and _finite(value)):
                    problems.append(f"{metric} of {ds}/{feature} is a {_size(value)}, not a finite number")
    return problems


def _number(v) -> float:
    return float(v) if is_number(v) else math.nan


def _check_histogram(hist, what: str, max_bins: int) -> list[str]:
    bins = getattr(hist, "bins", None)
    if not isinstance(bins, (list, tuple)):
        return [f"{what} is a {type(hist).__name__}, not a histogram"]
    if len(bins) > max_bins:
        return [f"{what} has {len(bins)} bins, over update_filter.statistics.max_bins ({max_bins})"]
    for b in bins:
        # NVFlare's bins may end at +/-infinity (statistics_spec.Bin); NaN never.
        edges = [getattr(b, name, None) for name in ("low_value", "high_value")]
        count = getattr(b, "sample_count", None)
        if not (all(is_number(e) and not math.isnan(e) for e in edges) and is_number(count) and _finite(count)):
            return [f"{what} has a bin that is not two edges and a finite count"]
    return []
