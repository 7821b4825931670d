"""What an honest model update looks like, as rules over plain values.

`handler.update_filter` reads NVFlare's DXOs and calls these rules; they know
no NVFlare and return problems as short strings, each naming the policy key
that would allow the thing refused (a site can widen a rule, never a job).

Same-shape, same-dtype smuggling (raw data written into a weight tensor of the
right size) passes these rules: only the static gate, which follows where the
values of an update come from, can see that.
"""

from __future__ import annotations

import math
import sys
from collections import OrderedDict
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
    for key in sorted(set(weights) & set(incoming), key=str):
        got, want = value_signature(weights[key]), incoming[key]
        if got is None:
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


def check_metrics(metrics, policy: UpdateFilterPolicy, spent: list[int] | None = None) -> list[str]:
    """Validation results and training metrics: a bounded number of finite numbers. `spent`: a one-item list
    counting the metrics of the result judged so far, for the DXOs of a collection to share the bound."""
    if type(metrics) not in _MAPPINGS:
        return [f"metrics are a {type(metrics).__name__}, not a dict"]
    metrics, problems = plain_items(metrics), []
    spent = spent if spent is not None else [0]
    spent[0] += len(metrics)
    if spent[0] > policy.max_metrics:
        problems.append(f"{spent[0]} metrics, over update_filter.max_metrics ({policy.max_metrics})")
    for k, v in metrics.items():
        if type(k) is not str or len(k) > policy.max_string:
            problems.append(f"metric name {str(k)[:40]!r}… is not a short string (update_filter.max_string)")
        elif not _is_number(v):
            problems.append(f"metric {k!r} is a {_size(v)}, not a number")
        elif not _finite(v):
            problems.append(f"metric {k!r} is not finite")
    return problems


def _is_number(v) -> bool:
    return type(v) in _NUMBERS


def check_small(value, what: str, policy: UpdateFilterPolicy, spent: list[int] | None = None) -> list[str]:
    """Meta and headers: plain scalars and short strings in small, shallow containers. `spent`: a one-item
    list counting the items judged so far, for the metas of a collection's DXOs to share the bound."""
    problems: list[str] = []
    spent = spent if spent is not None else [0]
    over = spent[0] > policy.max_meta_items  # reported once, by the call that went over
    count = spent[0]

    def walk(v, depth: int, where: str) -> None:
        nonlocal count
        count += 1
        if count > policy.max_meta_items:
            return
        v = plain(v)
        if v is None or type(v) is str or _is_number(v):
            if type(v) is str and len(v) > policy.max_string:
                problems.append(f"{where} is a string of {len(v)} characters, over update_filter.max_string "
                                f"({policy.max_string})")
            return
        if type(v) in (list, tuple, *_MAPPINGS) and depth < policy.max_depth:
            items = plain_items(v).items() if type(v) in _MAPPINGS else enumerate(v)
            for k, item in items:
                if type(v) in _MAPPINGS and type(k) is not str:
                    problems.append(f"{where} has a {k.cls if type(k) is Unsent else type(k).__name__} key")
                elif type(v) in _MAPPINGS and len(k) > policy.max_string:  # a key is as much text as a value
                    problems.append(f"{where} has a key of {len(k)} characters, over update_filter.max_string "
                                    f"({policy.max_string})")
                walk(item, depth + 1, f"{where}[{str(k)[:40]!r}]")
            return
        problems.append(f"{where} is a {_size(v)}: only numbers, short strings and small lists and mappings "
                        f"(update_filter.max_depth {policy.max_depth})")

    walk(value, 0, what)
    spent[0] = count
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
                elif not (_is_number(value) and _finite(value)):
                    problems.append(f"{metric} of {ds}/{feature} is a {_size(value)}, not a finite number")
    return problems


def _number(v) -> float:
    return float(v) if _is_number(v) else math.nan


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
        if not (all(_is_number(e) and not math.isnan(e) for e in edges) and _is_number(count) and _finite(count)):
            return [f"{what} has a bin that is not two edges and a finite count"]
    return []
