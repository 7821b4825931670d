"""The name lists of rules/flow/*.yaml as the flow analysis reads them (loaded by vocabulary.py), and its bounds.

Private to the flow package: its modules import these names from here."""

from __future__ import annotations

import functools
import re

import libcst as cst

from ..lists import matcher, table
from ...model import GateError
from . import vocabulary

_V = vocabulary.load()

# sources
_SOURCE_CALLS = _V.names("source_calls")

_FILE_LISTS = _V.names("file_lists")
_LISTING_METHODS = _V.words("listing_methods")

_MODEL_OR_DATA = _V.words("model_or_data")

_DATASET_BASES = _V.names("dataset_bases")

_LOADER_NAME = _V.regex("loader_name")

_JOB_PARTITIONED = _V.names("job_partitioned")

_HUB_ID = _V.regex("hub_id")

_ITEM_MAKERS = _V.words("item_makers")
_ITEM_MAKER_SETTERS = _V.words("item_maker_setters")
_ROW_CHOOSERS = _V.words("row_choosers")
_ROW_CAPS = _V.words("row_caps")
_HEADER_SKIPS = _V.words("header_skips")
_ITEM_READERS = _V.names("item_readers")
_PUBLIC_ROWS = _V.names("public_rows")
_CLASS_LABEL_LOADERS = _V.names("class_label_loaders")
_CLASS_LABEL_COUNT_KEYWORDS = _V.words("class_label_count_keywords")
_PUBLIC_ROW_KEYWORDS = _V.words("public_row_keywords")
_PUBLIC_TRANSFORMS = _V.names("public_transforms")
_CALLABLE_TRANSFORMS = _V.names("callable_transforms")

_LOADER_PARAM = _V.regex("loader_param")


_DATA_PATH = _V.regex("data_path")

_HOST_PATH = _V.regex("host_path")

_MODEL_PATH = _V.regex("model_path")

_MODEL_FILE = _V.regex("model_file")

_CONFIG_PATH = _V.regex("config_path")

_OPEN_CALLS = _V.words("open_calls")

_TEMP_FILE_MAKERS = _V.words("temp_file_makers")

_PARTIALS = frozenset({"functools.partial", "functools.partialmethod"})  # bind arguments, call later

_PLOTTING_CALLS = _V.prefixes("plotting_calls")
_PLOT_METHODS = _V.words("plot_methods")

_ENVIRON_VIEWS = _V.words("environ_views")

_FILE_PROBES = _V.names("file_probes")

_FILE_CREATORS = _V.names("file_creators")

_ENVIRON_READERS = _V.names("environ_readers")
_ENVIRON_MAPPINGS = _V.names("environ_mappings")
_ENVIRON_LOOKUPS = _V.names("environ_lookups")
_ENVIRON_WRITERS = _V.names("environ_writers")

_HOST_IDENTITY = _V.names("host_identity")

_HOST_PATHS = _V.names("host_paths")
_HOST_PATH_ATTRIBUTES = _V.names("host_path_attributes")
_HOST_PATH_ATTRIBUTE_WORDS = _V.words("host_path_attribute_words")

_RELATIVE_PATHS = _V.names("relative_paths")

_SITE_SETTINGS = _V.names("site_settings")

_SITE_SETTING_ATTRIBUTES = _V.words("site_setting_attributes")

_SITE_PROP_KEYS = _V.regex("site_prop_keys")

_PARTITION_NODE_KEYS = _V.words("partition_node_keys")

# secrets
_SECRET_ENV = _V.regex("secret_env_names")

_NUMERIC_ENV = _V.regex("numeric_env_names")

_CREDENTIAL_FILE = _V.regex("credential_files")
_PROCESS_FILE = _V.regex("process_files")
_OWN_PROCESS_FIGURES = _V.regex("own_process_figures")

_SECRET_CALLS = _V.names("secret_calls")

_CREDENTIAL_USERS = _V.names("credential_users")

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
_DISTINCT_CALLS = _V.names("distinct_calls")

_STATISTIC_METHODS = _V.words("statistic_methods")

_REDUCTION_CALLS = _V.names("reduction_calls")

_SERVER_SETTINGS = _V.prefixes("server_settings")
_SERVER_ARGUMENTS = _V.names("server_arguments")  # a Flower client's fit(parameters, config): `<base>.<method>#<position>`

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
_PRODUCT_CALLS = _V.names("product_calls")  # Frame.applies_selector
_PRODUCT_METHODS = _V.words("product_methods")
_ROW_WEIGHT_KEYWORDS = _V.words("row_weight_keywords")
_PART_PRODUCTS = _V.names("part_products")  # a product over the parts of a stack
_PART_PRODUCT_METHODS = _V.words("part_product_methods")
_PART_STACKS = _V.names("part_stacks")
_MODULE_MOVES = _V.words("module_moves")  # calls.py _unconverted
_SELECTOR_WHERES = _V.names("selector_where_calls")  # Frame.selector
_MASK_SHAPE_METHODS = _V.words("mask_shape_methods")  # Calls.tested_polarity
_FILLED_LIKE = _V.names("filled_like_calls")  # Calls.keeps_tested_rows

_UNIFORM_ARRAYS = _V.names("uniform_arrays")

_IDENTITIES = frozenset({"numpy.eye", "numpy.identity", "torch.eye", "jax.numpy.eye"})  # row_selector
# what a call of jax's gradient transforms' result is named (resolve._transform_call: it runs the function given)
_GRADIENT_TRANSFORMS = frozenset({"jax.grad()", "jax.value_and_grad()"})

_TRAINED_LOSSES = _V.names("trained_losses")

_WHOLE_METHODS = _V.words("whole_methods")
_TABLE_ROW_METHODS = _V.words("table_row_methods")  # a table's rows its arguments pick (calls.table_rows)

_CHOSEN_PARTITIONS = _V.names("chosen_partitions")

_BATCH_SOURCES = _V.names("batch_sources")

_BATCHING_METHODS = _V.words("batching_methods")

_POSITIONAL_BATCH_SIZE = _V.names("positional_batch_size")  # calls.one_row_batches

_ELEMENT_WRAPPERS = _V.names("element_wrappers")  # Frame.iterated_parameter

_ARGUMENT_HOLDERS = _V.names("argument_holders")  # Frame.held

_LOADER_SAMPLERS = _V.words("loader_samplers")  # a DataLoader told which positions to hand out (calls.sampled)

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
_GRADIENT_ATTRS = _V.words("gradient_attrs")

_PARAMETER_VIEWS = _V.words("parameter_views")

_PARAMETER_TYPES = _V.names("parameter_types")

_INPLACE_CALLS = _V.names("inplace_calls")

_PARAMETER_LOOKUPS = _V.words("parameter_lookups")

_MODULE_CLASSES = _V.names("module_classes")
_PLAIN_CLASSES = _V.names("plain_classes")

_MODULE_HOLDERS = _V.prefixes("module_holders")  # seqfwd24: calling one runs the job modules it was handed

_PRESERVING_DECORATORS = _V.names("preserving_decorators")

_QUIET_CONTEXTS = _V.names("non_suppressing_contexts")

_MODULE_CONTAINERS = _V.prefixes("module_containers")

_INPLACE_FUNCTIONS = _V.names("inplace_functions")

# sinks
_SENDING_CALLS = _V.names("update_calls")
_JOB_BUILDERS = _V.names("job_builders")  # collab's recipe builds the job on the submitter's machine: no send


def _UPDATE_CALLS(name: str) -> bool:  # noqa: N802 - a predicate used as the other vocabulary testers are
    return bool(_SENDING_CALLS(name)) and not _JOB_BUILDERS(name)


_UPDATE_METHODS = _V.words("update_methods")

_LOGGED_METRIC_MODULES = _V.names("logged_metric_modules")

_BATCH_HOOKS = _V.words("batch_hook_methods")
_BATCH_CALLBACKS = _V.words("batch_callback_methods")
_CALLBACK_CLASSES = _V.names("batch_callback_classes")

_UPDATE_HOLDERS = _V.names("update_holders")

_UPDATE_RETURNS = _V.names("update_returns")

_RETURN_SINK_METHODS = frozenset(v.rsplit(".", 1)[-1] for e in ("update_returns", "statistic_results")
                                  for v in _V.entries[e].values)

_STATISTIC_RESULTS = _V.names("statistic_results")

_UPDATE_HANDLERS = _V.names("update_handlers")

_REPLY_MODS = _V.names("reply_mods")

_REPLY_HANDLERS = _V.names("reply_handlers")

_LOG_CALLS = _V.names("log_calls")

_NETWORK_SAVES = _V.names("network_saves")


@functools.cache
def _network_index():
    """The calls of the network rules that sinks.yaml `network_rules` names (rules/network.yaml), read from the
    built-in packs once per process: a request's callees are the ones those rules match, never a copied list."""
    from .. import compiled
    from ..rules import Index, read_pack

    wanted = _V.words("network_rules")

    def load(docs: list) -> Index:
        index, found = Index(), set()
        for doc in docs:
            for rule in doc.get("rules", ()) if isinstance(doc, dict) else ():
                if isinstance(rule, dict) and rule.get("id") in wanted:
                    found.add(rule["id"])
                    for pattern in rule.get("match", {}).get("calls", ()):
                        index.add(pattern, rule["id"])
        if found != wanted:
            raise GateError(f"rules/flow/sinks.yaml network_rules: no such rule: {', '.join(sorted(wanted - found))}")
        return index

    return compiled.built(compiled.rule_packs(()), compiled.data_folder(), read_pack, load, Index, "network sinks")


def environ_mapping(names) -> bool:
    """Whether resolved names or values (a resolver's, constants among them) name the process environment."""
    return any(isinstance(n, str) and _ENVIRON_MAPPINGS(n) for n in names)


@functools.lru_cache(maxsize=1 << 14)
def network_call(name: str) -> bool:
    """Whether a resolved name is a call that sends a request (a network rule's callee, under another module's
    attribute too: `torch.hub.urlopen` is urllib's). Kept per name: the flow asks it of every callee at every
    evaluation (11 us each, 48,000 times on NVFlare's advanced examples)."""
    from ..match import aliases  # the rule matcher imports the detectors, which import this module

    index = _network_index()
    return any(index.lookup(a) for a in aliases(name))


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

_SHELL_READABLE = _V.regex("shell_readable_files")


def _shell_readable(paths) -> str | None:
    """The first (sorted) of folded paths that is a text file of the job's folder, which the server's admin reads
    back (sinks.yaml shell_readable_files): relative, or under `<job>` (`os.path.dirname(__file__)`, the run
    folder an NVFlare workspace names); another marker (<tmp>, ${VAR}) is none."""
    return min((p for p in paths if (p.startswith("<job>/") or not p.startswith(("/", "~", "<", "${"))) and
                _SHELL_READABLE(p)), default=None)


_SHARED_FOLDERS = matcher("paths", "shared-folders")


def _shared_file(paths) -> str | None:
    """The first (sorted) of folded paths that is a fixed file of a folder every job and user of the site reads
    (rules/lists/paths.yaml shared-folders: `/tmp/fl_cache.csv`, not a fresh tempfile's `<tmp>`)."""
    return min((p for p in paths if _SHARED_FOLDERS.match(p) is not None and p.rstrip("/") != "/tmp"), default=None)


# calls that copy, move or link a file: (source, destination) as (position, keyword) (rules/lists/calls.yaml)
_COPIES = {e.name: (e.src, e.path) for e in table("calls", "copies").entries}

_HANDLE_WRITES = _V.words("handle_writes")
_HANDLE_SIZES = _V.words("handle_sizes")

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
_ROW_SOFTMAX_CALLS = _V.names("row_softmax_calls")  # a soft argmax along the rows (Frame.row_softmax)
_ROW_SOFTMAX_METHODS = _V.words("row_softmax_methods")
_BOOLEAN_DTYPES = _V.names("boolean_dtypes")  # a conversion to one is a step too
_BOOLEAN_DTYPE_TEXTS = _V.words("boolean_dtype_texts")
_DOMAIN_CALLS = _V.names("domain_calls")  # NaN where a shifted value leaves their domain (Origin.nan)
_DOMAIN_METHODS = _V.words("domain_methods")
_NAN_SKIPPING_CALLS = _V.names("nan_skipping_calls")  # of values with NaN where the code chose, rows chosen
_NAN_SKIPPING_METHODS = _V.words("nan_skipping_methods")
_TABLE_SKIPPING_METHODS = _V.words("table_skipping_methods")  # skip NaN on a table (pandas skipna)
_TABLE_DISPATCHING_CALLS = _V.names("table_dispatching_calls")  # np.mean(series) is series.mean()
_NAN_FILTERS = _V.names("nan_filters")
_NAN_FILTER_METHODS = _V.words("nan_filter_methods")

# calls that pick rows by positions given as arguments (Origin.few when constant: syntax._selects_named_rows)
_DIMENSION_SELECTORS = _V.names("dimension_selectors")

_DIMENSION_SELECTOR_METHODS = _V.words("dimension_selector_methods")

_POSITION_SELECTORS = _V.names("position_selectors")
_ROUND_NUMBERS = _V.names("round_numbers")

# a dataset wrapper over the rows at positions it is given: a strided share keeps the rows (arguments.strided_partition)
_STRIDED_PARTITIONS = _V.names("strided_partitions")

_POSITION_SELECTOR_METHODS = _V.words("position_selector_methods")

_DICT_TYPES = _V.words("dict_types")

_EXCEPTION_READERS = _V.names("exception_readers")

_ECHOING_CALLS = _V.names("echoing_calls")

_MADE_CALLABLES = _V.names("made_callables")
_RECONSTRUCTING_CALLS = _V.names("reconstructing_calls")

_TEXT_EXTREMES = _V.words("text_extremes")
_ROW_EXTREMES = _V.words("row_extremes")
_ROW_POSITIONS = _V.words("row_positions")
_ROW_POSITION_PAIRS = _V.names("row_position_pairs")
_ROW_POSITION_PAIR_METHODS = _V.words("row_position_pair_methods")
_VALUE_TEST_CALLS = _V.names("value_test_calls")  # tests against a value: np.isin, torch.isin
_VALUE_TEST_METHODS = _V.words("value_test_methods")
_ORDERING_TEST_CALLS = _V.names("ordering_test_calls")  # torch.gt(age, 99): as `age > 99`
_ABSOLUTE_CALLS = _V.names("absolute_calls")  # np.abs(ids - 1042) < 0.5
_NEGATION_CALLS = _V.names("negation_calls")  # np.logical_not(ids - 1042)
_RANGE_CALLS = _V.names("range_calls")  # np.isin(ids, np.arange(1042, 1043))

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

_SUMMARIES = frozenset({"count", "metric", "values", "per-row", "histogram", "reduction", "statistic",
                        "distinct"})

_CONSTANT_ARRAYS = frozenset({"numpy.array", "numpy.asarray", "torch.tensor", "torch.as_tensor"})

_QUOTED_FILE = re.compile(r"""["']([^"'\s]*\.[A-Za-z0-9]{1,12})["']""")


UPDATE, LOG, FILE, NET = "update", "log", "file", "network"
# In a FILE leak's sink when the server's admin reads the file or its name (detectors/update_leak.py).
SHELL_READABLE = "which NVFlare's admin shell commands return to the server"
# In a FILE leak's sink when the file is at a fixed path of a folder the site's other jobs and users read.
SHARED_FOLDER = "a fixed path of a folder every job and user of the site reads"

# The log sink of an exception that escapes the job: NVFlare logs what an Executor raises with its traceback
# (nvflare/private/fed/client/client_runner.py: log_exception; nvflare/apis/fl_component.py writes the
# traceback), a script's uncaught exception goes to its stderr, which is the job log.
ESCAPED = "an exception that escapes the job (its message and traceback are in the job log)"

PARAMETERS = "<parameters>"  # key in Flow.fields: what was written into any model's parameters or buffers

RANDOM = "<random>"  # key in Flow.fields: what seeded the module's random generators

FIGURE = "<figure>"  # key in Flow.fields: what the module drew with a plotting library, which a figure's save writes

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

# rounds past MAX_ROUNDS while only fields, globals and the module's names are still growing (joins only add to
# them, so they settle): how many rounds a chain of stores needs follows the order the module defines its
# functions in, and a chain that settles in one order is not widened in the other (hardening53); a longer chain
# is widened, as a recursion that has not settled by MAX_ROUNDS is
MAX_STORE_ROUNDS = 24

# functions summarised one inside another (a call chain, across modules); a call deeper than this sees the
# callee's summary of the last round, as a call back into a function does (Flow.summary): Python's own
# recursion limit is never what ends an analysis, which would hide the module's findings
MAX_NESTING = 30

MAX_TRANSFORM_DEPTH = 6  # names and calls followed into a public dataset's transform (calls.py library_transform)
MAX_FILE_DEPTH = 4  # modules analysed one inside another for what they wrote into a file another reads

MAX_LOOP = 4  # fixpoint iterations of one loop

# what a parameter's call runs is what the job's calls pass for it (Flow.passed): the arguments read, through
# callers' own parameters; past this the call's result is of unknown provenance
MAX_PASSED = 64

MAX_CALLABLES = 8  # functions and lambdas one such call may be, each applied; past it, of unknown provenance

# the builtins whose call as a class attribute runs what they wrap (the resolver names only the wrapper)
_WRAPPERS = frozenset({"builtins.staticmethod()", "builtins.classmethod()"})

STEP_BUDGET = 200_000  # statements evaluated per module; past it, loops are evaluated once (nesting bombs)
