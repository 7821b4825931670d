"""Flow: does every value that leaves the site through NVFlare's own channels have a provenance the gate
can vouch for?

A taint analysis over the libcst tree, on top of the resolver's names. Values carry the set of their
origins; a value with no origin is one the gate can vouch for: model parameters (received from the
server, the state of a model object, what a library fit or train returns), counts, library metrics and
losses and other reductions over the rows of the site's data taken whole (no rows the code chose:
Origin.part), constants. A reduction (a metric too) of chosen rows is a statistic of unknown provenance
(reviewed), and so is how many of them pass a test of their values; what only looks
like a reduction (a digest, pairwise distances, an unreduced loss, a per-row or per-group reduction)
keeps the values (rules/flow/reductions.yaml; docs/architecture.md, "Aggregates"). The name lists it works
with are data (rules/flow/*.yaml, loaded by vocabulary.py); no identifier the job's author chooses
(a variable `loss`, an attribute `self.auc`, a function `evaluate`, a module `metrics.py`) ever makes a
value clean: such names only turn a reject into a review.

Origins (kinds):
- DATA, the site's data: data loaders and readers by resolved name, datasets of the module, loaders of
  other modules by their name, `open()` of a path that names data.
- HOST: host files that are nobody's data (`/etc/passwd`, shell history) and the whole environment.
- SECRET: credentials read by name (an environment variable named like a key or a token, a token
  file of a common tool, `huggingface_hub.get_token()`): no reduction removes them.
- UNKNOWN: what the gate cannot vouch for: the result of code it cannot see (another module of the job,
  an unknown package, a name with no binding), a file at a path the code does not name, a setting read
  from the environment, site data that passed through unseen code or under a name that reads like a
  metric. An object built by unseen code may be a model: calling it predicts (its predictions carry what
  went in), its `state_dict()` is a model's state; anything else it hands out stays unknown.

Propagation: assignments (flow-sensitive, joined over branches, loops to a fixpoint), unpacking,
attributes and subscripts, operators, f-strings, containers and comprehensions, conditional expressions,
lambdas (a lambda is what its body reads) and `map`, `with`, `for` (elements), calls of unknown
callables, stores into containers and objects, `self` fields (module-wide; another round only when a
field was read before all its writes were seen), fields of instances of the module's own classes,
functions and methods of the module (summarised once, applied per call, including what they store into
fields and parameters and what they raise), exceptions (`except E as e` holds what the try body raised
it with; `traceback.format_exc()` in a handler too), the module's names as a function it calls reads them
(bound so far, and as the round before left them), class bodies (run where the class is defined; what they
bind is a field of the class: `C.rows`, `self.rows`), default arguments (what a call that passes nothing
gets), in-place writes into any receiver (`t.copy_(rows)`) and `out=` targets. Branches (implicit flows):
what is assigned, returned, stored or sent under a test, and what follows a branch that leaves early
(`return`, `break`), carries a bit of what decided the test (_implicit): `1 if x[r, 0] > t else 0` over 256
values of t is the cell; a comprehension's filter decides which elements it holds; a loop's test decides
where it stops.

Implicit code: what the job's classes hand out through methods the interpreter runs on its own (protocol.py),
functions read as values, decorators, singledispatch registrations, values imported from another module of
the job (imported.py), send or log functions handed to the job's code, logging hooks of the job.

Model state: what is written in place into a model's parameters or buffers (`p.data.copy_(x)`,
`layer.weight.data = x`, `register_buffer(name, x)`, `load_state_dict(d)`, `vector_to_parameters`, `p +=
x` on a name bound from `model.parameters()`, `torch.nn.init.constant_(p, x)`) travels in every
`state_dict()`/`parameters()` of the module. A parameter is what it is, not how it is spelled: an
attribute of a model object by resolution (`getattr(net, "bias")`, `net.emb`), `net.get_parameter(k)`,
what builtins and indexing hand back of a view (`dict(net.named_parameters())[k]`). A fitted scikit-learn
estimator keeps the rows it saw: attributes other than its coefficients carry them (rows by protocol), and
so do its predictions unless they are of its coefficients alone (a linear model's: parametric_predictions).

Products: `x @ w` and `np.dot(x, w)` keep the rows of a left factor that holds the site's data (a linear
model's predictions); with a left factor that holds none (`np.eye(n)[r:r + 1] @ x`) they are rows chosen.
Columns stacked side by side keep each part's rows when every other part is the same in every row
(`np.concatenate((np.ones((n, 1)), x), axis=1)`). `X.T @ v` with data in `v` sums over the rows but can
carry them: reviewed, unless its structure proves it a gradient, a Hessian or a Gram matrix of a design
matrix (a closed grammar, gradients.py), which reduces like an aggregate. With nothing from the data in `v` it is the rows themselves (`X.T @ np.eye(n)`).

Sinks: the update, as each FL framework declares it (rules/flow/sinks.yaml): NVFlare's `FLModel`,
`flare.send`, `DXO`, `Shareable`, `make_reply`, `set_meta_prop`, tracking writers, an Executor's task
result, a FLContext property not provably private (NVFlare sends public ones to the server with every
message); Flower's `Message`, `FitRes`/`EvaluateRes`, a NumPyClient's fit/evaluate result, a ClientApp
handler's reply. And the log: print, logging, NVFlare's loggers, a logger method on a receiver the gate
cannot type, `log_info`..., and the message of an exception that escapes the job (what the module's body
or a function the module never calls itself, an Executor's execute, a handler, lets out; an `assert`
message; a handled one logged with its traceback: `log.exception`, `traceback.print_exc()`). The update
takes every origin; the log every origin but labels of a batch and keys of a mapping, products of the data
with itself, and values of unknown provenance other than a file's content.

The job is one program: functions and methods of top-level classes of its other modules are summarised
at home and applied per call (what this module built such an object with may come back from any of its
methods); a value stored into another module of the job (`utils.BUF.append(rows)`) is reviewed.

Limits (documented, not hidden): a class of another module built here does not see the arguments it was
built with in its own fields (they come back from its methods instead); a call under a test into a
function that sends is judged in the function, not by the test; the number of rows of "the whole table"
or of a batch is not bounded (a table of one row is that row); a callable passed as a parameter is taken as
a model (its call predicts) that also runs what the job's calls pass for it, the union over every caller
(Flow.passed); an object no name ties to a class, or a library container of modules, also runs the forwards of
the job's classes the module hands where no name follows them (protocol.escaped) and the functions it reads as
values (protocol.handed_functions); a
checkpoint loaded from a path that names a model is a model;
an exception raised by a library call carries its argument only for the calls that quote it (echoing_calls:
a failed `int(cell)`, a lookup's key), made in the `try` body or in a function it calls.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import math
import operator
import re
from typing import Callable

import libcst as cst

from ..own_chunk import in_own_chunk
from ..resolve import Const, FuncRef, Iterated, Kinds, Resolver, Scope, children, dotted, self_key
from . import accumulate, arguments, gradients, imported, protocol, replay, sitecount, tempfiles, vocabulary
from .replay import CALLS, FIELDS, GLOBALS

# ---- vocabulary (rules/flow/*.yaml) -----------------------------------------------

_V = vocabulary.load()
# sources
_SOURCE_CALLS = _V.names("source_calls")
_FILE_LISTS = _V.names("file_lists")
_MODEL_OR_DATA = _V.words("model_or_data")
_DATASET_BASES = _V.names("dataset_bases")
_LOADER_NAME = _V.regex("loader_name")
_JOB_PARTITIONED = _V.names("job_partitioned")
_HUB_ID = _V.regex("hub_id")
_LOADER_PARAM = _V.regex("loader_param")
_LABEL_NAME = _V.regex("label_name")
_DATA_PATH = _V.regex("data_path")
_HOST_PATH = _V.regex("host_path")
_MODEL_PATH = _V.regex("model_path")
_MODEL_FILE = _V.regex("model_file")
_CONFIG_PATH = _V.regex("config_path")
_OPEN_CALLS = _V.words("open_calls")
_ENVIRON_VIEWS = _V.words("environ_views")
_FILE_PROBES = _V.names("file_probes")
_FILE_CREATORS = _V.names("file_creators")
_ENVIRON_READERS = _V.names("environ_readers")
_HOST_IDENTITY = _V.names("host_identity")
_SITE_SETTINGS = _V.names("site_settings")
_SITE_SETTING_ATTRIBUTES = _V.words("site_setting_attributes")
_PARTITION_NODE_KEYS = _V.words("partition_node_keys")
# secrets
_SECRET_ENV = _V.regex("secret_env_names")
_NUMERIC_ENV = _V.regex("numeric_env_names")
_CREDENTIAL_FILE = _V.regex("credential_files")
_SECRET_CALLS = _V.names("secret_calls")
# reductions
_COUNT_CALLS = _V.names("count_calls")
_TEST_CALLS = _V.names("test_calls")
_COUNT_METHODS = _V.words("count_methods")
_AXIS_COUNTS = _V.names("axis_counts")  # red team 8: `df.count(axis=1)`
_METRIC_CALLS = _V.names("metric_calls")
_UNREDUCED_LOSSES = _V.names("unreduced_losses")
_LOSS_OPERANDS = _V.words("loss_operands")
_CLASS_WEIGHTED = _V.names("class_weighted_losses")
_METRIC_METHODS = _V.words("metric_methods")
_NAMED_METRIC_EVALUATIONS = _V.names("named_metric_evaluations")
_EVALUATION_PAIRS = _V.names("evaluation_pairs")
_VALUES_CALLS = _V.names("values_calls")
_VALUES_METHODS = _V.words("values_methods")
_STATISTIC_CALLS = _V.names("statistic_calls")
_STATISTIC_METHODS = _V.words("statistic_methods")
_REDUCTION_CALLS = _V.names("reduction_calls")
_SERVER_SETTINGS = _V.prefixes("server_settings")
_AXIS_THIRD = _V.names("reduction_axis_third")
_REDUCTIONS = _V.words("reductions")
_WHOLE_CALLS = _V.names("whole_calls")
_TUPLE_RESULTS = _V.names("tuple_results")
_TUPLE_RESULT_METHODS = _V.words("tuple_result_methods")
_ROW_CONCATENATIONS = _V.names("row_concatenations")
_ROW_LOOKUPS = _V.names("row_lookups")
_ROW_OPERAND_CALLS = _V.names("row_operand_calls")
_ROW_OPERAND_METHODS = _V.words("row_operand_methods")
_PADDING_CALLS = _V.names("padding_calls")
_SAME_ROWS_METHODS_WORDS = _V.words("same_rows_methods")
_ONE_HOTS = _V.names("one_hot_calls")
_UNIFORM_ARRAYS = _V.names("uniform_arrays")
_IDENTITIES = frozenset({"numpy.eye", "numpy.identity", "torch.eye", "jax.numpy.eye"})  # row_selector
_TRAINED_LOSSES = _V.names("trained_losses")
_WHOLE_METHODS = _V.words("whole_methods")
_CHOSEN_PARTITIONS = _V.names("chosen_partitions")
_BATCH_SOURCES = _V.names("batch_sources")
_BATCHING_METHODS = _V.words("batching_methods")
_AGG_NAMES = _REDUCTIONS | _V.words("frame_aggregates")
_AGGREGATING = _V.words("aggregating_methods")
_GROUPING = _V.words("grouping_methods")
_SCALARS = _V.words("scalar_calls")
_METADATA_ATTRS = _V.words("metadata_attrs")
_LABEL_ATTRS = _V.words("label_attrs")
_TABLE_ATTRS = _V.words("table_attrs")
_WIDTH_ATTRS = _V.words("width_attrs")
_DEDUPLICATING_DISPLAYS = (cst.Dict, cst.Set, cst.DictComp, cst.SetComp)  # one entry per distinct key
_TABLE_OWNERS = _V.prefixes("table_owners")
_OPTIMIZERS = ("torch.optim.",)  # optimizers and schedulers: `sched.step(metric)` (red team 8)
_NOT_COLUMNS = _TABLE_ATTRS | _LABEL_ATTRS  # a table's attributes that are no column of it (red team 8)
_COLUMN_ATTRS = _V.words("column_attrs")
_FRAME_MADE = re.compile(r"^pandas\.(read_[a-z_]+|DataFrame)\(\)$")  # a frame a reader or the constructor made
_ARRAY_METHODS = _V.words("array_methods")
_CONVERSIONS = frozenset(_V.entries["array_conversions"].values)
_NUMBER_CONVERSIONS = frozenset({"builtins.int", "builtins.float"})
_CELL_CONVERSIONS = _NUMBER_CONVERSIONS | {"builtins.str", "builtins.bool"}  # a cell as a number or a text
_METADATA_OWNERS = _V.prefixes("metadata_owners")
_COUNTERS = _V.names("counter_types")
_MATMUL = _V.words("matmul_calls")
# model state
_MODEL_STATE = _V.words("model_state_methods")
_FITTED_ATTRS = _V.words("fitted_attrs")
_FITTED_GROUP_ATTRS = _V.words("fitted_group_attrs")
_FITTED_STATISTICS = _V.words("fitted_statistics")
_FITTED_ASSIGNMENTS = _V.words("fitted_assignments")
_ESTIMATOR_OWNERS = _V.prefixes("estimator_owners")
_TRAINER_CALLBACKS = _V.words("trainer_callbacks")
_LIBRARY_FITS = _V.names("library_fits")
_OBJECTIVE_FITS = _V.names("objective_fits")
# objective_fits: how many leading positional arguments are the data and the round count, by the API's last name,
# and the keywords that hand the library the job's objective or gradients (xgboost/training.py, core.py)
_OBJECTIVE_SLOTS = {"train": 4, "update": 2, "boost": 2}
_OBJECTIVE_KEYWORDS = frozenset({"obj", "fobj", "grad", "hess"})
_ROW_KEEPING = _V.names("row_keeping_estimators")
_PARAMETRIC_PREDICTIONS = _V.names("parametric_predictions")
_MODEL_APPLICATIONS = _V.names("model_applications")
_FIT_INITIAL_VALUES = _V.words("fit_initial_values")
_LIBRARY_TRAINERS = _V.names("library_trainers")
_TRAINER_ATTRS = _V.words("trainer_attrs")
_OUTPUT_LOSSES = _V.words("library_output_losses")
_OUTPUT_OWNERS = _V.prefixes("model_output_owners")
_PRIVATE = _V.regex("private_training")
_INPLACE_METHODS = _V.regex("inplace_methods")
_MODEL_BUILDERS = _V.regex("model_builders")
_SEEDERS = _V.names("seeders")
_RANDOM_DRAWS = _V.regex("random_draws")
_STANDARD_DRAWS = _V.names("standard_draws")
_PARAM_ATTRS = _V.words("param_attrs")
_PARAMETER_VIEWS = _V.words("parameter_views")
_PARAMETER_TYPES = _V.names("parameter_types")
_INPLACE_CALLS = _V.names("inplace_calls")
_PARAMETER_LOOKUPS = _V.words("parameter_lookups")
_MODULE_CLASSES = _V.names("module_classes")
_MODULE_HOLDERS = _V.prefixes("module_holders")  # seqfwd24: calling one runs the job modules it was handed
_PRESERVING_DECORATORS = _V.names("preserving_decorators")
_QUIET_CONTEXTS = _V.names("non_suppressing_contexts")
_MODULE_CONTAINERS = _V.prefixes("module_containers")
_INPLACE_FUNCTIONS = _V.names("inplace_functions")
# sinks
_UPDATE_CALLS = _V.names("update_calls")
_UPDATE_METHODS = _V.words("update_methods")
_LOGGED_METRIC_MODULES = _V.names("logged_metric_modules")
_BATCH_HOOKS = _V.words("batch_hook_methods")
_UPDATE_HOLDERS = _V.names("update_holders")
_UPDATE_RETURNS = _V.names("update_returns")
_RETURN_SINK_METHODS = frozenset(v.rsplit(".", 1)[-1] for v in _V.entries["update_returns"].values)
_UPDATE_HANDLERS = _V.names("update_handlers")
_REPLY_MODS = _V.names("reply_mods")
_REPLY_HANDLERS = _V.names("reply_handlers")
_LOG_CALLS = _V.names("log_calls")
_PROGRESS_BARS = _V.names("progress_bars")
_UPDATE_FIELDS = _V.words("update_fields")
_FITTED_DISTINCT = _V.words("fitted_distinct")
_KEYED_ENCRYPTORS = _V.names("keyed_encryptors")
_LOG_TEXTS = _V.names("log_texts")
_LOG_HOOKS = _V.names("log_hooks")
_BAR_TEXT = ("desc", "postfix", "description")
# a dataset wrapper's rows (xgboost.DMatrix(data, label=, weight=): its first argument and these), not its options
_DATASET_ROWS = frozenset({"data", "label", "weight"})
# methods that hand back a view of their receiver's memory (numpy, torch, dict views), and builtins that hand
# back its first argument's elements themselves: a write into the result writes into the receiver
_VIEW_METHODS = frozenset({"reshape", "view", "view_as", "ravel", "squeeze", "unsqueeze", "transpose", "permute",
                           "swapaxes", "numpy", "detach", "values", "items", "get", "setdefault", "narrow", "select",
                           "expand", "as_strided", "chunk", "split", "unbind", "diagonal", "flatten", "contiguous"})
_SHALLOW_COPIES = frozenset({"builtins.dict", "builtins.list", "builtins.tuple", "builtins.set"})  # share elements
_ELEMENT_BUILTINS = frozenset({"builtins.next", "builtins.iter", "builtins.list", "builtins.tuple",
                               "builtins.reversed", "builtins.sorted", "builtins.enumerate", "builtins.zip"})  # tqdm(iterable, desc, ..., postfix=...), track(seq, description)
_FILE_WRITERS = _V.names("file_writers")
_PATH_FIRST_WRITERS = _V.names("path_first_writers")
_FRAME_WRITERS = _V.words("frame_writers")
_WRITER_DESTINATIONS = _V.words("writer_destinations")
_HANDLE_WRITES = _V.words("handle_writes")
_HANDLE_WRAPPERS = _V.names("handle_wrappers")
_MEMORY_BUFFERS = _V.names("memory_buffers")
_LOG_METHODS = _V.words("log_methods")
_FL_LOG_METHODS = _V.words("fl_log_methods")
_LOGGER_RECEIVERS = _V.words("logger_receivers")
_LOGGERS = _V.names("loggers")
_CONSOLE = _V.words("console_streams")
_PUBLIC_PROP_METHODS = _V.words("public_prop_methods")
_PROP_STORES = _V.words("prop_stores")
_PROP_READS = _V.words("prop_reads")
# libraries
_KNOWN_LIBS = _V.prefixes("known_libs")
_MODEL_LIBS = _V.prefixes("model_libs")
_VIEWS = _V.names("views")
_MUTATORS = _V.words("mutators")
_REMOVERS = _V.words("removers")
_REORDERERS = _V.words("reorderers")
_STATE_STORES = _V.words("state_stores")
_ELEMENT_FILTERS = _V.words("element_filters")
_TEST_FILTERS = _V.words("test_filters")
_COMPARISON_METHODS = _V.words("comparison_methods")
_SELECTOR_CALLS = _V.names("selector_calls")  # a bump, a step or a hinge: of a shifted value, a mask (Origin.shifted)
_SELECTOR_METHODS = _V.words("selector_methods")
_DICT_TYPES = _V.words("dict_types")
_EXCEPTION_READERS = _V.names("exception_readers")
_ECHOING_CALLS = _V.names("echoing_calls")
_MADE_CALLABLES = _V.names("made_callables")
_TEXT_EXTREMES = _V.words("text_extremes")
_TEXT_DTYPES = _V.words("text_dtypes")
_ECHOING_METHODS = _V.words("echoing_methods")
# names that only ever ask for a reviewer
_TRAINING_CALLEE = _V.regex("training_callee")
_METRIC_NAME = _V.regex("metric_name")
_COUNT_ATTR = _V.regex("count_attr")

# what Frame.summarize hands back for each role of Frame.role
_ABSOLUTE_LITERAL = re.compile(r"""["'](?:/|~)""")
_RANDOM_SPLITS = frozenset({"sklearn.model_selection.train_test_split", "torch.utils.data.random_split"})
_FEW = 32  # Frame.few: how many quantiles or histogram bins of the data taken whole still summarise it
_SUMMARIES = frozenset({"count", "metric", "values", "per-row", "histogram", "reduction", "statistic"})
_CONSTANT_ARRAYS = frozenset({"numpy.array", "numpy.asarray", "torch.tensor", "torch.as_tensor"})
_QUOTED_FILE = re.compile(r"""["']([^"'\s]*\.[A-Za-z0-9]{1,12})["']""")

UPDATE, LOG, FILE = "update", "log", "file"
# The log sink of an exception that escapes the job: NVFlare logs what an Executor raises with its traceback
# (nvflare/private/fed/client/client_runner.py: log_exception; nvflare/apis/fl_component.py writes the
# traceback), a script's uncaught exception goes to its stderr, which is the job log.
ESCAPED = "an exception that escapes the job (its message and traceback are in the job log)"
PARAMETERS = "<parameters>"  # key in Flow.fields: what was written into any model's parameters or buffers
RANDOM = "<random>"  # key in Flow.fields: what seeded the module's random generators
PROPS = "<props>"  # key in Flow.fields: what the module stored into an FLContext's properties
UNKNOWN_PATH = "unknown-path"  # _path_kind: a file the code does not say anything about
# Kinds of origin: the site's dataset; the host's files or whole environment; a secret read by name;
# a value whose provenance the gate cannot vouch for (code it cannot see, a setting of the site).
DATA, HOST, SECRET, UNKNOWN = "data", "host", "secret", "unknown"
# no source: which of the job's classes an object was built by (`what`: "<class>.C"), so that its attributes and
# methods are read from the class (Frame.object_attribute, Frame.object_methods); never reported, dropped first
OBJECT = "object"
MAX_ORIGINS = 8
MAX_ROUNDS = 4  # fixpoint rounds for self fields and globals
# functions summarised one inside another (a call chain, across modules); a call deeper than this sees the
# callee's summary of the last round, as a call back into a function does (Flow.summary): Python's own
# recursion limit is never what ends an analysis, which would hide the module's findings
MAX_NESTING = 30
MAX_FILE_DEPTH = 4  # modules analysed one inside another for what they wrote into a file another reads
MAX_LOOP = 4  # fixpoint iterations of one loop
# what a parameter's call runs is what the job's calls pass for it (Flow.passed): the arguments read, through
# callers' own parameters; past this the call's result is of unknown provenance
MAX_PASSED = 64
MAX_CALLABLES = 8  # functions and lambdas one such call may be, each applied; past it, of unknown provenance
# the builtins whose call as a class attribute runs what they wrap (the resolver names only the wrapper)
_WRAPPERS = frozenset({"builtins.staticmethod()", "builtins.classmethod()"})
STEP_BUDGET = 200_000  # statements evaluated per module; past it, loops are evaluated once (nesting bombs)


# ---- values -------------------------------------------------------------------


# What an Origin or a Param computes once and keeps in itself (_hash_once, _decisive_first, _but's copies, _in_source);
# a copy with other fields (_but) starts without them.
_DERIVED = ("_hash", "_rank", "_copies", "_source")


# Origins and parameters made during an analysis, each once: (value, id(its node)) -> the value (_Interned).
_INTERNED: dict[tuple, object] = {}
_MADE: dict[tuple, object] = {}  # (class, arguments as spelled) -> the value they made (a node compares by identity)


class _Interned(type):
    """Origin(...) and Param(...) hand back the one equal value made at the same node so far in the analysis.
    The same origins and parameters are made again at every round, loop pass and evaluation (a parameter's
    Param at each), and so are their copies (_but): as one object with one memo of copies, sets of them meet
    by identity instead of the dataclass's __eq__ comparing twenty fields (2.4 million comparisons on the
    stdlib subset, a sixteenth of its analysis). Copies are interned too (_but): they are reached by several
    roads (`_through`'s three changes at once, or one at a time). The node is part of the key: equal origins
    at other nodes (a bound's markers) stay apart, as findings name their node. Emptied when an analysis
    ends (analyze)."""

    def __call__(cls, *args, **kwargs):
        spelled = (cls, args, tuple(kwargs.items()))  # `Param(name)` at every evaluation: not built again
        value = _MADE.get(spelled)
        if value is None:
            value = type.__call__(cls, *args, **kwargs)
            value = _MADE[spelled] = _INTERNED.setdefault((value, id(value.__dict__.get("node"))), value)
        return value


def _hash_once(cls):
    """The dataclass's generated hash, computed once per value and kept: origins and parameters are hashed
    whenever a set of them is built, and hashing their twenty fields each time was a tenth of a large
    tree's analysis. The value is the generated one, so sets of them iterate in the same order."""
    computed = cls.__hash__

    def __hash__(self) -> int:
        held = self.__dict__
        h = held.get("_hash")
        if h is None:
            h = held["_hash"] = computed(self)
        return h

    def __getstate__(self) -> dict:  # a copy in another process hashes its strings anew
        return {k: v for k, v in self.__dict__.items() if k not in _DERIVED}

    cls.__hash__ = __hash__
    cls.__getstate__ = __getstate__
    return cls


@_hash_once
@dataclasses.dataclass(frozen=True)
class Origin(metaclass=_Interned):
    """Where tainted data comes from."""

    kind: str  # DATA, HOST, SECRET, UNKNOWN or OBJECT
    what: str  # e.g. "pandas.read_csv"
    node: cst.CSTNode = dataclasses.field(compare=False, hash=False, repr=False)
    key: int = 0  # id(node): identity of the source
    elem: bool = False  # an element taken one at a time from the data
    scalar: bool = False  # ... and turned into a scalar
    protocol: bool = False  # rows selected by a fitted model's support (federated SVM)
    minor: bool = False  # labels of a batch or keys of a mapping: not counted in the log
    valued: bool = False  # held in the values of a dict: iterating the dict yields its keys
    instance: bool = False  # UNKNOWN: an object built by code the gate cannot see (calling it predicts,
    #                         its state_dict() is a model's state; anything else it hands out is unknown)
    product: bool = False  # a product with a transposed copy (X.T @ X): sums over rows, may carry them
    part: bool = False  # rows the code chose (a slice, an index, a mask, a weighting, a list that wraps it,
    #                     a call that is no conversion): a reduction of it is no aggregate (reviewed)
    shifted: bool = False  # DATA moved by a number the code chose (`ids - 1042`, `63 - age`), no other site value
    #                        combined with it: a bump, a step or a hinge of it (selector_calls) is a mask (Origin.mask)
    few: bool = False  # part, the rows named by constant positions (`x[7]`, `x[[7, 7]]`, `x[7:9]`: _named_rows): one
    #                    row or a handful, never a share, a shard or a loader's batch, so what training is given of
    #                    them (backward() of a loss over them, a model's running statistics) is those rows
    each: bool = False  # part only as an element a loop hands out, one at a time: appended for every element
    #                     (accumulate.appending) the list holds them all; any choice of rows clears it
    loader: bool = False  # a loader of the whole dataset: iterating it hands out batches, not rows
    batch: bool = False  # a batch a loader handed out: a constant item of it is a field of the batch
    callback: bool = False  # what a job's callback returns, handed back by a library fit or evaluate
    mask: bool = False  # a comparison with a value the code chose (`ids == 1042`): weighting by it picks rows
    statistic: bool = False  # UNKNOWN: a statistic of chosen rows; no later reduction or number makes it clean
    logged: bool = False  # UNKNOWN that counts in the log: the content of a file at a path the code does not name
    memorized: bool = False  # DATA in a model's state: the targets of a fit on a design with no site data
    bound: bool = False  # UNKNOWN: stands for what a bound of the analysis cut off (named after real origins)
    assigned: bool = False  # DATA: a fitted clusterer's cluster index of each row it saw (`km.labels_`)
    labels: bool = False  # the classes a fit was told (`partial_fit(x, y, classes=np.unique(y))`): in classes_
    #                       and a classifier's predict(), only their number in its coefficients
    held: bool = False  # DATA an object of the job's class was built with, read back through it (_built_with):
    #                     flows as the site's data, reported as of unknown provenance
    named: bool = False  # UNKNOWN: the site's data held under a name like `loss` (Frame.assign_named) or written
    #                      to a file and read back (_review_site): reported as of unknown provenance, still its
    #                      rows or cells for what a number or a size keeps
    text: bool = False  # UNKNOWN: a text of the site's deployment (the host's name, a setting): never a tensor,
    #                     so float()/int() of it is the text as one number (_scalarize). Not an environment
    #                     variable a launcher sets to a number (sources.yaml numeric_env_names):
    #                     `int(os.environ["LOCAL_RANK"])` picks the device a DDP job evaluates on

    def but(self, **changes) -> "Origin":
        return _but(self, changes)



@_hash_once
@dataclasses.dataclass(frozen=True)
class Param(metaclass=_Interned):
    """A parameter of the function being summarised (symbolic taint)."""

    name: str
    elem: bool = False
    scalar: bool = False
    protocol: bool = False
    minor: bool = False
    path: bool = False  # not the parameter's value: a file read at the path the parameter names
    valued: bool = False
    keyed: bool = False  # iterated by `for k in param`: the keys, if the argument is a dict
    product: bool = False  # multiplied with a transposed copy (X.T @ param)
    gradient: frozenset = frozenset()  # a design matrix of a vouched product: what each call must pass
    #                                    for it to sum like an aggregate (gradients.satisfied)
    part: bool = False  # rows the function chose from the parameter (see Origin.part)
    rows: bool = False  # iterated: the caller's rows one at a time, or batches when it passes a loader
    reduced: bool = False  # reduced over its rows: an aggregate when the caller passes data taken whole
    mask: bool = False  # compared with a value the function chose (Origin.mask, at each call)
    dotted: frozenset = frozenset()  # the parameters (SITE: the site's data) it was multiplied with by `@`
    #                                  (_matmul): judged at each call by what the call passes for both
    weighted: frozenset = frozenset()  # the parameters (SITE: the site's data) it met in a row-wise operation
    #                                    (`x * w`): a mask the call passes for either picks rows (Frame.row_wise)

    def but(self, **changes) -> "Param":
        return _but(self, changes)


EMPTY: frozenset = frozenset()


def _but(value, changes: dict):
    """A copy with some fields changed, or the value itself when they already hold (the common case).
    Copies the fields directly: dataclasses.replace re-runs the frozen __init__ (ten times slower).
    The copy is kept in the value for the same changes (the same flags are set on the same origins in
    every round, loop pass and call): half the copies of the stdlib subset were made again, each hashed
    anew and compared field by field with its twins in every set. Values are frozen, so a kept copy is
    the copy that would be made."""
    held = value.__dict__
    for k, v in changes.items():
        if held[k] != v:
            break
    else:
        return value
    key = tuple(changes.items())
    copies = held.get("_copies")
    if copies is None:
        copies = held["_copies"] = {}
    else:
        copy = copies.get(key)
        if copy is not None:
            return copy
    copy = object.__new__(value.__class__)
    fields = copy.__dict__
    fields.update(held)
    fields.update(changes)
    for k in _DERIVED:
        fields.pop(k, None)
    copy = _INTERNED.setdefault((copy, id(fields.get("node"))), copy)  # made by other roads too (_Interned)
    copies[key] = copy
    return copy


def _cap(t: frozenset) -> frozenset:
    """At most MAX_ORIGINS origins, and never a cleaner value for it. Parameters all stay: there are as many
    as the signature has, and a dropped one would lose what its callers pass (a helper with eight decoy
    parameters returned the site's rows clean). Of the origins, the most decisive stay (secrets, then data,
    chosen rows before rows taken whole), never chosen by identity (`key` is an id()) so that the same
    code keeps the same origins in every run; what is dropped leaves a marker that no reduction cleans, so
    that a value with more sources than the gate follows is reviewed, never passed.
    A set over the bound is cut once per analysis (_CAPPED): the same unions are capped again at every
    round, loop pass and call, and sorting them was a tenth of a large tree's analysis."""
    if len(t) <= MAX_ORIGINS:
        return t
    key = (t, _keyless(t))
    capped = _CAPPED.get(key)
    if capped is None:
        capped = _CAPPED[key] = _cut(t)
    return capped


def _keyless(t: frozenset) -> frozenset:
    """The identities of t's origins with no key of their own (a bound's marker): one equals its twins at
    other nodes, so a memo of t's values (_CAPPED, _PASSED) also names which ones t holds."""
    return frozenset([id(o) for o in t if o.__class__ is Origin and not o.key])


def _cut(t: frozenset) -> frozenset:
    origins = [o for o in t if o.__class__ is Origin]
    if len(origins) <= MAX_ORIGINS:
        return t
    objects = [o for o in origins if o.kind == OBJECT]  # _objects, from the origins already picked out
    if objects:  # without them an object is what it was built with again (Frame.object_attribute)
        return _cap(t.difference(objects))
    ordered = _most_decisive(origins, MAX_ORIGINS - 1)
    kept = ordered[:MAX_ORIGINS - 1]
    return frozenset([o for o in t if o.__class__ is not Origin] + kept + [_marker(ordered[MAX_ORIGINS - 1].node)])


def _marker(node: cst.CSTNode) -> Origin:
    """The marker of a bound's cut placed at `node`: one per node (_per_object), as every cut there makes the same."""
    return _per_object(_MARKERS, node, lambda: Origin(UNKNOWN, "one of more sources than the gate follows in one value",
                                                      node, statistic=True, logged=True, bound=True))


def _decisive_first(o: Origin) -> tuple:
    """Secrets, then data, chosen rows before rows taken whole, markers of a bound after the origins they
    stand beside; by content (the origin's fields but its identity, as text), never by identity. Computed
    once per origin (its fields never change): the same origins are sorted over and over."""
    held = o.__dict__
    rank = held.get("_rank")
    if rank is None:
        rank = held["_rank"] = (not _secret(o), _RANK.get(o.kind, 9), o.bound, not o.part, not o.statistic,
                                repr(o.but(key=0)))
    return rank


def _most_decisive(origins: list, cut: int) -> list:
    """The origins most decisive first (_decisive_first); where origins that rank alike straddle the cut (what
    is kept, and which dropped one a bound's marker is placed at), they follow their source text (_in_source)
    instead of the set's order, which follows ids and PYTHONHASHSEED (dasha's marker moved between lines)."""
    ordered = sorted(origins, key=_decisive_first)
    if _straddle(ordered, cut, _decisive_first):
        ordered.sort(key=_in_source)
        if _straddle(ordered, cut, _in_source):  # the same code at two places (`self.getter()` in two methods)
            ordered.sort(key=_in_place)
    return ordered


def _least_decisive(origins: set) -> Origin:
    """The last of the origins by _in_source, by where they are (_in_place) among the same code at two places."""
    last = max(origins, key=_in_source)
    in_source = _in_source(last)
    tied = [o for o in origins if _in_source(o) == in_source]
    return max(tied, key=_in_place) if len(tied) > 1 else last


def _straddle(ordered: list, cut: int, key) -> bool:
    """Whether origins that rank alike by `key` straddle the cut."""
    return any(key(a) == key(b) for a, b in zip(ordered[cut - 1:cut + 1], ordered[cut:cut + 2]))


_NO_MODULE = cst.Module(body=[])
# What is made once per node of the trees being analysed: id(node) -> (node, what), the node kept beside its id so
# that an id a later tree reuses never finds another node's entry (_per_object); emptied when an analysis ends
# (analyze), so that no tree outlives it. _TEXTS: the code an origin was read at (_in_source); _MARKERS: a bound's marker.
_TEXTS: dict[int, tuple] = {}
_MARKERS: dict[int, tuple] = {}
# Memos of values (_keyless says which of its twins an origin with no key is): _cap's cuts, (a set over the
# bound, its keyless origins) -> what it keeps; _passed_through's, (parameter, what a call passes, its keyless
# origins) -> what it adds. A key holds its sets, so their origins and nodes: no id it names is reused while it
# is kept. Emptied with the tables above.
_CAPPED: dict[tuple, frozenset] = {}
_PASSED: dict[tuple, tuple] = {}
# _place's table of the trees walked so far, id(node) -> (node, (path, place)), and their paths, for a module of
# no program (a program keeps its own: Program.flow_places); the resolver whose analysis runs (analyze), for the
# program's trees. Emptied with the tables above.
_PLACES: dict[int, tuple] = {}
_WALKED: set[str] = set()
_ANALYSING: list = []


def _per_object(table: dict, obj: object, make):
    """What `make` made for `obj`, kept under id(obj) beside `obj` itself: a freed object's id that a new one
    reuses never finds the old one's entry."""
    entry = table.get(id(obj))
    if entry is None or entry[0] is not obj:
        entry = table[id(obj)] = (obj, make())
    return entry[1]


def _in_source(o: Origin) -> tuple:
    """_decisive_first, then the text of the code the origin was read at: the same for the same code in every
    run, unlike its identity (`key` is an id()). Asked only of origins that rank alike, so rendered on demand,
    once per node (the origins of a bound's cut are the same few nodes over and over: rendering each origin's
    code was most of a large tree's time). Kept in the origin (its fields and node never change): a leak over
    the bound asks it of each of its origins at every origin added (_least_decisive), 1.3 million times on the
    stdlib subset."""
    held = o.__dict__
    found = held.get("_source")
    if found is None:
        node = o.node
        # read at no code of its own (and no whole tree kept in the table)
        code = "" if isinstance(node, cst.Module) else _per_object(_TEXTS, node, lambda: _NO_MODULE.code_for_node(node))
        found = held["_source"] = (_decisive_first(o), code)
    return found


def _in_place(o: Origin) -> tuple:
    """_in_source, then where the origin's node is: the path of its module and its place in a walk of that
    module's tree, the same in every run. Asked only where the same code at two places straddles a cut."""
    in_source = _in_source(o)
    return in_source, _place(o.node, in_source[1])


def _place(node: cst.CSTNode, code: str) -> tuple[str, int]:
    """(module path, place in a preorder walk of its tree) of a node of the modules resolved so far, walking
    the analysed one and those whose text holds the first line of its code first; ("", -1) for a node of none."""
    program = _ANALYSING[0].program if _ANALYSING else None
    places, walked = (program.flow_places, program.flow_walked) if program is not None else (_PLACES, _WALKED)
    entry = places.get(id(node))
    if entry is not None and entry[0] is node:
        return entry[1]
    others = program.resolved() if program is not None else []
    line = code.strip().split("\n", 1)[0]
    first = [r for r in others if program.holds(r.path, line)]
    for r in _ANALYSING + first + [r for r in others if r not in first]:
        if r.path not in walked:
            walked.add(r.path)
            stack, place = [r.module], 0
            while stack:
                n = stack.pop()
                places[id(n)] = (n, (r.path, place))
                place += 1
                stack.extend(reversed([*children(n)]))  # in source order
            entry = places.get(id(node))
            if entry is not None and entry[0] is node:
                return entry[1]
    return "", -1


_BUILTIN_NAMES = frozenset(dir(builtins))
# what an attribute read of an object may run instead of finding the attribute (protocol.py)
_ATTRIBUTE_HOOKS = ("__getattr__", "__getattribute__")
_RANK = {SECRET: 0, DATA: 1, HOST: 2, UNKNOWN: 3}


def _with_flags(t: frozenset, **flags) -> frozenset:
    return _as_set(t, [_but(o, flags) for o in t]) if t else t


def _as_set(t: frozenset, changed: list) -> frozenset:
    """`changed`, t's values one by one changed, as a set: t itself when none changed (most calls: a set
    is not built and hashed again only to equal t)."""
    return t if all(map(operator.is_, changed, t)) else frozenset(changed)


def _elements(t: frozenset) -> frozenset:
    return _with_flags(t, elem=True)


def _each_element(t: frozenset, over: frozenset) -> frozenset:
    """The elements in a value of what a loop goes `over`, or what was derived from each (`model(r)`), not chosen
    again nor compared."""
    keys = {o.key for o in over if isinstance(o, Origin)}
    return frozenset(o for o in t if isinstance(o, Origin) and o.each and o.part and not o.mask and o.key in keys)


def _rows_of(each: frozenset, over: frozenset) -> frozenset:
    """What a list of a value of every element holds: the rows of what the loop went over, as it held them."""
    keys = {o.key for o in each}
    return frozenset(o for o in over if isinstance(o, Origin) and o.key in keys)


def _holder(node: cst.CSTNode) -> str | None:
    """The name a `total += v` or an `out.append(v)` adds into."""
    held = node.target if isinstance(node, cst.AugAssign) else node.func.value
    return held.value if isinstance(held, cst.Name) else None


def _no_elem(t: frozenset) -> frozenset:
    return frozenset(o.but(elem=False, scalar=False) if o.elem else o for o in t) if t else t


def _scalarize(t: frozenset) -> frozenset:
    """float()/int()/.item(): one number of what goes in. Of the site's data taken whole that number is a
    reduction of it (`loss.item()`, whatever computed the loss); of rows the code chose it is their value
    (`x[i, j].item()` is a cell): the origins stay. An element stays a (scalar) element; a secret and what
    a job's callback returned stay what they are; a parameter is judged at each call. Like a reduction, it
    does not keep a value of unknown provenance, but a text of the site's deployment (Origin.text), whose
    digits it parses whole (red team 20)."""
    out = set()
    for o in t:
        if isinstance(o, Param):
            out.add(o.but(reduced=True))
        elif o.elem:
            out.add(o.but(scalar=True))
        elif o.kind == SECRET or o.callback or o.statistic or o.text or \
                (o.part and (o.kind in (DATA, HOST) or o.named)):
            out.add(o)
    return frozenset(out)


_STATISTIC = "a statistic of the site's data the gate cannot vouch for"


def _count(t: frozenset) -> frozenset:
    """A count or a size: what goes in does not come out; a secret stays a
    secret (its length or its digest still identify it), and so does what a job's callback returned."""
    return frozenset(o for o in t if isinstance(o, Origin) and (o.kind == SECRET or o.callback)) if t else t


def _raw_in_loss(t: frozenset) -> frozenset:
    """What a loss's backward() writes into the parameters besides a gradient: rows or cells the code chose that
    reach the loss unreduced (`(loss * float(cell)).backward()` scales the whole update by the cell, `* (cell > t)`
    zeroes it), reviewed: a loss the gate does not know (`getattr(torch.nn, name)()(model(x), y)`) may reduce them.
    The data taken whole or a loader's batches are what training is; a loss over rows the code chose that a known
    loss reduced is a statistic, like every reduction of them, and is left as it is (a hand-made minibatch), but
    not of rows named by constant positions (Origin.few): the gradient of a loss over row 7 is row 7's."""
    chosen = frozenset(o for o in t if isinstance(o, Origin) and (o.kind == SECRET or _chosen_cell(o) or _one_row(o))) \
        if t else t
    return _review(chosen, "reached a loss's backward() unreduced")


def _shifted(t: frozenset) -> frozenset:
    """The site's values moved by a number the code chose (Origin.shifted)."""
    return frozenset(o.but(shifted=True) if isinstance(o, Origin) and _site(o) else o for o in t) if t else t


def _unshifted(t: frozenset) -> frozenset:
    return frozenset(o.but(shifted=False) if isinstance(o, Origin) and o.shifted else o for o in t) if t else t


def _bumped(t: frozenset) -> frozenset:
    """A bump, a step or a hinge (selector_calls) of values moved by a number the code chose: 1 near that value and
    0 elsewhere (`exp(-1e6 * (ids - 1042) ** 2)`, `relu(1 - (ids - 1042).abs())`), a mask as `ids == 1042` is."""
    return frozenset(o.but(mask=True) if isinstance(o, Origin) and o.shifted else o for o in t) if t else t


def _few(t: frozenset) -> frozenset:
    """The site's rows chosen by constant positions (Origin.few); a loader's batch keeps its own flags, and a
    loop's element (`data[0]` of `for data in loader`: the inputs of each batch in turn) names no row."""
    return frozenset(o.but(few=True) if isinstance(o, Origin) and o.part and not o.batch and not o.elem and _site(o)
                     else o
                     for o in t) if t else t


def _one_row(o) -> bool:
    """Rows named by constant positions, or a statistic of them (a loss over one chosen row)."""
    return isinstance(o, Origin) and o.few and (o.statistic or _site(o))


def _trained_on(inputs: list) -> frozenset:
    """What a model called on rows named by constant positions keeps of them: a BatchNorm layer in training mode
    (also under `torch.no_grad()`) folds its input into running_mean and running_var (`model(x[[7, 7]])` moves
    them towards row 7, and the server knows where they started); reviewed. A model's predictions of other rows,
    a loader's batches or the data taken whole are what training is."""
    return _review(frozenset(o for t in inputs for o in t if _one_row(o)), "a model's running statistics of rows "
                   "the code named")


def _chosen_cell(o: Origin) -> bool:
    """Rows or cells the code chose, not a loader's batch (also under a name like `loss` or `score`: _site)."""
    return o.part and not (o.batch or o.loader or o.statistic) and _site(o)


def _site(o: Origin) -> bool:
    """The site's data, also under a name like a metric's that had it reviewed (Origin.named)."""
    return o.kind == DATA or o.named


def _size(t: frozenset) -> frozenset:
    """A count or a size: a count (_count), except how many of the rows the code chose pass a test of their
    values (`len(w[w[:, 0] > t])`, `len([v for v in w[:, 0] if v > t])`), a statistic of them, and the size of
    a statistic, which may be all it says (`len(type(cell).__name__)`); the size of a selection by position is
    no more than a size."""
    tested = frozenset(o for o in t if isinstance(o, Origin) and
                       (o.statistic or (o.mask and _site(o) and o.part))) if t else t
    return _count(t - tested) | _reduce(tested)


def _reduce(t: frozenset) -> frozenset:
    """A reduction over the rows: the site's data taken whole becomes an aggregate; a reduction of rows
    the code chose (Origin.part) is a statistic the gate cannot vouch for (reviewed); a parameter is
    judged at each call, by what the caller passes; a secret stays a secret."""
    if not t:
        return t
    out = set()
    for o in t:
        if isinstance(o, Param):
            out.add(o.but(reduced=True))
        elif o.kind == SECRET or o.callback or o.statistic or (o.part and o.kind == HOST):
            out.add(o)
        elif o.part and _site(o):
            out |= _with_flags(_review(frozenset({o}), _STATISTIC), statistic=True)
    return frozenset(out)


# methods that make their receiver as many times larger as their arguments say
_SIZED_METHODS = frozenset({"repeat", "tile", "repeat_interleave", "expand", "new_zeros", "new_ones", "new_empty",
                            "new_full"})
# what builds something as large as its arguments say: a size or a trip count of it is a value passed in
_SIZED_BY_VALUE = frozenset({"builtins.range", "numpy.zeros", "numpy.ones", "numpy.empty", "numpy.full",
                             "numpy.arange", "numpy.eye", "numpy.identity", "numpy.linspace", "torch.zeros",
                             "torch.ones", "torch.empty", "torch.full", "torch.arange", "torch.eye",
                             "itertools.repeat", "itertools.islice"})


def _sized(t: frozenset) -> frozenset:
    """What a value sized by the site's data holds: its size is a value of rows the code chose (Origin.mask
    with Origin.part makes a count of it a statistic: _size; the loop over it, Frame.loop)."""
    return frozenset(o.but(part=True, mask=True, each=False) if isinstance(o, Origin) and _site(o) else o
                     for o in t)


def _sized_by_value(t: frozenset) -> frozenset:
    """The origins of an iterable whose length is a value (`range(cell)`), not a number of rows, or a test
    of one (a generator that yields under a test, a comprehension's filter)."""
    return frozenset(o for o in t if isinstance(o, Origin) and o.mask and
                     ((_site(o) and o.part) or (o.kind == UNKNOWN and o.statistic))) if t else t


def _matmul(left: frozenset, right: frozenset, same: bool) -> frozenset:
    """`x @ w`, np.dot(x, w), x.dot(w) with no transposed left factor. With the site's data on both sides the
    right factor weights the left one's entries as the data says (`age @ (ids == 7)` is one patient's age): a
    product of the data with itself, reviewed through any later number or reduction (_picked); `e @ e` of
    the same code is a sum of squares."""
    if not same and _site_data(left) and _site_data(right):
        return _with_flags(_pick(left | right), product=True)
    if not same:  # `def dot(u, v): return u @ v`: what each call passes for u and v decides (Frame.apply)
        left, right = _dotted(left, right), _dotted(right, left)
    return left | right if _rows_on_the_left(left, right) else _pick(left | right)


SITE = ""  # Param.dotted: multiplied with the site's data itself, not with a parameter


def _stepped(o) -> bool:
    """A parameter that went through a vouched product (`w` after `w -= lr * x.T @ (p - y)` holds x and y so):
    a model's step, whose product with x is predictions of a model trained on x."""
    return isinstance(o, Param) and bool(o.gradient or o.product)


def _dotted(t: frozenset, other: frozenset) -> frozenset:
    """t's parameters, each noted as multiplied with `other`'s parameters and site data (red team 17), not
    with itself, and none of either side that went through a vouched product (_stepped)."""
    partners = frozenset(o.name for o in other if isinstance(o, Param) and not _stepped(o)) | (
        frozenset({SITE}) if _site_data(other) else EMPTY)
    if not partners or not t:
        return t
    return _as_set(t, [o.but(dotted=o.dotted | (partners - {o.name}))
                       if isinstance(o, Param) and not _stepped(o) and partners - {o.name} else o for o in t])


def _row_partners(t: frozenset, other: frozenset) -> frozenset:
    """t's parameters, each noted as combined row by row with `other`'s parameters and site data: `def f(x, w):
    return x * w` called with a mask the code chose (`f(age, ids == 7).sum()`) picks that row, as inline."""
    partners = frozenset(o.name for o in other if isinstance(o, Param)) | (
        frozenset({SITE}) if _site_data(other) else EMPTY)
    if not partners or not any(isinstance(o, Param) for o in t):
        return t
    return _as_set(t, [o.but(weighted=o.weighted | (partners - {o.name}))
                       if isinstance(o, Param) and partners - {o.name} else o for o in t])


def _masked(t: frozenset) -> bool:
    return any(isinstance(o, Origin) and o.mask for o in t)


def _site_data(t: frozenset) -> bool:
    return any(isinstance(o, Origin) and o.kind in (DATA, HOST) for o in t)


def _rows_on_the_left(left: frozenset, right: frozenset) -> bool:
    """`x @ w` keeps x's rows (a linear model's predictions, row by row); `sel @ x` with a left factor that holds
    none of the site's data combines x's rows as the code chose (`np.eye(n)[r:r + 1] @ x` is row r)."""
    return not right or any(isinstance(o, Param) or o.kind == DATA for o in left)


def _implicit(t: frozenset) -> frozenset:
    """What a branch reveals of the value that decided it: a bit of each. Of the site's data taken whole
    that is an aggregate (`if x[:, 0].max() > t`); of rows the code chose, a statistic (reviewed); of a
    secret, a bit a person looks at, in the log too (`if os.environ.get("API_KEY"):` is usually whether it
    is set; `if key[i] == c:` spells it out); a parameter is judged at each call."""
    return frozenset(Origin(UNKNOWN, f"a branch on a secret ({o.what})", o.node, o.key, statistic=True, logged=True)
                     if isinstance(o, Origin) and o.kind == SECRET else
                     Param(o.name, part=o.part, reduced=True) if isinstance(o, Param) else o  # one per parameter
                     for o in _reduce(t)) if t else t


_EXITS = Kinds(cst.Return, cst.Raise, cst.Break, cst.Continue)


def _ends_the_process(value: cst.BaseExpression) -> bool:
    """`sys.exit()`, `os._exit(0)`, `exit()`, `quit()`, `os.abort()`: by spelling, before names resolve (a call of
    another `exit` counts too, which only makes more of what follows depend on the branch)."""
    func = value.func if isinstance(value, cst.Call) else None
    return (isinstance(func, cst.Attribute) and func.attr.value in ("exit", "_exit", "abort")) or \
        (isinstance(func, cst.Name) and func.value in ("exit", "quit"))


_NOT_STATEMENTS = Kinds(cst.FunctionDef, cst.ClassDef, cst.Lambda, cst.BaseExpression)


def _leaves(node: cst.CSTNode, memo: dict[int, bool]) -> bool:
    """Whether a branch of the statement may leave the enclosing block early (return, raise, break,
    continue), not counting functions and classes defined in it (per node, once: `memo`)."""
    known = memo.get(id(node))
    if known is None:
        known = memo[id(node)] = _exits(node)
    return known


def _exits(node: cst.CSTNode) -> bool:
    todo = list(children(node))
    while todo:
        n = todo.pop()
        if _EXITS[n.__class__] or (isinstance(n, cst.Expr) and _ends_the_process(n.value)):
            return True
        if not _NOT_STATEMENTS[n.__class__]:
            todo.extend(children(n))
    return False


# The changes the hottest copies make (_but with one dict: no keywords packed per value)
_PART = {"part": True}
_CHOSEN_ROWS = {"part": True, "loader": False, "batch": False, "each": False}
_BATCHES = {"loader": False, "batch": True}


def _picked(o):
    if isinstance(o, Param):
        return o if o.reduced else _but(o, _PART)  # an aggregate already: judged by the rows it reduced
    return _but(o, _CHOSEN_ROWS)


def _pick(t: frozenset) -> frozenset:
    """Rows the code chose: a reduction of them is no aggregate."""
    return _as_set(t, [_picked(o) for o in t]) if t else t


# ---- tuple shapes: `return (X, y), (Xt, yt)` unpacked as `(a, b), (c, d) = load()` ----
# A part is a frozenset, or a tuple of parts for a tuple literal (or a name bound to one) at that position.


def _flat(part) -> frozenset:
    """What the part is as one value: a tuple's items as a literal tuple holds them (Frame._e_sequence)."""
    if isinstance(part, tuple):
        return _pick(_with_flags(frozenset().union(*map(_flat, part)), valued=False))
    return part


def _map_part(part, fn):
    return tuple(_map_part(p, fn) for p in part) if isinstance(part, tuple) else fn(part)


def _merge_parts(a, b):
    """Two returns' parts at one position: the shape both share, else one value."""
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == len(b):
        return tuple(_merge_parts(x, y) for x, y in zip(a, b))
    return _cap(_flat(a) | _flat(b))


def _rows(t: frozenset) -> frozenset:
    """`for x in v`: a loader of the whole dataset hands out batches; anything else hands out its rows one
    at a time (a parameter: decided by what each caller passes)."""
    return frozenset(o.but(rows=True) if isinstance(o, Param) else
                     o.but(loader=False, batch=True) if o.loader else o.but(part=True, batch=False, each=not o.part)
                     for o in t) if t else t


def _through(a, o: "Param") -> frozenset:
    """What the caller passes (`a`) after what the function did to its parameter `o`: chose rows of it,
    iterated it (batches of a loader, rows of anything else), reduced it."""
    if isinstance(a, Param):
        a = a.but(part=a.part or o.part, rows=a.rows or o.rows, reduced=a.reduced or o.reduced)
    elif o.part or (o.rows and not a.loader):
        a = _but(a, _CHOSEN_ROWS)
    elif o.rows:
        a = _but(a, _BATCHES)
    if isinstance(a, Param):
        return frozenset({a})
    return _reduce(frozenset({a})) if o.reduced else frozenset({a})


def _passed_through(given: frozenset, o: "Param") -> tuple:
    """What a call passing `given` for parameter `o` adds where the function's value holds `o` (Frame.apply's
    subst), one set per value passed, in their order. The same for the same values: made once per analysis
    (_PASSED), as calls pass the same values in every round, loop pass and call."""
    key = (o, given, _keyless(given))
    pieces = _PASSED.get(key)
    if pieces is None:
        pieces = _PASSED[key] = tuple(
            (True, _through(a.but(elem=a.elem or o.elem, scalar=a.scalar or o.scalar, protocol=a.protocol or o.protocol,
                                  product=a.product or o.product, minor=a.minor or o.minor or (o.keyed and a.valued),
                                  mask=a.mask or o.mask,
                                  valued=o.valued), o))
            for a in given)
    return pieces


def _secret(o) -> bool:
    return isinstance(o, Origin) and o.kind == SECRET


def _destination(call: cst.Call, position: int) -> cst.BaseExpression | None:
    """A writer's destination: the argument at its position, or given by one of the writers' keywords."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    if position < len(positional):
        return positional[position].value
    return next((a.value for a in call.args if a.keyword is not None and a.keyword.value in _WRITER_DESTINATIONS), None)


def _filed(o: Origin) -> bool:
    """What counts in a file written where only the run time decides: the site's rows, host files,
    secrets and the content of files the code does not name (a model's state or a metric written
    there is what checkpoints are)."""
    return o.kind in (SECRET, HOST) or (o.kind == DATA and not o.minor and not o.product) or \
        (o.kind == UNKNOWN and o.logged)


def _logged(o: Origin) -> bool:
    """What counts in the job log: every origin but labels of a batch and keys of a mapping (minor), a
    product of the data with itself, and values of unknown provenance that are not a file's content
    (the result of code the gate cannot see, a setting): the log is where such values are meant to go;
    the content of a file the code does not name counts."""
    if o.kind == SECRET:
        return True
    if o.minor:
        return False
    return o.kind == HOST or (o.kind == DATA and not o.product) or (o.kind == UNKNOWN and o.logged)


def _predict(t: frozenset) -> frozenset:
    """Calling an object built by code the gate cannot see (`model(x)`), or taking its state: what it
    was built by no longer counts (its predictions carry what went in; its state is a model's). What it
    returns is no object of the job's class either (OBJECT)."""
    return frozenset(o for o in t if not (isinstance(o, Origin) and (o.instance or o.kind == OBJECT))) if t else t


def _objects(t: frozenset) -> frozenset:
    """The classes of the job that built the object a value may be (OBJECT)."""
    return frozenset(o for o in t if isinstance(o, Origin) and o.kind == OBJECT) if t else t


_TEMP_FILES = ("tempfile.NamedTemporaryFile(", "tempfile.TemporaryFile(", "tempfile.SpooledTemporaryFile(")
_FILE_KEY = "<file>"  # the module store's key prefix for what the job wrote into a file of that name


def _default_key(fn: cst.FunctionDef, p: cst.Param) -> str:
    """The module store's key for what calls stored into a parameter's default object."""
    return f"{fn.name.value}.<default>.{p.name.value}"


def _stored_attributes(cls: cst.ClassDef) -> frozenset:
    """The names a class body binds and the attributes its methods store into (`rows = ...`, `self.rows = ...`)."""
    out: set[str] = set()
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    for line in body:
        for small in line.body if isinstance(line, cst.SimpleStatementLine) else ():
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else \
                [small.target] if isinstance(small, (cst.AnnAssign, cst.AugAssign)) else []
            out |= {t.value for t in targets if isinstance(t, cst.Name)}
    stack: list[cst.CSTNode] = [cls]
    while stack:
        node = stack.pop()
        target = node.target if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)) else None
        if isinstance(target, cst.Attribute):
            out.add(target.attr.value)
        stack.extend(children(node))
    return frozenset(out)


def _built_with(t: frozenset) -> frozenset:
    """What an object of the job's class was built with or holds besides what its class's fields and methods
    give (Frame.object_attribute): a class of another module keeps its constructor's arguments out of its
    fields, and code may reach an object's state in ways the fields do not show. The site's data stays the
    site's data for every rule of the flow (Origin.held), and is reported as of unknown provenance, not as raw
    rows: a model the manager trains on its loader is no loader, a person looks."""
    return frozenset(o.but(held=True) if isinstance(o, Origin) and o.kind == DATA else o for o in t) if t else t


def _foreign_lambda(fn: cst.Lambda) -> frozenset:
    """What a lambda bound as an implicit method in another module returns: not followed there."""
    return frozenset({Origin(UNKNOWN, "what a lambda another module binds as an implicit method returns", fn, id(fn),
                             logged=True)})


def _instances(t: frozenset) -> frozenset:
    return frozenset(o for o in t if isinstance(o, Origin) and o.instance) if t else t


def _fitted(t: frozenset) -> frozenset:
    """A fitted estimator's statistics: vouched for when it saw the site's data taken whole; fitted on rows the
    code chose, a statistic the gate cannot vouch for (`StandardScaler().fit(x[r:r+1])`)."""
    return _model_state(t) | _review(frozenset(o for o in t if isinstance(o, Origin) and o.part), _STATISTIC) \
        if t else t


def _typed(names: set, owners: tuple) -> bool:
    """Whether a receiver is an object of one of the libraries (or not typed at all: a batch, a parameter)."""
    return not names or all(n.startswith(owners) for n in names)


def _product(transposed: frozenset, other: frozenset) -> frozenset:
    """`X.T @ other`. With data on the other side (X.T @ X, X.T @ (y - p), a Hessian) it sums over the rows
    but can carry them back: a person looks. With nothing from the data on the other side it is the rows
    themselves, chosen by the other factor (X.T @ np.eye(n) is X.T)."""
    if any(isinstance(o, Param) or o.kind in (DATA, UNKNOWN) for o in other):
        return _with_flags(transposed | other, product=True)
    return transposed | other


def _vouched(t: frozenset) -> frozenset:
    """A product the grammar vouches for (gradients.py): site data and host files sum over the rows like an
    aggregate; a secret stays a secret and a value of unknown provenance stays unknown."""
    return frozenset(o for o in t if isinstance(o, Param) or o.kind in (SECRET, UNKNOWN)) if t else t


def _model_state(t: frozenset) -> frozenset:
    """A model's state or a fitted estimator's parameters: not what the object was built with, trained on or
    handed (a trainer holding a data loader, `Net(num_classes=...)`, the rows a fit saw): what was written
    into its parameters in place travels separately (Flow.fields[PARAMETERS]). Host files and secrets
    stored into the object stay with it, and so do the targets of a fit on a design that holds none of
    the site's data (Origin.memorized) and a statistic of chosen rows that decided how it was built or
    converted (`if x[r, 0] > t: net = net.half()`: its dtype is a bit of the cell)."""
    return frozenset(o for o in t if isinstance(o, Origin) and (o.kind in (HOST, SECRET) or o.memorized or o.statistic)) \
        if t else t


def _estimator(names: set) -> bool:
    """A fitted library estimator (typed: a value the code does not type is no estimator here)."""
    return bool(names) and _typed(names, _ESTIMATOR_OWNERS)


def _store_root(target: cst.BaseExpression) -> cst.BaseExpression:
    """The object a store through `target` changes: the start of its chain of attributes, items and calls."""
    while isinstance(target, (cst.Attribute, cst.Subscript, cst.Call)):
        target = target.func if isinstance(target, cst.Call) else target.value
    return target


def _coefficients(t: frozenset) -> frozenset:
    """A fitted estimator's coefficients (or what only they make): its model state, in which the classes
    its fit was told count only by their number (Origin.labels)."""
    return _model_state(frozenset(o for o in t if not (isinstance(o, Origin) and o.labels))) if t else t


def _review(t: frozenset, why: str) -> frozenset:
    """Site data that reaches a value through code the gate cannot see, or under a name that reads like
    a metric: reported as of unknown provenance (a person looks) instead of as raw data. Never clean."""
    return frozenset(o.but(kind=UNKNOWN, what=f"{why} (from {o.what})") if isinstance(o, Origin) and o.kind == DATA
                     else o for o in t) if t else t


def _review_site(t: frozenset, why: str) -> frozenset:
    """_review, the site's data still its rows or cells for what a number, a reduction or a size keeps
    (Origin.named): one row written to a file and read back, or held under a name like `loss`, is still one row."""
    data = frozenset(o for o in t if isinstance(o, Origin) and o.kind == DATA) if t else t
    return _review((t - data) | _with_flags(data, named=True), why) if data else _review(t, why)


@dataclasses.dataclass
class Leak:
    kind: str  # UPDATE or LOG
    sink: str  # what it reaches, e.g. "nvflare.client.FLModel"
    node: cst.CSTNode  # the sink call, store or return
    origins: set  # Origin


@dataclasses.dataclass
class Summary:
    returns: frozenset = EMPTY  # Origins and Params that reach the return value
    mutates: dict = dataclasses.field(default_factory=dict)  # parameter -> what is stored into it
    sinks: list = dataclasses.field(default_factory=list)  # (kind, sink, node, Param)
    parts: tuple | None = None  # per position, when every return is a tuple of one length: `return X, y, len(y)`
    raises: frozenset = EMPTY  # what the exceptions it lets out were raised with
    writes_params: frozenset = EMPTY  # Params written into a model's parameters (`p.data.copy_(x)`)
    fields: dict = dataclasses.field(default_factory=dict)  # self field -> Params stored into it
    free: dict = dataclasses.field(default_factory=dict)  # a name it does not bind -> Params stored into it
    holds: frozenset = EMPTY  # names of the parameters whose objects what it returns holds by reference
    props: frozenset = EMPTY  # what it stores into an FLContext's properties (Frame.store_props)
    few: frozenset = EMPTY  # (parameter, as a count): quantiles or bins each caller passes (Frame.few)
    raised_when: frozenset = EMPTY  # what decides whether an exception escapes it (`if x[r, 0] > t: raise E`)
    echoes: frozenset = EMPTY  # what the library exceptions it lets out quote (Frame.note_echo): a caller's handler


class _State:
    __slots__ = ("env", "shapes")

    def __init__(self, env: dict | None = None, shapes: dict | None = None):
        self.env: dict[str, frozenset] = env if env is not None else {}
        # name -> (its value then, its tuple part) for a name unpacked from a position holding a tuple literal;
        # good only while the name still holds exactly that value (Frame.shaped)
        self.shapes: dict[str, tuple] = shapes if shapes is not None else {}

    def copy(self) -> "_State":
        return _State(dict(self.env), dict(self.shapes))

    def join(self, other: "_State") -> bool:
        changed = False
        for k in [k for k, v in self.shapes.items() if other.shapes.get(k) != v]:
            del self.shapes[k]  # another path bound it otherwise
        for k, v in other.env.items():
            mine = self.env.get(k, EMPTY)
            if not v <= mine:
                self.env[k] = _cap(mine | v)
                changed = True
        return changed


# ---- the analysis -------------------------------------------------------------


class Flow:
    """Taint analysis of one module. `leaks()` runs it once and returns every leak."""

    step_budget = STEP_BUDGET  # for replay.py, which checks what a record's loops saw of it

    def __init__(self, module: cst.Module, resolver: Resolver):
        self.module = module
        self.r = resolver
        self.fields: dict[str, frozenset] = {}  # "self.x" -> concrete origins (module-wide)
        self.global_writes: dict[str, frozenset] = {}
        self.functions = [s.node for s in resolver.scope_of.values() if isinstance(s.node, cst.FunctionDef)]
        self.methods: dict[str, list[cst.FunctionDef]] = {}
        self.classes: dict[str, cst.ClassDef] = {}
        for fn in self.functions:
            scope = resolver.scope_of[id(fn)]
            if scope.parent is not None and scope.parent.is_class:
                self.methods.setdefault(fn.name.value, []).append(fn)
                cls = scope.parent.node
                self.classes.setdefault(cls.name.value, cls)
        self.steps = 0
        self.own_instances = frozenset(f"<class>.{name}()" for name in self.classes)
        self.previous_summaries: dict[int, Summary] = {}  # the last round's, for calls back into a function
        self._read_elsewhere: list = []  # (a module analysed while this one runs, function, the summary it saw)
        self.last_round = False  # the widened round (_widen_stores)
        self.own_nesting = [0]  # Flow._nesting when the module is analysed without a program
        # names the module's functions declare `global`, and what every read of a store sees past the rounds
        self.declared_globals = frozenset(n for fn in self.functions for n in resolver.scope_of[id(fn)].globals)
        self.widened = EMPTY
        # every class of the module (one without methods too) and its instances: what they hold are fields
        self.own_objects = frozenset(q for c in resolver.class_scopes for q in (c, c + "()"))
        self.nonlocals = frozenset(n for s in resolver.scope_of.values() for n in s.nonlocals)
        # (id(function), parameter) -> what its body, or a function nested in it, calls the parameter with
        self.param_calls: dict[tuple[int, str], frozenset] = {}
        self.stores = (self.fields, self.global_writes, self.param_calls)  # by replay.FIELDS, GLOBALS, CALLS
        self.records: dict[int, replay.Record] = {}  # id(function) -> its last evaluation (replayed while it holds)
        program = resolver.program
        self.records_stack: list = program.flow_records if program is not None else []
        self.static: dict[int, _CallFacts] = {}  # id(call) -> what it is (the same in every round)
        self.file_calls: dict[int, tuple] = {}  # id(call) -> (names it reads, names it writes) (Frame.file_names)
        self.leaving: dict[int, bool] = {}  # id(if or match) -> whether a branch may leave the block early
        self.sums: dict[tuple[int, int], accumulate.Sum | None] = {}  # (loop, `+=`) -> accumulate.accumulation
        self._declared: frozenset | None = None
        # whether any call of the module hands out a model's parameters (most modules: no alias to track)
        self.hands_out_parameters = any(isinstance(u.node.func, cst.Attribute) and
                                        u.node.func.attr.value in _PARAMETER_VIEWS | _PARAMETER_LOOKUPS
                                        for u in resolver.calls)
        self._labelled: bool | None = None
        self._found_once: list[Leak] | None = None
        self.module_env: dict[str, frozenset] = {}  # the module's names, as its body binds them (_run_module)
        self._job_sets: dict[str, bool] = {}  # attribute name -> whether a module of the job assigns it
        self._passed: dict[tuple[int, str], Passed] = {}  # (id(function), parameter) -> what the job passes it
        self.called_of: dict[tuple, list] = {}  # classes -> their __call__/forward (Frame.held_forwards)
        self.homes: dict[int, "Flow"] = {}  # id(function of another module of the job) -> that module's Flow
        self.linked_methods: set[int] = set()  # id() of those that are methods of a class there
        self.called: set[int] = set()  # id(function) of the functions the module calls itself
        self._stored: dict[str, frozenset] = {}  # class -> Flow.stored_attributes
        self._class_scope = {id(s.parent.node): s.parent for s in resolver.scope_of.values()
                             if s.parent is not None and s.parent.is_class}
        self._reset()

    @functools.cached_property
    def rebinds_called(self) -> bool:
        """Whether the module binds a __call__/forward the class bodies do not show, or hooks a torch module
        (protocol.rebinds_called)."""
        return protocol.rebinds_called(self.module)

    @functools.cached_property
    def escaped_here(self) -> list:
        """The __call__/forward of the job's classes whose objects this module hands where no name follows them
        (protocol.escaped)."""
        return protocol.escaped(self, flow_of)

    @functools.cached_property
    def handed_functions(self) -> list:
        """(function or lambda, this Flow) for those the module reads as values rather than calls
        (protocol.handed_functions)."""
        return [(fn, self) for fn in protocol.handed_functions(self)]

    @functools.cached_property
    def escaped_called(self) -> list:
        """What an object no name ties to a class may run when called: the escaped __call__/forward of this
        module and of the modules of the job its names lead into (`from models import CHAIN`, built there as
        `nn.Sequential(Head(), Probe())`). Only those: every module of a large program would apply classes of
        unrelated scripts, and building modules no name leads into would change how names link."""
        # this module's first: resolving every use of it completes the edges to the modules its names lead into
        found = {id(fn): (fn, home) for fn, home in self.escaped_here}
        program = self.r.program
        for path in program.depends(self.r.path) if program is not None else ():
            r = program.resolver(path)
            for fn, home in flow_of(r).escaped_here if r is not None else ():
                found.setdefault(id(fn), (fn, home))
        return list(found.values())

    def _reset(self) -> None:
        self.read_fields: dict[str, frozenset] = {}  # field -> what its first read this round saw
        self.read_globals: dict[str, frozenset] = {}
        self.read_module: dict[str, frozenset] = {}  # module name -> what a function's first read saw
        self.summaries: dict[int, Summary] = {}
        self.union_env: dict[int, dict[str, frozenset]] = {}
        self._found: dict[tuple[int, str], Leak] = {}
        self._active: set[int] = set()
        self.read_summaries: dict[int, Summary] = {}  # function -> what a call back into it saw this round

    # -- driver

    def leaks(self) -> list[Leak]:
        caller = self.records_stack[-1] if self.records_stack else None
        if caller is not None:
            if self._found_once is None:
                caller.poisoned = True  # what this module's rounds do is not in the caller's record
            else:
                caller.events.append((replay.FOREIGN, self, replay.LEAKS, None, None))
        if self._found_once is not None:
            return self._found_once  # run already, for a module that calls this one's functions
        self._found_once = []  # a call back into this module while it runs sees what is known so far
        running = self._running()
        running.append(self)
        self.records_stack.append(None)
        try:
            found = self._rounds()
        finally:
            self.records_stack.pop()
            running.pop()
        # A module analysed while this one ran, which saw a summary of it that its last round changed, is
        # analysed again when next asked (a circular import: train.py calls relay.fetch(), which returns
        # train.ROWS, while relay's own analysis runs).
        for flow, key, seen in self._read_elsewhere:
            if self.summaries.get(key) != seen:
                flow._found_once = None
        self._read_elsewhere = []
        self._found_once = found
        return found

    def _running(self) -> list:
        program = self.r.program
        return program.flows_running if program is not None else [self]

    def _rounds(self) -> list[Leak]:
        for round_ in range(MAX_ROUNDS + 1):
            self._reset()
            self._run_module()
            for fn in self.functions:
                if self.summary(fn).free and self.handed_on(fn):
                    # `DataLoader(x, collate_fn=grab)` with `rows.extend(b)` in grab: what a call the gate
                    # cannot follow passes it is stored into the module's rows
                    passed = frozenset({Origin(UNKNOWN, f"what a call the gate cannot follow passes {fn.name.value}()",
                                               fn, id(fn), logged=True)})
                    for name in self.summary(fn).free:
                        self.join(GLOBALS, name, passed)
            # Another round only when a field, a global or a function's summary was read before it was
            # complete (all its writes seen; a call back into a function still being summarised).
            if all(self.fields.get(k, EMPTY) == v for k, v in self.read_fields.items()) and \
                    all(self.global_writes.get(k, EMPTY) == v for k, v in self.read_globals.items()) and \
                    all(self.module_env.get(k, EMPTY) == v for k, v in self.read_module.items()) and \
                    all(self.summaries.get(k) == v for k, v in self.read_summaries.items()):
                break
            self.previous_summaries = dict(self.summaries)
            if round_ == MAX_ROUNDS - 1:
                self._widen_stores()  # and one last round over them
            elif round_ == MAX_ROUNDS:
                break
        for fn in self.functions:
            if id(fn) not in self.called:
                # called by the framework or a library (an Executor's execute, a Flower handler, a
                # Dataset's __getitem__, a callback): what it lets out is logged with its traceback
                escaped = _strip_params(self.summary(fn).raises)
                if escaped:
                    self.record(LOG, ESCAPED, fn, escaped, None)
            self.batch_hook_sinks(fn)
            # `map(keep, rows)`, `partial(keep, dest=...)`, `{"save": keep}`: what such calls pass a function
            # is unknown, and what it hands to the update or writes where the run time decides is too
            handed = [(kind, sink, node) for kind, sink, node, param in self.summary(fn).sinks
                      if kind in (UPDATE, FILE) and isinstance(param, Param) and not param.path]
            if handed and self.handed_on(fn):
                for kind, sink, node in handed:
                    passed = Origin(UNKNOWN, f"what a call the gate cannot follow passes {fn.name.value}()",
                                    node, id(node), logged=True)
                    self.record(kind, sink, node, frozenset({passed}), None)
        return list(self._found.values())

    def batch_hook_sinks(self, fn: cst.FunctionDef) -> None:
        """`validation_step(self, batch, idx)` of a LightningModule, called by the trainer with the site's
        batches: what its sinks are handed of the batch is what a caller passing them would send."""
        scope = self.r.scope_of.get(id(fn))
        cls = scope.parent.node if scope is not None and scope.parent is not None and scope.parent.is_class else None
        params = _params(fn)
        if not (fn.name.value in _BATCH_HOOKS and isinstance(cls, cst.ClassDef) and len(params) > 1 and
                any(_LOGGED_METRIC_MODULES(b) for b in self.bases(cls))):
            return
        batch = params[1].name.value
        for kind, sink, node, param in self.summary(fn).sinks:
            if isinstance(param, Param) and param.name == batch and not param.path:
                given = Origin(DATA, f"the batches a trainer hands {fn.name.value}()", fn, id(fn))
                self.record(kind, sink, node, _through(given, param), None)

    def _run_module(self) -> None:
        key = id(self.module)
        self._active.add(key)
        frame = _Frame(self, self.module, self.r.root, None)
        st = _State()
        # A function the module body calls reads the module's names as bound so far, and as the last
        # round left them (`data = np.load(...)`, then `def f(): return data`, `send(f())`).
        frame.union = dict(self.module_env)
        self.module_env = self.union_env[key] = frame.union
        frame.block(self.module.body, st)
        self._active.discard(key)

    def handed_on(self, fn: cst.FunctionDef) -> bool:
        """Whether the module (or another that names it) hands the function on as a value."""
        from ..detectors.paths import PathFolder  # the detectors import this module

        scope = self.r.scope_of.get(id(fn))
        return scope is not None and PathFolder.of(self.r).escapes(scope)

    def passed(self, body: Scope, name: str) -> "Passed":
        """What the job's calls pass for parameter `name` of the function or lambda whose body is `body`, in this
        module and in the others that name it (PathFolder.arguments_passed), through callers' own parameters."""
        key = (id(body.node), name)
        found = self._passed.get(key)
        if found is None:
            found = self._passed[key] = Passed()
            self._pass(body, name, found, {key})
        return found

    def _pass(self, body: Scope, name: str, out: "Passed", seen: set) -> None:
        from ..detectors.paths import PathFolder  # the detectors import this module

        folder = PathFolder.of(self.r)
        given = folder.arguments_passed(name, body)
        out.read += len(given)
        if out.read > MAX_PASSED:
            out.listed = False
            return
        if not given or folder.escapes(body):
            # handed on as a value (`value_and_grad(model, loss_fn)`) or called where the gate does not look: by
            # whoever it is handed to, with what this module or one that names the function hands where no name
            # follows it (protocol.escaped)
            named = folder.naming(body.node.name.value) if isinstance(body.node, cst.FunctionDef) else [folder]
            for other in named:
                out.escaped += (self if other.r is self.r else flow_of(other.r)).escaped_called
        for caller, value, where in given:
            r = caller.r
            flow = self if r is self.r else flow_of(r)
            if value is None:  # `f(*args)`: an object no name ties to a class
                out.escaped += flow.escaped_called
                continue
            names = r.names(value, where)
            refs = _functions(r.values(value, where))
            out.functions += [(v.node, flow_of(v.scope.owner) if v.scope.owner not in (None, self.r) else self)
                              for v in refs if isinstance(v.node, (cst.FunctionDef, cst.Lambda))]
            out.classes |= {n[:-2] for n in names if n.startswith("<class>.") and n.endswith("()")}
            inner = r.binding_scope(value.value, where) if isinstance(value, cst.Name) else None
            if inner is not None and isinstance(inner.node, (cst.FunctionDef, cst.Lambda)) and \
                    any(p.name.value == value.value for p in _params(inner.node)) and not _bound_first(inner, value.value):
                key = (id(inner.node), value.value)
                if key not in seen:  # the caller's own parameter: what its callers pass (a cycle adds nothing)
                    seen.add(key)
                    flow._pass(inner, value.value, out, seen)
            elif (not names and not refs) or any(n.startswith(_MODULE_HOLDERS) for n in names):
                out.escaped += flow.escaped_called  # an object no name ties to a class, a container of modules

    def job_sets(self, attr: str) -> bool:
        """Whether a module of the job assigns the attribute `attr` on some object (`obj.global_step = v`,
        here or in a module whose text names it): then on any object the name means what may have been put
        there, not what a library says it means."""
        known = self._job_sets.get(attr)
        if known is None:
            others = self.r.program.mentioning(attr, self.r.path) if self.r.program is not None else []
            known = self._job_sets[attr] = attr in self.tree_facts()[0] or \
                any(attr in tree_facts(other)[0] for other in others)
        return known

    def tree_facts(self) -> tuple[frozenset[str], frozenset[int]]:
        return tree_facts(self.r)

    def lambda_handed_on(self, node: cst.Lambda) -> bool:
        """Whether a lambda is handed on as a value rather than only called by the name it is bound to
        (`send = lambda v: ...; send(x)` is followed with the call's arguments: Frame.call_lambda)."""
        if id(node) not in self.tree_facts()[1]:
            return True
        from ..detectors.paths import PathFolder  # the detectors import this module

        scope = self.r.scope_of.get(id(node))
        return scope is None or PathFolder.of(self.r).hands_on(scope)

    def declared(self) -> frozenset:
        """The names a `global` or `nonlocal` of the module lets another function rebind (once per module)."""
        if self._declared is None:
            self._declared = self.nonlocals | frozenset(n for s in self.r.scope_of.values() for n in s.globals)
        return self._declared

    def own_function(self, value: object) -> bool:
        """A function defined in this module (one of another module of the job is opaque here)."""
        return isinstance(value, FuncRef) and isinstance(value.node, cst.FunctionDef) and id(value.node) in self.r.scope_of

    def summary(self, fn: cst.FunctionDef) -> Summary:
        """What a call of the function returns, stores and sends, in terms of its parameters. A call back
        into a function still being summarised (recursion, direct or through others) sees its summary of
        the last round, and the rounds go on until what such calls saw is what the summaries became."""
        key = id(fn)
        rec = self.records_stack[-1] if self.records_stack else None  # the caller's, if recorded
        done = self.summaries.get(key)
        if done is None and (key in self._active or self.too_deep()):
            done = self.called_back(fn)
            self.read_summaries.setdefault(key, done)
            running = self._running()
            if self in running:  # the modules analysed while this one runs, which read it now
                self._read_elsewhere += [(flow, key, done) for flow in running[running.index(self) + 1:]]
        elif done is None:
            if rec is not None and rec.flow is self:
                rec.steps()
            nesting = self._nesting()
            nesting[0] += 1
            try:
                done = self.summaries[key] = self._summarise(fn)
            finally:
                nesting[0] -= 1
            if rec is not None and rec.flow is self:
                rec.mark = self.steps
        if rec is not None:
            # a function of another module: what its analysis held (a record of it is checked only against that)
            rec.events.append((replay.REQUEST, key, fn, done) if rec.flow is self else
                              (replay.FOREIGN, self, replay.SUMMARY, key, done))
        return done

    def _nesting(self) -> list[int]:
        """How many summaries are being evaluated one inside another, across the program's modules."""
        program = self.r.program
        return program.flow_nesting if program is not None else self.own_nesting

    def too_deep(self, more: int = 0) -> bool:
        """A summary evaluated (or replayed, `more` levels further in) here would pass MAX_NESTING."""
        return self._nesting()[0] + more >= MAX_NESTING

    def called_back(self, fn: cst.FunctionDef) -> Summary:
        """What a call back into a function still being summarised, or a call past MAX_NESTING, sees: its
        summary of the last round."""
        seen = self.previous_summaries.get(id(fn), Summary())
        if self.last_round:  # what more calls of itself would add is not followed
            marker = Origin(UNKNOWN, f"what {fn.name.value}() returns after more calls than the gate follows",
                            fn, statistic=True, logged=True, bound=True)
            seen = dataclasses.replace(seen, returns=_cap(seen.returns | {marker}))
        return seen

    def _summarise(self, fn: cst.FunctionDef) -> Summary:
        """The function's summary: its last evaluation replayed when everything it read still holds
        (replay.py), else evaluated and recorded."""
        key = id(fn)
        rec = self.records.get(key)
        if rec is not None:
            plan = replay.check(self, rec)
            if plan is not None:
                replay.apply(self, rec, plan)
                self.union_env[key] = rec.union
                return rec.summary
        rec = replay.Record(self, key)
        self.records_stack.append(rec)
        try:
            result = in_own_chunk(self._evaluate, fn)  # its recursion would map and unmap frame chunks
        finally:
            self.records_stack.pop()
        rec.steps()
        if rec.poisoned:
            self.records.pop(key, None)
        else:
            rec.summary, rec.union = result, self.union_env[key]
            self.records[key] = rec
        return result

    def recording(self) -> replay.Record | None:
        """The record of the function of this module being evaluated, if any. Any other module's record
        on top reads this module's state, which it does not follow: it is never replayed."""
        stack = self.records_stack
        if stack:
            rec = stack[-1]
            if rec is not None:
                if rec.flow is self:
                    return rec
                rec.poisoned = True
        return None

    def note(self, event: tuple) -> None:
        rec = self.recording()
        if rec is not None:
            rec.events.append(event)

    def _evaluate(self, fn: cst.FunctionDef) -> Summary:
        """One summary of the function's body, its parameters symbolic."""
        key = id(fn)
        self._active.add(key)
        try:
            scope = self.r.scope_of[key]
            frame = _Frame(self, fn, scope, fn)
            st = _State()
            for i, p in enumerate(_params(fn)):
                name = p.name.value
                if i == 0 and frame.is_method and name in ("self", "cls"):
                    st.env[name] = EMPTY
                    continue
                taint = frozenset({Param(name)})
                if _LOADER_PARAM(name):
                    taint |= {Origin(DATA, f"parameter '{name}'", p, id(p), loader=True)}
                if p.default is not None:  # `def f(d=rows)`: what a call that passes nothing gets
                    taint |= _strip_params(frame.expr(p.default, st))
                st.env[name] = taint
            frame.union.update(st.env)
            self.union_env[key] = frame.union  # live: a closure called from here sees what is bound so far
            frame.block(fn.body, st)
            parts = tuple(frame.parts) if frame.parts and not frame.generator else None
            result = Summary(frame.returns, frame.mutated, frame.sink_params, parts, frame.raises, frame.param_writes,
                             frame.field_params, frame.free_params, frozenset(frame.return_holds), frame.props,
                             frozenset(frame.few_params), frame.raised_when, frame.echoes)
        finally:
            self._active.discard(key)
        self.union_env[key] = frame.union
        return result

    def record(self, kind: str, sink: str, node: cst.CSTNode, taint: frozenset, frame: "_Frame") -> None:
        origins = []
        for o in taint:
            if isinstance(o, Param):
                seen = (kind, sink, id(node), o)  # a node hashes by its id, in a Python call (libcst)
                if seen not in frame.sink_set:
                    frame.sink_set.add(seen)
                    frame.sink_params.append((kind, sink, node, o))
            elif o.kind == OBJECT:
                continue  # no source: what the object was built with is beside it
            elif kind == UPDATE or (kind == LOG and _logged(o)) or (kind == FILE and _filed(o)):
                origins.append(o)
        if origins:
            self.file_leak(kind, sink, node, origins)
            self.note((replay.LEAK, kind, sink, node, origins))

    def file_leak(self, kind: str, sink: str, node: cst.CSTNode, origins: list) -> None:
        leak = self._found.get((id(node), kind))
        if leak is None:
            leak = self._found[(id(node), kind)] = Leak(kind, sink, node, set())
        for o in origins:
            leak.origins.add(o)
            if len(leak.origins) > MAX_ORIGINS:  # the most decisive stay, whatever order they came in
                leak.origins.remove(_least_decisive(leak.origins))

    # -- helpers used by frames

    def free_name(self, name: str, scope: Scope) -> frozenset:
        """A name not bound in the frame: the enclosing function's or the module's values."""
        s = scope.parent
        while s is not None:
            if name in s.bindings and not s.is_class:
                if s is self.r.root:
                    t = self.module_env.get(name, EMPTY)
                    self.read_module.setdefault(name, t)
                    self.note((replay.MODULE, name, t))
                    return t | self.global_(name)
                if isinstance(s.node, cst.FunctionDef):
                    key = id(s.node)
                    known = key in self.union_env
                    self.enclosing(key, None, known)
                    if not known:
                        self.summary(s.node)
                    t = self.union_env.get(key, {}).get(name, EMPTY)
                    self.enclosing(key, name, t)
                    # and what a nested function stored into the object (`box.append(v)` in a closure made
                    # there), kept by name as a store into a module's object is (Frame.store_into)
                    return _strip_params(t) | self.global_(name)
                return EMPTY
            s = s.parent
        return self.global_(name)

    def enclosing(self, key: int, name: str | None, value) -> None:
        """A read of what an enclosing function bound (`name`), or (None) of whether it is known yet. Read
        while that function's evaluation runs, it is a live value: the evaluation is never replayed."""
        rec = self.recording()
        if rec is not None:
            if key in self._active:
                for outer in self.records_stack:
                    if outer is not None and outer.flow is self and outer.key == key:
                        outer.poisoned = True
            rec.events.append((replay.ENCLOSING, key, name, value))

    def join(self, store: int, key, concrete: frozenset) -> None:
        """Add `concrete` to what a field, a global or a parameter's calls (replay's stores) hold."""
        if not concrete:
            return
        self.note((replay.JOIN, store, key, concrete))
        values = self.stores[store]
        held = values.get(key, EMPTY)
        if not concrete <= held:
            values[key] = self.joined(held, concrete)

    @staticmethod
    def joined(held: frozenset, concrete: frozenset) -> frozenset:
        """What a store holds once `concrete` is added to what it `held` (Flow.join; replay.JOIN)."""
        return _cap(held | concrete)

    def peek(self, store: int, key) -> frozenset:
        held = self.stores[store].get(key, EMPTY)
        self.foreign_read(store, key, held)
        return held

    def module_value(self, name: str) -> frozenset | None:
        """What the module's body bound to a name (None: nothing), for another module that imports it."""
        held = self.module_env.get(name)
        self.foreign_read(replay.MODULE, name, held)
        return held

    def foreign_read(self, what: int, key, value) -> None:
        """A read of this module's state, by a function of this module (replay.READ of a store) or of another."""
        rec = self.records_stack[-1] if self.records_stack else None
        if rec is not None:
            rec.events.append((replay.READ, what, key, value, False) if rec.flow is self and what != replay.MODULE
                              else (replay.FOREIGN, self, what, key, value))

    def put(self, store: int, key, value: frozenset) -> None:
        self.stores[store][key] = value
        self.note((replay.WRITE, store, key, value))

    def store_field(self, key: str, concrete: frozenset) -> None:
        self.join(FIELDS, key, concrete)

    def fields_of_self(self) -> frozenset:
        """What any field of the module's objects holds (a field read by a name the code computes)."""
        out = EMPTY
        keys = list(self.fields)
        self.note((replay.KEYS, keys))
        for key in keys:
            if key.startswith("self."):
                out |= self.field(key)
        return out

    def field(self, key: str) -> frozenset:
        t = self.fields.get(key, EMPTY)
        self.read_fields.setdefault(key, t)
        rec = self.recording()
        if rec is not None:
            rec.events.append((replay.READ, FIELDS, key, t, True))
            rec.sees_widened = True
        return t | self.widened

    def global_(self, name: str) -> frozenset:
        t = self.global_writes.get(name, EMPTY)
        self.read_globals.setdefault(name, t)
        declared = name in self.declared_globals
        rec = self.recording()
        if rec is not None:
            rec.events.append((replay.READ, GLOBALS, name, t, True))
            rec.sees_widened = rec.sees_widened or declared
        return t | self.widened if declared else t

    def within_budget(self) -> bool:
        """Whether loops are still followed to their fixpoint (STEP_BUDGET)."""
        within = self.steps < STEP_BUDGET
        rec = self.recording()
        if rec is not None:
            rec.steps()
            rec.events.append((replay.BUDGET, within))
        return within

    def lambda_running(self, key: int) -> bool:
        running = key in self._active
        self.note((replay.LAMBDA, key, running))
        return running

    def enter_lambda(self, key: int) -> None:
        self._active.add(key)
        self.note((replay.ENTER, key))

    def leave_lambda(self, key: int) -> None:
        self._active.discard(key)
        self.note((replay.LEAVE, key))

    def mark_called(self, fn: cst.FunctionDef) -> None:
        self.called.add(id(fn))
        self.note((replay.CALLED, id(fn)))

    def _widen_stores(self) -> None:
        """The rounds ended before the fields, globals and summaries settled (`G = F` in one function,
        `F = E` in the next, ..., called in the order that moves a value one store per round): in a last
        round every read of a field or of a global a function declares sees what any of them holds, and a
        call back into a function what it returned last round, each with a marker that no reduction cleans,
        so that what the gate stopped short of is reviewed, never passed."""
        self.last_round = True
        held = frozenset().union(*self.fields.values(), *self.global_writes.values())
        if held:
            marker = Origin(UNKNOWN, "a value the module's functions pass on more often than the gate follows",
                            self.module, statistic=True, logged=True, bound=True)
            # what no traced flow took there: reviewed, not raw (a loader widened into a path string is no rows)
            self.widened = _cap(_review(held, marker.what) | {marker})

    def foreign(self, names: set[str]) -> str | None:
        """The name of a function or class of code the gate cannot see (another module of the job, an
        unknown package), when every name the callee resolves to is one; None otherwise. Results of
        calls (`Net()(x)`, `h.get()`) are judged by what their object carries, not here."""
        if not names:
            return None
        for n in names:
            if "()" in n or n.startswith("<class>.") or _known_lib(n):
                return None
        return sorted(names)[0].lstrip(".")

    def linked(self, values: frozenset) -> list[cst.FunctionDef]:
        """Functions and methods of top-level classes that another module of the job defines: summarised
        at home, by that module's one Flow of the program, with its globals, fields and helpers
        (`from utils import evaluate`, `Rows().fetch(path)`)."""
        out = []
        for v in _functions(values):
            if not isinstance(v.node, cst.FunctionDef) or self.own_function(v):
                continue
            home = v.scope.owner  # v.scope: the function's body; a plain function's parent is its module's
            parent = v.scope.parent
            if home is None or home.program is None or home.program is not self.r.program or parent is None or \
                    not (parent is home.root or (parent.is_class and parent.parent is home.root)):
                continue
            flow = flow_of(home)
            if may_hold_data(home):
                flow.leaks()  # its module-level values and fields, as that module's own analysis sees them
            self.homes[id(v.node)] = flow
            if parent.is_class:
                self.linked_methods.add(id(v.node))
            out.append(v.node)
        return out

    def home(self, fn: cst.FunctionDef) -> "Flow":
        return self.homes.get(id(fn), self)

    def elsewhere(self, values: frozenset) -> str | None:
        """The name of a function that another module of the job defines (the
        linked program hands it over; this analysis sees one module at a time)."""
        refs = sorted(v.node.name.value for v in values if isinstance(v, FuncRef)
                      and isinstance(v.node, cst.FunctionDef) and not self.own_function(v))
        return refs[0] if refs else None

    def registered(self, refs: list) -> list[cst.FunctionDef]:
        """`@fmt.register def _(v: int)` (functools.singledispatch): a call of fmt may run any function of the
        module registered on it, whatever the decorator's library."""
        names = {fn.name.value for fn in refs if id(fn) in self.r.scope_of}
        return [fn for fn, on in self._registrations if not on.isdisjoint(names)] if names else []

    @functools.cached_property
    def _registrations(self) -> list[tuple[cst.FunctionDef, frozenset[str]]]:
        """(function, the names it is registered on: `@fmt.register`, `@fmt.register(int)`) for the module's
        functions that are, in their order (asked at every call site of a function of the module)."""
        found = []
        for fn in self.functions:
            on = frozenset(d.value.value for d in (x.decorator.func if isinstance(x.decorator, cst.Call) else x.decorator
                                                   for x in fn.decorators)
                           if isinstance(d, cst.Attribute) and d.attr.value == "register" and isinstance(d.value, cst.Name))
            if on:
                found.append((fn, on))
        return found

    def own_methods(self, names: set[str], method: str) -> list[cst.FunctionDef]:
        """`Helper(...).m`: the method m of the module's own class Helper (or of its bases in the module)."""
        out: list[cst.FunctionDef] = []
        for n in names:
            if n.startswith("<class>.") and n.endswith(f"().{method}"):
                cls = self.classes.get(n[8:-len(method) - 3])
                out += [fn for fn in self.methods.get(method, [])
                        if cls is not None and self.r.scope_of[id(fn)].parent.node is cls]
        return out

    def constructors(self, names: set[str]) -> list[cst.FunctionDef]:
        """`Net(...)` of the module's own class Net: its __init__."""
        return [fn for n in names if n.startswith("<class>.") and "()" not in n and n[8:] in self.classes
                for fn in self.methods.get("__init__", []) if self.r.scope_of[id(fn)].parent.node is self.classes[n[8:]]]

    def job_class(self, name: str) -> bool:
        """Whether a resolved name is a class of the job (`<class>.C`, of this module or another)."""
        program = self.r.program
        return name.startswith("<class>.") and "()" not in name and (
            name in self.r.class_scopes or (program is not None and bool(program.defining(name, self.r.path))))

    def class_flows(self, qname: str, seen: frozenset = frozenset()) -> list["Flow"]:
        """The analyses of the modules that define the job's class `qname` and its bases in the job, run: their
        fields are what an object of it holds."""
        homes = [self] if qname in self.r.class_scopes else \
            [flow_of(r) for r in self.r.program.defining(qname, self.r.path)] if self.r.program is not None else []
        out: list[Flow] = []
        for home in homes:
            if home is not self and may_hold_data(home.r):
                home.leaks()
            out.append(home)
            for base, scope in home.r.class_bases.get(qname, ()):
                for n in sorted(home.r.names(base, scope)):
                    if home.job_class(n) and n not in seen:
                        out += [f for f in home.class_flows(n, seen | {qname}) if f not in out]
        return out

    def class_fields(self, qname: str, seen: frozenset = frozenset()) -> list[tuple["Flow", frozenset]]:
        """(the Flow of its module, the attributes it binds or stores) for the job's class `qname` and its bases
        in the job: the fields an object of it may hold."""
        homes = [self] if qname in self.r.class_scopes else \
            [flow_of(r) for r in self.r.program.defining(qname, self.r.path)] if self.r.program is not None else []
        out: list[tuple[Flow, frozenset]] = []
        for home in homes:
            out.append((home, home.stored_attributes(qname)))
            for base, scope in home.r.class_bases.get(qname, ()):
                for n in sorted(home.r.names(base, scope)):
                    if home.job_class(n) and n not in seen:
                        out += home.class_fields(n, seen | {qname})
        return out

    def stored_attributes(self, qname: str) -> frozenset:
        """What the module's class `qname` binds or stores (_stored_attributes): its bodies walked once, not at
        every call a library is handed one of its objects (Frame.object_fields)."""
        found = self._stored.get(qname)
        if found is None:
            bodies = [b.node for b in self.r.class_scopes.get(qname, ()) if isinstance(b.node, cst.ClassDef)]
            found = self._stored[qname] = frozenset().union(*map(_stored_attributes, bodies))
        return found

    def labelled_index(self) -> bool:
        """Whether a frame of the module may be indexed by a column (`set_index`, `index_col=`): then
        `iterrows()` hands out identifiers, not positions."""
        if self._labelled is None:
            self._labelled = any(
                (isinstance(u.node.func, cst.Attribute) and u.node.func.attr.value in ("set_index", "rename_axis"))
                or any(a.keyword is not None and a.keyword.value == "index_col" for a in u.node.args)
                for u in self.r.calls)
        return self._labelled

    def is_dataset_class(self, name: str) -> bool:
        return _is_dataset_class(self.r, name)

    def job_dataset(self, name: str) -> bool:
        return _job_dataset(self.r, name)

    def bases(self, cls: cst.ClassDef, seen: frozenset = frozenset()) -> set[str]:
        """The qualified names of a class's bases outside the module, through its bases in the module."""
        scope = self._class_scope.get(id(cls))
        outer = scope.parent if scope is not None else self.r.root
        out: set[str] = set()
        for base in cls.bases:
            for n in self.r.names(base.value, outer):
                if n.startswith("<class>.") and n[8:] in self.classes:
                    if n[8:] not in seen:
                        out |= self.bases(self.classes[n[8:]], seen | {cls.name.value})
                else:
                    out.add(n)
        return out

    def module_class(self, name: str) -> bool:
        """Whether instances of the class are models (torch.nn.Linear, a class of the module derived from one)."""
        if name.startswith("<class>."):
            cls = self.classes.get(name[8:])
            return cls is not None and any(_MODULE_CLASSES(b) for b in self.bases(cls))
        return bool(_MODULE_CLASSES(name))



def _return_values(fn: cst.FunctionDef, limit: int = 8) -> list:
    """The values of the function's own `return` statements (not of nested functions or classes)."""
    out: list = []
    stack = list(fn.body.body) if isinstance(fn.body, cst.IndentedBlock) else []
    while stack and len(out) <= limit:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                if isinstance(small, cst.Return):
                    if small.value is None:
                        return []
                    out.append(small.value)
        elif isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            continue
        elif isinstance(node, cst.BaseCompoundStatement):
            for field in ("body", "orelse", "finalbody"):
                part = getattr(node, field, None)
                if isinstance(part, (cst.Else, cst.Finally, cst.If)):
                    part = part if isinstance(part, cst.If) else part.body
                if isinstance(part, cst.If):
                    stack.append(part)
                elif isinstance(part, cst.IndentedBlock):
                    stack.extend(part.body)
            for h in getattr(node, "handlers", ()) or ():
                stack.extend(h.body.body if isinstance(h.body, cst.IndentedBlock) else ())
            for c in getattr(node, "cases", ()) or ():
                stack.extend(c.body.body if isinstance(c.body, cst.IndentedBlock) else ())
    return out if len(out) <= limit else []


def _functions(values: frozenset) -> list[FuncRef]:
    """The functions and lambdas among `values` in source order (module, then place in it), never in a set's
    order (by address): which candidate runs first decides what a call back into a module whose analysis is
    still running sees, so that order made findings differ from run to run (xml.dom's, in the stdlib)."""
    refs = [v for v in values if isinstance(v, FuncRef)]
    if len(refs) > 1:
        refs.sort(key=_source_key)
    return refs


def _source_key(ref: FuncRef) -> tuple[str, int]:
    owner = ref.scope.owner
    return (owner.path, owner.source_order(ref.node)) if owner is not None else ("", -1)


def _strip_params(t: frozenset) -> frozenset:
    if Param not in map(type, t):  # most values: t itself, not a set built again to equal it
        return t
    return frozenset(o for o in t if not isinstance(o, Param))


def _params(fn: cst.FunctionDef) -> list[cst.Param]:
    p = fn.params
    out = [*p.posonly_params, *p.params]
    if isinstance(p.star_arg, cst.Param):
        out.append(p.star_arg)
    out.extend(p.kwonly_params)
    if p.star_kwarg is not None:
        out.append(p.star_kwarg)
    return out


class _Frame:
    """The evaluation of one function body (or the module body)."""

    @functools.cached_property
    def temp_files(self) -> tempfiles.TempFiles:
        return tempfiles.TempFiles(self.r, self.scope, self.fn, self.saver_names)

    def saver_names(self, call: cst.Call) -> set[str]:
        """What a call may be, with a method of a helper's parameter every call hands a model library's object."""
        names = self.r.names(call.func, self.scope)
        func = call.func
        if isinstance(func, cst.Attribute):
            names = names | {f"{n}.{func.attr.value}" for n in self.library_parameter(func.value)}
        return names

    def __init__(self, flow: Flow, node: cst.CSTNode, scope: Scope, fn: cst.FunctionDef | None):
        self.flow = flow
        self.r = flow.r
        self.scope = scope
        self.fn = fn
        self.returns: frozenset = EMPTY
        self.sink_params: list = []
        self.sink_set: set = set()  # sink_params, for membership (a list search compared every entry)
        self.mutated: dict[str, frozenset] = {}  # parameter -> taint stored into it (`d["x"] = rows`)
        self.free_params: dict[str, frozenset] = {}  # a module-level name -> Params stored into it (`rows.append(b)`)
        self.union: dict[str, frozenset] = {}
        self.parts: list | None = None  # per-position return taints; [] once returns disagree
        self.generator = False
        self.call_parts: dict[int, list] = {}  # id(call) -> per-position results of a same-file function
        self.raises: frozenset = EMPTY  # what escaping exceptions were raised with
        self.raised_when: frozenset = EMPTY  # what decides whether one escapes (Summary.raised_when)
        self.echoes: frozenset = EMPTY  # what escaping library exceptions quote (Summary.echoes)
        self.raising: list[frozenset] = []  # per enclosing `try`: what its body raised so far
        self.handling: list[frozenset] = []  # per enclosing `except`: the exception being handled
        self.aliases: set[str] = set()  # names bound to a model's parameters (`for p in model.parameters()`)
        self.param_writes: frozenset = EMPTY  # Params written into parameters (applied at the call site)
        self.field_params: dict[str, frozenset] = {}  # self field -> Params stored into it (`self.x = x`)
        self.pc: frozenset = EMPTY  # what the branches the code is in were decided by (_implicit)
        self.trying: list[frozenset] = []  # per enclosing `try`: what its body computed so far
        self.loops: list[cst.For | cst.While] = []  # the loops the code is in, innermost last
        self.contexts: list[cst.With] = []  # the `with` statements the code is in
        self.chosen_rows: dict[int, bool] = {}  # id(for loop) -> whether it iterates rows the code chose
        self.loop_rows: dict[int, frozenset] = {}  # id(for loop) -> what it iterates
        self.exits: dict[int, frozenset] = {}  # loop -> what decided a branch that leaves it early
        self.handed: dict[int, frozenset] = {}  # id(call) -> what the object it builds hands out (protocol.py)
        self.views: dict[str, frozenset] = {}  # name -> the names whose memory it may share (Frame.viewed)
        self.return_holds: set[str] = set()  # parameters whose objects a return value holds (Summary.holds)
        self.props = EMPTY  # what it stores into an FLContext's properties (Summary.props)
        self.few_params: set[tuple[str, bool]] = set()  # quantiles or bins a caller passes (Summary.few)
        self.holds_at: dict[int, list[str]] = {}  # id of a call of the job's function -> the names its result holds
        self.viewing: set[str] = set()  # the names a store is being passed on to (cycles: `a = b[0]; b = a[0]`)
        self.sizing: set = set()  # the names and fields built_of_sizes is judging (cycles: `w = w + 0.0`)
        cls_scope = scope.parent if fn is not None and scope.parent is not None and scope.parent.is_class else None
        self.is_method = cls_scope is not None
        self.return_sink = fn is not None and self.replies(fn, cls_scope)
        # a Formatter's format(), a Filter's filter(), a Handler's emit(): called with each log record
        self.log_hook = cls_scope is not None and \
            any(_LOG_HOOKS(f"{b}.{fn.name.value}") for b in self.flow.bases(cls_scope.node))

    def replies(self, fn: cst.FunctionDef, cls_scope: Scope | None) -> bool:
        """Whether what the function returns is sent to the server by the framework that calls it: a method
        an FL framework's base class declares (an Executor's execute, a Flower NumPyClient's fit), or a
        handler registered with a decorator that makes its result the reply (a Flower ClientApp's train, a
        method or function published to other sites with Collab's `@collab.publish`)."""
        if cls_scope is not None and fn.name.value in _RETURN_SINK_METHODS and \
                any(_UPDATE_RETURNS(f"{b}.{fn.name.value}") for b in self.flow.bases(cls_scope.node)):
            return True
        for d in fn.decorators:
            target = d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator
            if any(_UPDATE_HANDLERS(n) for n in self.r.names(target, self.scope.parent or self.scope)):
                return True
        return False

    # -- statements

    def block(self, body, st: _State) -> None:
        stmts = body.body if isinstance(body, (cst.IndentedBlock, cst.Module)) else body
        if isinstance(body, cst.SimpleStatementSuite):
            stmts = body.body
        outer = self.pc  # a branch that may leave the block early decides the rest of it (stmt)
        for stmt in stmts:
            self.stmt(stmt, st)
        self.pc = outer

    def raising_block(self, body: cst.BaseSuite, st: _State, caught: bool) -> None:
        """The body of a `try` whose exception a handler catches (or of a `with` that may swallow it): each
        statement runs only if none before it raised, which what they computed decides (`1 / int(x[r, 0] > t)`
        then `flag = 1`)."""
        if not caught or not isinstance(body, cst.IndentedBlock):
            self.block(body, st)
            return
        outer = self.pc
        for stmt in body.body:
            self.pc = self.pc | _implicit(self.trying[-1])
            self.stmt(stmt, st)
        self.pc = outer

    def tried(self) -> frozenset:
        """What the innermost `try` body computed, which the enclosing one's body computed too."""
        body = self.trying.pop()
        if self.trying:
            self.trying[-1] = _cap(self.trying[-1] | body)
        return body

    def stmt(self, node: cst.CSTNode, st: _State) -> None:
        self.flow.steps += 1
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.small(small, st)
        elif isinstance(node, cst.If):
            outer, cond = self.pc, _implicit(self.expr(node.test, st))
            self.pc = outer | cond
            other = st.copy()
            self.block(node.body, st)
            if node.orelse is not None:
                if isinstance(node.orelse, cst.If):
                    self.stmt(node.orelse, other)
                else:
                    self.block(node.orelse.body, other)
            st.join(other)
            # `if x[r, 0] > t: return 1` / `return 0`: what follows runs only on the other branch
            self.pc = outer
            if cond and _leaves(node, self.flow.leaving):
                self.pc = outer | cond
                if self.loops:  # `if x[r, 0] > t: break`: where the loop stops
                    loop = id(self.loops[-1])
                    self.exits[loop] = self.exits.get(loop, EMPTY) | cond
        elif isinstance(node, (cst.For, cst.While)):
            self.loop(node, st)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            start = st.copy()
            self.raising.append(EMPTY)
            self.trying.append(EMPTY)
            self.raising_block(node.body, st, bool(node.handlers))
            raised = self.raising.pop()  # `except E as e`: e carries what the body raised it with
            # whether a handler or the else runs is decided by what the body computed (`1 / int(x[r, 0] > t)`)
            outer = self.pc
            self.pc = outer | _implicit(self.tried())
            start.join(st)
            ends = []
            for h in node.handlers:
                hs = start.copy()
                if h.type is not None:
                    self.expr(h.type, hs)
                if h.name is not None:
                    self.assign(h.name.name, raised, hs)
                self.handling.append(raised)
                self.block(h.body, hs)
                self.handling.pop()
                ends.append(hs)
            if node.orelse is not None:
                self.block(node.orelse.body, st)
            self.pc = outer
            for e in ends:
                st.join(e)
            if node.finalbody is not None:
                self.block(node.finalbody.body, st)
        elif isinstance(node, cst.With):
            for item in node.items:
                t = self.expr(item.item, st)
                if item.asname is not None:
                    self.assign(item.asname.name, t, st)
            self.contexts.append(node)
            swallows = not self.quiet_context(node)  # `with contextlib.suppress(E):` is a try that passes
            if swallows:
                self.trying.append(EMPTY)
            self.raising_block(node.body, st, swallows)
            if swallows:
                self.tried()
            self.contexts.pop()
        elif isinstance(node, cst.Match):
            outer, cond = self.pc, _implicit(self.expr(node.subject, st))
            for case in node.cases:  # `case [v] if x[r, 0] > t:` decides as the subject does
                cond |= _implicit(self.expr(case.guard, st.copy())) if case.guard is not None else EMPTY
            self.pc = outer | cond
            out = st.copy()
            for case in node.cases:
                cs = st.copy()
                self.block(case.body, cs)
                out.join(cs)
            st.env = out.env
            self.pc = outer | cond if cond and _leaves(node, self.flow.leaving) else outer
        elif isinstance(node, cst.ClassDef):
            self.class_body(node, st)
            self.decorated(node, st)
        elif isinstance(node, cst.FunctionDef) and node.decorators:
            self.decorated(node, st)
        # FunctionDef: analysed on its own (summary), per call.

    def decorated(self, node: cst.ClassDef | cst.FunctionDef, st: _State) -> None:
        """`@register class C` / `@register def f`: the name is bound to what the module's decorator returns
        (the resolver binds it so too); a library's decorator keeps the class or function as it is."""
        handed = EMPTY
        for d in node.decorators:
            values = self.r.values(d.decorator, self.scope)
            call = cst.Call(func=d.decorator, args=[cst.Arg(node.name)])
            followed = [v.node for v in values if self.flow.own_function(v)] + self.flow.linked(values)
            for fn in followed:
                handed |= _strip_params(self.apply(fn, call, [EMPTY], {}, EMPTY, False, st))
            if isinstance(d.decorator, cst.Call) and any(isinstance(v, FuncRef) and v.node not in followed
                                                         for v in values):
                # a closure another module of the job made from what this one gives it (`@tagged(lambda: rows)`
                # with `tagged` elsewhere) runs in the function's place: it may hand back any of that
                handed |= _review(_strip_params(EMPTY.union(*(self.expr(a.value, st) for a in d.decorator.args))),
                                  "given to a decorator of another module of the job")
        if handed:
            self.bind(node.name.value, handed | st.env.get(node.name.value, EMPTY), st)

    def class_body(self, node: cst.ClassDef, st: _State) -> None:
        """A class body runs where the class is defined: its statements are the module's (a send there is
        one), and what it binds is a field of the class and its instances (`rows = x[:5]`, read as `C.rows`
        or `self.rows`); its methods are analysed on their own."""
        inner = st.copy()
        self.block(node.body, inner)
        for name, t in inner.env.items():
            if t and st.env.get(name) is not t:
                self.flow.store_field("self." + name, _strip_params(t))
        # the class itself hands out what its metaclass's and its own implicit methods return (`C.missing`, `C[k]`)
        handed = self.protocol_values(protocol.methods(self.flow, node, flow_for=flow_of), cst.Call(func=node.name), st)
        if handed:
            self.bind(node.name.value, handed, st)

    def loop(self, node: cst.For | cst.While, st: _State) -> None:
        outer, decided = self.pc, EMPTY  # what decides how often the body runs and where the loop stops
        self.loops.append(node)
        entry, settled = st.copy(), False
        for _ in range(MAX_LOOP if self.flow.within_budget() else 1):
            before = st.copy()
            body = st.copy()
            if isinstance(node, cst.For):
                # `for _ in range(int(x[r, 0])): n += 1`: a value decides how often the body runs
                whole = self.iterate(node.target, node.iter, body)
                self.chosen_rows[id(node)] = any(o.part for o in whole)  # `for row in x[3:4]`
                self.loop_rows[id(node)] = whole
                decided |= _implicit(_sized_by_value(whole))
                self.pc = outer | decided
            else:
                decided |= _implicit(self.expr(node.test, body))
                self.pc = outer | decided
            self.block(node.body, body)
            decided |= self.exits.pop(id(node), EMPTY)
            if not st.join(body) and _same(before, st):
                settled = True
                break
        if not settled:
            _widen(st, entry, node)
        self.loops.pop()
        self.pc = outer | decided  # `while x[r, 0] > t: t += 1`; `for t in ...: if x[r, 0] > t: break`
        if node.orelse is not None:
            self.block(node.orelse.body, st)

    def iterate(self, target: cst.BaseExpression, iterable: cst.BaseExpression, st: _State) -> frozenset:
        """`for target in iterable`: the target holds elements; `enumerate`'s counter is clean. Hands back
        what the iterable holds."""
        it = whole = self.expr(iterable, st)
        # the entries of a mapping (a batch's fields, a table's columns) are not its rows; anything else is
        fields = isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Attribute) and \
            iterable.func.attr.value in ("items", "values", "keys") and not iterable.args
        it = _elements(it if fields else _rows(it))
        self.alias_targets(target, iterable)
        if isinstance(iterable, cst.Call) and isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2:
            func = iterable.func
            if "builtins.enumerate" in self.r.names(func, self.scope):
                self.assign(target.elements[0].value, EMPTY, st)
                self.unpack(target.elements[1].value, it, st)
                return whole
            if isinstance(func, cst.Attribute) and (func.attr.value == "items" or
                                                   (func.attr.value == "iterrows" and not self.flow.labelled_index())):
                # keys of a mapping (feature names, file names) are not logged as records
                self.assign(target.elements[0].value, _with_flags(it, minor=True, valued=False), st)
                self.unpack(target.elements[1].value, _with_flags(it, valued=False), st)
                return whole
        if it and isinstance(target, cst.Name):
            # `for name in frames`: the keys of a dict. What was stored as a value is not in a key at all;
            # other taint of a dict may be in its keys (`{row_id: 1}`): not counted in the log.
            mapping = self.mapping(iterable, self.scope)
            it = frozenset(o.but(keyed=True) if isinstance(o, Param) else o.but(minor=True) if mapping else o
                           for o in it if isinstance(o, Param) or not o.valued)
        self.unpack(target, it, st)
        return whole

    def mapping(self, node: cst.BaseExpression, scope: Scope, depth: int = 0) -> bool:
        """Whether every value a name may hold is a dict (a literal, dict(), or what a function of the module
        returns that is one)."""
        if depth > 3:
            return False
        if isinstance(node, (cst.Dict, cst.DictComp)):
            return True
        if isinstance(node, cst.Call):
            values = self.r.values(node.func, scope)
            refs = [v for v in values if self.flow.own_function(v)]
            if refs:
                return all(self._returns_mapping(ref.node, depth) for ref in refs)
            return bool(values) and all(isinstance(v, str) and v in _DICT_TYPES for v in values)
        if isinstance(node, cst.Name):
            s = scope
            while s is not None and node.value not in s.bindings:
                s = s.parent
            if s is None:
                return False
            items = list(s.bindings[node.value])
            pairs = [i for i in items if isinstance(i, tuple) and len(i) == 2 and isinstance(i[0], cst.CSTNode)]
            return bool(items) and len(pairs) == len(items) and len(pairs) <= 8 and \
                all(self.mapping(v, sc, depth + 1) for v, sc in pairs)
        return False

    def _returns_mapping(self, fn: cst.FunctionDef, depth: int) -> bool:
        ann = fn.returns.annotation if fn.returns is not None else None
        if isinstance(ann, cst.Subscript):
            ann = ann.value
        if isinstance(ann, (cst.Name, cst.Attribute)) and (dotted(ann) or "").rsplit(".", 1)[-1] in (
                "dict", "Dict", "OrderedDict", "defaultdict", "Mapping", "MutableMapping"):
            return True
        scope = self.r.scope_of.get(id(fn))
        values = _return_values(fn)
        return bool(values) and scope is not None and all(self.mapping(v, scope, depth + 1) for v in values)

    def unpack(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        """`x, y = batch`: a part named like the labels is labels (not counted in the log)."""
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.unpack(el.value, t, st)
        elif isinstance(target, cst.Name) and _LABEL_NAME(target.value):
            self.assign(target, _with_flags(t, minor=True), st)
        else:
            self.assign(target, t, st)

    def opaque(self, call: cst.BaseExpression, st: _State) -> bool:
        """A call the gate cannot see into: not a conversion, not the module's own function, not a
        method of tainted data (`model(x)`, `utils.evaluate(model, loader)`, `m.forward_backward(x)`)."""
        if not isinstance(call, cst.Call):
            return False
        func = call.func
        values = self.r.values(func, self.scope)
        if any(isinstance(v, FuncRef) for v in values):
            return False
        names = {v for v in values if isinstance(v, str)}
        if any(_VIEWS(n) or _SOURCE_CALLS(n) for n in names):
            return False
        if isinstance(func, cst.Attribute):
            if isinstance(func.value, cst.Name) and func.value.value in ("self", "cls") and func.attr.value in self.flow.methods:
                return False
            # an object built by code the gate cannot see is not "tainted data" for this question
            return not _predict(_strip_params(self.expr(func.value, st)))
        return True

    def assign_result(self, targets: list, value: cst.BaseExpression, t: frozenset, st: _State) -> None:
        """`loss, pred = model.step(x)`: what a call the gate cannot see returns into a name like `loss`
        is reviewed, not rejected as raw data; it is never clean."""
        if t and len(targets) == 1 and isinstance(targets[0], (cst.Tuple, cst.List)) and isinstance(value, cst.Call):
            elements = targets[0].elements
            parts = self.call_parts.pop(id(value), None)
            if parts is None and _PRIVATE(next(iter(sorted(self.r.names(value.func, self.scope))), "") or ""):
                # opacus: (module, optimizer, data_loader) = make_private(...): a model, an optimizer, and the
                # loader it was given, sampling the same dataset (its result otherwise counts as rows chosen)
                loader = _argument(value, 2, "data_loader")
                parts = [EMPTY, EMPTY] + [self.expr(loader, st) if loader is not None else t] * max(0, len(elements) - 2)
            if parts is not None and len(parts) == len(elements) and \
                    not any(isinstance(e.value, cst.StarredElement) for e in elements):
                for e, part in zip(elements, parts):
                    self.assign_part(e.value, part, st)
                return
        if t and self.opaque(value, st):
            func = value.func
            last = func.attr.value if isinstance(func, cst.Attribute) else (dotted(func) or "").rsplit(".", 1)[-1]
            if _TRAINING_CALLEE(last) and not any(_known_lib(n) for n in self.r.names(func, self.scope)):
                t = _review(t, f"the result of {last}(), code the gate cannot see")
            else:
                for target in targets:
                    self.assign_named(target, t, st)
                return
        for target in targets:
            self.assign(target, t, st)

    def shaped(self, node: cst.BaseExpression, st: _State):
        """A returned item as a part: a tuple literal's items each, a name still holding the tuple it was
        unpacked as (assign_part); anything else its value."""
        if isinstance(node, cst.Tuple) and node.elements and \
                not any(isinstance(e, cst.StarredElement) for e in node.elements):
            return tuple(self.shaped(e.value, st) for e in node.elements)
        t = self.expr(node, st)
        if isinstance(node, cst.Name):
            held, part = st.shapes.get(node.value, (None, None))
            if part is not None and held == st.env.get(node.value):
                return part
        return t

    def assign_part(self, target: cst.BaseExpression, part, st: _State) -> None:
        """`(X, y), (Xt, yt) = load()`, `train, test = load()`: a nested target gets each item of a tuple part;
        a name keeps the tuple's shape for as long as it holds that value."""
        if not isinstance(part, tuple):
            self.assign(target, part, st)
        elif isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == len(part) and \
                not any(isinstance(e.value, cst.StarredElement) for e in target.elements):
            for e, p in zip(target.elements, part):
                self.assign_part(e.value, p, st)
        else:
            self.assign(target, _flat(part), st)
            if isinstance(target, cst.Name):
                part = _map_part(part, lambda v: _cap(v | self.pc))
                st.shapes[target.value] = (st.env.get(target.value), part)

    def assign_named(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign_named(el.value, t, st)
        elif isinstance(target, cst.Name) and _METRIC_NAME(target.value):
            self.assign(target, _review_site(t, f"'{target.value}', a result of code the gate cannot see"), st)
        else:
            self.assign(target, t, st)

    def summed(self, node: cst.AugAssign, t: frozenset, st: _State) -> frozenset:
        """`total += float(x)` for each element x of a loop: a sum of element-wise scalars over every element
        is an aggregate (of rows the code chose, a statistic); added up any other way (a loop that stops or
        skips, a sum under a test or reset in the loop, a weight that changes with the iteration: accumulate.py)
        they are a statistic of the rows the code chose."""
        scalars = frozenset(o for o in t if o.scalar)
        if not scalars:
            return t
        if self.adds_up_every_element(node, st) and not self.chosen_rows.get(id(self.loops[-1])):
            return t - scalars
        return (t - scalars) | _reduce(frozenset(o.but(part=True, each=False) for o in scalars))

    def adds_up_every_element(self, node: cst.AugAssign, st: _State) -> bool:
        return self.every_element(node, accumulate.accumulation, st)

    def appends_every_element(self, call: cst.Call, st: _State) -> bool:
        """`out.append(f(e))` once for each element e of a loop over rows the code did not choose: the list
        holds a value of every row (accumulate.appending)."""
        return self.every_element(call, accumulate.appending, st) and not self.chosen_rows.get(id(self.loops[-1]))

    def maps_every_element(self, node: cst.BaseComp, inner: _State) -> bool:
        """`[f(e) for e in rows]` computes one value of each element and of nothing else that holds one."""
        key = (id(node), id(node.for_in))
        if key not in self.flow.sums:
            self.flow.sums[key] = accumulate.mapped(node)
        found = self.flow.sums[key]
        return found is not None and self.proven(found, inner, each=True)

    def proven(self, found: accumulate.Sum, st: _State, each: bool) -> bool:
        """What names add to accumulate's proof: no name the value reads from outside the loop holds an element
        already (the last row of an earlier loop) or, with `each`, what was computed from one (a prediction of
        it); the loop touches what it iterates under no other name; no call is the module's own function."""
        if any(o.elem or o.scalar or (each and isinstance(o, Origin) and o.each)
               for name in found.outside for o in self._e_name(cst.Name(name), st)):
            return False
        shared = set(found.iterated)  # what is iterated, under any name that shares its memory (`r = rows`)
        for name, roots in self.views.items():
            if roots & found.iterated:
                shared.add(name)
            if name in found.iterated:
                shared |= roots
        if shared & found.touched:
            return False
        return not any(self.flow.own_function(v) for call in found.calls for v in self.r.values(call.func, self.scope))

    def every_element(self, node: cst.CSTNode, prove, st: _State) -> bool:
        """Whether the statement of `node` adds into its name once for every element of the innermost loop
        (`prove`: accumulate.accumulation or accumulate.appending), which nothing else changes."""
        loop = self.loops[-1] if self.loops else None
        if not isinstance(loop, cst.For) or self.trying or \
                any(not self.quiet_context(w) for w in self.contexts):
            return False  # an exception raised at a chosen row would stop the sum there
        key = (id(loop), id(node))
        if key not in self.flow.sums:
            self.flow.sums[key] = prove(node, loop)
        found = self.flow.sums[key]
        if found is None or _holder(node) in self.flow.declared():
            return False
        return self.proven(found, st, each=prove is accumulate.appending)

    def quiet_context(self, node: cst.With) -> bool:
        """A `with` of the library's own that never swallows an exception (`torch.no_grad()`)."""
        return all(isinstance(item.item, cst.Call) and (names := self.r.names(item.item, self.scope)) and
                   all(_QUIET_CONTEXTS(n) for n in names) for item in node.items)

    def small(self, node: cst.CSTNode, st: _State) -> None:
        if isinstance(node, cst.Assign) and _pairwise(node):
            # `x, y = a.to(d), b.to(d)`: each name gets its own part (a tuple of rows is no list of them)
            for target, value in zip(node.targets[0].target.elements, node.value.elements):
                self.alias_targets(target.value, value.value)
                self.assign_result([target.value], value.value, self.expr(value.value, st), st)
        elif isinstance(node, cst.Assign):
            t = self.expr(node.value, st)
            for tg in node.targets:
                self.alias_targets(tg.target, node.value)
            if t and isinstance(node.value, cst.Call) and \
                    any(_PARAMETER_TYPES(n) for n in self.r.names(node.value.func, self.scope)) and \
                    any(isinstance(tg.target, cst.Attribute) for tg in node.targets):
                self.write_params(t)  # `model.w = nn.Parameter(x)` registers x in the model's state
            self.assign_result([tg.target for tg in node.targets], node.value, t, st)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.assign_result([node.target], node.value, self.expr(node.value, st), st)
        elif isinstance(node, cst.AugAssign):
            t = self.expr(node.value, st)
            if not isinstance(node.operator, (cst.BitOrAssign, cst.BitAndAssign)) and \
                    not isinstance(node.value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                t = self.summed(node, t, st)
            before = self.expr(node.target, st)
            if before and t and not isinstance(node.operator, (cst.BitOrAssign, cst.BitAndAssign, cst.BitXorAssign)):
                # `a *= (ids == 1042)`: the mask applied, as `a * mask` (row_wise), or by a helper's caller
                before, t = (_pick(before | t),) * 2 if _masked(before | t) else \
                    (_row_partners(before, t), _row_partners(t, before))
            if isinstance(node.target, cst.Name):
                if node.target.value in self.aliases:
                    self.write_params(t)  # `p += x` on a parameter is in place
                self.bind(node.target.value, before | t, st)
                for shared in self.views.get(node.target.value, ()):
                    # `w = sd["w"]; w += rows`, `c = clf.coef_; c += rows`: in place for an array, whoever holds it
                    self.store_into(_as_store(cst.Name(shared)), t, st)
            else:
                self.assign(node.target, t, st)
        elif isinstance(node, cst.Del):
            self.delete(node.target, st)
        elif isinstance(node, cst.Expr):
            self.expr(node.value, st)
        elif isinstance(node, cst.Return):
            if node.value is not None:
                value = node.value
                if isinstance(value, cst.Tuple) and not any(isinstance(e, cst.StarredElement) for e in value.elements):
                    parts = [self.shaped(e.value, st) for e in value.elements]
                    t = _cap(frozenset().union(*map(_flat, parts))) if parts else EMPTY
                else:
                    t = self.expr(value, st)
                    # `return preprocess(p)`: the parts of what the module's own function returns
                    parts = self.call_parts.pop(id(value), None) if isinstance(value, cst.Call) else None
                if not parts:
                    self.parts = []
                elif self.parts is None:
                    self.parts = parts
                elif len(self.parts) == len(parts):
                    self.parts = [_merge_parts(a, b) for a, b in zip(self.parts, parts)]
                else:
                    self.parts = []
                if self.pc:
                    t = t | self.pc
                    self.parts = [_map_part(p, lambda v: _cap(v | self.pc)) for p in self.parts] if self.parts \
                        else self.parts
                self.returns = _cap(self.returns | t)
                if self.fn is not None:
                    self.note_return_holds(value)
                if self.return_sink and t:
                    self.flow.record(UPDATE, f"the result of {self.fn.name.value}()", node, t, self)
                if self.log_hook and t:
                    self.flow.record(LOG, f"{self.fn.name.value}(), which formats the log line", node, t, self)
        elif isinstance(node, cst.Raise):
            # whether it is raised at all is what decided the branches it is under (`if x[r, 0] > t: raise E`)
            if node.exc is not None:
                self.note_raise(self.expr(node.exc, st) | self.expr(node.cause, st) | self.pc, node)
            elif self.handling:
                self.note_raise(self.handling[-1] | self.pc, node)  # a bare `raise` re-raises what is handled
            self.note_raised_when(self.pc)
        elif isinstance(node, cst.Assert):
            held = _implicit(self.expr(node.test, st))
            self.pc = self.pc | held  # what follows runs only if it held
            # AssertionError(msg), raised when the test failed
            self.note_raise(held | (self.expr(node.msg, st) if node.msg is not None else EMPTY), node)
            self.note_raised_when(held)

    # -- exceptions and writes into parameters

    def bound(self, name: str) -> bool:
        s = self.scope
        while s is not None:
            if name in s.bindings:
                return True
            s = s.parent
        return name in _BUILTIN_NAMES

    def note_raise(self, t: frozenset, node: cst.CSTNode) -> None:
        """`raise E(rows)`: the enclosing `try`'s handler (or the caller) receives what it was raised with;
        out of the module's body, the exception ends the job and its traceback is in the job log."""
        if not t:
            return
        if self.raising:
            self.raising[-1] = _cap(self.raising[-1] | t)
        elif self.fn is None:
            self.flow.record(LOG, ESCAPED, node, t, self)
        else:
            self.raises = _cap(self.raises | t)

    def note_echo(self, t: frozenset) -> None:
        """A call or lookup whose exception names what it failed on (_ECHOING_CALLS): in a `try` body the handler's
        exception holds it; in a function, the handler of a caller's `try` (Summary.echoes). Not followed: one no
        `try` catches (at module level its traceback is in the job log: every lookup of a row would count)."""
        t = frozenset(o for o in t if isinstance(o, Param) or o.kind in (DATA, HOST, SECRET)) if t else t
        if not t:
            return
        if self.raising:
            self.note_raise(t, None)
        elif self.fn is not None:
            self.echoes = _cap(self.echoes | t)

    def note_raised_when(self, t: frozenset) -> None:
        """What decides whether an exception is raised here: what follows it in a `try` body (and which of the
        handlers runs) depends on it, and so does what follows a call of the function (Summary.raised_when)."""
        if not t:
            return
        if self.trying:
            self.trying[-1] = _cap(self.trying[-1] | t)
        elif self.fn is not None:
            self.raised_when = _cap(self.raised_when | t)

    def write_params(self, t: frozenset) -> None:
        """What is written into a model's parameters or buffers travels in every state_dict() of the module."""
        concrete = _strip_params(t)
        self.flow.join(FIELDS, PARAMETERS, concrete)
        params = t - concrete
        if params and self.fn is not None:
            self.param_writes = _cap(self.param_writes | params)

    def param_alias(self, node: cst.BaseExpression, fields: bool = False) -> bool:
        """Whether writing into `node` writes into a model: `p.data`, `layer.weight`, `sd[k]` of a state_dict,
        `net.get_parameter(k)`, an attribute of a model (`getattr(net, "bias")`, `net.emb`, by resolution),
        what a builtin hands back of one (`dict(net.named_parameters())[k]`, `list(net.parameters())[0]`), a
        name bound from `model.parameters()`; with `fields`, a field of the object (`self.buf.fill_(x)`)."""
        while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call, cst.Name)):
            if self.model_attribute(node):
                return True
            if isinstance(node, cst.Name):
                return node.value in self.aliases or (fields and node.value == "self" and self.is_method)
            if isinstance(node, cst.Attribute):
                if node.attr.value in _PARAM_ATTRS:
                    return True
                node = node.value
            elif isinstance(node, cst.Subscript):
                node = node.value
            else:
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value in _PARAMETER_VIEWS | _PARAMETER_LOOKUPS:
                    return True
                names = self.r.names(func, self.scope)
                first = next((a.value for a in node.args if a.keyword is None and not a.star), None)
                # a builtin (dict, list, iter, next, getattr...) hands back its first argument's elements
                node = first if first is not None and names and all(n.startswith("builtins.") for n in names) \
                    else func
        return False

    def model_attribute(self, node: cst.BaseExpression) -> bool:
        """Whether the resolver names `node` as an attribute of a model object (`torch.nn.Linear().bias`,
        `<class>.Net().emb`): a parameter, a buffer or a submodule holding them."""
        for n in self.r.names(node, self.scope):
            head, sep, rest = n.partition("()")
            if sep and rest.startswith(".") and "(" not in rest and self.flow.module_class(head):
                return True
        return False

    def holds_parameters(self, node: cst.BaseExpression) -> bool:
        """Whether an expression hands out a model's parameters (`model.parameters()`, `sd.items()`,
        `zip(model.parameters(), new)`, `net.get_parameter(k)`)."""
        stack, seen = [node], 0
        while stack and seen < 16:
            n = stack.pop()
            seen += 1
            if isinstance(n, cst.Name):
                if n.value in self.aliases:
                    return True
            elif isinstance(n, cst.Call):
                if isinstance(n.func, cst.Attribute) and n.func.attr.value in _PARAMETER_VIEWS | _PARAMETER_LOOKUPS:
                    return True
                stack.append(n.func)
                stack.extend(a.value for a in n.args)
            elif isinstance(n, (cst.Attribute, cst.Subscript)):
                stack.append(n.value)
        return False

    def alias_targets(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if self.flow.hands_out_parameters and self.holds_parameters(value):
            self.aliases.update(_target_names(target))
        root = self.viewed(value)
        if root is not None and self.param_alias(value):  # `a = net.weight.detach().numpy()`: the weight's memory
            self.aliases.update(_target_names(target))
        if root is not None:  # `w = p["w"]`, `v = w.reshape(2, 4)`, `for k, w in p.items()`: w shares p's memory
            for name in _target_names(target):
                if name != root:
                    self.views[name] = self.views.get(name, frozenset()) | {root}
        held = self.held(value)
        if isinstance(value, cst.Name):
            held = [value.value]  # `a = b`: one object under two names, written through either
            root = value.value
            for name in _target_names(target):
                if name != root:
                    self.views[name] = self.views.get(name, frozenset()) | {root}
        for inner in held:  # `out = FLModel(meta=meta)`, `m = {"bag": bag}`: a later write into meta is in out
            for name in _target_names(target):
                if name != inner:
                    self.views[inner] = self.views.get(inner, frozenset()) | {name}

    def delete(self, target: cst.BaseExpression, st: _State) -> None:
        """`del sd[k]`: which entries are left is a bit of a test that decided it, and of a key the data chose."""
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.delete(el.value, st)
        elif isinstance(target, cst.Subscript):
            keys = EMPTY
            for el in target.slice:
                if isinstance(el.slice, cst.Index):
                    keys |= self.expr(el.slice.value, st)
            self.store_into(target, _with_flags(keys, valued=False), st)

    def note_return_holds(self, value: cst.BaseExpression) -> None:
        """`def build(meta): out = FLModel(meta=meta); return out`: the result holds the caller's meta, so a write
        into it after the call is in the result (Frame.held at the call)."""
        held = set(self.held(value))
        for p in _params(self.fn):
            seen, todo = set(), [p.name.value]
            while todo:  # the names that hold or share the parameter's object, through any number of steps
                name = todo.pop()
                if name not in seen:
                    seen.add(name)
                    todo.extend(self.views.get(name, ()))
            if seen & held:
                self.return_holds.add(p.name.value)

    def held(self, value: cst.BaseExpression) -> list[str]:
        """The names whose objects `value` holds by reference: elements of a literal container or of a shallow
        copy (`dict(bag=bag)`), arguments of an update's constructor (FLModel, DXO, Shareable keep what they are
        given), the object an attribute or item belongs to."""
        if isinstance(value, cst.Name):
            return [value.value]
        if isinstance(value, (cst.Attribute, cst.Subscript)):  # `{"b": box.items}`: box holds it
            root = value.value
            while isinstance(root, (cst.Attribute, cst.Subscript)):
                root = root.value
            return [root.value] if isinstance(root, cst.Name) else []
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            return [n for e in value.elements for n in self.held(e.value)]
        if isinstance(value, cst.Dict):
            return [n for e in value.elements if isinstance(e, cst.DictElement) for n in self.held(e.value)]
        if isinstance(value, cst.Call) and id(value) in self.holds_at:
            return self.holds_at[id(value)]
        if isinstance(value, cst.Call) and any(_UPDATE_CALLS(n) or _UPDATE_HOLDERS(n) or n in _SHALLOW_COPIES
                                               for n in self.r.names(value.func, self.scope)):
            return [n for a in value.args for n in self.held(a.value)]
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value in _UPDATE_METHODS | {"to_shareable"}:
            # `s = dxo.to_shareable()`: the message holds the DXO's data and meta (nvflare/apis/dxo.py
            # update_shareable), so a later write into them is in s
            return self.held(value.func.value) + [n for a in value.args for n in self.held(a.value)]
        return []

    def viewed(self, value: cst.BaseExpression) -> str | None:
        """The name whose memory `value` may share: an item, an attribute, a view (reshape, view, numpy,
        detach, values, items...), or what a builtin hands back of its first argument (next, iter, list)."""
        node = value
        while True:
            if isinstance(node, cst.Name):
                return node.value if node is not value else None
            if isinstance(node, (cst.Subscript, cst.Attribute)):
                node = node.value
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _VIEW_METHODS:
                node = node.func.value
            elif isinstance(node, cst.Call) and node.args and not node.args[0].star and \
                    self.r.names(node.func, self.scope) & _ELEMENT_BUILTINS:
                node = node.args[0].value
            elif isinstance(node, cst.Call) and self.unwrapped_handle(node) is not node:
                node = self.unwrapped_handle(node)  # `w = csv.writer(buf)`: what w writes is in buf
            else:
                return None

    def bind(self, name: str, t: frozenset, st: _State) -> None:
        t = _cap(t | self.pc)
        st.env[name] = t
        st.shapes.pop(name, None)
        if t:
            self.union[name] = _cap(self.union.get(name, EMPTY) | t)
        if self.fn is not None and (name in self.scope.globals or name in self.scope.nonlocals):
            self.flow.join(GLOBALS, name, _strip_params(t))

    def assign(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, t, st)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign(el.value, t, st)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, t, st)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            if self.param_alias(target):
                self.write_params(t)  # `p.data = x`, `layer.weight[0] = x`
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and \
                    target.value.value not in ("self", "cls"):
                self.flow.store_field(f"{target.value.value}.{target.attr.value}", _strip_params(t))
            if isinstance(target, cst.Subscript):
                keys = EMPTY
                for el in target.slice:
                    if isinstance(el.slice, cst.Index):
                        keys |= self.expr(el.slice.value, st)
                root = target.value
                base = root  # `d.loc[rows, "age"] = 0`, `d["age"][rows] = 0`: the table whose rows are written
                while isinstance(base, cst.Subscript) or (isinstance(base, cst.Attribute) and
                                                          base.attr.value in ("loc", "iloc", "at", "iat")):
                    base = base.value
                if isinstance(root, cst.Name) and self.mapping(root, self.scope):
                    t = _with_flags(t, valued=True)  # `frames[name] = df`: a value of a dict
                elif isinstance(base, cst.Name) and _kept_rows(target, self.r, self.scope) != "rows" and \
                        not any(isinstance(o, Origin) and o.kind == DATA and not o.mask for o in keys):
                    # `v[np.arange(n) != 7] = 0`, `v[ids != 1042] = 0`: which rows keep their values is the code's
                    # choice, as a weighting by the index would be (a reduction of v is no aggregate); a mask the
                    # data makes of itself (`v[np.isnan(v)] = 0`) is imputation
                    held = st.env.get(base.value, EMPTY)
                    if any(isinstance(o, Origin) and o.kind == DATA and (not o.part or o.each) for o in held):
                        st.env[base.value] = frozenset(o.but(part=True, each=False)
                                                       if isinstance(o, Origin) and o.kind == DATA else o for o in held)
                t = t | _with_flags(keys, valued=False)
                self.store_into(target, t, st, keep_valued=True)
                return
            self.store_into(target, t, st)

    def store_into(self, target: cst.BaseExpression, t: frozenset, st: _State, keep_valued: bool = False,
                   trained: bool = False) -> None:
        """A weak update of the object that a store or a mutating call changes. Into a fitted estimator, what the
        job writes (`clf.coef_[:] = rows`, `c = clf.coef_; c += rows`, `alias.coef_ = rows`) is in its state as
        its coefficients are (Origin.memorized); only what a fit is `trained` on is no longer the rows."""
        if t and not trained and _estimator(self.r.names(_store_root(target), self.scope)):
            # (what decided the store, self.pc, stays as it was: a test of the estimator reads its fit's rows)
            t = frozenset(o.but(memorized=True) if isinstance(o, Origin) and o.kind == DATA else o for o in t)
        stored = t  # what a view that shares the memory gets (its own store adds self.pc)
        t = t | self.pc
        if not t:
            return
        if not keep_valued:
            t = _with_flags(t, valued=False)  # `rows.append(d)`: the list's elements are whole dicts
        if isinstance(target, cst.Attribute) and not isinstance(target.value, cst.Name):
            # `type(c).v = rows`, `c.__class__.v = rows`: an object the store cannot name, maybe a class of the
            # module; its fields are read by name, module-wide
            self.flow.store_field("self." + target.attr.value, _strip_params(t))
        node = target
        chain = []
        while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
            if isinstance(node, cst.Attribute):
                chain.append(node)
            node = node.func if isinstance(node, cst.Call) else node.value
        if not isinstance(node, cst.Name):
            return
        root = node.value
        st.shapes.pop(root, None)  # `test[0].drop(..., inplace=True)`: what the tuple's items hold changed
        if chain and self.r.program is not None:
            held = _strip_params(t)
            module_value = next((n for n in self.r.names(node, self.scope) if self.r.program.is_job_module_itself(n)),
                                None)
            if module_value is not None and held:
                # `utils.BUF.append(rows)`: another module of the job holds it now, and may send it
                self.flow.record(UPDATE, f"{module_value}, a value of another module of the job", target,
                                 _review(held, "stored into another module of the job"), self)
        if root in ("self", "cls") and self.is_method and chain:
            key = "self." + chain[-1].attr.value
            self.flow.store_field(key, _strip_params(t))
            params = t - _strip_params(t)
            if params:  # `self.data = data`: what the caller passes (applied at each call)
                self.field_params[key] = _cap(self.field_params.get(key, EMPTY) | params)
            return
        current = st.env.get(root)
        if current is None:
            current = self.name(root, st)
        if self.fn is not None and root not in self.scope.bindings:
            # an object the function does not bind (a module-level list: `rows.extend(b)`): the module sees
            # what is stored into it, and what each caller passes for a parameter stored there
            concrete = _strip_params(t)
            self.flow.join(GLOBALS, root, concrete)
            if t - concrete:
                self.free_params[root] = _cap(self.free_params.get(root, EMPTY) | (t - concrete))
        self.bind(root, current | t, st)
        for shared in self.views.get(root, ()):  # `w = p["w"]; w[:3] = rows`: p holds them too
            if shared not in self.viewing:
                self.viewing.add(shared)
                self.store_into(_as_store(cst.Name(shared)), stored, st, keep_valued, trained)
                self.viewing.discard(shared)
        if self.fn is not None and Param(root) in current:
            self.mutated[root] = _cap(self.mutated.get(root, EMPTY) | t)
            # `context.state[k] = v`, or `warm(context)` whose body stores into it (any attribute, then)
            self.store_handed(node, chain[-1].attr.value if chain else "*", _strip_params(t))
            if self.log_hook:  # `record.msg = rows` in a Filter's filter(): the record is written to the log
                self.flow.record(LOG, f"{self.fn.name.value}(), which fills in the log record it is handed", target, t, self)
            if chain and not self.r.names(node, self.scope):
                # `def __set_name__(self, owner, name): owner.extra = rows`: the object may be the module's own
                # class or an instance of it, whose fields are read by name (module-wide, like `self.extra`)
                self.flow.store_field("self." + chain[-1].attr.value, _strip_params(t))
            if chain and chain[-1].attr.value in _UPDATE_FIELDS and not self.r.names(node, self.scope):
                # `def wrap(model): model.meta["k"] = rows; return send(model)`: a parameter the gate cannot
                # type, filled in where an update carries what it sends (a decorator or a wrapper of the
                # send function hands it on where the gate cannot follow)
                self.flow.record(UPDATE, f"the field {chain[-1].attr.value!r} of an update the gate cannot type",
                                 target, t, self)

    # -- expressions

    def name(self, name: str, st: _State) -> frozenset:
        t = st.env.get(name)
        if t is not None:
            # at module level, also what the module's functions stored into the object (`rows.extend(b)`); in a
            # function, what a nested one rebinds (`nonlocal out; out = rows`), kept by name like a global's
            return t | self.flow.global_(name) if self.fn is None or name in self.flow.nonlocals else t
        if name in self.scope.globals or (self.fn is None):
            return self.flow.global_(name) | (st.env.get(name) or EMPTY)
        return self.flow.free_name(name, self.scope)

    def expr(self, node: cst.CSTNode | None, st: _State) -> frozenset:
        if node is None:
            return EMPTY
        fn = _EXPR.get(node.__class__)
        out = _cap(fn(self, node, st)) if fn is not None else EMPTY
        if self.trying and out:
            self.trying[-1] = _cap(self.trying[-1] | out)  # what a try body computed (Frame.stmt)
        return out

    def _e_name(self, node: cst.Name, st: _State) -> frozenset:
        t = self.name(node.value, st)
        return t if node.value in st.env else t | self.function_value(node) | self.imported_value(node)

    def imported_value(self, node: cst.Name) -> frozenset:
        """`from hooks import SUMMARY`: what the other module of the job bound to the name (imported.py), or
        a value of unknown provenance when its analysis did not bind it."""
        if self.fn is not None and node.value in self.scope.bindings:
            return EMPTY
        out = EMPTY
        for home, attr in imported.homes(self.r, node.value):
            if not may_hold_data(home):
                continue  # nothing of the site's data, a host file or a secret reaches that module
            flow = flow_of(home)
            flow.leaks()
            held = flow.module_value(attr)
            out |= _strip_params(held) if held is not None else \
                {Origin(UNKNOWN, f"{attr}, a value another module of the job computes", node, id(node))}
        return out

    def function_value(self, node: cst.Name | cst.Attribute) -> frozenset:
        """A function or method of the module read as a value (`fs = [keep]; fs[0]()`, `{"a": t.v}`,
        `partial(t.v, 3)`, `map(keep, ...)`): whoever calls it, out of the gate's sight, gets what it returns,
        so the reference carries that, kept like a callback's result (no count or reduction makes it clean)."""
        out = EMPTY
        for v in self.r.values(node, self.scope):
            if self.flow.own_function(v):
                out |= _strip_params(self.flow.summary(v.node).returns)
        return frozenset(o.but(callback=True) for o in out) if out else out

    def _e_attribute(self, node: cst.Attribute, st: _State) -> frozenset:
        out = self.library_attribute(node, st)
        if isinstance(node.value, cst.Name) and node.value.value not in ("self", "cls"):
            # what the job put there (`net.global_step = rows`, `clf.coef_ = rows`), whatever the library means
            out = out | self.flow.field(f"{node.value.value}.{node.attr.value}") | \
                self.handed_field(node.value, node.attr.value)
        return out

    def store_props(self, t: frozenset) -> None:
        """`fl_ctx.set_prop(k, rows)`, here or in a function of any module of the job this one calls: what every
        `get_prop` of the module reads (the context outlives the call)."""
        self.flow.store_field(PROPS, _strip_params(t))
        self.props = _cap(self.props | t)

    def mods_return(self, mods: cst.BaseExpression) -> frozenset:
        """What the functions of a literal list of mods return, those of another module of the job too (a
        function of this module read as a value carries its returns already: Frame.function_value)."""
        out = EMPTY
        for el in mods.elements if isinstance(mods, (cst.List, cst.Tuple)) else ():
            for fn in self.flow.linked(self.r.values(el.value, self.scope)):
                out |= _strip_params(self.flow.home(fn).summary(fn).returns)
        return out

    def handler_returns(self, handler: cst.BaseExpression) -> frozenset:
        """What a registered handler returns (Frame.function_value, mods_return); a handler that is no function
        the gate follows returns what it cannot see."""
        values = self.r.values(handler, self.scope)
        out = self.mods_return(cst.List([cst.Element(handler)]))
        for v in values:
            if self.flow.own_function(v):
                out |= _strip_params(self.flow.summary(v.node).returns)
        if not _functions(values) or any(isinstance(v.node, cst.Lambda) for v in _functions(values)):
            out |= {Origin(UNKNOWN, "what a handler the gate cannot follow replies", handler, id(handler), logged=True)}
        return out

    # -- objects the framework hands every call (Flower's Context, NVFlare's FLContext)

    def handed_keys(self, node: cst.Name, attr: str) -> list[str]:
        """The field an attribute of a parameter may be: one object may reach every function that takes it
        (Flower hands each handler and the lifespan the same Context, whose `state` outlives the call:
        flwr/common/context.py), whatever each parameter is called or annotated."""
        if self.fn is None or all(p.name.value != node.value for p in _params(self.fn)):
            return []
        return ["<handed>." + attr]

    def store_handed(self, node: cst.Name, attr: str, concrete: frozenset) -> None:
        for key in self.handed_keys(node, attr):
            self.flow.store_field(key, concrete)

    def handed_field(self, node: cst.Name, attr: str) -> frozenset:
        out = EMPTY
        for key in self.handed_keys(node, attr) + self.handed_keys(node, "*"):
            out |= self.flow.field(key)
        return out

    def own_object(self, node: cst.BaseExpression) -> bool:
        """The module's own class, or an instance of it."""
        return bool(self.flow.own_objects) and not self.flow.own_objects.isdisjoint(self.r.values(node, self.scope))

    def library_attribute(self, node: cst.Attribute, st: _State) -> frozenset:
        attr = node.attr.value
        value = node.value
        if isinstance(value, cst.Name) and value.value in ("self", "cls"):
            # a field of the object: what was stored into it, whatever it is called
            return self.flow.field("self." + attr) | self.flow.field("self.*")
        if attr == "environ" and "os.environ" in self.r.names(node, self.scope):
            return frozenset({Origin(HOST, "os.environ", node, id(node))})
        setting = next((n for n in self.r.names(node, self.scope) if _SITE_SETTINGS(n)), None)
        if setting is not None:
            return frozenset({Origin(UNKNOWN, f"a setting of the site ({setting})", node, id(node), text=True)})
        t = self.expr(value, st)
        if attr in ("__dict__", "__slots__") and self.own_object(value):
            return t | self.flow.fields_of_self()  # `C.__dict__["rows"]`: every field
        rows = self.dataset_rows(t)
        if rows and any(isinstance(v, FuncRef) for n in self.r.names(value, self.scope) for v in self.r.member(n, attr)):
            t = t | _pick(rows)  # a property of the job's dataset class may hand out any of its rows
        if self.own_object(value):
            # the module's own class or an instance of it (a helper): its field, whatever it is called
            return t | self.flow.field("self." + attr) | self.flow.field("self.*") | self.function_value(node)
        objects = _objects(t)
        if objects:  # an object of the job's class the resolver lost (a handler's `self.manager`)
            return self.object_attribute(objects, attr) | _built_with(t - objects)
        if not t:
            return t
        if attr in ("T", "mT", "H"):
            return _pick(t)  # a transposed copy: its rows are the columns
        if attr not in _COLUMN_ATTRS and _column_of_table(value, self.r, self.scope, 0):
            return _pick(t)  # `df.income.P000417`: the column's element by its index label (red team 8)
        if attr in _LIBRARY_MEANINGS and self.flow.job_sets(attr):
            return t  # `tag(net, rows)` with `obj.global_step = value` in a module of the job: what it put there
        # A library's attribute means what the library says only on an object of that library (or on a value
        # the code does not type, such as a batch); on a DataFrame it is a column, on a Namespace what was put.
        names = self.r.names(value, self.scope)
        table = bool(names) and _typed(names, _TABLE_OWNERS)
        if (attr in _TABLE_ATTRS if table else attr in _METADATA_ATTRS) and _typed(names, _METADATA_OWNERS):
            if attr in _WIDTH_ATTRS:
                return _reduce(t)  # a text's width in bytes
            return _size(t)  # shape, dtype, device: what the value is, not what it holds (a table's other
            #                   attributes are its columns)
        if attr in _LABEL_ATTRS and _typed(names, _METADATA_OWNERS):
            # the header of a table taken whole; a pivot's or a set_axis' labels may be values of the data
            if gradients.whole(self.r, self.scope, value) or gradients.selected_columns(self.r, self.scope, value):
                return _count(t)  # (`df[["a", "b"]].columns` is the list the code spells out)
            # a parameter's labels: reviewed whatever each caller passes (a table of the caller's)
            return _review(_strip_params(t), "the column labels of a table the gate cannot vouch for") | \
                frozenset(o.but(part=True, reduced=True) for o in t if isinstance(o, Param))
        if attr in _FITTED_ATTRS and _typed(names, _ESTIMATOR_OWNERS):
            return _coefficients(t)  # a fitted estimator's coefficients
        if attr in _FITTED_DISTINCT and _typed(names, _ESTIMATOR_OWNERS):
            # `LabelEncoder().fit(df.name).classes_`: the distinct values it saw (class labels or identifiers)
            return _model_state(t) | _review(frozenset(o for o in t if isinstance(o, Origin) and (o.kind == DATA or o.labels)),
                                             "the distinct values a fitted estimator saw")
        if attr in _FITTED_ASSIGNMENTS and names and _typed(names, _ESTIMATOR_OWNERS):
            # `km.labels_`: a cluster index per row it saw (not what a built-with value put in its state)
            return frozenset(o.but(assigned=True) if isinstance(o, Origin) and o.kind == DATA and not o.memorized
                             else o for o in t)
        if attr in _FITTED_STATISTICS and _typed(names, _ESTIMATOR_OWNERS):
            return _fitted(t)  # a scaler's mean_: an aggregate of the rows it saw
        if attr in _FITTED_GROUP_ATTRS and _typed(names, _ESTIMATOR_OWNERS):
            if self.constant_groups(value):
                return _fitted(t)  # KMeans(n_clusters=8): centres are means of the rows they hold
            return _model_state(t) | _review(_strip_params(t), "per-cluster values of a fit with a number of "
                                                                 "clusters the code computes (as many as rows are the rows)")
        if attr in _TRAINER_ATTRS and any(_LIBRARY_TRAINERS(n) for n in names):
            return _count(t)  # `trainer.args.num_train_epochs`
        if attr in _OUTPUT_LOSSES and names and all(n.endswith("()") and n.startswith(_OUTPUT_OWNERS) for n in names):
            return _reduce(t)  # `outputs.loss` of a library model
        if _COUNT_ATTR(attr) or _METRIC_NAME(attr):
            return _review(t, f"the attribute {attr!r} of a value read from the site")
        return t

    def dataset_rows(self, t: frozenset) -> frozenset:
        """The origins of `t` that are an object of the job's dataset class (Frame.source)."""
        return frozenset(o for o in t if isinstance(o, Origin) and o.kind == DATA and
                         self.flow.job_dataset("<class>." + o.what)) if t else t

    # -- objects of the job's classes the resolver does not type (held in a field, handed as a parameter): OBJECT

    def object_attribute(self, objects: frozenset, attr: str) -> frozenset:
        """`o.attr` of an object of the job's classes: what their fields named so hold (in this module, where
        calls stored what they were passed, and in the modules of each class and its bases), and what a method
        or property of that name returns (as a function read as a value: Frame.function_value), or the class's
        __getattr__/__getattribute__, which may run instead."""
        keys = ("self." + attr, "self.*")
        out = EMPTY.union(*(self.flow.field(k) for k in keys))
        for o in sorted(objects, key=_decisive_first):
            for home in self.flow.class_flows(o.what):
                if home is not self.flow:
                    out = out.union(*(home.peek(FIELDS, k) for k in keys))
            for name in (attr, *_ATTRIBUTE_HOOKS):
                for fn in self.members(o.what, name)[0]:
                    out |= _with_flags(_strip_params(self.flow.home(fn).summary(fn).returns), callback=True)
        return out

    def object_fields(self, objects: frozenset) -> frozenset:
        """Every field an object of the job's classes holds, for a library's call it is handed: the library
        may read any of them (`dataclasses.asdict(o)`, a dataclass's generated `repr`, `copy.copy`, a
        serializer), whatever they are called."""
        out = EMPTY
        for o in sorted(objects, key=_decisive_first):
            for home, names in self.flow.class_fields(o.what):
                keys = ["self.*", *("self." + n for n in sorted(names))]
                out = out.union(*(self.flow.field(k) if home is self.flow else home.peek(FIELDS, k) for k in keys))
        return out

    def members(self, qname: str, attr: str) -> tuple[list[cst.FunctionDef], bool]:
        """The job's functions `attr` of an object of class `qname` may be (its class's, its bases', a store's:
        the resolver's Resolver.member), and whether it may be nothing else (a library base's method, a
        lambda, a value the resolver cannot tell)."""
        values = self.r.member(qname + "()", attr)
        fns = [v.node for v in _functions(values) if self.flow.own_function(v)] + self.flow.linked(values)
        return fns, len(fns) == len(values) and all(isinstance(fn, cst.FunctionDef) for fn in fns)

    def object_methods(self, objects: frozenset, method: str) -> list[cst.FunctionDef] | None:
        """The methods `o.method(...)` runs on an object of the job's classes, when each class has one of the
        job's and no __getattribute__ of its own that every attribute read runs (None otherwise: the call is
        judged as any other)."""
        out: list[cst.FunctionDef] = []
        for o in sorted(objects, key=_decisive_first):
            fns, only = self.members(o.what, method)
            if not (fns and only) or self.members(o.what, "__getattribute__")[0]:
                return None
            out += [fn for fn in fns if fn not in out]
        return out

    def partition_key(self, node: cst.Subscript) -> bool:
        """`context.node_config["partition-id"]`: the partition Flower assigns the node (partition_node_keys)."""
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return False
        keys = self.r.constants(node.slice[0].slice.value, self.scope)
        return len(keys) == 1 and keys[0] in _PARTITION_NODE_KEYS and \
            any(_SITE_SETTINGS(n) for n in self.r.names(node.value, self.scope))

    def _e_subscript(self, node: cst.Subscript, st: _State) -> frozenset:
        if "os.environ" in self.r.values(node.value, self.scope) and len(node.slice) == 1 and \
                isinstance(node.slice[0].slice, cst.Index):
            return frozenset({self.environ_variable(node.slice[0].slice.value, node)})  # os.environ["X"]
        if self.partition_key(node):
            return EMPTY
        base = self.expr(node.value, st)
        index = EMPTY
        protocol = False
        for el in node.slice:
            s = el.slice
            if isinstance(s, cst.Index):
                index |= self.expr(s.value, st)
                if isinstance(s.value, cst.Attribute) and s.value.attr.value in ("support_",):
                    protocol = True
            else:
                for part in (s.lower, s.upper, s.step):
                    index |= self.expr(part, st)
        self.note_echo(index)  # `d[key]` raises KeyError(key)
        if base and any(_COUNTERS(n) for n in self.r.names(node.value, self.scope)):
            base = _count(base)  # a count
        base = _with_flags(base, valued=False)
        if base or index:
            kept = _kept_rows(node, self.r, self.scope)
            # `df["age"].to_numpy()[7]`, `np.asarray(col)[7]`: an array's row (or a cell), not a column or a field
            value = node.value.func if isinstance(node.value, cst.Call) else node.value
            arrayed = (isinstance(value, cst.Attribute) and value.attr.value in _ARRAY_METHODS) or \
                (isinstance(node.value, cst.Call) and bool(self.r.names(value, self.scope) & _CONVERSIONS)) or \
                any(f".{m}()." in n or f".{m}." in n for n in self.r.names(node.value, self.scope) for m in _ARRAY_METHODS)
            if kept == "field" and not arrayed and self.r.names(node.value, self.scope) and \
                    all(_FRAME_MADE.match(n) for n in self.r.names(node.value, self.scope)):
                kept = "rows"  # `df[0]`: a column labelled 0 (header=None) of a frame read or built (red team 8: of
                #               anything else, `df.sum(axis=1)[7]`, an element by its label)
            facts = self.flow.static.get(id(node.value)) if isinstance(node.value, cst.Call) else None
            if kept == "field" and facts is not None and not arrayed and not _of_table(node.value, self.r, self.scope) and \
                    (facts.role == "per-row" or (facts.keeps_rows and not facts.object_call and
                                                 self.tuple_result(node.value, facts))):
                kept = "rows"  # `torch.max(out, 1)[1]`: a part of what a per-row reduction or a split returns
                #               (a table's is a column indexed by the rows' labels: `df.sum(axis=1)[7]` is a row's)
            if kept == "field" and ((isinstance(node.value, cst.Name) and node.value.value in _batch_parts(self.r)) or
                                    isinstance(node.value, cst.Subscript)):
                # `yb[0]` of `for xb, yb in loader`: a field of the batch already, so its first row, one chosen per
                # batch (not each element in turn: `total += float(yb[0])` is no sum over the rows) (red team 8);
                # so is `batch["label"][0]`, a position in an item (evalstat24: accepted before, a dict batch's
                # field by name kept the batch's flag)
                kept = None
                base = frozenset(o.but(elem=False) if isinstance(o, Origin) and o.elem else o for o in base)
            if kept is None:
                base = _pick(base)
                index = _pick(index)  # rows the code chose
            elif kept == "field":  # `batch[0]`: a field of a loader's batch (a row of anything else)
                base = frozenset(o if isinstance(o, Param) and o.rows else o.but(batch=False)
                                 if isinstance(o, Origin) and o.batch else
                                 _picked(o) for o in base)
            if kept != "rows" and _named_rows(node, self.r, self.scope):
                base = _few(base)
        out = base | index
        return _with_flags(out, protocol=True) if protocol else out

    def tuple_result(self, call: cst.Call, facts: "_CallFacts") -> bool:
        """Whether a call that keeps every row returns a tuple of parts (tuple_results): a constant index of what
        any other returns (`np.abs(col)[1042]`, `t.float()[1042]`) is a row, not a part (red team 25)."""
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in _TUPLE_RESULT_METHODS:
            return True
        if facts.applies and _mutable_collections(call):
            return True  # flax's `model.apply(v, x, mutable=["batch_stats"])` returns (output, updated variables)
        return any(_TUPLE_RESULTS(n) for n in self.r.names(call.func, self.scope))

    def _e_binop(self, node: cst.BinaryOperation, st: _State) -> frozenset:
        left, right = self.expr(node.left, st), self.expr(node.right, st)
        left, right = self.noise_of(node.left, left, right), self.noise_of(node.right, right, left)
        if isinstance(node.operator, cst.MatrixMultiply) and _left_transposed(node.left):
            return self.product(node, left, right, st)  # x.T @ v: a Gram matrix, a gradient, or the rows
        if isinstance(node.operator, cst.MatrixMultiply):
            return self.matmul(node.left, node.right, left, right)
        if isinstance(node.operator, cst.Multiply) and \
                (isinstance(node.left, (cst.List, cst.Tuple)) or isinstance(node.right, (cst.List, cst.Tuple))):
            return _sized(left | right)  # `[0] * int(cell)`: as long as the value says
        if (left or right) and not self.row_wise(node, left, right):
            return _pick(left | right)
        if not isinstance(node.operator, (cst.BitAnd, cst.BitOr, cst.BitXor)):
            left, right = _row_partners(left, right), _row_partners(right, left)
        if left and right:
            return _unshifted(left | right)  # two values combined (a residual), not one around a chosen value
        if isinstance(node.operator, (cst.Add, cst.Subtract)) and self.chosen_number(node.right if left else node.left):
            return _shifted(left | right)  # `ids - 1042`: a bump of it is a soft `ids == 1042`
        return left | right

    def chosen_number(self, node: cst.BaseExpression) -> bool:
        """A number the code spells out (or a name bound only to one), not zero (Origin.shifted)."""
        consts = self.r.constants(node, self.scope)
        return bool(consts) and all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in consts) and \
            any(c != 0 for c in consts)

    def row_wise(self, node: cst.BinaryOperation, left: frozenset, right: frozenset) -> bool:
        """Whether an operation treats every row alike: with a scalar, a constant or a per-column statistic
        (gradients.fixed, _column_statistic); two values read from the site
        (a residual, `y * np.log(p)`), unless one is a mask the code chose (`x * (ids == 1042)`). A weighting by
        anything else may pick rows (`x * onehot[:, None]`, `x + 1e9 * onehot` for a max)."""
        op = node.operator
        sides = ((node.left, bool(left)), (node.right, bool(right)))
        if all(has for _, has in sides):
            if any(isinstance(o, Origin) and o.mask for o in left | right):
                return isinstance(op, (cst.BitAnd, cst.BitOr, cst.BitXor))  # masks combined, never applied
            return not isinstance(op, (cst.Power, cst.LeftShift, cst.RightShift)) or gradients.same(node.left, node.right)
        other = next(expr for expr, has in sides if not has)
        return self.fixed(other) or self.standard_draw(other)

    def matmul(self, left_node: cst.BaseExpression, right_node: cst.BaseExpression, left: frozenset,
               right: frozenset) -> frozenset:
        """`x @ w` (_matmul). A right factor the code built of sizes alone (built_of_sizes: a row of an identity, a
        one-hot) weighs x's entries as the code chose: `age @ np.eye(n)[1042]` is one patient's age, as `e @ x`
        is a row. Weights received from the server hold no origin either, so only how the factor is built tells (a
        field's value also holds the object it is read from: OBJECT)."""
        out = _unshifted(_matmul(left, right, gradients.same(left_node, right_node)))  # a linear model's scores
        if _site_data(left) and not (right - _objects(right)) and self.built_of_sizes(right_node) and \
                not self.fixed(right_node) and not self.column_weights(right_node):
            return _pick(out)
        return out

    def column_weights(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """`np.zeros(2)`, or a name bound only to one: every entry alike and as many as a literal says (weights, one
        per column, uniform_arrays), unlike `np.zeros(len(x))`, whose entries may be set one per row after."""
        bound = self.bound_exprs(node, depth)
        if bound is not None:
            return all(self.column_weights(e, depth + 1) for e, _ in bound)
        return isinstance(node, cst.Call) and any(_UNIFORM_ARRAYS(n) for n in self.r.names(node.func, self.scope)) \
            and all(self.literal_size(a.value) for a in node.args if a.keyword is None)

    def literal_size(self, node: cst.BaseExpression) -> bool:
        """`2`, `(2, 1)`, a name of a constant: a size the code states, not one counted from the data."""
        if isinstance(node, (cst.Tuple, cst.List)):
            return all(self.literal_size(e.value) for e in node.elements)
        return isinstance(node, cst.Integer) or bool(self.r.constants(node, self.scope))

    def noise_of(self, node: cst.BaseExpression, t: frozenset, other: frozenset) -> frozenset:
        """A draw of unit noise shaped like the other operand (`std * torch.randn_like(std)`) holds its size, not
        its values: what it has of the other's sources is the other's already. Not when the site's data seeded
        the generator (Flow.field(RANDOM))."""
        if not (t and other and self.standard_draw(node)) or self.flow.field(RANDOM):
            return t
        keys = {o.key if isinstance(o, Origin) else o.name for o in other}
        return frozenset(o for o in t if (o.key if isinstance(o, Origin) else o.name) not in keys)

    def standard_draw(self, node: cst.BaseExpression) -> bool:
        """A fresh draw of unit noise, as it is drawn (`std * torch.randn_like(std)`, a VAE's sampling): every row
        gets a weight of the same spread, none of them zero, so no row is picked out, whatever the seed. A
        draw transformed (`(torch.rand_like(x) < p)`, `torch.exp(50 * eps)`) or of a spread the code sets
        (`torch.normal(0, onehot)`) is a weighting like any other."""
        names = self.r.names(node, self.scope)
        return bool(names) and all(n.endswith("()") and _STANDARD_DRAWS(n[:-2]) for n in names)

    def constant_groups(self, node: cst.BaseExpression) -> bool:
        """Whether the estimator `node` was built with a constant number of clusters or components
        (`KMeans(n_clusters=8)`), following a name to what it was bound to."""
        exprs = [node]
        if isinstance(node, cst.Name):
            bound = self.r.binding_scope(node.value, self.scope)
            sites = list(bound.bindings.get(node.value, ())) if bound is not None else []
            if not sites or not all(isinstance(i, tuple) and isinstance(i[0], cst.BaseExpression) for i in sites):
                return False
            exprs = [i[0] for i in sites]
        for e in exprs:
            while isinstance(e, cst.Call) and isinstance(e.func, cst.Attribute) and e.func.attr.value in ("fit", "partial_fit"):
                e = e.func.value
            if not isinstance(e, cst.Call):
                return False
            k = _argument(e, 0, "n_clusters") or _argument(e, 0, "n_components")
            if k is None or not self.r.constants(k, self.scope) or \
                    not all(isinstance(v, int) for v in self.r.constants(k, self.scope)):
                return False
        return True

    def fixed(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """A scalar, a constant (a literal, a name of one) or a per-column statistic of a table taken whole."""
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)) or \
                self.r.constants(node, self.scope):
            return True
        if isinstance(node, (cst.List, cst.Tuple)):
            return all(self.fixed(e.value, depth) for e in node.elements)
        if isinstance(node, cst.Call) and self.r.names(node.func, self.scope) & _CONSTANT_ARRAYS and \
                all(a.keyword is not None or self.fixed(a.value, depth) for a in node.args):
            return True  # np.array([0.485, 0.456, 0.406])
        if _column_statistic(node):
            return True  # `x.mean(axis=0)`: one value per column, alike for every row
        if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
            return self.fixed(node.left, depth) and self.fixed(node.right, depth)
        bound = self.bound_exprs(node, depth)
        if bound is not None:
            return all(self.fixed(e, depth + 1) for e, _ in bound)
        return gradients.fixed(self.r, self.scope, node)

    def product(self, node: cst.CSTNode, transposed: frozenset, other: frozenset, st: _State) -> frozenset:
        """`X.T @ v`: a gradient, a Hessian or a Gram matrix by its structure (gradients.py) sums over the
        rows like an aggregate; any other product is reviewed, or is the rows themselves (_product)."""
        needs = gradients.vouched(self.r, self.scope, node, lambda weights: self.weights_taint(weights, st),
                                  self.fn is not None)
        if needs is None:
            return _product(transposed, other)
        if not needs:
            return _vouched(transposed | other)
        # The design matrices are the function's parameters: vouched for at each call that passes some.
        names = {name for name, _ in needs}
        return frozenset(o.but(gradient=needs) if isinstance(o, Param) and o.name in names and not o.gradient
                         else o.but(product=True) if isinstance(o, Origin) and o.kind in (DATA, HOST)
                         else o for o in transposed | other)

    def weights_taint(self, node: cst.BaseExpression, st: _State) -> frozenset:
        """What a weight expression may carry here: now, and whatever its names held earlier in the frame
        (a prediction assigned before the product read them then)."""
        out = self.expr(node, st)
        for name in _names_in(node):
            out |= self.union.get(name, EMPTY)
        return out

    def _e_boolop(self, node: cst.BooleanOperation, st: _State) -> frozenset:
        left = self.expr(node.left, st)
        return left | self.decided(_implicit(left), node.right, st)  # `x[r, 0] > t and send(...)`

    def decided(self, cond: frozenset, node: cst.BaseExpression, st: _State) -> frozenset:
        """An expression that runs only as a test says: what it does carries what decided the test."""
        outer = self.pc
        self.pc = outer | cond
        try:
            return self.expr(node, st)
        finally:
            self.pc = outer

    def _e_unary(self, node: cst.UnaryOperation, st: _State) -> frozenset:
        t = self.expr(node.expression, st)
        if isinstance(node.operator, cst.Not):
            # `not v` is a test of v, as `v == 0` is (_e_compare); of names (files listed, keys), whether
            # there are any, as `len(names) == 0` is (a count)
            names = frozenset(o for o in t if isinstance(o, Origin) and o.minor)
            return _count(names) | frozenset(o.but(mask=True) if isinstance(o, Origin) else o for o in t - names)
        return t

    def _e_compare(self, node: cst.Comparison, st: _State) -> frozenset:
        out = self.expr(node.left, st)
        chosen = not out
        for c in node.comparisons:
            t = self.expr(c.comparator, st)
            chosen = chosen or not t
            out |= t
        # `pred == y` compares the data with itself; `ids == 1042` is a mask the code chose (of a parameter too)
        return frozenset(o.but(mask=True) for o in out) if chosen and out else out

    def _e_ifexp(self, node: cst.IfExp, st: _State) -> frozenset:
        # `1 if x[r, 0] > t else 0` is a bit of the cell
        cond = _implicit(self.expr(node.test, st))
        return cond | self.decided(cond, node.body, st) | self.decided(cond, node.orelse, st)

    def _e_fstring(self, node: cst.FormattedString, st: _State) -> frozenset:
        return self._fstring_parts(node.parts, st)

    def _fstring_parts(self, parts, st: _State) -> frozenset:
        """A replacement field's value and its format spec's own fields (`f"{x:.{digits}f}"`: the
        precision is as much the string's content as x is)."""
        out = EMPTY
        for part in parts:
            if isinstance(part, cst.FormattedStringExpression):
                out |= self.expr(part.expression, st) | self._fstring_parts(part.format_spec or (), st)
        return out

    def _e_concat(self, node: cst.ConcatenatedString, st: _State) -> frozenset:
        return self.expr(node.left, st) | self.expr(node.right, st)

    def _e_sequence(self, node: cst.List | cst.Tuple | cst.Set, st: _State) -> frozenset:
        out = EMPTY
        for el in node.elements:
            out |= self.expr(el.value, st)
        return _pick(_with_flags(out, valued=False))  # `[x]`: a reduction over the list is over its items

    def _e_dict(self, node: cst.Dict, st: _State) -> frozenset:
        out = EMPTY
        for el in node.elements:
            if isinstance(el, cst.DictElement):
                out |= _with_flags(self.expr(el.key, st), valued=False) | \
                    _with_flags(self.expr(el.value, st), valued=True)
            else:
                out |= self.expr(el.value, st)  # `**other`: keeps what it was
        return out

    def _e_comp(self, node: cst.BaseComp, st: _State) -> frozenset:
        inner = st.copy()
        comp = node.for_in
        kept = EMPTY  # `[v for v in x[r] if v > t]`: which elements are there
        whole = None  # what the one loop goes over, when every element is a field of the element it visits
        every = False  # one value computed from each element of rows the code did not choose (accumulate.mapped)
        while comp is not None:
            over = self.iterate(comp.target, comp.iter, inner)
            if comp is node.for_in and comp.inner_for_in is None and not comp.ifs and \
                    not isinstance(node, cst.DictComp) and not any(isinstance(o, Origin) and o.loader for o in over):
                if _projection(node.elt, _target_names(comp.target), self.conversion):
                    whole = over
                else:
                    every = not any(o.part for o in over) and self.maps_every_element(node, inner)
            # `[v for v in x[r] if v > t]`, `[0 for _ in range(int(x[r, 0]))]`: how many elements there are
            for test in [_sized_by_value(over)] + [self.expr(cond.test, inner) for cond in comp.ifs]:
                kept |= frozenset(o.but(mask=True) if isinstance(o, Origin) else o for o in _implicit(test))
            comp = comp.inner_for_in
        if isinstance(node, cst.DictComp):
            out = kept | _with_flags(self.expr(node.key, inner), valued=False) | \
                _with_flags(self.expr(node.value, inner), valued=True)
        elif whole is not None and (taken := _taken_whole(self.expr(node.elt, inner), whole)):
            out = _with_flags(taken, valued=False)  # `[r["label"] for r in rows]`: every row's field, the rows whole
        elif every:  # `[t.item() for t in labels]`: a value of every row, as `out.append(t.item())` for each t
            t = _with_flags(self.expr(node.elt, inner), valued=False)
            each = _each_element(t, over)
            out = _pick(t - each) | _with_flags(_rows_of(each, over), valued=False)
        else:
            out = kept | _pick(_with_flags(self.expr(node.elt, inner), valued=False))
        for name in _walrus_targets(node):  # `[v := r[0] for r in rows]` binds v where the comprehension is
            self.bind(name, inner.env.get(name, EMPTY) | st.env.get(name, EMPTY), st)
        return out

    def _e_named(self, node: cst.NamedExpr, st: _State) -> frozenset:
        t = self.expr(node.value, st)
        self.assign(node.target, t, st)
        return t

    def _e_await(self, node: cst.Await, st: _State) -> frozenset:
        return self.expr(node.expression, st)

    def _e_yield(self, node: cst.Yield, st: _State) -> frozenset:
        value = node.value
        if isinstance(value, cst.From):
            value = value.item
        t = self.expr(value, st)
        # `if x[r, 0] > t: yield 1`: how many it hands out is the test's (counted, looped over: _sized_by_value)
        self.returns = _cap(self.returns | t | frozenset(o.but(mask=True) if isinstance(o, Origin) else o
                                                         for o in self.pc))
        self.generator = True
        return EMPTY

    def _e_lambda(self, node: cst.Lambda, st: _State) -> frozenset:
        """A lambda is what its body reads (its closure): calling it, or mapping it, hands that out. One
        handed on as a value (in a container, to a call, or bound to a name read as a value) is called with
        what the gate cannot follow: its body runs once more with such parameters, for its sinks."""
        inner = st.copy()
        for p in _params(node):
            inner.env[p.name.value] = EMPTY
        out = self.expr(node.body, inner)
        if _params(node) and self.flow.lambda_handed_on(node):
            passed = frozenset({Origin(UNKNOWN, "what a call the gate cannot follow passes a lambda", node, id(node),
                                       logged=True)})
            inner = st.copy()
            params = {p.name.value for p in _params(node)}
            for name in params:
                inner.env[name] = passed
            self.expr(node.body, inner)
            for name, t in inner.env.items():  # what its body put into the enclosing names (`rows.extend(b)`)
                if name not in params and name in st.env and not t <= st.env[name]:
                    self.bind(name, st.env[name] | t, st)
        return out

    def _e_starred(self, node: cst.StarredElement, st: _State) -> frozenset:
        return self.expr(node.value, st)

    # -- calls

    def _e_call(self, node: cst.Call, st: _State) -> frozenset:
        out = self.call(node, st)
        reads = self.file_names(node, self.flow.static[id(node)])[0]
        if reads:
            out = out | self.read_back(reads)
        inplace = _argument(node, 99, "inplace")
        if inplace is not None and isinstance(node.func, cst.Attribute) and out and \
                not (isinstance(inplace, cst.Name) and inplace.value == "False") and \
                not any("()" not in n for n in self.r.names(node.func.value, self.scope)):
            # `df.drop(index=df.index[1:], inplace=True)`, `df.query(q, inplace=True)`: the frame now holds
            # what the call would have returned (pandas' inplace methods; not a module's or class's function,
            # `F.relu(x, inplace=True)`)
            self.store_into(node.func.value, out, st, keep_valued=True)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in _PROP_READS:
            out = out | self.flow.field(PROPS)  # `fl_ctx.get_prop(k)`: what a method stored (Frame.call)
        return out | self.handed.pop(id(node)) if id(node) in self.handed else out

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
        from ..detectors.paths import PathFolder  # the detectors import this module

        # `fh.write(x)`, `json.dump(x, fh)`: where the handle was opened, every file the name may hold the
        # handle of (`fh` opened to write, then again to read the file back)
        opened = [path for v, _ in PathFolder.of(self.r).bound(dest, self.scope)
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
        from ..detectors.paths import UNKNOWN as RUNTIME, PathFolder  # the detectors import this module

        out = set()
        for p in PathFolder.of(self.r).fold(path, self.scope):
            last = p.rstrip("/").rsplit("/", 1)[-1].lower()
            out.add("*" if not last or RUNTIME in last or last.startswith(("<", "${")) else last)
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
        for name in names - {"*"} if program is not None else ():
            for other in program.mentioning(name, self.r.path):
                if other is self.r or not may_hold_data(other):
                    continue
                flow = flow_of(other)
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

    def passed_sinks(self, fn: cst.FunctionDef, exprs: dict, subst, call: cst.Call) -> None:
        """A send or log function the call passes for a parameter that the function calls (note_param_call):
        what it calls it with leaves the site."""
        home = self.flow.home(fn)
        for name, arg in exprs.items():
            names = self.r.names(arg, self.scope)
            sink = next((n for n in sorted(names) if _UPDATE_CALLS(n) or _LOG_CALLS(n)), None)
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
                self.flow.record(UPDATE if _UPDATE_CALLS(sink) else LOG, sink, call, given, self)

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
            fns = self.flow.called_of[classes] = protocol.of_classes(self.flow, classes, flow_for=flow_of,
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
        for i, (a, inner_sink) in enumerate(zip(node.args, c.inner_sinks)):
            # `eval_set([(dvalid, "valid")])`: each dataset as if passed alone (no list that wraps it)
            t = self.expr(a.value, st) if not (c.pairs and i == 0) else \
                EMPTY.union(*(self.expr(e.value, st) for pair in a.value.elements for e in pair.value.elements))
            if library and _objects(t):
                t = t | self.object_fields(_objects(t))
            if not inner_sink:
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
            positional = [_pick(t) for t in positional]
            keywords = {k: _pick(t) for k, t in keywords.items()}
            extra = _pick(extra)
        args = extra
        for t in positional:
            args |= t
        for t in keywords.values():
            args |= t
        recv = self.expr(receiver, st) if receiver is not None else self.expr(func, st)
        if (self.raising or self.fn is not None) and (method in _ECHOING_METHODS or any(map(_ECHOING_CALLS, names))):
            self.note_echo(args | recv)  # `int(cell)`: "invalid literal for int() with base 10: 'J. Smith'"
        for a in node.args:
            self.handed_method(a.value, args, st)
        self.handed_writer(node, args, st)
        looked_up = _looked_up_method(func, self.r, scope)
        if looked_up is not None:  # `getattr(meta, "up" + "date")(row=x)` stores as `meta.update(row=x)` does
            self.handed_method(cst.Attribute(value=looked_up[0], attr=cst.Name(looked_up[1])), args, st)
        if self.fn is not None and isinstance(func, cst.Name) and not names and (outgoing or self.pc):
            self.note_param_call(func.value, outgoing | self.pc)

        if c.sink is not None:
            kind, sink = c.sink
            # what a frame writer writes is its receiver (`df.to_csv(sys.stdout)`), wherever it goes
            sent = outgoing | recv if (method == "to_shareable" and kind == UPDATE) or kind == FILE or \
                method in _FRAME_WRITERS else outgoing
            sent = sent | self.pc  # whether it is sent at all
            if kind == LOG and self.handling and _logs_traceback(node, names, method):
                sent = sent | self.handling[-1]  # `log.exception(...)` in a handler: the exception's message too
            if sent:
                self.flow.record(kind, sink, node, sent, self)
        if shown:
            self.flow.record(LOG, "a progress bar's text", node, shown | self.pc, self)
        reads, writes = self.file_names(node, c)
        if writes:
            # whether the file is written at all (its size, that it is there) is what decided the branch
            self.note_written(writes, (outgoing | recv if method in _FRAME_WRITERS else outgoing) | self.pc)
        if method in _PROP_STORES and args:
            self.store_props(args)
        if method == "backward" and receiver is not None:
            self.write_params(_raw_in_loss(recv))
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
            for ref in c.refs:
                out |= self.apply(ref, node, positional, keywords, extra, c.bound, st)
                if c.bound and id(ref) in self.flow.homes:
                    # a method of another module's class: what this module built the object with is not in
                    # that module's fields, so what the object holds may come back (`ds.get_batch(idx)`), and
                    # of a dataset any of its rows (`float(ds.label(3))` is one record's, no reduction)
                    out |= _instances(recv) | _strip_params(recv) | _pick(self.dataset_rows(recv))
            if len(c.refs) > 1:
                self.call_parts.pop(id(node), None)
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
        if c.source is not None:
            held = EMPTY.union(*positional[:1], *(t for k, t in keywords.items() if k in _DATASET_ROWS))
            if isinstance(c.source, Origin) and c.source.loader and \
                    any(o.part and o.kind == DATA for o in _strip_params(args)):
                # a loader of rows the code chose hands out rows; of a batch size they chose
                # (`batch_size=int(x[r, 0])`), as many batches as the value says (len(loader), its loop)
                size = keywords.get("batch_size", positional[1] if len(positional) > 1 else EMPTY)
                told = frozenset(o for o in _strip_params(size) if o.part and o.kind == DATA)
                return frozenset({c.source.but(loader=False)}) | _sized(told)
            if isinstance(c.source, Origin) and any(o.part and o.kind == DATA for o in _strip_params(held)):
                return frozenset({c.source.but(part=True, each=False)})  # `xgb.DMatrix(x[r:r + 1])`: those rows, not the whole
            weight = _argument(node, 99, "weight")
            if isinstance(c.source, Origin) and weight is not None and \
                    not (isinstance(weight, cst.Name) and weight.value == "None") and not _one_number(weight, self.r, self.scope):
                return frozenset({c.source.but(part=True, each=False)})  # `DMatrix(x, label=y, weight=one_hot)`: the weights choose
                #                                               the rows every metric of it counts (red team 8)
            return frozenset({c.source})
        if c.foreign is not None:
            return self.foreign_call(c.foreign, node, method, recv, args)
        role = c.role
        if role == "exception" and self.handling:
            return self.handling[-1]  # traceback.format_exc(): the exception being handled

        # Writes into a model's parameters or buffers travel in its state_dict().
        if role == "inplace-call" or (role == "inplace" and (
                method in ("register_buffer", "register_parameter", "load_state_dict")
                or self.param_alias(receiver, fields=True))):
            self.write_params(args)
            if receiver is not None:
                self.store_into(receiver, args, st)
            return recv
        if role == "inplace" and receiver is not None and args:
            self.store_into(receiver, args, st)  # `t.copy_(rows)`, `buf.add_(x)`: the receiver holds them now
            return recv | args
        if "out" in keywords and (out := _argument(node, 99, "out")) is not None:
            self.store_into(out, args - keywords["out"], st)  # `np.add(a, rows, out=a)`
        if role == "inplace-function":
            # torch.nn.init.constant_(net.bias, v): the other arguments are written into the first
            target = node.args[0].value
            written = extra | frozenset().union(*keywords.values(), *positional[1:])
            if self.param_alias(target, fields=True):
                self.write_params(written)
            self.store_into(_as_store(target), written, st)
            return (positional[0] if positional else EMPTY) | written
        design = positional[0] if positional else keywords.get("X", keywords.get("x"))
        if method in ("fit", "partial_fit") and receiver is not None and design is not None and \
                not any(isinstance(o, Param) or o.kind in (DATA, UNKNOWN) for o in design):
            # a design that holds none of the site's data (`fit(np.eye(n), y)`): the coefficients are a
            # function of the targets alone, and with as many coefficients as rows they are the targets
            memorized = frozenset(o.but(memorized=True) for o in _strip_params(args - design) if o.kind == DATA)
            self.store_into(receiver, memorized, st)
            recv = recv | memorized
        if method in ("fit", "partial_fit") and receiver is not None and design is not None:
            # a design with a column that compares the site's data with a value the code chose (`ids == 1042`):
            # its coefficient is that row's target less the rest's mean, whatever the table's size (red team 17)
            chosen = frozenset(o.but(kind=UNKNOWN, statistic=True, what=f"the coefficients of a fit on a design "
                                     f"holding a comparison with a value the code chose (from {o.what})")
                               for o in _strip_params(design) if o.kind == DATA and o.mask)
            if chosen:
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
            self.store_into(receiver, seen, st, trained=True)
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
            return _model_state(recv) | self.flow.field(PARAMETERS) | given
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
        if role == "mutator" and args:
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
        if called:
            recv = _predict(recv)  # `model(x)`: predictions of x, whoever built the model
            self.write_params(_trained_on(inputs))
            if c.library and not c.view and not c.applies:  # the variables are in what the model returns
                args = frozenset(o for o in args if not _secret(o))  # a token passed to a download is not in its result
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
        elif not c.keeps_rows or self.uneven_operand(node, names, method, recv, positional, keywords) or \
                (c.library and self.against_selector(node, positional, keywords)):
            out = _pick(out)  # no conversion, no prediction: rows it may have chosen
        elif names & gradients.STACKS:
            out = frozenset(o.but(part=False) for o in out)  # a design taken whole by the grammar, list and all
        elif method in _BATCHING_METHODS:  # `ds.batch(32)`: every row, handed out in batches
            out = frozenset(o.but(loader=True) if isinstance(o, Origin) and o.kind == DATA else o for o in out)
        if method in _COMPARISON_METHODS and recv and not args and node.args:
            out = frozenset(o.but(mask=True) for o in out)  # `ids.eq(1042)`: as `==`
        if any(_SELECTOR_CALLS(n) for n in names) or (method in _SELECTOR_METHODS and recv):
            out = _bumped(out)  # `torch.exp(-(ids - 1042) ** 2)`, `(ids - 1042).abs()`: a soft `ids == 1042`
        if called:
            out = _unshifted(out)  # a model's predictions: no longer the values moved by a number
        if c.called or held:  # what the job's __call__/forward returns is judged by its body, never picked again
            out = out | self.called_object(c.called + held, node, inputs, keywords, extra, st)
        if c.passed is not None:
            out = out | self.call_passed(c.passed, node, inputs, keywords, extra, st)
        if c.metric_object:
            out = _review(out, "a loss or metric object the gate cannot see")  # criterion = SomeLoss(); criterion(out, y)
        if c.builds or c.seeds:
            # `nn.Linear(int(x[r, 0]), 1)`, `SGD(ps, lr=cell)`, `torch.manual_seed(cell)`: the state shows it
            held = frozenset(o for o in _strip_params(args) if o.kind in (DATA, HOST, SECRET) or o.statistic)
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
        written = args.union(*writes.values())
        for v in handed:
            if id(v) in writes:
                continue
            for target in [e.value for e in v.elements] if isinstance(v, (cst.List, cst.Tuple, cst.Set)) else [v]:
                self.store_into(_as_store(target), written, st)
                if self.param_alias(target):
                    self.write_params(written)

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
        out = EMPTY
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
                what = self.flow.module.code_for_node(item)[:60]
                out |= {Origin(UNKNOWN, f"the job's callback {what}, which a library trainer runs on its evaluation",
                               item, id(item))}
        return frozenset(o.but(callback=True) if isinstance(o, Origin) else o for o in out)

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
                return _size(t - cells) | _reduce(cells)
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "count" and positional:
                # `[1, 2, 3].count(v)`: how many elements equal v is a test of v, as `v in {1, 2, 3}` is
                given = EMPTY.union(*positional)
                return _size(t - given) | _size(frozenset(o.but(mask=True) if isinstance(o, Origin) else o
                                                          for o in given))
            if self.counts_values(node):
                # distinct or present values (`rows.nunique()`, `np.count_nonzero(v)`) test each value: of the
                # table taken whole an aggregate, of two rows the code chose whether they are alike
                return _reduce(t)
            return _size(t)
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
            if edges is None or self.few(edges, count=True):
                return _reduce(t - given) | given
            return _reduce(_pick(t - given)) | given  # as many bins as values: a statistic (Frame.few)
        if role == "reduction":
            return _reduce(t)
        # "statistic": per group, weighted, distinct values, an axis it cannot read; cluster indices of the rows
        # taken whole counted (`np.bincount(km.labels_)`) are the clusters' sizes
        counted = frozenset(o for o in t if isinstance(o, Origin) and o.assigned and not o.part)
        return _reduce(_pick(t - counted))

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
            return self.expr(fn.body, inner)
        finally:
            self.flow.leave_lambda(key)

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
        if summary.holds and home is self.flow:
            self.holds_at[id(call)] = [n for p in sorted(summary.holds) if p in exprs for n in self.held(exprs[p])]

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
            if not o.gradient or not t:
                return t
            ok = vouched.get(o.gradient)
            if ok is None:
                ok = vouched[o.gradient] = gradients.satisfied(self.r, self.scope, o.gradient, exprs)
            return _vouched(t) if ok else _with_flags(t, product=True)

        shares: dict[Param, list] = {}  # parameter -> what subst adds for it (the same at every use)

        def share(o: Param) -> list:
            """What the call passes for a parameter, after what the function did to it, as subst adds it:
            (True, a set to add) or (False, one value)."""
            pieces: list = []
            if o.keyed and not o.path:
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

        def subst(t: frozenset) -> frozenset:
            if Param not in map(type, t):
                return t
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
            return frozenset(out)

        self.passed_sinks(fn, exprs, subst, call)
        # a summary's sinks are many (every sink its callees reach), over few parameters: each substituted once
        passed_to_sink: dict[Param, frozenset] = {}
        for kind, sink, node, param in summary.sinks:
            t = passed_to_sink.get(param)
            if t is None:
                t = passed_to_sink[param] = subst(frozenset({param}))
            if t:  # a sink in another module is reported at this call, where the value comes from
                self.flow.record(kind, sink, node if home is self.flow else call, t, self)
        if summary.mutates:
            # `fill(d, rows)` with `d["x"] = rows` inside: the caller's `d` now holds rows.
            plain_args = [a.value for a in call.args if a.keyword is None and not a.star]
            for i, p in enumerate(plain):
                extra_t = summary.mutates.get(p.name.value)
                if extra_t and i < len(plain_args):
                    self.store_into(_as_store(plain_args[i]), subst(extra_t), st)
                    if self.param_alias(plain_args[i]):  # `fill(net.bias)` with `p.copy_(rows)` inside
                        self.write_params(subst(extra_t))
            for p in left_out:  # the default object keeps what is stored into it for the next call
                extra_t = summary.mutates.get(p.name.value)
                if extra_t:
                    home.join(GLOBALS, _default_key(fn, p), _strip_params(subst(extra_t)))
        if summary.parts is not None:
            self.call_parts[id(call)] = [_map_part(part, subst) for part in summary.parts]
        self.flow.mark_called(fn)
        self.note_raise(subst(summary.raises), call)
        self.note_echo(subst(summary.echoes))  # `def parse(v): return int(v)` called in a try
        # caught here or by a caller, whether it raised decides what runs next (uncaught, it ends the job)
        self.note_raised_when(subst(summary.raised_when))
        if summary.writes_params:
            self.write_params(subst(summary.writes_params))
        if summary.props:
            self.store_props(subst(summary.props))
        defaults = {p.name.value: p.default for p in params if p.default is not None}
        many = [p for p, count in sorted(summary.few) if not self.few(exprs.get(p, defaults.get(p)), count)]
        if many:  # `summary(v, np.linspace(0, 1, n))`: the helper's quantiles are the column, sorted
            return subst(summary.returns) | {Origin(UNKNOWN, f"a statistic of the site's data with as many values as "
                                                             f"{fn.name.value}() is asked for ({', '.join(many)})",
                                                    call, id(call), statistic=True)}
        for name, t in summary.free.items():  # `grab(x)` with `rows.extend(b)` inside: the module's rows
            held = _strip_params(subst(t))
            if name.startswith(_FILE_KEY):  # a file is the same file from any module (Frame.note_written)
                self.flow.join(GLOBALS, name, _review(held, "written to a file and read back"))
            elif home is self.flow:
                self.flow.join(GLOBALS, name, held)
            elif held and any(isinstance(v, tuple) for v in home.r.root.bindings.get(name, ())):
                # `utils.remember(k, rows)` with `CACHE[k] = value` there: another module of the job holds it
                # now, and may send it, as a store into its value here would (Frame.store_into); a name the
                # module binds to a value, not one it imports (`np.append(...)` stores nothing into numpy)
                self.flow.record(UPDATE, f"{name}, a value of another module of the job", call,
                                 _review(held, "stored into another module of the job"), self)
        for key, t in summary.fields.items():
            given = subst(t)  # `Helper(df)` with `self.df = df` in __init__: the field holds the site's data
            concrete = _strip_params(given)
            self.flow.store_field(key, concrete)
            if self.is_method and given is not concrete:
                self.field_params[key] = _cap(self.field_params.get(key, EMPTY) | (given - concrete))
        return subst(summary.returns)

    def source(self, node: cst.Call, names: set[str], method: str | None,
               receiver: cst.BaseExpression | None) -> Origin | None:
        for n in sorted(names):
            if n in _OPEN_CALLS or n.endswith((".read_text", ".read_bytes")):
                if _writes(node, n):
                    return None
                path = node.args[0].value if node.args and not n.endswith(("read_text", "read_bytes")) else receiver
                if self.temp_files.object_of(path) is not None:
                    return None  # a fresh temporary file of the function's model: what the save stored (tempfiles.py)
                kind = self._path_kind(path)
                if kind == UNKNOWN_PATH:
                    # A file at a path the code does not name is of unknown provenance; a parameter's path
                    # is judged where the function is called.
                    if self.fn is not None and isinstance(path, cst.Name) and \
                            any(p.name.value == path.value for p in _params(self.fn)):
                        return Param(path.value, path=True)
                    return Origin(UNKNOWN, f"a file read with {n.removeprefix('builtins.')} at a path the code "
                                           f"does not name", node, id(node), logged=True)
                return Origin(kind, n, node, id(node)) if kind is not None else None
            if _SECRET_CALLS(n):
                return Origin(SECRET, n, node, id(node))
            if _ENVIRON_READERS(n):
                return self.environ_variable(node.args[0].value if node.args else None, node)
            if _HOST_IDENTITY(n):
                return Origin(UNKNOWN, f"the host's name ({n})", node, id(node), text=True)
            if _SITE_SETTINGS(n):
                return Origin(UNKNOWN, f"a setting of the site ({n})", node, id(node), text=True)
            if _SOURCE_CALLS(n) or _FILE_LISTS(n):
                if n in _MODEL_OR_DATA:
                    kind = self._path_kind(node.args[0].value if node.args else None, model_ok=True)
                    if kind is None or (n == "torch.load" and kind != DATA):
                        return None  # a checkpoint or pretrained weights, not the site's data
                # A datalist (monai) or a folder's listing is a list of file names: counted in the update,
                # not in the log.
                return Origin(DATA, n, node, id(node), minor=bool(_FILE_LISTS(n)), loader=bool(_BATCH_SOURCES(n)))
            if self.flow.job_dataset(n):
                return Origin(DATA, n[8:], node, id(node))
            if n.startswith(".") or ("." in n and not _known_lib(n)) or n.startswith("<class>."):
                last = n.rsplit(".", 1)[-1]
                if _LOADER_NAME(last):
                    return Origin(DATA, n.lstrip("."), node, id(node), part=_JOB_PARTITIONED(n) and
                                  not self.hub_dataset(_argument(node, 99, "dataset")) and
                                  not sitecount.site_counted(self.r, self.scope, node))
        if method in ("read_text", "read_bytes") and not names:
            kind = self._path_kind(receiver)
            return Origin(kind, f".{method}()", node, id(node)) if kind in (DATA, HOST, SECRET) else None
        if method in _ENVIRON_VIEWS and receiver is not None and \
                "os.environ" in self.r.names(receiver, self.scope):
            return Origin(HOST, "os.environ", node, id(node))
        if not names and isinstance(node.func, cst.Name) and _LOADER_NAME(node.func.value):
            return Origin(DATA, node.func.value, node, id(node))
        return None

    def hub_dataset(self, name: cst.BaseExpression | None) -> bool:
        """A dataset named by a literal hub id (public rows), not a folder or a name given at run time."""
        values = self.r.values(name, self.scope) if name is not None else ()
        return bool(values) and all(isinstance(v, Const) and isinstance(v.value, str) and _HUB_ID(v.value)
                                    for v in values)

    def environ_variable(self, name: cst.BaseExpression | None, node: cst.CSTNode) -> Origin:
        """One environment variable read by name: a secret when the name says so (AWS_SECRET_ACCESS_KEY,
        HF_TOKEN), else a setting of the site, of unknown provenance: a text (a data folder's path, an address)
        that float()/int() keeps, unless every name it may be is one a launcher sets to a number (LOCAL_RANK)."""
        names = [c for c in self.r.constants(name, self.scope) if isinstance(c, str)] if name is not None else []
        if any(_SECRET_ENV(c) for c in names):
            return Origin(SECRET, f"os.environ[{next(c for c in names if _SECRET_ENV(c))!r}]", node, id(node))
        what = f"the environment variable {names[0]}" if len(names) == 1 else "an environment variable"
        numeric = bool(names) and len(names) == len(self.r.values(name, self.scope)) and all(map(_NUMERIC_ENV, names))
        return Origin(UNKNOWN, what, node, id(node), text=not numeric)

    def _path_kind(self, path: cst.BaseExpression | None, model_ok: bool = False) -> str | None:
        """DATA for the site's data, HOST for other files of the host, None for the job's own config
        (or, with model_ok, for a checkpoint: `torch.load("best_model.pt")`); UNKNOWN_PATH when nothing
        says what the file is."""
        if path is None:
            return HOST
        texts = [self.flow.module.code_for_node(path)]
        # One step back through names: `p = os.path.join(root, "x.csv"); open(p)`.
        for sub in _names_in(path):
            s = self.scope
            while s is not None and sub not in s.bindings:
                s = s.parent
            if s is not None:
                for item in list(s.bindings[sub])[:4]:
                    if isinstance(item, tuple) and isinstance(item[0], cst.CSTNode):
                        texts.append(self.flow.module.code_for_node(item[0])[:400])
            texts.append(sub)
        files = []
        for c in self.r.constants(path, self.scope):
            if isinstance(c, str):
                texts.append(c)
                files.append(c.rsplit("/", 1)[-1])
        if any(_CREDENTIAL_FILE(t) for t in texts):
            return SECRET
        if any(_HOST_PATH(t) for t in texts):
            return HOST
        if model_ok and any(_MODEL_PATH(t) for t in texts) and not any(_DATA_PATH(t) for t in texts):
            return None
        if model_ok:
            # The file's own name decides over its folder: `/tmp/nvflare/data/cifar10/cifar_net.pth` is weights.
            files += [f.rsplit("/", 1)[-1] for t in texts for f in _QUOTED_FILE.findall(t)]
            files = [f for f in files if "." in f]
            if files and all((_MODEL_FILE(f) or _MODEL_PATH(f)) and not _DATA_PATH(f)
                             for f in files):
                return None
        if any(_CONFIG_PATH(t) for t in texts) and self._job_file(path, texts):
            return None
        if any(_DATA_PATH(t) for t in texts):
            return DATA
        return HOST if model_ok else UNKNOWN_PATH

    def _job_file(self, path: cst.BaseExpression, texts: list[str]) -> bool:
        """Whether a path can only name a file of the job's own: every value it folds to is relative and never
        climbs (`config.json`, `os.path.join(os.path.dirname(__file__), "params.yaml")`, also through a name
        bound to the folder: `texts`, _path_kind). A config's suffix does not make `/data/site/notes.txt` or a
        name the run time gives the job's own."""
        values = [c for c in self.r.constants(path, self.scope) if isinstance(c, str)]
        anchored = any("__file__" in t for t in texts) and \
            not any(".." in t or _ABSOLUTE_LITERAL.search(t) for t in texts)  # join(HERE, "/data/x.txt") is /data
        if not values and not anchored:
            return False
        return all(not v.startswith(("/", "~")) and ".." not in v.split("/") for v in values)

    def parameter(self, func: cst.BaseExpression) -> bool:
        """Whether a called name is a parameter of the function or lambda that binds it."""
        if not isinstance(func, cst.Name):
            return False
        s = self.r.binding_scope(func.value, self.scope)
        return s is not None and isinstance(s.node, (cst.FunctionDef, cst.Lambda)) and \
            any(p.name.value == func.value for p in _params(s.node))

    def called_parameter(self, func: cst.BaseExpression, method: str | None) -> "Passed | None":
        """What the job's calls pass for a parameter the call runs (`model(x)`, `model.forward(x)`), but a
        method's first (the object)."""
        name = func if method is None else func.value if method in protocol.CALLED else None
        if not isinstance(name, cst.Name):
            return None
        s = self.r.binding_scope(name.value, self.scope)
        if s is None or not isinstance(s.node, (cst.FunctionDef, cst.Lambda)) or \
                all(p.name.value != name.value for p in _params(s.node)) or _bound_first(s, name.value):
            return None
        return self.flow.passed(s, name.value)

    def passed_methods(self, receiver: cst.BaseExpression, method: str) -> list[cst.FunctionDef]:
        """`def deliver(m): m.state_dict()`: the methods of that name of the job's classes whose objects the job's
        calls pass for the parameter (Flow.passed), whatever a library's method of that name does."""
        passed = None if method in protocol.CALLED else self.called_parameter(receiver, None)
        out: list[cst.FunctionDef] = []
        for q in sorted(passed.classes) if passed is not None else ():
            out += [fn for fn in self.members(q, method)[0] if fn not in out]
        return out

    def call_facts(self, node: cst.Call) -> "_CallFacts":
        """What a call is, whatever flows into it: computed once per call site."""
        func = node.func
        scope = self.scope
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        receiver = func.value if isinstance(func, cst.Attribute) else None
        names = self.r.names(func, scope)
        inner = tuple(isinstance(a.value, cst.Call) and any(_UPDATE_CALLS(n) for n in self.r.names(a.value.func, scope))
                      for a in node.args)
        values = self.r.values(func, scope)
        refs = [v.node for v in _functions(values) if self.flow.own_function(v)] or self.flow.linked(values)
        refs += self.flow.registered(refs)
        # a method of another module's class called on an instance (`Rows().fetch(p)`): `self` is bound
        bound = method is not None and not self.flow.linked_methods.isdisjoint(id(fn) for fn in refs)
        if not refs and method is not None:
            if isinstance(receiver, cst.Name) and receiver.value in ("self", "cls"):
                refs = self.flow.methods.get(method, [])
            else:  # `h = Helper(df); h.state_dict()`: Helper's own state_dict, whatever it is called
                refs = self.flow.own_methods(names, method) or self.passed_methods(receiver, method)
            bound = bool(refs)
        facts = _CallFacts(names, method, receiver, inner, self.sink_of(node, names, method, receiver), refs, bound)
        facts.protocol = protocol.of_classes(self.flow, names, flow_for=flow_of)
        facts.applies = _applies_model(node, names)
        # `def evaluate(model, v, x): model.apply(v, x)` runs what the callers pass, as `model(x)` does
        param = facts.passed = self.called_parameter(func, "__call__" if facts.applies else method)
        if method is None or _object_call(func, names, self.flow):
            # `model(x)`, `self.head(x)` of an object of the job's class: its __call__/forward runs on x
            facts.called = protocol.of_classes(
                self.flow, {n[:-2] for n in names if n.startswith("<class>.") and n.endswith("()")},
                flow_for=flow_of, only=protocol.CALLED)
            unnamed = not names and not self.parameter(func)
            if unnamed or any(n.startswith(_MODULE_HOLDERS) for n in names):
                # an object no name ties to a class (an item of a ModuleList a loop calls, a class picked from a
                # dict) or a library container or wrapper of modules: it may run any job module the module hands
                # where no name follows it, not only predictions of the input (a parameter: what its callers pass)
                known = {id(fn) for fn, _ in facts.called}
                facts.called = facts.called + [(fn, home) for fn, home in self.flow.escaped_called
                                               if id(fn) not in known]
            if unnamed and self.flow.handed_functions:
                # or a function or lambda the module reads as a value (`for fn in STEPS.values(): fn(x)`)
                facts.passed = Passed(functions=self.flow.handed_functions)
        if param is not None:
            # `def evaluate(model, x): model(x)`: the __call__/forward of what the job's calls pass for the
            # parameter, whatever its annotation says (a name the author chose)
            known = {id(fn) for fn, _ in facts.called}
            for fn, home in protocol.of_classes(self.flow, sorted(param.classes), flow_for=flow_of,
                                                only=protocol.CALLED) + param.escaped:
                if id(fn) not in known:
                    known.add(id(fn))
                    facts.called.append((fn, home))
        if method is None or param is not None or _object_call(func, names, self.flow):
            facts.rebound = (param is not None or any(n.endswith("()") for n in names)) and any(
                h.rebinds_called for h in (self.flow, *(home for _, home in facts.called)))  # an object called
        if any(_PROGRESS_BARS(n) for n in names):
            facts.bar_text = frozenset(i for i, a in enumerate(node.args) if (a.keyword is None and i == 1 and not a.star)
                                       or (a.keyword is not None and a.keyword.value in _BAR_TEXT))
        written = self.writer(node, names, method, receiver)
        if written is not None and self.memory_buffer(written[1]):
            facts.buffer = written[1]
        elif written is not None and _writes_handle(names, method):
            facts.handle = written[1]
        facts.lambdas = tuple(v.node for v in _functions(values) if isinstance(v.node, cst.Lambda)
                              and id(v.node) in self.r.scope_of)
        if names & _WRAPPERS and isinstance(func, cst.Attribute):
            # a library function wrapped (`importer = staticmethod(__import__)`) is left to the steps below, as before;
            # an object a library call made (`staticmethod(itemgetter(1042))`, `staticmethod(partial(f))`,
            # `staticmethod(staticmethod(f))`) is no function the steps know: call_wrapped does not follow it
            facts.wrapped = tuple((v, cls) for v, cls in self.r.wrapped(func, scope)
                                  if not isinstance(v, str) or v.endswith("()"))
        if refs or facts.lambdas or facts.wrapped or "builtins.setattr" in names:
            # the rest is never asked: the call is the module's own code, or also a closure another module of
            # the job made (`@tagged(extra)` with `tagged` elsewhere), which is not followed
            facts.foreign = self.flow.elsewhere(frozenset(v for v in values if not (
                isinstance(v, FuncRef) and v.node in refs)))
            return facts
        # Each step below is asked only when the one before did not decide (see _e_call).
        facts.inits = self.flow.constructors(names)
        if names and all(self.flow.job_class(n) for n in names):
            facts.built = tuple(sorted(names))
        facts.source = self.source(node, names, method, receiver)
        if facts.source is not None:
            return facts
        facts.foreign = self.flow.foreign(names) or self.flow.elsewhere(self.r.values(func, scope))
        if facts.foreign is None and not names and isinstance(func, cst.Name) and not self.bound(func.value):
            facts.foreign = func.value  # a name with no binding in the module (injected, star-imported)
        if facts.foreign is not None:
            return facts
        # `self.norm(x)` of a field holding torch.nn.LayerNorm() calls the module: no method `norm` of a tensor
        module = bool(names) and all(n.endswith("()") and _MODULE_CLASSES(n[:-2]) for n in names)
        facts.role = self.role(node, names, None if module else method, receiver)
        # an item of a torch container of modules is a module: `self.parts["head"](x)` is a model's call
        facts.object_call = _object_call(func, names, self.flow) or (isinstance(func, cst.Subscript) and any(
            n.startswith(_MODULE_CONTAINERS) for n in self.r.names(func.value, scope)))
        facts.view = any(_VIEWS(n) for n in names)
        facts.library = bool(names) and all(_known_lib(n) for n in names)
        facts.keeps_rows = facts.applies or self.keeps_rows(node, names, method, facts.object_call)
        if any(_LIBRARY_TRAINERS(n + "()") for n in names):
            facts.callbacks = tuple(_callback_items(node))
        # a loss or metric object the gate cannot see, by its class's name; never one whose __call__/forward the
        # flow follows (facts.called: `class RunningMetric: __call__ -> x[1042:1043]`, a name the author chose)
        facts.metric_object = method is None and not facts.called and any(
            n.endswith("()") and _METRIC_NAME(n[:-2].rsplit(".", 1)[-1]) for n in names)
        facts.pairs = any(_EVALUATION_PAIRS(n) for n in names) and _evaluation_pairs(node)
        facts.sized = bool(names & _SIZED_BY_VALUE)
        facts.builds = any(_MODEL_BUILDERS(n) for n in names)
        facts.seeds = any(_SEEDERS(n) for n in names)
        facts.draws = any(_RANDOM_DRAWS(n) for n in names)
        return facts

    def role(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """What a library call does to what flows through it, by its resolved name or method."""
        if any(_EXCEPTION_READERS(n) for n in names):
            return "exception"
        if any(_INPLACE_CALLS(n) for n in names):
            return "inplace-call"
        if any(_INPLACE_FUNCTIONS(n) for n in names) and node.args and node.args[0].keyword is None \
                and not node.args[0].star:
            return "inplace-function"
        if method is not None and receiver is not None and _INPLACE_METHODS(method):
            return "inplace"
        if method in ("fit", "partial_fit") and receiver is not None and \
                any(_ROW_KEEPING(n) for n in self.r.names(receiver, self.scope)):
            return "fit-keeps-rows"
        objective = self.job_objective(node, names, method, receiver)
        if objective is not None:
            return objective
        if node.args and tempfiles.saver(node, self.saver_names(node)) and \
                self.temp_files.object_of(node.args[0].value) is not None:
            return "temp-save"
        if method in _MODEL_STATE and not (receiver is not None and self.table(receiver)):
            if method == "eval" and node.args:
                return "metric"  # `bst.eval(dmatrix)` scores what it is given, `net.eval()` hands back the model
            return "model-state"  # on a table, `eval`/`fit`... are its own (`df.eval(expr)` computes over rows)
        if any(_LIBRARY_FITS(n) for n in names):
            return "library-fit"
        if any(_ROW_LOOKUPS(n) for n in names):
            return "lookup"
        if any(_KEYED_ENCRYPTORS(n) for n in names) and node.args and node.args[0].keyword is None \
                and not node.args[0].star:
            return "keyed"
        summary = self.summary_role(node, names, method, receiver)
        if summary is not None:
            return summary
        if method == "item":
            return "item"
        if method == "keys" and not node.args:
            return "keys"
        if names & _MATMUL and node.args and _transposed(node.args[0].value):
            return "product-call"
        if method in ("dot", "matmul") and receiver is not None and _left_transposed(receiver):
            return "product-method"
        if any(n in _SCALARS for n in names):
            return "scalar"
        if method == "apply" and receiver is not None and len(node.args) == 1 and node.args[0].keyword is None and \
                isinstance(node.args[0].value, cst.Lambda) and len(_params(node.args[0].value)) == 1:
            return "apply-lambda"
        if method in _MUTATORS and receiver is not None and \
                not any(n.startswith(_MODEL_LIBS) for n in self.r.names(receiver, self.scope)) and \
                not self.library_parameter(receiver):
            return "mutator"
        return None

    def library_parameter(self, node: cst.BaseExpression) -> set[str]:
        """What every call of the module passes a parameter, never rebound, when each is a model library's
        object (`def boost(bst, d): bst.update(d, i)` called as `boost(xgb.Booster(), d)`): its methods named
        like a list's or a dict's are the library's, as on the object itself (`bst.update(dtrain, i)` is a
        boosting step). Empty otherwise."""
        if self.fn is None or not isinstance(node, cst.Name) or self.scope.bindings.get(node.value) or \
                all(p.name.value != node.value for p in _params(self.fn)):
            return set()
        out: set[str] = set()
        for arg, where in arguments.passed(self.r, self.scope, node.value) or ():
            names = self.r.names(arg, where)
            if not names or not all(n.startswith(_MODEL_LIBS) for n in names):
                return set()
            out |= names
        return out

    def job_objective(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """Library training handed the job's own objective or gradients (objective_fits): "job-objective", or
        "job-objective-inplace" for a Booster's own method, which trains it in place."""
        if method is not None and receiver is not None:
            names = names | {f"{n}.{method}" for n in self.library_parameter(receiver)}
        fits = [n for n in names if _OBJECTIVE_FITS(n)]
        positional = sum(1 for a in node.args if a.keyword is None and not a.star)
        if not fits or not (any(positional > _OBJECTIVE_SLOTS[n.rsplit(".", 1)[-1]] for n in fits) or any(
                a.star or (a.keyword is not None and a.keyword.value in _OBJECTIVE_KEYWORDS) for a in node.args)):
            return None
        return "job-objective-inplace" if any("()." in n for n in fits) else "job-objective"

    def keeps_rows(self, node: cst.Call, names: set[str], method: str | None, object_call: bool) -> bool:
        """A conversion, an element-wise function or a model's predictions: every row it is given stays in
        place (a lambda or a function it can see is judged by its body, never its name)."""
        if any(_CHOSEN_PARTITIONS(n) for n in names):
            return False  # `IidPartitioner(num_partitions=len(df)).load_partition(7)`: a row
        if any(_PADDING_CALLS(n) for n in names):
            return _pads_with_constants(node)
        if any(_WHOLE_CALLS(n) for n in names):
            return not names & _RANDOM_SPLITS or self.random_shares(node, names, method=False)
        if any(_ROW_CONCATENATIONS(n) for n in names):  # `torch.cat(batches)`: each part keeps its own flags
            axis = _argument(node, 1, "axis") or _argument(node, 1, "dim")
            if axis is None or gradients.same(axis, cst.Integer("0")):
                return True
        if names & gradients.STACKS:
            return gradients.whole(self.r, self.scope, node)  # np.hstack([np.ones((n, 1)), x])
        if "numpy.clip" in names or method == "clip":  # with bounds alike for every row
            bounds = node.args[1:] if "numpy.clip" in names else node.args
            return all(self.fixed(a.value) for a in bounds)
        if names and method is not None and all(_known_lib(n) and "()" not in n for n in names):
            return False  # a library function not on the list (`np.take`, `np.where`, `np.stack`)
        if method == "drop":  # columns only (`drop(columns=...)`, `drop("y", axis=1)`), never rows by label
            axis = _argument(node, 1, "axis")
            return _argument(node, 99, "columns") is not None or (
                axis is not None and (gradients.same(axis, cst.Integer("1")) or
                                      gradients.same(axis, cst.SimpleString('"columns"'))))
        if method == "map":  # one row out per row in (`ds.map(f)`, `s.map(d)`), unless batched
            batched = _argument(node, 99, "batched")
            return batched is None or (isinstance(batched, cst.Name) and batched.value == "False") or \
                self.tokenizes(_argument(node, 0, "function"))
        if method == "train_test_split":  # a Hugging Face dataset's
            return self.random_shares(node, names, method=True)
        if method in _WHOLE_METHODS or (method == "pop" and len(node.args) == 1 and
                                        isinstance(node.args[0].value, cst.SimpleString) and
                                        not _column_of_table(node.func.value, self.r, self.scope, 0)):
            return True  # (`df.pop("label")`: a column; a column's `pop("P-17")` is its element so labelled)
        if method in ("reshape", "view"):  # `x.view(x.size(0), -1)`, `y.reshape(-1)`: rows first
            first = next((a.value for a in node.args if a.keyword is None), None)
            if isinstance(first, (cst.Tuple, cst.List)) and first.elements:
                first = first.elements[0].value  # `x.reshape((x.shape[0], -1))`
            receiver = node.func.value if isinstance(node.func, cst.Attribute) else None
            if first is None or not (gradients.same(first, cst.UnaryOperation(cst.Minus(), cst.Integer("1"))) or
                                     _row_count(first, receiver) or self.row_count_name(first, receiver)):
                return False  # (the receiver's own rows: `x.view(len(x[:1]), -1)` is one row)
            # the other sizes must be a row's own (`x.view(-1, 16 * 5 * 5)`, `x.reshape(-1, x.shape[1])`): one that
            # may hold the number of rows or of elements (`x.reshape(-1, x.numel())`) makes the table one row
            rest = [a.value for a in node.args if a.keyword is None][1:]
            if isinstance(node.args[0].value, (cst.Tuple, cst.List)):
                rest = [e.value for e in node.args[0].value.elements[1:]]
            return all(self.row_size(a) for a in rest)
        return object_call and not any(isinstance(v, FuncRef) for v in self.r.values(node.func, self.scope))

    def memorised(self, node: cst.Call, positional: list[frozenset], keywords: dict[str, frozenset]) -> None:
        """A library loss of a model's predictions that hold none of the site's data against its rows (`mse_loss(
        model(torch.eye(n)), x)`): the model it trains learns the rows (trained_losses), as a fit of such a design
        does. Not a baseline that predicts no model (`mse_loss(torch.zeros_like(y), y)`)."""
        predictions = positional[0] if positional else keywords.get("input", EMPTY)
        target = positional[1] if len(positional) > 1 else keywords.get("target", EMPTY)
        if not any(isinstance(o, Param) or o.kind in (DATA, UNKNOWN) for o in predictions) and \
                self.model_output(_argument(node, 0, "input")):
            self.write_params(frozenset(o.but(memorized=True) for o in _strip_params(target) if o.kind == DATA))

    def model_output(self, node: cst.BaseExpression | None, depth: int = 0) -> bool:
        """Whether `node` may be what a model returns when called on arrays the code built of their size alone
        (`model(torch.eye(n))`, `emb(torch.arange(n))`, `out[0]`, a name bound to one): row numbers, no site data."""
        while isinstance(node, (cst.Subscript, cst.Attribute)):
            node = node.value
        if isinstance(node, cst.Call):
            c = self.flow.static.get(id(node))
            inputs = [a.value for a in node.args if a.keyword is None and not a.star]
            return c is not None and (c.object_call or bool(c.called) or c.method == "forward") and \
                bool(inputs) and all(self.built_of_sizes(a) for a in inputs)
        return any(self.model_output(e, depth + 1) for e, _ in self.bound_exprs(node, depth, every=False) or ())

    def built_of_sizes(self, node: cst.BaseExpression, depth: int = 0, scope: Scope | None = None) -> bool:
        """`torch.eye(n)`, `torch.arange(n)[:k]`, `ids.float()`, `one_hot(torch.tensor(k), n)`,
        `pd.Series(np.eye(n)[k])`, `1e6 * np.eye(n)[k]`, `np.arange(n) == k`, a name or a field bound only to one,
        what the job's function or lambda returns when every return is one (each read where it is bound or
        returned: `s = np.zeros(n); s[k] = 1; return s` in a helper): an array of its size alone."""
        scope = scope or self.scope
        while isinstance(node, cst.Subscript) or (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                                                  and node.func.attr.value in _SAME_ROWS_METHODS_WORDS):
            node = node.value if isinstance(node, cst.Subscript) else node.func.value
        if isinstance(node, cst.Call):
            names = self.r.names(node.func, scope)
            given = [a.value for a in node.args if a.keyword is None and not a.star]
            if any(_ONE_HOTS(n) for n in names):
                return True
            if len(given) == 1 and any(_WHOLE_CALLS(n) for n in names):  # converted or element-wise: pd.Series, exp
                return self.built_of_sizes(given[0], depth, scope)
            if names & _SIZED_BY_VALUE:
                return True
            if names and all(_known_lib(n) for n in names) and self.of_sizes_and_constants(node, depth, scope):
                return True  # `np.where(np.arange(n) == k, 1.0, 0.0)`, `np.roll(np.eye(n)[0], k)`
            returned = self.returned_exprs(node, depth, scope)
            return returned is not None and all(self.built_of_sizes(e, depth + 1, s) for e, s in returned)
        if isinstance(node, (cst.List, cst.Tuple, cst.Dict)) and node.elements:  # `held = {"w": np.eye(n)[k]}`
            return all(not isinstance(e, (cst.StarredElement, cst.StarredDictElement)) and
                       self.built_of_sizes(e.value, depth, scope) for e in node.elements)
        if isinstance(node, cst.Comparison) and len(node.comparisons) == 1:
            sides = (node.left, node.comparisons[0].comparator)  # `np.arange(n) == k`: a one-hot as a mask
            return any(self.built_of_sizes(e, depth, scope) for e in sides) and \
                all(self.built_of_sizes(e, depth, scope) or self.fixed(e) for e in sides)
        if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
            sides = (node.left, node.right)  # `1e6 * np.eye(n)[k]`: of sizes and constants
            return any(self.built_of_sizes(e, depth, scope) for e in sides) and \
                all(self.built_of_sizes(e, depth, scope) or self.fixed(e) for e in sides)
        key = (id(self.r.binding_scope(node.value, scope)), node.value) if isinstance(node, cst.Name) else dotted(node)
        if key is not None and key in self.sizing:
            return True  # `w = w + 0.0`: a binding of a name from itself holds nothing but what its others hold
        bound = self.bound_exprs(node, depth, scope=scope, fields=True)
        if bound is None:
            return False
        self.sizing.add(key)
        try:
            return all(self.built_of_sizes(e, depth + 1, s) for e, s in bound)
        finally:
            self.sizing.discard(key)

    def of_sizes_and_constants(self, call: cst.Call, depth: int, scope: Scope) -> bool:
        """A library call whose every argument is built of sizes, a constant or a number of rows, one at least of
        sizes or rows (`np.bincount([k], minlength=len(x))`): what it returns holds nothing else. Not a draw."""
        values = [a.value for a in call.args if not a.star]
        return len(values) == len(call.args) and not self.standard_draw(call) and \
            any(self.built_of_sizes(v, depth, scope) or _row_count(v) for v in values) and \
            all(self.built_of_sizes(v, depth, scope) or _row_count(v) or self.fixed(v) for v in values)

    def returned_exprs(self, call: cst.Call, depth: int, scope: Scope) -> list | None:
        """What a call of the job's own functions or lambdas returns: (expression, scope) of every `return` (a
        lambda's body), when the callee is nothing else and each returns something; None past depth 4."""
        funcs = self.r.values(call.func, scope) if depth < 4 else EMPTY
        if not funcs or not all(isinstance(f, FuncRef) and f.scope is not None for f in funcs):
            return None
        out = []
        for f in funcs:
            returned = [v for v in f.scope.owner.returns.get(id(f.node), ()) if isinstance(v[0], cst.BaseExpression)]
            if not returned:
                return None
            out += returned
        return out

    def bound_exprs(self, node: cst.BaseExpression, depth: int = 0, every: bool = True, scope: Scope | None = None,
                    fields: bool = False) -> list | None:
        """The expressions a name may hold where the frame (or `scope`) reads it, one (expression, scope it is read
        in) per binding (what row_count_name, model_output, built_of_sizes, row_size, column_weights and fixed
        judge in its place); with `fields`, those of a field too (field_bindings). None when `node` is neither, is
        followed past depth 4 or is unbound, and, unless `every` is False, when a binding is no expression (an
        import, a def, a parameter): then no judgement of every value it may hold can stand."""
        if depth >= 4:
            return None
        if isinstance(node, cst.Name):
            bound = self.r.bindings(node.value, scope or self.scope)
        elif fields and isinstance(node, cst.Attribute):
            bound = self.field_bindings(node, scope or self.scope)
        else:
            return None
        exprs = [b for b in bound if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]
        return exprs if bound and (len(exprs) == len(bound) or not every) else None

    def field_bindings(self, node: cst.Attribute, scope: Scope) -> dict:
        """What `obj.attr` may hold, as the resolver binds it: stores under its own spelling (`c.w = v`) and, for an
        instance of the module's classes, every `self.attr = v` of the module (one table for all its classes) and
        the class bodies' `attr = v`. Empty for a class of another module (not followed)."""
        key, attr = dotted(node), node.attr.value
        if key is None:
            return {}
        bound = dict(self.r.attr_bindings.get(self_key(key), {}))
        for owner in self.r.names(node.value, scope):
            qname = owner.removesuffix("()")
            if not qname.startswith("<class>."):
                continue
            if qname not in self.r.class_scopes:
                return {}
            bound.update(self.r.attr_bindings.get("self." + attr, {}))
            for body in self.r.class_scopes[qname]:
                bound.update(body.bindings.get(attr, {}))
        return bound

    def against_selector(self, node: cst.Call, positional: list, keywords: dict) -> bool:
        """A library call of the site's data (a loss, a metric, a distance, an element-wise function) that compares it
        with a row selector the code built of nothing else (row_selector): by position (the first two arguments) or
        by a keyword naming what it compares (loss_operands)."""
        if any(a.star for a in node.args):
            return False
        operands = [(a.value, positional[i] if i < len(positional) else EMPTY) for i, a in enumerate(node.args[:2])
                    if a.keyword is None]
        operands += [(a.value, keywords.get(a.keyword.value, EMPTY)) for a in node.args
                     if a.keyword is not None and a.keyword.value in _LOSS_OPERANDS]
        return any(_site_data(t) for _, t in operands) and any(not t and self.row_selector(v) for v, t in operands)

    def row_selector(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """A constant laid out by row that the code built to single rows out (session 33, red team 23): a one-hot
        (one_hot_calls: `F.one_hot(torch.tensor([1042]), n)`), a row of an identity (`np.eye(n)[k]`), an all-alike
        array of the code's (`torch.zeros(x.shape)`) that the module writes into (`onehot[7] = 1.0`), scaled or
        shifted by constants. Not `torch.arange(b)` (contrastive labels: every row its own class), nor an all-alike
        array left as built (a GAN's `torch.ones(b)` targets), nor a one-hot of the site's labels (`F.one_hot(y)`
        holds the data: built_of_sizes is of sizes alone)."""
        if depth > 4 or not self.built_of_sizes(node):
            return False
        while isinstance(node, cst.Subscript) or (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                                                  and node.func.attr.value in _SAME_ROWS_METHODS_WORDS):
            node = node.value if isinstance(node, cst.Subscript) else node.func.value
        if isinstance(node, cst.BinaryOperation):
            return self.row_selector(node.left, depth + 1) or self.row_selector(node.right, depth + 1)
        if isinstance(node, cst.Call):
            names = self.r.names(node.func, self.scope)
            given = [a.value for a in node.args if a.keyword is None and not a.star]
            if any(_ONE_HOTS(n) for n in names) or names & _IDENTITIES:
                return True
            return len(given) == 1 and any(_WHOLE_CALLS(n) for n in names) and self.row_selector(given[0], depth + 1)
        if isinstance(node, cst.Name):
            bound = [b[0] for b in self.r.bindings(node.value, self.scope)
                     if isinstance(b, tuple) and isinstance(b[0], cst.BaseExpression)]
            return any(self.row_selector(b, depth + 1) for b in bound) or gradients.written_at_positions(self.r, node.value)
        return False

    def row_size(self, node: cst.BaseExpression, depth: int = 0) -> bool:
        """A size that is no count of rows or of elements (red team 23): integer literals, a size of an axis past the
        first (`x.shape[1]`, `x.size(2)`: a negative axis is the first of a flat array), arithmetic of those, a name
        or a field every binding of which is one."""
        if isinstance(node, cst.Integer) or gradients.same(node, cst.UnaryOperation(cst.Minus(), cst.Integer("1"))):
            return True  # `x.view(x.size(0), -1)`: the rest of a row
        if isinstance(node, cst.BinaryOperation):
            return self.row_size(node.left, depth) and self.row_size(node.right, depth)
        axis = None
        if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) and \
                node.value.attr.value == "shape" and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
            axis = node.slice[0].slice.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "size" \
                and len(node.args) == 1 and node.args[0].keyword is None:
            axis = node.args[0].value
        if axis is not None:
            return isinstance(axis, cst.Integer) and axis.evaluated_value >= 1
        if isinstance(node, (cst.Name, cst.Attribute)):
            values = self.r.constants(node, self.scope)
            if values:
                return all(isinstance(v, int) and not isinstance(v, bool) for v in values)
        bound = self.bound_exprs(node, depth)
        return bound is not None and all(self.row_size(e, depth + 1) for e, _ in bound)

    def uneven_operand(self, node: cst.Call, names: set[str], method: str | None, recv: frozenset,
                       positional: list[frozenset], keywords: dict[str, frozenset]) -> bool:
        """An element-wise function of the site's data with an operand that weighs its rows (row_operand_calls,
        row_operand_methods): read as the operator is (row_wise), `torch.minimum(x, 1e9 * onehot)` and
        `x.pow(onehot)` pick the row that `x * onehot` picks (red team 23)."""
        if method == "view_as":  # the shape of the operand: of a value of no site data, any shape (`zeros(1, n * d)`)
            return bool(recv) and not any(positional)
        if method in _ROW_OPERAND_METHODS and isinstance(node.func, cst.Attribute):
            sides = [(node.func.value, recv)]
        elif any(_ROW_OPERAND_CALLS(n) for n in names):
            sides = []
        else:
            return False
        nodes = [a.value for a in node.args if a.keyword is None and not a.star]
        sides += list(zip(nodes, positional))
        sides += [(a.value, keywords.get(a.keyword.value, EMPTY)) for a in node.args if a.keyword is not None]
        tainted = [t for _, t in sides if t]
        if not tainted or any(a.star for a in node.args):
            return bool(tainted)
        if len(tainted) > 1:
            return any(_masked(t) for t in tainted)  # a mask the code chose, applied (`torch.minimum(x, ids == 7)`)
        return not all(t or self.fixed(e) or self.standard_draw(e) for e, t in sides)

    def row_count_name(self, node: cst.BaseExpression, of: cst.BaseExpression | None = None) -> bool:
        """A name bound only to a number of rows (`batch_size = x.size(0)` before `x.view(batch_size, -1)`)."""
        bound = self.bound_exprs(node)
        return bound is not None and all(_row_count(e, of) for e, _ in bound)

    def side_by_side(self, node: cst.Call, names: set[str], st: _State) -> frozenset | None:
        """What columns stacked side by side hold (`hstack`, `column_stack`, `concatenate(..., axis=1)` of a
        literal list), when every part is a value read from the site or a column the same in every row
        (`np.ones((n, 1))`): each row stays a row, and each part keeps its own chosen rows. A constant that
        differs by row (`np.eye(n)[:, :1]`) could pick one: None, and the stack is rows chosen."""
        if "numpy.concatenate" in names:
            axis = _argument(node, 1, "axis")
            if axis is None or not (gradients.same(axis, cst.Integer("1")) or
                                    gradients.same(axis, cst.UnaryOperation(cst.Minus(), cst.Integer("1")))):
                return None
        parts = node.args[0].value if node.args and node.args[0].keyword is None else None
        if not isinstance(parts, (cst.List, cst.Tuple)) or not parts.elements or \
                any(isinstance(e, cst.StarredElement) for e in parts.elements):
            return None
        out = EMPTY
        for e in parts.elements:
            if self.uniform_column(e.value):
                continue
            t = self.expr(e.value, st)
            if not any(isinstance(o, Param) or o.kind == DATA for o in t):
                return None  # a parameter is judged at each call, by what the caller passes
            out |= t
        return out

    def uniform_column(self, node: cst.BaseExpression) -> bool:
        """`np.ones((n, k))`, `np.zeros(...)`, `np.full((n, k), c)` with a literal c: the same value in every row."""
        names = self.r.names(node.func, self.scope) if isinstance(node, cst.Call) else set()
        if not names & {"numpy.ones", "numpy.zeros", "numpy.full"}:
            return False
        fill = _argument(node, 1, "fill_value") if "numpy.full" in names else None
        return fill is None or isinstance(fill, (cst.Integer, cst.Float))

    def random_shares(self, node: cst.Call, names: set[str], method: bool) -> bool:
        """A random split keeps the rows taken whole only in shares of a tenth or more (`test_size=1` is one
        patient's row): sizes that fold to shares the gate vouches for (gradients.coarse_share), or the default (a quarter)."""
        if "torch.utils.data.random_split" in names:
            lengths = _argument(node, 1, "lengths")
            return isinstance(lengths, (cst.List, cst.Tuple)) and bool(lengths.elements) and \
                all(self.fraction(e.value) for e in lengths.elements)
        if any(a.star == "**" or (method and a.star) for a in node.args):
            return False  # sizes the gate cannot read (`**kw` holding test_size=1)
        sizes = [a.value for a in node.args if a.keyword is not None and a.keyword.value in ("test_size", "train_size")]
        if method:  # Dataset.train_test_split(test_size, train_size, ...)
            sizes += [a.value for a in node.args[:2] if a.keyword is None]
        return all(self.fraction(v) for v in sizes)

    def fraction(self, node: cst.BaseExpression) -> bool:
        """Every value the size may hold is a share the gate vouches for (gradients.coarse_share)."""
        values = self.r.values(node, self.scope)
        return bool(values) and all(isinstance(v, Const) and isinstance(v.value, float) and
                                    gradients.coarse_share(v.value) for v in values) or arguments.fractions(self.r, self.scope, node)  # `args.test`

    def tokenizes(self, fn: cst.BaseExpression | None) -> bool:
        """A function (a lambda or one of the module) every `return` of which is a call of a Transformers object
        (a tokenizer, a processor): one encoding per row of the batch it is given."""
        if fn is None:
            return False
        refs = [fn] if isinstance(fn, cst.Lambda) else \
            [v.node for v in self.r.values(fn, self.scope) if self.flow.own_function(v)]
        if not refs:
            return False
        for ref in refs:
            scope = self.r.scope_of.get(id(ref), self.scope)
            returns = [ref.body] if isinstance(ref, cst.Lambda) else _return_values(ref)
            if not returns or not all(isinstance(v, cst.Call) and (names := self.r.names(v.func, scope)) and
                                      all(n.startswith("transformers.") and n.endswith("()") for n in names)
                                      for v in returns):
                return False
        return True

    def summary_role(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """A count, a library metric, a reduction, or what only looks like one (Frame.summarize). A library
        function by its resolved name first (`np.mean(x, 1)` is no method of x), then a method of its receiver."""
        if "builtins.getattr" in names and len(node.args) >= 2 and isinstance(node.args[1].value, cst.SimpleString):
            owner = self.r.names(node.args[0].value, self.scope)  # getattr(x, "shape"): the attribute, typed alike
            table = bool(owner) and _typed(owner, _TABLE_OWNERS)
            attr = node.args[1].value.evaluated_value
            return "count" if (attr in _TABLE_ATTRS if table else attr in _METADATA_ATTRS) and \
                _typed(owner, _METADATA_OWNERS) else None
        if "builtins.type" in names and len(node.args) > 1:
            return None  # type(name, bases, namespace) builds a class whose attributes are the namespace's values
        for n in sorted(names):
            if _NAMED_METRIC_EVALUATIONS(n):
                return "metric" if _named_metrics(node) else None
            if _VALUES_CALLS(n):
                return "values"
            if _STATISTIC_CALLS(n):
                return "statistic"
            if _COUNT_CALLS(n):
                return _over_rows(node, 1, "count") if _AXIS_COUNTS(n) else "count"  # np.count_nonzero(x, axis=1)
            if _TEST_CALLS(n):
                return "metric"  # a bit of each value it tests
            if _METRIC_CALLS(n):
                return _loss_reduction(node, self.r, self.scope, _UNREDUCED_LOSSES(n), _CLASS_WEIGHTED(n))
            if _REDUCTION_CALLS(n):
                if n == "builtins.sum":
                    start = _argument(node, 1, "start")
                    return "values" if start is not None and not isinstance(start, (cst.Integer, cst.Float)) else \
                        "statistic" if _weighted(node) else "reduction"  # sum(lists, []) concatenates
                if n in ("builtins.max", "builtins.min"):
                    return "reduction" if self.extreme_of_numbers(node) else None
                if ".histogram" in n:
                    return "statistic" if _weighted(node) else "histogram"  # no axis: over every value
                if ("quantile" in n or "percentile" in n) and not self.few(_argument(node, 1, "q")):
                    return "statistic"
                return _over_rows(node, 2 if _AXIS_THIRD(n) else 1, "reduction")
        if method is None or receiver is None or (names and all(_known_lib(n) and "()" not in n for n in names)):
            return None  # a library function not on these lists (`torch.max(x, 1)`) is no method of its module
        if method in _TEXT_EXTREMES and self.as_text(receiver):
            return "statistic"  # `df["ssn"].astype(str).max()`, `.describe()`'s top: one row's text (red team 5)
        if _grouped(receiver) and (method in _REDUCTIONS or method in _COUNT_METHODS or method in _STATISTIC_METHODS
                                   or method in _AGGREGATING or method in ("size", "apply", "first", "last", "nth")):
            return "values"  # per group, like per row: with one group per patient, the patients' rows
        if method in _VALUES_METHODS:
            return "values"
        if method in _STATISTIC_METHODS:
            return "statistic"
        if method in _COUNT_METHODS:
            if isinstance(receiver, cst.Attribute) and receiver.attr.value == "str":
                return "per-row"  # `df["dx"].str.count("C50")`: a string method of every element, one count each
            if self.text(receiver):
                return "reduction"  # `str(cell).count("1")`: of what the text was made of (as len() of it)
            if _AXIS_COUNTS(method) and any(a.keyword is not None and a.keyword.value in ("axis", "dim")
                                            for a in node.args):
                return _over_rows(node, 0, "count")  # `df.count(axis=1)`: one count per row
            return "count"
        if method in _METRIC_METHODS:
            return _loss_reduction(node, self.r, self.scope)  # `est.score(x, y, sample_weight=w)` weighs rows too
        if method in _REDUCTIONS:
            if method in ("quantile", "percentile") and not self.few(_argument(node, 0, "q")):
                return "statistic"
            return _over_rows(node, 1 if method in ("quantile", "percentile") else 0, "reduction")
        if method in _AGGREGATING and node.args and all(_aggregate_arg(a.value) for a in node.args if a.keyword is None):
            return "reduction"  # `df.select([pl.col("x").mean(), ...])`, `df.agg(["mean", "std"])`
        return None

    def table(self, value: cst.BaseExpression) -> bool:
        """A value typed as a table (pandas, polars): its attributes are columns, its methods its own."""
        names = self.r.names(value, self.scope)
        return bool(names) and _typed(names, _TABLE_OWNERS)

    def counts_values(self, node: cst.Call) -> bool:
        """A count of what the values are, not of how many there are (_AXIS_COUNTS: nunique, count, count_nonzero)."""
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else None
        return bool(method is not None and _AXIS_COUNTS(method)) or \
            any(_AXIS_COUNTS(n) for n in self.r.names(node.func, self.scope))

    def text(self, value: cst.BaseExpression) -> bool:
        """A text the code makes of a value: str(), repr(), format(), an f-string, a join."""
        if isinstance(value, (cst.FormattedString, cst.ConcatenatedString)):
            return True
        return isinstance(value, cst.Call) and (
            bool(self.r.names(value.func, self.scope) & {"builtins.str", "builtins.repr", "builtins.format"}) or
            (isinstance(value.func, cst.Attribute) and value.func.attr.value in ("join", "format")))

    def as_text(self, value: cst.BaseExpression) -> bool:
        """`x.astype(str)`, `x.astype("string")`: a column converted to text (reductions.yaml text_dtypes)."""
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "astype"):
            return False
        dtype = _argument(value, 0, "dtype")
        if dtype is None:
            return False
        named = {n.rsplit(".", 1)[-1] for n in self.r.names(dtype, self.scope) if n in ("builtins.str", "builtins.object")}
        return bool(named or {c for c in self.r.constants(dtype, self.scope) if isinstance(c, str)} & _TEXT_DTYPES)

    def conversion(self, func: cst.BaseExpression, kinds: frozenset = _CELL_CONVERSIONS) -> bool:
        """`int`, `float`, `str`, `bool` as the builtins (not a name the job rebound)."""
        names = self.r.names(func, self.scope)
        return bool(names) and names <= kinds

    def extreme_of_numbers(self, call: cst.Call) -> bool:
        """`max(int(r["label"]) for r in rows)`: the largest of numbers, one per element, as `np.max` of a column.
        Of anything else the largest is an element, whatever it holds: `max(a, b)` is one of them, `max(rows)` of
        tuples or `max(rows, key=f)` a whole row."""
        args = [a for a in call.args if not (a.keyword is not None and a.keyword.value == "default")]
        comp = args[0].value if len(args) == 1 and args[0].keyword is None and not args[0].star else None
        return isinstance(comp, (cst.GeneratorExp, cst.ListComp)) and isinstance(comp.elt, cst.Call) and \
            self.conversion(comp.elt.func, _NUMBER_CONVERSIONS)

    def few(self, arg: cst.BaseExpression | None, count: bool = False) -> bool:
        """Whether a histogram's bins or a quantile's q is a handful of numbers the code spells out: a number
        (as a count of bins, up to _FEW), or a literal list or tuple of at most _FEW + 1 numbers; or what the
        caller or the server decides (a federated statistics round's bins). Each quantile of the data taken
        whole is one row's value (`np.quantile(v, np.linspace(0, 1, n))` is the column, sorted), and so is
        each fine bin's count; bins the data decides (`"auto"`) may be as many."""
        if isinstance(arg, (cst.List, cst.Tuple)):
            return len(arg.elements) <= _FEW + 1 and all(self.few(e.value) for e in arg.elements)
        if isinstance(arg, cst.Call) and self.few_grid(arg):
            return True  # edges, never a count
        if isinstance(arg, cst.Name) and self.fn is not None and any(p.name.value == arg.value for p in _params(self.fn)):
            self.few_params.add((arg.value, count))  # what each caller passes is judged at its call (Frame.apply)
            return True
        if arg is not None and any(n.startswith(_SERVER_SETTINGS) for n in self.r.names(arg, self.scope)):
            return True  # what the server asks for with the task: the site's statistics privacy filter bounds it
        values = self.r.constants(arg, self.scope) if arg is not None else []
        return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) and
                                    not (count and v > _FEW) for v in values)

    def few_grid(self, call: cst.Call) -> bool:
        """`np.linspace(2.0, 10.0, 10)`, `np.arange(0, 1.1, 0.1)`: a literal list of at most _FEW + 1 numbers
        written as a call, every argument a number the code spells out (numpy/core/function_base.py)."""
        names = self.r.names(call.func, self.scope)
        args = [a for a in call.args if not a.star and a.keyword is None]
        if len(args) != len(call.args) or not names & {"numpy.linspace", "numpy.arange"}:
            return False
        numbers = [self.r.constants(a.value, self.scope) for a in args]
        if not all(len(v) == 1 and isinstance(v[0], (int, float)) and not isinstance(v[0], bool) for v in numbers):
            return False
        values = [v[0] for v in numbers]
        if "numpy.linspace" in names:  # (start, stop, num)
            return len(values) == 3 and isinstance(values[2], int) and 0 < values[2] <= _FEW + 1
        if not 1 <= len(values) <= 3:
            return False
        start, stop, step = [0, values[0], 1] if len(values) == 1 else [*values, 1][:3]  # (stop) or (start, stop[, step])
        return step != 0 and 0 < math.ceil((stop - start) / step) <= _FEW + 1

    def sink_of(self, node: cst.Call, names: set[str], method: str | None, receiver) -> tuple[str, str] | None:
        """(UPDATE, LOG or FILE, what it is) when the call hands its arguments out of the site (or, for
        FILE, to a place only the run time decides)."""
        for n in sorted(names):
            if _UPDATE_CALLS(n):
                return UPDATE, n
        if method in _UPDATE_METHODS:
            return UPDATE, f".{method}()"
        if method == "to_shareable":
            return UPDATE, ".to_shareable()"
        if method in ("log", "log_dict") and isinstance(receiver, cst.Name) and receiver.value == "self" and \
                self.logs_metrics():
            return UPDATE, f"a metric a LightningModule logs (self.{method}: the trainer's callback_metrics)"
        if method in _PUBLIC_PROP_METHODS and _public(node, self.r, self.scope):
            return UPDATE, f"a public FLContext property (.{method}(...) not provably private)"
        for n in sorted(names):
            if _LOG_TEXTS(n):
                return LOG, n  # `logging.basicConfig(format=...)`, `getLogger(name)`: text of every record
        for n in sorted(names):
            if _LOG_CALLS(n):
                if n == "builtins.print" and not _prints_to_console(node, self.r, self.scope):
                    return None
                if n.startswith("logging.") and n.rsplit(".", 1)[-1] not in _LOG_METHODS:
                    continue
                return LOG, n
        if method in _FL_LOG_METHODS:
            return LOG, f".{method}()"
        if method in _LOG_METHODS and receiver is not None:
            # a logger by resolution (logging.getLogger, NVFlare's get_obj_logger), by its name, or a
            # receiver the gate cannot type at all
            rname = (dotted(receiver) or "").rsplit(".", 1)[-1]
            typed = self.r.names(receiver, self.scope)
            if rname in _LOGGER_RECEIVERS or not typed or any(_LOGGERS(n) for n in typed):
                return LOG, f"{dotted(receiver) or 'a logger'}.{method}()"
        console = self.console_writer(node, names, method, receiver)
        return (LOG, console) if console is not None else self.file_sink(node, names, method, receiver)

    def console_writer(self, node: cst.Call, names: set[str], method: str | None, receiver) -> str | None:
        """A writer whose destination is the console (`df.to_csv(sys.stdout)`, `json.dump(rows, sys.stderr)`):
        what it writes is in the job log, as printed."""
        written = self.writer(node, names, method, receiver)
        dest = self.r.names(written[1], self.scope) if written is not None else set()
        return f"{written[0]} to {', '.join(sorted(dest))}" if dest and dest <= _CONSOLE else None

    def logs_metrics(self) -> bool:
        """Whether the frame is a method of a class whose `self.log` reports a metric (logged_metric_modules)."""
        scope = self.r.scope_of.get(id(self.fn)) if self.fn is not None else None
        cls = scope.parent.node if scope is not None and scope.parent is not None and scope.parent.is_class else None
        return isinstance(cls, cst.ClassDef) and any(_LOGGED_METRIC_MODULES(b) for b in self.flow.bases(cls))

    def writer(self, node: cst.Call, names: set[str], method: str | None,
               receiver) -> tuple[str, cst.BaseExpression] | None:
        """(what, destination) of a call that writes what it is given to a file or handle."""
        writer = next((n for n in sorted(names) if _FILE_WRITERS(n) or _PATH_FIRST_WRITERS(n)), None)
        if writer is not None:
            dest = _destination(node, 1 if _FILE_WRITERS(writer) else 0)
        elif method in _FRAME_WRITERS and receiver is not None:
            writer, dest = f".{method}()", _destination(node, 0)
        elif method in _HANDLE_WRITES and receiver is not None:
            writer, dest = f".{method}()", self.unwrapped_handle(receiver)
        elif "builtins.print" in names and (dest := _argument(node, 99, "file")) is not None:
            writer = "builtins.print"  # `print(row, file=fh)` is `fh.write(str(row))`
        else:
            return None
        return (writer, dest) if dest is not None else None

    def unwrapped_handle(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """The handle a writer built over one writes into (`csv.writer(buf).writerow(row)` writes into buf)."""
        if isinstance(node, cst.Call) and node.args and not node.args[0].star and \
                any(_HANDLE_WRAPPERS(n) for n in self.r.names(node.func, self.scope)):
            return _argument(node, 0, "csvfile") or node
        return node

    def memory_buffer(self, dest: cst.BaseExpression) -> bool:
        """An in-memory file (io.BytesIO()): what is written into it stays in it."""
        typed = self.r.names(dest, self.scope)
        return bool(typed) and all(_MEMORY_BUFFERS(n.removesuffix("()")) for n in typed)

    def file_sink(self, node: cst.Call, names: set[str], method: str | None, receiver) -> tuple[str, str] | None:
        """(FILE, what) when a writer's destination is known only at run time (a setting, an argument)."""
        written = self.writer(node, names, method, receiver)
        if written is None or self.memory_buffer(written[1]):
            return None  # an in-memory file holds what is written (_CallFacts.buffer): judged where it goes
        writer, dest = written
        from ..detectors.paths import UNKNOWN as RUNTIME, PathFolder  # the detectors import this module

        folder = PathFolder.of(self.r, closed=True)
        # A handle's destination is where it was opened (`with open(cfg["out"], "wb") as fh`), also
        # under a writer built over it (`csv.writer(fh)`).
        handles = [(dest, self.scope)]
        handle = _writes_handle(names, method)
        for n, sc in [(dest, self.scope), *folder.bound(dest, self.scope)] if handle else ():
            if isinstance(n, cst.Call) and any(_HANDLE_WRAPPERS(w) for w in self.r.names(n.func, sc)):
                handles.append((_argument(n, 0, "csvfile"), sc))
        opened = [(_argument(n, 0, "file"), sc) for h, hs in handles if h is not None for n, sc in folder.bound(h, hs)
                  if isinstance(n, cst.Call) and self.r.names(n.func, sc) & _OPEN_CALLS]
        if handle and not opened:
            return None  # a write to something the gate does not know to be a file
        candidates = set()
        for path, sc in opened or [(dest, self.scope)]:
            candidates |= folder.fold(path, sc) if path is not None else {RUNTIME}
        if any(p.startswith((RUNTIME, "<arg>")) for p in candidates):
            return FILE, writer
        return None


@dataclasses.dataclass
class Passed:
    """What the job's calls pass for a parameter (Flow.passed)."""
    classes: set = dataclasses.field(default_factory=set)  # "<class>.C" of the objects of the job's classes
    functions: list = dataclasses.field(default_factory=list)  # (function or lambda, the Flow of its module)
    escaped: list = dataclasses.field(default_factory=list)  # what an object no name ties to a class may run
    listed: bool = True  # every call that passes it is seen, within the budget
    read: int = 0  # arguments read


@dataclasses.dataclass
class _CallFacts:
    names: set
    method: str | None
    receiver: cst.BaseExpression | None
    inner_sinks: tuple  # per argument: itself a call that hands its arguments out (and reports them)
    sink: tuple | None  # (UPDATE, LOG or FILE, what)
    refs: list  # same-file functions or methods it calls
    bound: bool  # refs are methods called on an instance
    inits: list = dataclasses.field(default_factory=list)  # __init__ of the module's own class it builds
    lambdas: tuple = ()  # lambdas of the module it calls by name (`send = lambda v: ...; send(x)`)
    wrapped: tuple = ()  # (what, class bound) of a class attribute `f = staticmethod(g)` / `classmethod(g)`
    buffer: cst.BaseExpression | None = None  # an in-memory file it writes into (`np.save(buf, x)`)
    handle: cst.BaseExpression | None = None  # any other handle it writes into (`print(x, file=fh)`)
    source: object = None  # the Origin (or Param) it reads, if a source
    foreign: str | None = None  # the code the gate cannot see that it calls
    role: str | None = None  # what a library call does to its arguments (Frame.role)
    object_call: bool = False  # a call of an object the gate cannot name (`self.loader(f)`)
    view: bool = False  # hands back its argument as another type (an element stays an element)
    library: bool = False  # a function of a library the analysis knows
    metric_object: bool = False  # a loss or metric object the gate cannot see (`criterion(out, y)`)
    sized: bool = False  # builds something as large as its arguments say (`range(n)`, `np.zeros(n)`)
    builds: bool = False  # a library class that builds a model, a layer, an estimator or an optimizer
    seeds: bool = False  # seeds a random generator
    draws: bool = False  # draws from a random generator
    keeps_rows: bool = False  # a conversion or a prediction: every row it is given stays in place
    applies: bool = False  # `model.apply(variables, x)`: the model called on x with its variables (_applies_model)
    callbacks: tuple = ()  # (the job's callback, a call of it) that a library trainer's constructor is handed
    protocol: list = dataclasses.field(default_factory=list)  # implicit methods of the module's class it builds
    called: list = dataclasses.field(default_factory=list)  # __call__/forward of the job's class of the object it calls
    rebound: bool = False  # it calls an object, and the job rebinds a __call__/forward or hooks a torch module
    bar_text: frozenset = frozenset()  # positions of the arguments a progress bar prints (its description)
    pairs: bool = False  # its first argument is a written-out list of (dataset, name) pairs, each scored whole
    built: tuple = ()  # the job's classes it builds an object of (every name it resolves to is one)
    passed: "Passed | None" = None  # a parameter it calls: what the job's calls pass for it


def _named_metrics(call: cst.Call) -> bool:
    """`eval_metrics(pool, ["AUC", "Logloss"])` (or `metrics=[...]`), with at most the tree range and period as
    numbers besides (named_metric_evaluations)."""
    given = {("metrics" if i == 1 else "data" if i == 0 else f"#{i}") if a.keyword is None else a.keyword.value: a
             for i, a in enumerate(call.args)}
    metrics = given.pop("metrics", None)
    given.pop("data", None)
    return metrics is not None and not any(a.star for a in call.args) and \
        isinstance(metrics.value, (cst.List, cst.Tuple)) and bool(metrics.value.elements) and \
        all(isinstance(e, cst.Element) and isinstance(e.value, cst.SimpleString) for e in metrics.value.elements) and \
        all(k in ("ntree_start", "ntree_end", "eval_period") and isinstance(a.value, cst.Integer) for k, a in given.items())


def _evaluation_pairs(call: cst.Call) -> bool:
    """`eval_set([(d, "valid"), ...])` (or `evals=[...]` first) or with `iteration` besides: the (dataset, name)
    pairs written out, no other argument (a `feval` is the job's code, whatever it returns; evaluation_pairs)."""
    first = call.args[0] if call.args else None
    if first is None or first.star or (first.keyword is not None and first.keyword.value != "evals") or \
            not isinstance(first.value, (cst.List, cst.Tuple)):
        return False
    pairs = call.args[0].value.elements
    if not pairs or not all(isinstance(p, cst.Element) and isinstance(p.value, cst.Tuple) and len(p.value.elements) == 2
                            and all(isinstance(e, cst.Element) for e in p.value.elements) for p in pairs):
        return False
    rest = call.args[1:]
    return len(rest) <= 1 and all(not a.star and (a.keyword is None or a.keyword.value == "iteration") for a in rest)


def _as_store(node: cst.BaseExpression) -> cst.BaseExpression:
    """An argument as the target of a weak update (a bare name becomes `name[_]`)."""
    if isinstance(node, cst.Name):
        return cst.Subscript(value=node, slice=[cst.SubscriptElement(cst.Index(cst.Name("_")))])
    return node


def _transposed(node: cst.BaseExpression) -> bool:
    """`x.T`, `x.transpose()`, `np.transpose(x)`, also scaled or negated: `2 * x.T`, `-(x.T * w)`."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Multiply, cst.Divide)):
        return _transposed(node.left) or _transposed(node.right)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, (cst.Minus, cst.Plus)):
        return _transposed(node.expression)
    if isinstance(node, cst.Attribute):
        return node.attr.value in ("T", "mT", "H")
    if isinstance(node, cst.Call):
        func = node.func
        name = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
        return name in ("transpose", "t") and (isinstance(func, cst.Attribute) or len(node.args) == 1)
    return False


def _left_transposed(node: cst.BaseExpression) -> bool:
    """`X.T`, or a product whose leftmost factor is one: `X.T.dot(D)`, `X.T @ D`."""
    if _transposed(node):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
        return _left_transposed(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("dot", "matmul"):
        return _left_transposed(node.func.value)
    return False


def _grouped(node: cst.BaseExpression | None) -> bool:
    """A group-by (`df.groupby("site")`): its aggregates are per group, maybe per patient."""
    while isinstance(node, (cst.Call, cst.Attribute, cst.Subscript)):
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in _GROUPING:
                return True
            node = node.func
        else:
            node = node.value
    return False


def _aggregate_arg(node: cst.BaseExpression) -> bool:
    """An argument of select/agg that reduces over every row: `pl.col("x").mean().alias("m")`, "mean"."""
    if isinstance(node, (cst.List, cst.Tuple)):
        return bool(node.elements) and all(_aggregate_arg(e.value) for e in node.elements)
    if isinstance(node, cst.SimpleString):
        try:
            return node.evaluated_value in _AGG_NAMES
        except Exception:  # noqa: BLE001
            return False
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        attr = node.func.attr.value
        if attr in ("alias", "round", "cast", "name"):
            return _aggregate_arg(node.func.value)
        if attr in _AGG_NAMES:
            return _over_rows(node, 0, "reduction") == "reduction" and not any(_grouped(a.value) for a in node.args)
    return False


def _applies_model(node: cst.Call, names: set) -> bool:
    """`model.apply(variables, x, ...)` of a library model (model_applications), running its `__call__`: every
    object the receiver may be is one (not `df.apply(f)`), no `method` or `capture_intermediates` (code of the
    job's choosing) and no `*`/`**` the gate cannot read."""
    return bool(names and node.args) and all(_MODEL_APPLICATIONS(n) for n in names) and \
        node.args[0].keyword is None and not any(
            a.star or (a.keyword is not None and a.keyword.value in ("method", "capture_intermediates"))
            for a in node.args)


def _mutable_collections(call: cst.Call) -> bool:
    """`mutable=` of flax's Module.apply written as collections it returns beside the output (a name, a list of
    names, True); `mutable=False`, or a value the gate cannot read, may leave the output alone."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "mutable":
            value = arg.value
            return (isinstance(value, (cst.List, cst.Tuple)) and bool(value.elements)) or \
                isinstance(value, cst.SimpleString) or (isinstance(value, cst.Name) and value.value == "True")
    return False


def _object_call(func: cst.BaseExpression, names: set, flow: "Flow") -> bool:
    """A call of an object the gate cannot name (`self.loader(f)`, `transform(path)`)."""
    if names and all(n.endswith("()") for n in names):
        return True  # an instance called: `loader = LoadImage(); loader(path)`
    if isinstance(func, (cst.Name, cst.Subscript)):
        return not names  # `layer(x)` of a loop over layers, `self.layers[-1](x)`: an item no name ties to a class
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return func.attr.value not in flow.methods and not any(_known_lib(n) for n in names)
    return False


def _same(a: _State, b: _State) -> bool:
    return a.env == b.env


def _bound_in(node: cst.CSTNode) -> set[str]:
    """The names a statement binds anywhere in its body (not in the functions and classes it defines)."""
    names: set[str] = set()
    todo = list(node.children)
    while todo:
        n = todo.pop()
        if isinstance(n, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(n, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.AsName, cst.NamedExpr)):
            names.update(_target_names(n.name if isinstance(n, cst.AsName) else n.target))
        todo.extend(n.children)
    return names


def _widen(st: _State, entry: _State, loop: cst.CSTNode) -> None:
    """A loop that had not settled when the gate stopped following it (`g = f; f = e; ...; a = rows` moves the
    rows one name per pass): every name it binds may hold what any of them holds, and a marker that no
    reduction cleans, so that what the gate stopped short of is reviewed, never passed."""
    changed = {k for k, v in st.env.items() if v != entry.env.get(k, EMPTY)} | _bound_in(loop)
    held = frozenset().union(*(st.env.get(k, EMPTY) for k in changed))
    if not held:
        return
    # Of a caller's values (parameters) the widened union is what the caller passes; a source of the
    # loop's own is followed no further, so it is marked.
    marker = Origin(UNKNOWN, "a value a loop passes on more often than the gate follows", loop,
                    statistic=True, logged=True, bound=True)
    widened = _cap(held | {marker}) if any(isinstance(o, Origin) for o in held) else held
    for k in changed:
        st.env[k] = widened


def _walrus_targets(node: cst.BaseComp) -> list[str]:
    """Names an assignment expression inside a comprehension binds in the enclosing scope (PEP 572); a lambda
    in it has its own scope."""
    out: list[str] = []
    stack: list[cst.CSTNode] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.NamedExpr) and isinstance(n.target, cst.Name):
            out.append(n.target.value)
        if not isinstance(n, cst.Lambda):
            stack.extend(n.children)
    return out


def _target_names(target: cst.BaseExpression) -> list[str]:
    """The names an assignment or a `for` binds: `p`, `(name, p)`, `(i, (k, v))`."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for el in target.elements for n in _target_names(el.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _names_in(node: cst.CSTNode) -> list[str]:
    out = []
    stack = [node]
    while stack and len(out) < 8:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.append(n.value)
        elif isinstance(n, cst.Call):
            stack.extend(a.value for a in n.args)
        elif isinstance(n, cst.BinaryOperation):
            stack.extend((n.left, n.right))
        elif isinstance(n, cst.Attribute):
            stack.append(n.value)
    return out


def _bound_first(body: Scope, name: str) -> bool:
    """Whether `name` is the first parameter of a method, which the call binds to the object (`self`)."""
    fn = body.node
    return isinstance(fn, cst.FunctionDef) and body.parent is not None and body.parent.is_class and \
        not _is_static(fn) and bool(_params(fn)) and _params(fn)[0].name.value == name


def _is_static(fn: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in fn.decorators)


def _is_classmethod(fn: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "classmethod" for d in fn.decorators)


def _known_lib(name: str) -> bool:
    return name.startswith(_KNOWN_LIBS)


def _kept_rows(node: cst.Subscript, r: Resolver, scope: Scope) -> str | None:
    """"rows" when a subscript keeps every row (a column by name: `df["age"]`, `data["x"]`; `x[:, cols]`,
    `x[..., k]`, `df.iloc[:, cols]`); "field" for one constant position (`batch[0]`: a field of a loader's
    batch, a row of anything else); None for a selection of rows (a slice, an index, a mask)."""
    parts = [el.slice for el in node.slice]
    first = parts[0] if parts else None
    located = isinstance(node.value, cst.Attribute) and node.value.attr.value in ("loc", "iloc", "at", "iat")
    if isinstance(first, cst.Slice):
        full = first.lower is None and first.upper is None and first.step is None
        # a share from either end (`x[:int(0.8 * len(x))]`, `x[len(x) // 5:]`) is a split, not rows chosen
        share = first.step is None and (first.lower is None) != (first.upper is None) and \
            gradients.share(r, scope, first.lower or first.upper, node.value)
        return "rows" if full or share or _batch_loop(first, r, scope) or gradients.process_shard(r, scope, first) \
            else None
    if not isinstance(first, cst.Index) or located:
        return None
    key = first.value
    if (isinstance(key, cst.Ellipsis) and len(parts) > 1) or (isinstance(key, cst.Name) and key.value == "None"):
        return "rows"  # `x[..., k]`, `x[None]` (a new axis in front of every row)
    if len(parts) != 1:
        return None
    if _column_of_table(node.value, r, scope, 0) and _constant_keys(key, r, scope):
        return None  # `df["income"]["P-17"]`, `df.age[1042]`: a column's elements picked by their index labels
    if gradients.column_names(r, scope, key) or _column_loop(key, r, scope) or _shuffled_batch(key, r, scope):
        return "rows"
    if isinstance(key, cst.Integer) or (isinstance(key, cst.UnaryOperation) and isinstance(key.expression, cst.Integer)):
        return "field"
    return None



_FEW_ROWS = 8  # a constant slice at most this wide names a handful of rows (no batch loop or share is written so)


def _named_rows(node: cst.Subscript, r: Resolver, scope: Scope) -> bool:
    """Whether a subscript's first index names rows by constant positions (Origin.few): a number (`x[7]`, `x[k]`
    with `k = 7`), a list of numbers (`x[[7, 7]]`, also as `torch.tensor([7])` or `np.array([7])`), or a slice
    with constant bounds at most _FEW_ROWS wide (`x[7:8]`, `x[-2:]`). An index computed from the data, a loop,
    a share or a site's partition names no constant rows, and neither does a slice of the first rows (`x[:8]`:
    a warm-up's or a dry run's first batch, benign/rt20_nb_throwaway_underscore.ipynb; a limit: `x[:1]` is row 0)."""
    first = node.slice[0].slice if node.slice else None
    if isinstance(first, cst.Slice):
        if first.step is not None or first.lower is None or r.constants(first.lower, scope) == [0]:
            return False
        lo = r.constants(first.lower, scope)
        hi = r.constants(first.upper, scope) if first.upper is not None else [None]
        if len(lo) != 1 or len(hi) != 1 or not isinstance(lo[0], int) or not isinstance(hi[0], (int, type(None))):
            return False
        if hi[0] is None:
            return -_FEW_ROWS <= lo[0] < 0
        return (lo[0] < 0) == (hi[0] < 0) and 0 < hi[0] - lo[0] <= _FEW_ROWS
    if not isinstance(first, cst.Index):
        return False
    key = first.value
    if isinstance(key, cst.Call) and len(key.args) >= 1 and key.args[0].keyword is None and \
            r.names(key.func, scope) & _POSITION_ARRAYS:
        key = key.args[0].value  # torch.tensor([7, 7]), np.array([7])
    positions = r.constants(key, scope)
    if not positions and isinstance(key, (cst.List, cst.Tuple)):
        positions = [c for e in key.elements for c in r.constants(e.value, scope)] \
            if all(len(r.constants(e.value, scope)) == 1 for e in key.elements) else []
    flat = [v for c in positions for v in (c if isinstance(c, (list, tuple)) else (c,))]
    return bool(flat) and all(isinstance(v, int) and not isinstance(v, bool) for v in flat)


_POSITION_ARRAYS = frozenset({"torch.tensor", "torch.LongTensor", "torch.as_tensor", "numpy.array", "numpy.asarray"})


# red team 8: a column of a table (pandas Series) indexed by a constant picks elements by their index labels
def _column_of_table(node: cst.BaseExpression, r: Resolver, scope: Scope, depth: int) -> bool:
    """Whether `node` may be one column of a table, by its structure: one string key of a pandas or polars value
    (`df["age"]`), an attribute of one that is no table attribute (`df.age`), or a name any binding of which is
    one. Its index labels may be values of the data (`index_col=`, `set_index`, a transpose, a group-by, a
    Series built from a dict): a key of it is an element, never a column."""
    if depth > gradients.MAX_DEPTH:
        return False
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value) or ()
        return any(_column_of_table(v, r, where, depth + 1) for v, where in bound)
    if isinstance(node, cst.Attribute):
        names = r.names(node.value, scope)
        return bool(names) and _typed(names, _TABLE_OWNERS) and node.attr.value not in _NOT_COLUMNS
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        names = r.names(node.value, scope)
        return bool(names) and _typed(names, _TABLE_OWNERS) and _constant_keys(node.slice[0].slice.value, r, scope,
                                                                               (str,))
    return False



def _of_table(node: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """Whether `node` is a pandas or polars value by resolution or by structure: a selection of columns of one
    (`df[["a", "b"]]`) or what a method of one returns (`df[["a", "b"]].sum(axis=1)`)."""
    for _ in range(gradients.MAX_DEPTH):
        names = r.names(node, scope)
        if names:
            return _typed(names, _TABLE_OWNERS)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            node = node.func.value
        elif isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) \
                and gradients.column_names(r, scope, node.slice[0].slice.value):
            node = node.value
        else:
            return False
    return False


def _batch_parts(r: Resolver) -> frozenset[str]:
    """Names the module binds to one part of an unpacked value (`xb, yb` of `for xb, yb in loader`, `x, y = batch`,
    `for i, (xb, yb) in enumerate(loader)`; not `batch` of `for i, batch in enumerate(loader)`): a loader's batch
    is a tuple of fields, but a part of it is a field, whose constant item is a row. Any scope: conservative."""
    known = r.derived.get(_batch_parts)
    if known is None:
        found: set[str] = set()
        todo: list[cst.CSTNode] = [r.module]
        while todo:
            n = todo.pop()
            todo.extend(children(n))
            targets = [n.target] if isinstance(n, (cst.For, cst.CompFor)) else \
                [t.target for t in n.targets] if isinstance(n, cst.Assign) else []
            for target in targets:
                if not isinstance(target, (cst.Tuple, cst.List)):
                    continue
                parts = [e.value for e in target.elements]
                iterable = n.iter if isinstance(n, (cst.For, cst.CompFor)) else None
                if isinstance(iterable, cst.Call) and "builtins.enumerate" in r.names(iterable.func, r.root) and \
                        len(parts) == 2:
                    parts = [e.value for e in parts[1].elements] if isinstance(parts[1], (cst.Tuple, cst.List)) else []
                stack = parts
                while stack:
                    e = stack.pop()
                    if isinstance(e, cst.Name):
                        found.add(e.value)
                    elif isinstance(e, (cst.Tuple, cst.List)):
                        stack.extend(x.value for x in e.elements)
                    elif isinstance(e, cst.StarredElement) and isinstance(e.value, cst.Name):
                        found.add(e.value.value)
        known = r.derived[_batch_parts] = frozenset(found)
    return known

def _constant_keys(key: cst.BaseExpression, r: Resolver, scope: Scope, kinds: tuple = (str, int)) -> bool:
    """`key` folds to constants of `kinds` only (a string, a position; never a list of columns)."""
    consts = r.constants(key, scope)
    return bool(consts) and all(isinstance(c, kinds) and not isinstance(c, bool) for c in consts)


# keyword arguments of a reduction that say how to reduce, not which rows count (`where=`, `weights=` do)
_REDUCTION_KEYWORDS = frozenset({"axis", "dim", "keepdims", "keepdim", "dtype", "ddof", "skipna", "numeric_only",
                                 "q", "bins", "range", "density", "method", "interpolation", "unbiased", "correction",
                                 "out", "start", "p", "ord"})


def _pairwise(node: cst.Assign) -> bool:
    """`a, b = x, y`: one target, a tuple of as many values, nothing starred."""
    if len(node.targets) != 1:
        return False
    target, value = node.targets[0].target, node.value
    return isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)) and \
        len(target.elements) == len(value.elements) and \
        not any(isinstance(e, cst.StarredElement) for e in (*target.elements, *value.elements))


def _callback_items(call: cst.Call):
    """(callback, a call of it with one argument per parameter) for each callback a trainer is handed: the call
    stands for the library's, where what the callback is given comes from."""
    for a in call.args:
        if a.keyword is None or a.keyword.value not in _TRAINER_CALLBACKS:
            continue
        items = [e.value for e in a.value.elements] if isinstance(a.value, (cst.List, cst.Tuple)) else [a.value]
        for item in items:
            yield item, cst.Call(func=item, args=[cst.Arg(cst.Name("_")) for _ in range(4)])


def _column_loop(key: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """`for c in FEATURES: df[c]`, `for c in df.columns: df[c]`, `cols = df.select_dtypes(...).columns; df[cols]`:
    a name that only ever holds column names (or iterates them)."""
    if not isinstance(key, cst.Name):
        return False
    bound = r.binding_scope(key.value, scope)
    sites = list(bound.bindings.get(key.value, ())) if bound is not None else []
    return bool(sites) and all(
        isinstance(i, tuple) and (_labels(i[0].iter if isinstance(i[0], Iterated) else i[0], r, i[1]))
        for i in sites)


def _labels(node: cst.CSTNode, r: Resolver, scope: Scope) -> bool:
    """Column names: a table's `.columns` (also of `select_dtypes(...)`), or names the grammar knows."""
    if isinstance(node, cst.Attribute) and node.attr.value == "columns":
        return True
    return isinstance(node, cst.BaseExpression) and gradients.column_names(r, scope, node)


def _shuffled_batch(key: cst.BaseExpression, r: Resolver, scope: Scope) -> bool:
    """`x[perm[i:i + b]]` (or through a name) with `perm` a random permutation of the rows and the slice the
    job's batch loop: random batches that together are every row."""
    if isinstance(key, cst.Name):
        bound = r.binding_scope(key.value, scope)
        sites = list(bound.bindings.get(key.value, ())) if bound is not None else []
        if len(sites) != 1 or not isinstance(sites[0], tuple) or not isinstance(sites[0][0], cst.Subscript):
            return False
        key = sites[0][0]
    if not (isinstance(key, cst.Subscript) and len(key.slice) == 1 and isinstance(key.slice[0].slice, cst.Slice)
            and isinstance(key.value, cst.Name) and _batch_loop(key.slice[0].slice, r, scope)):
        return False
    bound = r.binding_scope(key.value.value, scope)
    sites = list(bound.bindings.get(key.value.value, ())) if bound is not None else []
    calls = [i[0] for i in sites if isinstance(i, tuple) and isinstance(i[0], cst.Call)]
    while calls and len(calls) == len(sites) and all(  # `np.asarray(jax.random.permutation(...))`
            "numpy.asarray" in r.names(c.func, scope) and c.args for c in calls):
        calls = [c.args[0].value for c in calls]
    return bool(calls) and len(calls) == len(sites) and all(
        isinstance(c, cst.Call) and (any(n.endswith((".permutation", ".randperm")) for n in r.names(c.func, scope))
                                     or (isinstance(c.func, cst.Attribute) and c.func.attr.value == "permutation"))
        for c in calls)


def _batch_loop(rows: cst.Slice, r: Resolver, scope: Scope) -> bool:
    """`x[i:i + b]` with `for i in range(start, end, b)`, or `x[i * b:(i + 1) * b]` with `for i in range(...)`: the
    job's batch loop, whose batches together are every row (the gate cannot bound the batch size)."""
    lower, upper = rows.lower, rows.upper
    if isinstance(upper, cst.Name):  # `end = start + b; x[start:end]`
        bound = r.binding_scope(upper.value, scope)
        sites = list(bound.bindings.get(upper.value, ())) if bound is not None else []
        if len(sites) == 1 and isinstance(sites[0], tuple) and isinstance(sites[0][0], cst.BinaryOperation):
            upper = sites[0][0]
    if rows.step is not None or not isinstance(upper, cst.BinaryOperation):
        return False
    index = lower.left if isinstance(lower, cst.BinaryOperation) and isinstance(lower.operator, cst.Multiply) else lower
    if not isinstance(index, cst.Name):
        return False
    bound = r.binding_scope(index.value, scope)
    sites = list(bound.bindings.get(index.value, ())) if bound is not None else []
    ranges = [i[0].iter for i in sites if isinstance(i, tuple) and isinstance(i[0], Iterated)]
    if not ranges or len(ranges) != len(sites) or not all(
            isinstance(it, cst.Call) and "builtins.range" in r.names(it.func, scope) for it in ranges):
        return False
    code = gradients.same
    if index is lower:  # x[i:i + b] stepping by b
        return isinstance(upper.operator, cst.Add) and code(upper.left, index) and all(
            len(it.args) == 3 and code(it.args[2].value, upper.right) for it in ranges)
    # x[i * b:(i + 1) * b] over consecutive i
    return isinstance(upper.operator, cst.Multiply) and code(upper.right, lower.right) and \
        isinstance(upper.left, cst.BinaryOperation) and code(upper.left.left, index) and \
        all(len(it.args) <= 2 for it in ranges)


def _column_statistic(node: cst.BaseExpression) -> bool:
    """`x.mean(axis=0)`, `x.std(0)`: a reduction told to run over the rows, one value per column."""
    if not (isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in _REDUCTIONS):
        return False
    axis = _argument(node, 0, "axis") or _argument(node, 0, "dim")
    return isinstance(axis, cst.Integer) and axis.value == "0" and not _weighted(node)


def _pads_with_constants(call: cst.Call) -> bool:
    """`F.pad(x, (1, 1))`: widths that are non-negative integer literals, in the constant mode (padding_calls)."""
    widths, mode = _argument(call, 1, "pad"), _argument(call, 2, "mode")
    return isinstance(widths, (cst.Tuple, cst.List)) and all(isinstance(e.value, cst.Integer) for e in widths.elements) \
        and (mode is None or gradients.same(mode, cst.SimpleString('"constant"')) or
             gradients.same(mode, cst.SimpleString("'constant'")))


def _row_count(node: cst.BaseExpression, of: cst.BaseExpression | None = None) -> bool:
    """`x.size(0)`, `x.shape[0]`, `len(x)`: the number of rows (with `of`, of that very expression)."""
    counted = None
    if isinstance(node, cst.Subscript) and isinstance(node.value, cst.Attribute) and node.value.attr.value == "shape":
        if len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index) and \
                isinstance(node.slice[0].slice.value, cst.Integer) and node.slice[0].slice.value.value == "0":
            counted = node.value.value
    elif isinstance(node, cst.Call) and len(node.args) == 1:
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "size":
            if isinstance(node.args[0].value, cst.Integer) and node.args[0].value.value == "0":
                counted = node.func.value
        elif isinstance(node.func, cst.Name) and node.func.value == "len":
            counted = node.args[0].value
    return counted is not None and (of is None or gradients.same(counted, of))


def _argument(call: cst.Call, position: int, keyword: str) -> cst.BaseExpression | None:
    """The argument of a call by its keyword, or at its position in the signature."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value == keyword:
            return a.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


def _weighted(call: cst.Call) -> bool:
    """A reduction told which rows count or how much (`weights=`, `where=`), or given `*args` it cannot read."""
    return any(a.star or (a.keyword is not None and a.keyword.value not in _REDUCTION_KEYWORDS) for a in call.args)


def _target_names(target: cst.BaseExpression) -> set[str]:
    if isinstance(target, cst.Name):
        return {target.value}
    if isinstance(target, (cst.Tuple, cst.List)):
        return set().union(*(_target_names(e.value) for e in target.elements if not isinstance(e, cst.StarredElement)))
    return set()


def _projection(elt: cst.BaseExpression, targets: set[str], conversion: Callable[[cst.BaseExpression], bool]) -> bool:
    """An element made only of the loop's own element: it, a constant item of it, a conversion of one, a tuple
    of them (`(r["file"], int(r["label"]))`). It tests nothing and picks nothing: the comprehension is every
    row's field, as a column is (no attribute: a property of the job's class runs code)."""
    if isinstance(elt, cst.Name):
        return elt.value in targets
    if isinstance(elt, cst.Subscript):
        return len(elt.slice) == 1 and isinstance(elt.slice[0].slice, cst.Index) and \
            isinstance(elt.slice[0].slice.value, (cst.Integer, cst.SimpleString)) and \
            _projection(elt.value, targets, conversion)
    if isinstance(elt, (cst.Tuple, cst.List)):
        return bool(elt.elements) and all(not isinstance(e, cst.StarredElement) and
                                          _projection(e.value, targets, conversion) for e in elt.elements)
    if isinstance(elt, cst.Call):
        return conversion(elt.func) and len(elt.args) == 1 and elt.args[0].keyword is None and \
            not elt.args[0].star and _projection(elt.args[0].value, targets, conversion)
    return False


def _taken_whole(element: frozenset, over: frozenset) -> frozenset:
    """The sources of what a loop goes over that its element holds (`a for a, b in zip(x, y)`: x's), as the loop
    holds them; nothing when the element holds anything else: another source, or what a method of the job's
    class handed out on the way (`r[0]` by a `__getitem__` of its own: Frame.protocol_values)."""
    def key(o):
        return o.key if isinstance(o, Origin) else o.name
    keys = {key(o) for o in over}
    if any(key(o) not in keys or (isinstance(o, Origin) and (o.callback or o.statistic)) for o in element):
        return EMPTY
    held = {key(o) for o in element}
    return frozenset(o for o in over if key(o) in held)


def _over_rows(call: cst.Call, position: int, role: str) -> str | None:
    """`role` for a reduction over the rows (axis None or 0, by keyword or at its position in the signature:
    after the array for a module function, first for a method, after q for a quantile); "per-row" for a
    per-row reduction (axis 1, dim=-1: one value per row, the values); "statistic" when the axis cannot be
    read or the call weighs or masks the rows."""
    if _weighted(call):
        return "statistic"
    axis = None
    for a in call.args:
        if a.keyword is not None and a.keyword.value in ("axis", "dim"):
            axis = a.value
    positional = [a.value for a in call.args if a.keyword is None]
    if any(not (isinstance(v, cst.Name) and v.value in ("True", "False")) for v in positional[position + 1:]):
        return "statistic"  # `np.average(x, 0, weights)`: arguments after the axis it does not read
    if axis is None:
        axis = positional[position] if len(positional) > position else None
    if axis is None or (isinstance(axis, cst.Name) and axis.value == "None"):
        return role
    if isinstance(axis, cst.Integer):
        return role if axis.value == "0" else "per-row"
    if isinstance(axis, (cst.Tuple, cst.List)) and any(isinstance(e.value, cst.Integer) and e.value.value == "0"
                                                      for e in axis.elements):
        return role
    if isinstance(axis, cst.UnaryOperation) and isinstance(axis.expression, cst.Integer):
        return "per-row"
    return "statistic"


# attribute names a library gives a meaning the flow relies on (a size, labels, a fitted statistic, a trainer's
# setting, a model's loss); a fitted estimator's coefficients are left out: they are model state whoever set them
# (`reg.coef_ = global_params`), and what a module sets on a named object travels with it (Frame._e_attribute)
_LIBRARY_MEANINGS = _METADATA_ATTRS | _TABLE_ATTRS | _LABEL_ATTRS | _FITTED_STATISTICS | _FITTED_GROUP_ATTRS | \
    _TRAINER_ATTRS | _OUTPUT_LOSSES


_ASSIGNING = Kinds(cst.Assign, cst.AugAssign, cst.AnnAssign, cst.For)


def _tree_facts(module: cst.Module) -> tuple[frozenset[str], frozenset[int]]:
    """From one walk of a module's tree: the attribute names it assigns (`a.b = v`, `a.b += v`, `a.b: T = v`,
    `for a.b in ...`) and id() of the lambdas that are the value of an assignment to one name
    (`send = lambda v: ...`). tree_facts keeps them per module."""
    stored: set[str] = set()
    named: set[int] = set()

    def target(node: cst.BaseExpression) -> None:
        if isinstance(node, (cst.Tuple, cst.List)):
            for el in node.elements:
                target(el.value)
        elif isinstance(node, cst.StarredElement):
            target(node.value)
        elif isinstance(node, cst.Attribute):
            stored.add(node.attr.value)

    stack: list[cst.CSTNode] = [module]
    while stack:
        node = stack.pop()
        if not _ASSIGNING[node.__class__]:  # most nodes: one memoised test (libcst's classes are ABCs)
            stack.extend(children(node))
            continue
        if isinstance(node, cst.Assign):
            for t in node.targets:
                target(t.target)
            if isinstance(node.value, cst.Lambda) and len(node.targets) == 1 and \
                    isinstance(node.targets[0].target, cst.Name):
                named.add(id(node.value))
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For)):
            target(node.target)
        stack.extend(children(node))
    return frozenset(stored), frozenset(named)


def tree_facts(r: Resolver) -> tuple[frozenset[str], frozenset[int]]:
    """_tree_facts of the resolver's module, walked once per program (the pre-check and the module's Flow, and
    the Flows of the modules that ask whether it assigns an attribute, all read them)."""
    return _per_object(r.program.flow_trees if r.program is not None else {}, r, lambda: _tree_facts(r.module))


def _loss_reduction(call: cst.Call, r: Resolver, scope: Scope, unreduced: bool = False, per_class: bool = False) -> str:
    """A library loss or metric: "metric" unless its `reduction` (on the call, or on the loss object's
    constructor; by keyword, position or the legacy `reduce=False`) is 'none' ("values": one loss per
    element), or is not named for a loss `unreduced` by default (mlx's), or cannot be read ("statistic":
    also `*args`/`**kwargs`, and weights the code gives: `weight=` of a loss that is not `per_class`,
    `pos_weight=`, `sample_weight=`, unless one number)."""
    sites = [call]
    if isinstance(call.func, cst.Call):  # `nn.L1Loss(reduction="none")(x, y)`
        sites.append(call.func)
    if isinstance(call.func, cst.Name):  # `criterion = nn.L1Loss(reduction="none"); criterion(x, y)`
        bound = r.binding_scope(call.func.value, scope)
        if bound is not None:
            sites += [v for v, _ in (i for i in bound.bindings.get(call.func.value, ())
                                     if isinstance(i, tuple) and len(i) == 2) if isinstance(v, cst.Call)]
    for site in sites:
        data = 2 if site is call else 0  # (input, target) or (y_true, y_pred); a loss object is built with none
        for i, a in enumerate(site.args):
            if a.star:
                return "statistic"  # `**opts` may hold reduction="none", `*args` a positional one
            key = a.keyword.value if a.keyword is not None else None
            if key is None and i < data:
                continue
            values = r.constants(a.value, scope)
            if key in ("sample_weight", "weights", "pos_weight") or (key == "weight" and not per_class):
                if not (isinstance(a.value, cst.Name) and a.value.value == "None") and not _one_number(a.value, r, scope):
                    return "statistic"  # weights the code chose may pick one sample (red team 8: `weight=` of BCE)
            elif key in ("reduction", "reduce") or key is None:
                # the reduction named, or a positional one (`l1_loss(x, y, None, None, "none")`,
                # `L1Loss(None, False)`), or reduce=False (one loss per element)
                if "none" in values or (key == "reduce" and False in values and True not in values):
                    return "values"
                if not values or (key is None and False in values):
                    return "statistic"
                if key is not None:
                    unreduced = False
    return "values" if unreduced else "metric"



_ONE_NUMBER_CALLS = frozenset({"builtins.int", "builtins.float", "builtins.len", "builtins.round"})
_TENSOR_OF = frozenset({"torch.tensor", "torch.as_tensor"})


def _one_number(node: cst.BaseExpression, r: Resolver, scope: Scope, depth: int = 0) -> bool:
    """Whether `node` is one number by its shape (a literal, `int()`/`float()`/`len()` of anything, arithmetic of
    such, a 0-d tensor of one, a name every binding of which is one): a weight that scales every element alike."""
    if depth > gradients.MAX_DEPTH:
        return False
    if isinstance(node, (cst.Integer, cst.Float)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return _one_number(node.expression, r, scope, depth + 1)
    if isinstance(node, cst.BinaryOperation) and not isinstance(node.operator, cst.MatrixMultiply):
        return _one_number(node.left, r, scope, depth + 1) and _one_number(node.right, r, scope, depth + 1)
    if isinstance(node, cst.Name):
        bound = gradients.assignments(r, scope, node.value)
        return bool(bound) and all(_one_number(v, r, where, depth + 1) for v, where in bound)
    if isinstance(node, cst.Call):
        names = r.names(node.func, scope)
        args = [a for a in node.args if a.keyword is None]
        if names and names <= _ONE_NUMBER_CALLS:
            return not any(a.star for a in node.args)
        return bool(names) and names <= _TENSOR_OF and len(args) == 1 and not args[0].star and \
            all(a.keyword.value in ("dtype", "device") for a in node.args if a.keyword is not None) and \
            _one_number(args[0].value, r, scope, depth + 1)
    return False


_WEIGHTED_FITS = frozenset({"fit", "partial_fit", "fit_transform", "fit_predict"})


def _weighs_rows(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    """A fit given per-row weights (`sample_weight=`, or third positional `fit(X, y, w)`; `partial_fit`'s third is
    `classes`) that are not one number: the weights choose which rows count."""
    fit = isinstance(call.func, cst.Attribute) and call.func.attr.value == "fit"
    weight = _argument(call, 2 if fit else 99, "sample_weight")
    return weight is not None and not (isinstance(weight, cst.Name) and weight.value == "None") and \
        not _one_number(weight, r, scope)

def _writes(call: cst.Call, name: str) -> bool:
    mode = None
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "mode":
            mode = a.value
    positional = [a for a in call.args if a.keyword is None]
    if mode is None:
        index = 0 if name.endswith(".open") and not name.startswith(("builtins", "io", "codecs", "os")) else 1
        if name == "pathlib.Path.open":
            index = 1
        if len(positional) > index:
            mode = positional[index].value
    if isinstance(mode, cst.SimpleString):
        try:
            text = mode.evaluated_value
        except Exception:  # noqa: BLE001
            return False
        return isinstance(text, str) and any(c in text for c in "wax") and "+" not in text
    return False


def _public(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    """`fl_ctx.set_prop(k, v, private=...)` (the third argument of set_prop/put): sent to the peers unless
    the flag is absent (set_prop defaults to private=True, nvflare/apis/fl_context.py) or every value the
    resolver folds it to is True; a flag the gate cannot fold is public."""
    positional = [a for a in call.args if a.keyword is None and not a.star]
    flag = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "private"),
                positional[2].value if len(positional) > 2 else None)
    if flag is None:
        return any(a.star for a in call.args)  # `set_prop(*args)` / `**kw`: the flag may be in them
    values = r.constants(flag, scope)
    return not values or not all(v is True for v in values)


def _logs_traceback(call: cst.Call, names: set[str], method: str | None) -> bool:
    """A log call that writes the exception being handled: `logger.exception(...)`, `exc_info=True`,
    `traceback.print_exc()`, NVFlare's `log_exception` (nvflare/apis/fl_component.py adds the traceback)."""
    if method in ("exception", "log_exception") or any(_EXCEPTION_READERS(n) for n in names):
        return True
    return any(a.keyword is not None and a.keyword.value == "exc_info" and
               not (isinstance(a.value, cst.Name) and a.value.value in ("False", "None")) for a in call.args)


def _looked_up_method(func: cst.BaseExpression, r: Resolver, scope: Scope) -> tuple[cst.BaseExpression, str] | None:
    """(receiver, method) of a call of `getattr(obj, name)` whose name is one constant."""
    if not isinstance(func, cst.Call) or len(func.args) < 2 or any(a.keyword is not None or a.star for a in func.args) \
            or "builtins.getattr" not in r.names(func.func, scope):
        return None
    attr = {c for c in r.constants(func.args[1].value, scope) if isinstance(c, str)}
    return (func.args[0].value, attr.pop()) if len(attr) == 1 else None


def _writes_handle(names: set[str], method: str | None) -> bool:
    """A write into a handle (or a writer built over one), whose file is where the handle was opened."""
    return method in _HANDLE_WRITES or "builtins.print" in names


def _prints_to_console(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "file":
            names = r.names(a.value, scope)
            return bool(names & _CONSOLE)
    return True


_EXPR = {
    cst.Name: _Frame._e_name,
    cst.Attribute: _Frame._e_attribute,
    cst.Subscript: _Frame._e_subscript,
    cst.Call: _Frame._e_call,
    cst.BinaryOperation: _Frame._e_binop,
    cst.BooleanOperation: _Frame._e_boolop,
    cst.UnaryOperation: _Frame._e_unary,
    cst.Comparison: _Frame._e_compare,
    cst.IfExp: _Frame._e_ifexp,
    cst.FormattedString: _Frame._e_fstring,
    cst.ConcatenatedString: _Frame._e_concat,
    cst.List: _Frame._e_sequence,
    cst.Tuple: _Frame._e_sequence,
    cst.Set: _Frame._e_sequence,
    cst.Dict: _Frame._e_dict,
    cst.ListComp: _Frame._e_comp,
    cst.SetComp: _Frame._e_comp,
    cst.GeneratorExp: _Frame._e_comp,
    cst.DictComp: _Frame._e_comp,
    cst.NamedExpr: _Frame._e_named,
    cst.Await: _Frame._e_await,
    cst.Yield: _Frame._e_yield,
    cst.StarredElement: _Frame._e_starred,
    cst.Lambda: _Frame._e_lambda,
}


# ---- the cheap pre-check --------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _name_kind(name: str) -> tuple[bool, bool, bool, bool]:
    """(may be an update sink, may be a log sink, may read data/host files/secrets, is code the gate
    cannot see) for a qualified name; names repeat across files."""
    update = bool(_UPDATE_CALLS(name))
    log = bool(_LOG_CALLS(name))
    source = bool(name in _OPEN_CALLS or _SOURCE_CALLS(name) or _SECRET_CALLS(name) or _ENVIRON_READERS(name)
                  or _HOST_IDENTITY(name) or _SITE_SETTINGS(name)
                  or name.startswith("os.environ") or _LOADER_NAME(name.rsplit(".", 1)[-1].removesuffix("()")))
    unseen = not ("()" in name or name.startswith("<class>.") or _known_lib(name))
    return update, log, source, unseen


def _linked_homes(r: Resolver, func: cst.BaseExpression, scope) -> list[Resolver]:
    """The modules of the job (other than this one) that define the callee (a class built: its methods)."""
    values = r.values(func, scope)
    classes = [home for v in values if isinstance(v, str) and v.startswith("<class>.") and "()" not in v
               and v not in r.class_scopes and r.program is not None for home in r.program.defining(v, r.path)]
    return [v.scope.owner for v in values if isinstance(v, FuncRef) and
            isinstance(v.node, cst.FunctionDef) and id(v.node) not in r.scope_of and v.scope.owner is not None] + classes


def _is_dataset_class(r: Resolver, name: str, seen: dict[tuple[int, str], Resolver] | None = None) -> bool:
    """Whether the module's class `name` (one without methods too) is a dataset: it has __getitem__, or a base
    that is a library dataset or a dataset class of the job (of any module). `seen`: the (module, class) this
    walk has visited, each once (bases that share bases would be walked once per path: 2^n for n diamonds).
    A whole walk's answer is kept per program: a chain of n classes is asked about each of its classes' bases
    (protocol.methods), n^2 questions, each a walk of up to n classes."""
    if seen is not None:
        return _dataset_walk(r, name, seen)
    memo = r.program.dataset_classes if r.program is not None else {}
    known = memo.get((id(r), name))
    if known is not None and known[0] is r:
        return known[1]
    seen = {}
    found = _dataset_walk(r, name, seen)
    # A walk that found none visited no dataset class: each class it saw is none (a walk stops at the first).
    for (key, home) in ([((id(r), name), r)] if found else seen.items()):
        memo[key] = (home, found)
    return found


def _dataset_walk(r: Resolver, name: str, seen: dict[tuple[int, str], Resolver]) -> bool:
    qname = "<class>." + name
    if (id(r), name) in seen or qname not in r.class_scopes:
        return False
    seen[(id(r), name)] = r
    if any("__getitem__" in body.bindings for body in r.class_scopes[qname]):
        return True
    return any(_DATASET_BASES(n) or _job_dataset(r, n, seen)
               for base, scope in r.class_bases.get(qname, ()) for n in r.names(base, scope))


def _job_dataset(r: Resolver, name: str, seen: dict[tuple[int, str], Resolver] | None = None) -> bool:
    """Whether `<class>.C` (or an object of it) is a dataset class of the job, defined in this module or in
    another one (`from data import SiteImages`, whatever it is called): its objects are the site's rows."""
    name = name.removesuffix("()")
    if not name.startswith("<class>.") or "()" in name:
        return False
    homes = [r] if name in r.class_scopes else r.program.defining(name, r.path) if r.program is not None else []
    return any(_is_dataset_class(home, name[8:], seen) for home in homes)


@dataclasses.dataclass
class _Facts:
    """What the pre-check needs of one module: its possible sinks and sources, and the modules of the job
    whose functions it calls (which may send what they are given, or hand back data)."""

    update: bool = False  # an update sink
    log: bool = False  # the job log, or a file written where only the run time decides
    source: bool = False  # the site's data, a host file, a secret
    unseen: bool = False  # code the gate cannot see
    listing: bool = False  # a folder's listing: file names count in the update only
    homes: list | None = None  # _homes: computed only when the module's own calls do not decide


def _facts(r: Resolver) -> _Facts:
    cache = r.program.flow_facts if r.program is not None else {}
    done = cache.get(id(r))
    if done is not None and done[0] is r:  # as _per_object, but kept before it is filled
        return done[1]
    f = _Facts()
    cache[id(r)] = (r, f)
    try:
        return _fill_facts(r, f)
    except BaseException:
        del cache[id(r)]  # a fill cut short (a RecursionError) must never read as "no source, no sink"
        raise


def _fill_facts(r: Resolver, f: _Facts) -> _Facts:
    for use in r.calls:
        call = use.node
        func = call.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        names = r.names(func, use.scope)
        kinds = [_name_kind(n) for n in names]
        f.update = f.update or any(_REPLY_MODS(n) or _REPLY_HANDLERS(n) for n in names) or method in _UPDATE_METHODS or method == "to_shareable" or \
            (method in _PUBLIC_PROP_METHODS and _public(call, r, use.scope)) or any(k[0] for k in kinds)
        f.log = f.log or method in _FL_LOG_METHODS or any(k[1] for k in kinds) or \
            (method in _LOG_METHODS and isinstance(func.value, (cst.Name, cst.Attribute))) or \
            method in _FRAME_WRITERS or method in _HANDLE_WRITES or \
            any(_FILE_WRITERS(n) or _PATH_FIRST_WRITERS(n) or _PROGRESS_BARS(n) for n in names)
        last = method or (func.value if isinstance(func, cst.Name) else "")
        f.source = f.source or method in ("read_text", "read_bytes") or bool(last and _LOADER_NAME(last)) or \
            any(k[2] for k in kinds) or any(_job_dataset(r, n) for n in names) or \
            any(a.value.__class__ is cst.Attribute and dotted(a.value) == "os.environ" for a in call.args)
        f.unseen = f.unseen or any(k[3] for k in kinds) or (not names and isinstance(func, cst.Name))
        f.listing = f.listing or any(_FILE_LISTS(n) for n in names)
        if not (f.update and f.log):  # a send or log function handed to the job's code (Frame.passed_sinks)
            handed = [n for a in call.args if isinstance(a.value, (cst.Name, cst.Attribute))
                      for n in r.names(a.value, use.scope)]
            f.update = f.update or any(_UPDATE_CALLS(n) for n in handed)
            f.log = f.log or any(_LOG_CALLS(n) for n in handed)
    f.unseen = f.unseen or imported.any_value(r)  # `from hooks import SUMMARY`: a value another module computes
    # `model.metrics = rows` on a parameter the gate cannot type (Frame.store_into): an update
    f.update = f.update or not _UPDATE_FIELDS.isdisjoint(tree_facts(r)[0])
    if not f.update:
        # The result of an Executor's execute() or a Flower client's fit (and the like) is a sink too, and
        # so is what a Flower ClientApp's handler returns.
        f.update = any(isinstance(s.node, cst.FunctionDef) and s.parent is not None and (
            (s.node.name.value in _RETURN_SINK_METHODS and s.parent.is_class) or
            any(_UPDATE_HANDLERS(n) for d in s.node.decorators
                for n in r.names(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator, s.parent)))
            for s in r.scope_of.values())
    if not (f.update or f.log):
        f.log = _raises(r.module)  # an exception's message is in the job log
    f.source = f.source or _reads_environ_or_loaders(r)
    return f


def _homes(r: Resolver) -> list[Resolver]:
    """The modules of the job whose functions the module calls."""
    f = _facts(r)
    if f.homes is None:
        f.homes = []
        for use in r.calls:
            names = r.names(use.node.func, use.scope)
            # the functions it calls, the mods a Flower ClientApp runs (Frame.mods_return) and the handlers
            # whose return answers another site (Frame.handler_returns)
            called = [use.node.func] if not any(_known_lib(n) for n in names) else [
                el.value for a in use.node.args if a.keyword is not None and a.keyword.value == "mods" and
                any(_REPLY_MODS(n) for n in names) and isinstance(a.value, (cst.List, cst.Tuple))
                for el in a.value.elements]
            handler = _argument(use.node, 1, "message_handle_func") if any(_REPLY_HANDLERS(n) for n in names) \
                else None
            if handler is not None:
                called.append(handler)
            for func in called:
                f.homes += [h for h in _linked_homes(r, func, use.scope) if h not in f.homes]
    return f.homes


def _reaches(r: Resolver, has) -> bool:
    """Whether the module, or a module of the job whose functions it calls (transitively), has `has`."""
    seen, todo = {id(r)}, [r]
    while todo:
        m = todo.pop()
        if has(_facts(m)):
            return True
        for h in _homes(m):
            if id(h) not in seen:
                seen.add(id(h))
                todo.append(h)
    return False


def may_hold_data(resolver: Resolver) -> bool:
    """Whether any value of the module may come from the site's data, a host file, a secret or code the gate
    cannot see, here or in a module of the job it calls. When none can, its functions hand back only what
    their callers pass, and a call from another module needs no run of this one (Flow.linked)."""
    return _reaches(resolver, lambda f: f.source or f.unseen or f.listing)


def worth_running(resolver: Resolver) -> bool:
    """Whether the module has a possible source and a possible sink (most files have not): data, host files
    or secrets and any sink, or a value of unknown provenance (code the gate cannot see) and an update sink.
    A function of another module of the job that it calls is a sink when that module (or one it calls)
    has one, and a source when that module may hold data."""
    f = _facts(resolver)
    if f.source and (f.update or f.log) or (f.unseen and f.update):
        return True  # decided by the module's own calls
    homes = _homes(resolver)
    sink = f.update or f.log or any(_reaches(h, lambda g: g.update or g.log) for h in homes)
    if not sink:
        return False
    held = any(may_hold_data(h) for h in homes)
    update = f.update or any(_reaches(h, lambda g: g.update) for h in homes)
    return f.source or ((f.unseen or held) and f.update) or ((f.listing or held) and update)


def _reads_environ_or_loaders(r: Resolver) -> bool:
    """A parameter named like a loader or a dataset is a source too, and so are os.environ["X"] and a setting
    of the site (`context.node_config["X"]`)."""
    if any(isinstance(s.node, cst.FunctionDef) and any(_LOADER_PARAM(p.name.value) for p in _params(s.node))
           for s in r.scope_of.values()):
        return True
    if any(isinstance(u.node, cst.Attribute) and u.node.attr.value in _SITE_SETTING_ATTRIBUTES and
           any(_SITE_SETTINGS(n) for n in r.names(u.node, u.scope)) for u in r.loads):
        return True
    return any("os.environ" in r.names(u.node.value, u.scope) for u in r.subscripts if isinstance(u.node, cst.Subscript))


def _raises(module: cst.Module) -> bool:
    """Whether any statement raises or asserts with a message (statements only: cheap)."""
    stack: list = [module]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            if any(isinstance(b, cst.Raise) or (isinstance(b, cst.Assert) and b.msg is not None) for b in node.body):
                return True
        elif isinstance(node, (cst.Module, cst.IndentedBlock)):
            stack.extend(node.body)
        elif isinstance(node, cst.BaseCompoundStatement):
            stack.extend(c for c in node.children if isinstance(c, (cst.BaseSuite, cst.BaseCompoundStatement, cst.Else,
                                                                     cst.Finally, cst.ExceptHandler, cst.MatchCase)))
        elif isinstance(node, (cst.Else, cst.Finally, cst.ExceptHandler, cst.MatchCase)):
            stack.append(node.body)
    return False


def flow_of(resolver: Resolver) -> Flow:
    """A module's one Flow in its program (a module whose functions another calls
    is analysed once, and cycles meet the Flow already running)."""
    program = resolver.program
    if program is None:
        return Flow(resolver.module, resolver)
    flow = program.flows.get(id(resolver))
    if flow is None:
        flow = program.flows[id(resolver)] = Flow(resolver.module, resolver)
    return flow


def analyze(module: cst.Module, resolver: Resolver) -> list[Leak]:
    """Every leak of the module, or [] when the pre-check says there can be none."""
    if not worth_running(resolver):
        return []
    _ANALYSING[:] = [resolver]
    try:
        return flow_of(resolver).leaks()
    finally:
        for table in (_TEXTS, _MARKERS, _CAPPED, _PASSED, _PLACES, _WALKED, _ANALYSING, _INTERNED, _MADE):
            table.clear()


def describe(origin: Origin) -> str:
    what = origin.what
    if origin.held:
        return f"a value of unknown provenance: what an object of the job's class was built with ({what})"
    if origin.kind == SECRET:
        return f"a secret ({what.removeprefix('builtins.')})"
    if origin.kind == UNKNOWN:
        return f"a value of unknown provenance: {what}"
    if origin.kind == HOST and what == "os.environ":
        return "the process environment (os.environ)"
    if origin.kind == HOST:
        return f"a host file read with {what.removeprefix('builtins.')}"
    return f"site data from {what.removeprefix('builtins.')}"


__all__ = ["analyze", "describe", "Flow", "Leak", "Origin", "UPDATE", "LOG", "DATA", "HOST", "SECRET", "UNKNOWN",
           "worth_running"]
