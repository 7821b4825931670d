"""Flow: does data read at the site reach something that leaves the site?

A small taint analysis over the libcst tree, on top of the resolver's names.
It answers one question for the update-channel-leak rules: can a value that
was *read from the site's data* (or from other files on the host, or the
process environment) reach the FL update, the task result or the job log
without passing through training or an aggregate?

What is tainted (sources)
- Data loaders, by resolved name: `pandas.read_*`, `numpy.load/loadtxt/
  genfromtxt/fromfile/memmap`, `torch.load`, `torchvision.datasets.*`,
  `torchvision.io.read_*`, `torch.utils.data.DataLoader`, `datasets.load_*`
  (Hugging Face), `h5py.File`, `PIL.Image.open`, `nibabel.load`,
  `pydicom.dcmread`, `SimpleITK.ReadImage`, `imageio`/`cv2`/`skimage` readers,
  `monai.data.*`, `scipy.io.loadmat`, `pyarrow`/`polars` readers,
  `sklearn.datasets.load_svmlight_file(s)`/`load_files`,
  `tensorflow.data.*`/`keras` directory datasets, `xgboost.DMatrix`; classes of
  the module that are Datasets (a torch `Dataset` base or a `__getitem__`);
  names from the job's other modules that read like loaders (`load_data`,
  `SiteDataset`, `get_train_loader`); parameters named like a loader or a
  dataset (`train_loader`, `dataset`).
- `open(...)` for reading, `Path.read_text/read_bytes`: the site's data when
  the path mentions data (`DATA_ROOT`, `data_root`, `.csv`...), "a file of
  the host" when it names one (`~`, `.ssh`, `/etc/`, `token`...). A file at a
  path that says neither (`open(args.he_context)`) is no source; when the path
  is a parameter of the function, the caller's argument decides
  (`read(p)` called with "/etc/passwd" is a host file).
- `monai.data.load_decathlon_datalist`: the site's data, but a list of file
  names: counted in the update, not in the log.
- The whole environment: `os.environ` as a value, `dict(os.environ)`,
  `os.environ.copy()/items()/values()/keys()` (not `os.environ.get("X")`).

How taint moves (propagation): assignments (flow-sensitive inside a function,
joined over branches, loops iterated to a fixpoint), tuple unpacking,
attribute and subscript reads, slices, binary operations and comparisons,
f-strings, containers and comprehensions, `with ... as f`, `for x in tainted`
(the loop target holds *elements* of the source; iterating a dict yields its
keys, which the log ignores, and a value stored into a dict stays a value
through calls: `for name in frames: print(name)` is clean, `print(frames[name])`
is not), method calls on a tainted
receiver (`df.head()`, `.numpy()`, `.tolist()`, `.to_dict()`), calls of
unknown functions with a tainted argument (`model(x)`, `torch.tensor(x)`),
stores into a container or an object (`params["x"] = batch`,
`rows.append(r)`, `out.meta = rows` taints `params`, `rows`, `out`), `self.x`
fields (module-wide, iterated to a fixpoint), module globals, and functions of
the same file: each is summarised once (which parameters reach its return
value and which reach a sink inside it), and calls apply the summary; a
function whose returns are all tuples of one length is followed position by
position (`x, y, n = load_data(p)` with `return X, y, len(y)`: `n` is clean).
`for index, row in df.iterrows()`: the index is a position (ignored by the
log) unless the module indexes a frame by a column (`set_index`, `index_col`).

What stops taint (sanitizers): training and aggregates, i.e. what an honest
update is made of.
- Model state: `.state_dict()`, `.parameters()`, `.get_weights()`,
  `.save_raw()`, `.fit()`/`.partial_fit()` results, `xgboost.train`.
- Trainers: `*Trainer().evaluate/validate/test/train/fit` results (HF,
  TRL, Lightning: metrics or a model; `.predict` stays tainted), a trainer's
  `args/state/callback_metrics`; opacus `make_private*` hands back (model,
  optimizer, loader): the first two are clean; `peft.*state_dict*`.
- Whole-frame aggregates: `df.select([pl.col(c).mean().alias(..)])`,
  `df.agg(["mean", "std"])` (not after a group-by, whose groups may be
  patients); `X.T.dot(D).dot(X)` like `X.T @ v` (a Hessian).
- Counts: `DMatrix.num_row()/num_col()`, `.num_rows`, attributes named like a
  count on an object other than `self` (`ds.orig_size`, `loader.n_samples`),
  `optimizer.noise_multiplier`.
- Reductions to aggregates: `len`, `sum`, `.sum/.mean/.std/.var/.min/.max/
  .median/.count/.nunique/.describe/.value_counts` (and `numpy.*`/`torch.*`
  equivalents) over all rows (an `axis`/`dim` other than 0 keeps the taint:
  per-row reductions are per-patient values), `numpy.histogram/bincount/
  unique`, `collections.Counter(...)[k]` and `.values()` (counts).
- Metrics: `sklearn.metrics.*`, `seqeval.metrics.*`, `torchmetrics.*`,
  `monai.metrics.*`, `lifelines.utils.survival_table_from_events` (event
  counts per time), losses
  (`torch.nn.*Loss()`, `torch.nn.functional.*` losses), and unresolved
  callables named like a metric or a loss (`accuracy`, `dice`, `criterion`).
- What the code calls a metric: the result of a call the gate cannot see into
  (`model(x)`, another module's function) assigned to a name like `loss`,
  `acc`, `val_auc`, attributes like `outputs.loss`, and other modules'
  functions named `train*`/`evaluate*`/`validate*`/`test*` (their results are
  metrics or models). These are name-based and documented as such.
- Checkpoints: `torch.load`/`numpy.load` of a path that names a model
  (`best_model.pt`, `ckpt`, `pretrained`) and not data, or whose file name
  is a weights file (`/tmp/nvflare/data/cifar10/cifar_net.pth`).
- The job's own config: `open()` of `.json/.yaml/.toml/...` files.
- Metadata: `.shape`, `.size`, `.dtype(s)`, `.ndim`, `.columns`, `.device`.
- Digests: `.hexdigest()`/`.digest()`.
- Scalar conversions `float()`, `int()`, `round()`, `bool()`, `.item()` of a
  value that is *not* an element taken one by one from the data: `loss.item()`
  is an aggregate, but `[float(a) for a in df.age]` is the column. An element
  turned into a scalar is cleared only when it is accumulated with `+=`.
- Predictions are *not* sanitized: `model(x)` is per-sample output.
- A row selected by a fitted model's own support (`x[svc.support_]`) is
  marked as "rows shared by protocol" (federated SVM), which a person judges.

Where it must not go (sinks)
- The update: `FLModel(...)` (any argument), `flare.send`, `DXO(...)`,
  `Shareable(...)`, `make_reply(...)`, `.set_meta_prop/.set_header`,
  `.to_shareable()` of a tainted DXO, `flare.log`, NVFlare tracking writers
  (`nvflare.client.tracking.SummaryWriter/MLflowWriter/WandBWriter` stream to
  the server), analytics DXOs, and the return value of `execute`/`train`/
  `validate`/`process_dxo`... of a class derived from an NVFlare class.
- The log (NVFlare can stream a client's job log to the server): `print`
  (to stdout/stderr), `logging.*`, loggers, `self.log_info/...`,
  `sys.stdout.write`, `warnings.warn`. Only site data counts here.

Log sinks ignore labels of a batch (`for x, y in loader` with `y`/`labels`
/`targets`) and keys of a mapping: label distributions are routinely printed.
Update sinks do not ignore them.

Limits (documented, not hidden): taint is not followed through other files
of the job (a helper in another module named `evaluate` is trusted to return
metrics), through implicit flows (`if secret: ...`), through instances of
the module's own classes other than `self`, or through `setattr`/`globals()`;
a scalar conversion of a cell read by index (`float(df.iloc[i, 0])` in a
`range` loop) counts as a scalar; a digest of an identifier counts as clean;
count-named attributes and trainer results are trusted by name (a pandas
column read as `df.n_rows` reads as a count).
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import re
from typing import Iterable

import libcst as cst

from .resolve import FuncRef, Resolver, Scope, dotted

# ---- vocabulary ---------------------------------------------------------------


def _glob(patterns: Iterable[str]) -> re.Pattern:
    """fnmatch patterns whose `*` never spans a call: `pandas.read_*` is not `pandas.read_csv().head`."""
    return re.compile("|".join(f"(?:{fnmatch.translate(p).replace('.*', '[^()]*')})" for p in patterns))


_SOURCE_CALLS = _glob([
    "pandas.read_*", "pandas.io.*.read_*", "numpy.load", "numpy.loadtxt", "numpy.genfromtxt", "numpy.fromfile",
    "numpy.memmap", "numpy.lib.npyio.*", "torch.load", "torchvision.datasets.*", "torchvision.io.read_*",
    "torchvision.io.decode_*", "torch.utils.data.DataLoader", "torch.utils.data.dataloader.DataLoader",
    "datasets.load_dataset", "datasets.load_from_disk", "datasets.Dataset.from_*", "h5py.File",
    "PIL.Image.open", "nibabel.load", "nibabel.*.load", "pydicom.dcmread", "pydicom.read_file",
    "pydicom.filereader.dcmread", "SimpleITK.ReadImage", "SimpleITK.ImageFileReader", "imageio.imread",
    "imageio.v2.imread", "imageio.v3.imread", "imageio.mimread", "cv2.imread", "skimage.io.imread",
    "monai.data.*", "monai.apps.*Dataset", "monai.transforms.LoadImage*", "scipy.io.loadmat",
    "pyarrow.parquet.read_*", "pyarrow.csv.read_csv", "pyarrow.feather.read_*", "polars.read_*", "polars.scan_*",
    "sklearn.datasets.load_svmlight_file*", "sklearn.datasets.load_files", "tensorflow.data.*",
    "tensorflow.keras.utils.*_dataset_from_directory", "keras.utils.*_dataset_from_directory",
    "tensorflow.keras.preprocessing.*_dataset_from_directory", "tensorflow.io.read_file", "xgboost.DMatrix",
    "xgboost.QuantileDMatrix", "lightgbm.Dataset",
])
# A loader in another module of the job (not resolvable here) that reads like one.
_LOADER_NAME = re.compile(
    r"(?:^|_)(?:load|read|get|fetch|make|build|create|prepare|open)_?(?:site_?|local_?)?"
    r"(?:train(?:ing)?|val(?:id(?:ation)?)?|test|eval)?_?(?:data(?:set|sets|frame|loaders?)?|loaders?|df|"
    r"records|rows|samples|table|images|cohort|split)s?$"
    r"|(?:Dataset|DataLoader|DataModule|DataFrame)$")
_LABEL_NAME = re.compile(r"(?i)^(?:y|ys|yb|y_?batch|batch_?y|labels?|targets?|tgts?|gts?|masks?|segs?|classes)$")
_LOADER_PARAM = re.compile(r"(?i)^(?:train|val|valid|validation|test|eval|site|local)?_?(?:loader|data_?loader|dl)$")
# Functions the gate cannot see into (another module of the job) that train or evaluate.
_TRAINING_CALLEE = re.compile(r"(?i)^_?(?:train|fit|evaluate|eval|validate|valid|test|run_epoch|local_train|"
                              r"compute_metrics?|score|inference_metrics)(?:_\w*)?$")
_DATA_PATH = re.compile(r"(?i)data|\.(?:csv|tsv|jsonl|parquet|npy|npz|h5|hdf5|nii|dcm|feather|arrow|png|jpe?g|"
                        r"tiff?|mha|mhd|nrrd|tfrecords?|xlsx?|sav|dta|sas7bdat)\b|patient|cohort|subject")
# Files of the host that are nobody's training data.
_HOST_PATH = re.compile(r"(?i)~|\.ssh|\.aws|\.kube|\.netrc|\.docker|\.gnupg|\.config/|\.bash_history|history\b|"
                        r"home\(\)|expanduser|/etc/|/root\b|/proc/|/var/run|passwd|shadow|id_rsa|id_ed25519|"
                        r"id_ecdsa|credentials|token|secret|\.pem\b|\.key\b")
_MODEL_PATH = re.compile(r"(?i)model|ckpt|checkpoint|weight|pretrained|state_dict|\.pth\b|\.safetensors\b|best|"
                         r"last|global|init|persist")
_QUOTED_FILE = re.compile(r"""["']([^"'\s]*\.[A-Za-z0-9]{1,12})["']""")
_MODEL_FILE = re.compile(r"(?i)\.(?:pth|ckpt|safetensors)$")
_FILE_LISTS = _glob(["monai.data.load_decathlon_datalist", "monai.data.decathlon_datalist.*"])
_MODEL_OR_DATA = frozenset({"torch.load", "numpy.load", "numpy.lib.npyio.load"})
# The job's own configuration files (relative paths, config formats): not a source.
_CONFIG_PATH = re.compile(r"(?i)\.(?:json|ya?ml|toml|cfg|ini|conf|txt|md|rst)\b")
_TORCH_DATASET = _glob(["torch.utils.data.Dataset", "torch.utils.data.IterableDataset",
                        "torch.utils.data.dataset.*", "monai.data.*", "tensorflow.keras.utils.Sequence"])

# Calls whose result is an aggregate, a metric, a model or metadata: clean.
_SANITIZER_CALLS = _glob([
    "builtins.len", "builtins.sum", "builtins.isinstance", "builtins.hasattr", "builtins.type", "builtins.id",
    "builtins.callable", "builtins.any", "builtins.all", "builtins.hash", "builtins.range",
    "numpy.mean", "numpy.sum", "numpy.std", "numpy.var", "numpy.median", "numpy.average", "numpy.min",
    "numpy.max", "numpy.amin", "numpy.amax", "numpy.nan*", "numpy.percentile", "numpy.quantile",
    "numpy.histogram*", "numpy.bincount", "numpy.unique", "numpy.count_nonzero", "numpy.prod", "numpy.cov",
    "numpy.corrcoef", "numpy.linalg.norm", "numpy.allclose", "numpy.array_equal", "numpy.shape", "numpy.size",
    "numpy.ndim", "numpy.isfinite().all", "torch.mean", "torch.sum", "torch.std", "torch.var", "torch.norm",
    "torch.numel", "torch.count_nonzero", "torch.linalg.norm", "torch.allclose", "torch.equal",
    "torch.nn.*Loss()", "torch.nn.functional.*loss*", "torch.nn.functional.cross_entropy",
    "torch.nn.functional.*entropy*", "sklearn.metrics.*", "torchmetrics.*", "monai.metrics.*", "monai.losses.*",
    "evaluate.*", "scipy.stats.pearsonr", "scipy.stats.spearmanr", "scipy.stats.ttest_*",
    "xgboost.train", "xgboost.cv", "lightgbm.train", "lightgbm.cv", "hashlib.*().hexdigest",
    "hashlib.*().digest", "collections.Counter().values", "collections.Counter().total",
    "os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.getsize", "time.*", "math.isfinite", "math.isnan",
    # trainers' evaluate/validate/test/train/fit return metrics or a model (`predict` is per-sample: not here)
    "*Trainer().evaluate", "*Trainer().validate", "*Trainer().test", "*Trainer().train", "*Trainer().fit",
    "peft.*state_dict*", "seqeval.metrics.*", "ignite.metrics.*", "lifelines.utils.survival_table_from_events",
    "lifelines.statistics.*", "opacus.*get_epsilon",
])
_SANITIZER_METHODS = frozenset({
    "state_dict", "parameters", "named_parameters", "buffers", "get_weights", "get_params", "save_raw",
    "get_booster", "fit", "partial_fit", "backward", "step", "zero_grad", "train", "eval", "load_state_dict",
    "hexdigest", "digest", "size", "numel", "nelement", "dim", "count", "nunique", "describe",
    "value_counts", "isna", "isnull", "notna", "score", "num_boosted_rounds",
    "get_score", "get_fscore", "save_model", "__len__", "is_running", "get_site_name", "get_identity_name",
    "num_row", "num_col", "num_nonmissing", "num_features",
})
# Reductions: clean over all rows, but a per-row reduction (axis/dim other than 0) is per-sample data.
_REDUCTIONS = frozenset({"sum", "mean", "std", "var", "min", "max", "median", "prod", "any", "all", "nanmean",
                         "nansum", "norm", "quantile", "sem", "skew", "kurt"})
_MATMUL = frozenset({"numpy.dot", "numpy.matmul", "numpy.inner", "torch.matmul", "torch.mm", "torch.dot"})
_SCALARS = frozenset({"builtins.float", "builtins.int", "builtins.round", "builtins.bool", "builtins.complex"})
_SANITIZING_ATTRS = frozenset({"shape", "dtype", "dtypes", "ndim", "size", "columns", "device", "is_cuda",
                               "requires_grad", "nbytes", "itemsize", "coef_", "intercept_", "n_features_in_",
                               "feature_importances_", "cluster_centers_", "classes_", "n_iter_", "grad_fn",
                               "current_round", "total_rounds", "num_rows", "num_columns", "column_names",
                               "noise_multiplier", "max_grad_norm", "global_step", "current_epoch"})
# Counts by their name, on an object other than `self` (`ds.orig_size`, `loader.num_samples`).
_COUNT_ATTR = re.compile(r"^(?:n|num|number_of)_[a-z]\w*$|^\w+_(?:size|count|len|length)$")
# A trainer object's configuration and bookkeeping (`trainer.args.num_train_epochs`, `trainer.state`).
_TRAINER_ATTRS = frozenset({"args", "state", "hparams", "callback_metrics", "logged_metrics", "progress_bar_metrics"})
_TRAINER = re.compile(r"Trainer\(\)$")
# Per-position results of known calls: which positions are a model/optimizer (clean), which the data.
_PRIVATE = re.compile(r"^opacus\..*\.make_private\w*$")
# `df.select([pl.col("x").mean(), ...])`, `df.agg(["mean", "std"])`: whole-frame aggregates.
_AGGREGATING = frozenset({"select", "agg", "aggregate"})
_AGG_NAMES = _REDUCTIONS | {"count", "nunique", "n_unique", "len", "null_count", "describe"}
# Calls that hand back their argument as another type: an element stays an element.
_VIEWS = _glob(["numpy.asarray", "numpy.array", "numpy.float*", "numpy.int*", "numpy.stack", "numpy.concatenate",
                "numpy.vstack", "numpy.hstack", "numpy.squeeze", "numpy.ravel", "numpy.reshape", "numpy.copy",
                "torch.tensor", "torch.as_tensor", "torch.from_numpy", "torch.stack", "torch.cat", "torch.Tensor",
                "pandas.DataFrame", "pandas.Series", "builtins.list", "builtins.tuple", "builtins.dict",
                "builtins.set", "builtins.str", "builtins.repr", "builtins.bytes", "builtins.sorted",
                "builtins.reversed", "builtins.zip", "builtins.enumerate", "builtins.iter", "builtins.next",
                "builtins.map", "builtins.filter", "builtins.format", "builtins.min", "builtins.max",
                "json.dumps", "pickle.dumps", "base64.*encode", "copy.*", "builtins.vars"])
# Metric, loss and scoring callables the gate cannot resolve (another module, an instance).
_METRIC_NAME = re.compile(r"(?i)(?:\w*_)?(?:loss|criterion|accuracy|acc|auc|roc|f1|dice|iou|jaccard|score|metric|"
                          r"error|mse|mae|rmse|precision|recall|perplexity|entropy|distance)(?:es|s)?"
                          r"(?:_fn|_func|fn|_val|_value|_avg|_mean)?(?:\(\))?$")
_MUTATORS = frozenset({"append", "extend", "insert", "add", "update", "setdefault", "appendleft", "extendleft",
                       "put", "put_nowait", "write", "writelines", "__setitem__", "push"})
# Objects whose `update`/`add`/`write` is training, hashing or file output, not a container filling up.
_MODEL_LIBS = ("xgboost.", "hashlib.", "hmac.", "torch.", "sklearn.", "lightgbm.", "tensorflow.", "keras.",
               "builtins.open", "io.open", "pathlib.", "zlib.", "tqdm.")

# Sinks: the update (and what NVFlare streams to the server) ...
_UPDATE_CALLS = _glob([
    "nvflare.*.FLModel", "nvflare.FLModel", "nvflare.client.send", "nvflare.client.api.send", "nvflare.client.*.send",
    "nvflare.*.DXO", "nvflare.*.Shareable", "nvflare.*.make_reply", "nvflare.client.log", "nvflare.client.api.log",
    "nvflare.client.*.log", "nvflare.*Writer().*", "nvflare.*tracking.*().*", "nvflare.*analytic*",
    "nvflare.*.send_analytic_dxo", "nvflare.*.create_analytic_dxo", "nvflare.*.AnalyticsData",
    "nvflare.*.FLModel().*", "nvflare.*.DXO().update_shareable", "nvflare.*.Shareable().update",
])
_UPDATE_METHODS = frozenset({"set_meta_prop", "set_header", "update_shareable", "set_meta_props"})
_RETURN_SINK_METHODS = frozenset({"execute", "train", "validate", "evaluate", "process_dxo", "process",
                                  "submit_model", "local_train", "get_model_for_validation", "fit", "__call__"})
# ... and the log.
_LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "fatal", "log"})
_FL_LOG_METHODS = frozenset({"log_info", "log_debug", "log_warning", "log_error", "log_critical", "log_exception",
                             "system_panic", "task_panic"})
_LOG_CALLS = _glob(["builtins.print", "logging.*", "loguru.logger.*", "structlog.*", "sys.stdout.write",
                    "sys.stderr.write", "sys.stdout.writelines", "sys.stderr.writelines", "warnings.warn",
                    "pprint.pprint", "pprint.pp", "rich.print", "tqdm.*.write", "tqdm.write",
                    "absl.logging.*", "tensorflow.print", "tensorflow.get_logger().*"])
_LOGGER_RECEIVERS = frozenset({"logger", "log", "_logger", "logging", "LOGGER", "LOG", "_log", "_LOGGER"})

UPDATE, LOG = "update", "log"
UNKNOWN_PATH = "unknown-path"  # _path_kind: a file the code does not say anything about
DATA, HOST = "data", "host"  # kinds of origin: the site's dataset; the host's files or environment
MAX_ORIGINS = 8
MAX_ROUNDS = 4  # fixpoint rounds for self fields and globals
MAX_LOOP = 4  # fixpoint iterations of one loop
STEP_BUDGET = 200_000  # statements evaluated per module; past it, loops are evaluated once (nesting bombs)


# ---- values -------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Origin:
    """Where tainted data comes from."""

    kind: str  # DATA or HOST
    what: str  # e.g. "pandas.read_csv"
    node: cst.CSTNode = dataclasses.field(compare=False, hash=False, repr=False)
    key: int = 0  # id(node): identity of the source
    elem: bool = False  # an element taken one at a time from the data
    scalar: bool = False  # ... and turned into a scalar
    protocol: bool = False  # rows selected by a fitted model's support (federated SVM)
    minor: bool = False  # labels of a batch or keys of a mapping: not counted in the log
    valued: bool = False  # held in the values of a dict: iterating the dict yields its keys

    def but(self, **changes) -> "Origin":
        return dataclasses.replace(self, **changes)


@dataclasses.dataclass(frozen=True)
class Param:
    """A parameter of the function being summarised (symbolic taint)."""

    name: str
    elem: bool = False
    scalar: bool = False
    protocol: bool = False
    minor: bool = False
    path: bool = False  # not the parameter's value: a file read at the path the parameter names
    valued: bool = False
    keyed: bool = False  # iterated by `for k in param`: the keys, if the argument is a dict

    def but(self, **changes) -> "Param":
        return dataclasses.replace(self, **changes)


EMPTY: frozenset = frozenset()


def _cap(t: frozenset) -> frozenset:
    if len(t) <= MAX_ORIGINS:
        return t
    # Keep the data origins first: they decide the rule.
    ordered = sorted(t, key=lambda o: (not isinstance(o, Param), getattr(o, "kind", "") != DATA, repr(o)))
    return frozenset(ordered[:MAX_ORIGINS])


def _with_flags(t: frozenset, **flags) -> frozenset:
    return frozenset(o.but(**flags) for o in t) if t else t


def _elements(t: frozenset) -> frozenset:
    return _with_flags(t, elem=True)


def _no_elem(t: frozenset) -> frozenset:
    return frozenset(o.but(elem=False, scalar=False) if o.elem else o for o in t) if t else t


def _scalarize(t: frozenset) -> frozenset:
    """float()/int()/.item(): an aggregate becomes clean, an element stays a (scalar) element."""
    return frozenset(o.but(scalar=True) for o in t if o.elem)


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


class _State:
    __slots__ = ("env",)

    def __init__(self, env: dict | None = None):
        self.env: dict[str, frozenset] = env if env is not None else {}

    def copy(self) -> "_State":
        return _State(dict(self.env))

    def join(self, other: "_State") -> bool:
        changed = False
        for k, v in other.env.items():
            mine = self.env.get(k, EMPTY)
            if not v <= mine:
                self.env[k] = _cap(mine | v)
                changed = True
        return changed


# ---- the analysis -------------------------------------------------------------


class Flow:
    """Taint analysis of one module. `leaks()` runs it once and returns every leak."""

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
        self._labelled: bool | None = None
        self._class_scope = {id(s.parent.node): s.parent for s in resolver.scope_of.values()
                             if s.parent is not None and s.parent.is_class}
        self._reset()

    def _reset(self) -> None:
        self.summaries: dict[int, Summary] = {}
        self.union_env: dict[int, dict[str, frozenset]] = {}
        self.module_env: dict[str, frozenset] = {}
        self._found: dict[tuple[int, str], Leak] = {}
        self._active: set[int] = set()

    # -- driver

    def leaks(self) -> list[Leak]:
        for _ in range(MAX_ROUNDS):
            before = (dict(self.fields), dict(self.global_writes))
            self._reset()
            self._run_module()
            for fn in self.functions:
                self.summary(fn)
            if (self.fields, self.global_writes) == before:
                break
        return list(self._found.values())

    def _run_module(self) -> None:
        key = id(self.module)
        self._active.add(key)
        frame = _Frame(self, self.module, self.r.root, None)
        st = _State()
        frame.block(self.module.body, st)
        self.module_env = frame.union
        self.union_env[key] = frame.union
        self._active.discard(key)

    def own_function(self, value: object) -> bool:
        """A function defined in this module (one of another module of the job is opaque here)."""
        return isinstance(value, FuncRef) and isinstance(value.node, cst.FunctionDef) and id(value.node) in self.r.scope_of

    def summary(self, fn: cst.FunctionDef) -> Summary:
        key = id(fn)
        done = self.summaries.get(key)
        if done is not None:
            return done
        if key in self._active:
            return Summary()  # recursion: what is known so far
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
                if _LOADER_PARAM.match(name):
                    taint |= {Origin(DATA, f"parameter '{name}'", p, id(p))}
                st.env[name] = taint
            frame.union.update(st.env)
            self.union_env[key] = frame.union  # live: a closure called from here sees what is bound so far
            frame.block(fn.body, st)
            parts = tuple(frame.parts) if frame.parts and not frame.generator else None
            result = Summary(frame.returns, frame.mutated, frame.sink_params, parts)
        finally:
            self._active.discard(key)
        self.summaries[key] = result
        self.union_env[key] = frame.union
        return result

    def record(self, kind: str, sink: str, node: cst.CSTNode, taint: frozenset, frame: "_Frame") -> None:
        for o in taint:
            if isinstance(o, Param):
                entry = (kind, sink, node, o)
                if entry not in frame.sink_params:
                    frame.sink_params.append(entry)
            elif kind == UPDATE or (o.kind == DATA and not o.minor):
                leak = self._found.get((id(node), kind))
                if leak is None:
                    leak = self._found[(id(node), kind)] = Leak(kind, sink, node, set())
                if len(leak.origins) < MAX_ORIGINS:
                    leak.origins.add(o)

    # -- helpers used by frames

    def free_name(self, name: str, scope: Scope) -> frozenset:
        """A name not bound in the frame: the enclosing function's or the module's values."""
        s = scope.parent
        while s is not None:
            if name in s.bindings and not s.is_class:
                if s is self.r.root:
                    return self.module_env.get(name, EMPTY) | self.global_writes.get(name, EMPTY)
                if isinstance(s.node, cst.FunctionDef):
                    if id(s.node) not in self.union_env:
                        self.summary(s.node)
                    return _strip_params(self.union_env.get(id(s.node), {}).get(name, EMPTY))
                return EMPTY
            s = s.parent
        return self.global_writes.get(name, EMPTY)

    def labelled_index(self) -> bool:
        """Whether a frame of the module may be indexed by a column (`set_index`, `index_col=`): then
        `iterrows()` hands out identifiers, not positions."""
        if self._labelled is None:
            self._labelled = any(
                (isinstance(u.node.func, cst.Attribute) and u.node.func.attr.value in ("set_index", "rename_axis"))
                or any(a.keyword is not None and a.keyword.value == "index_col" for a in u.node.args)
                for u in self.r.calls)
        return self._labelled

    def is_dataset_class(self, name: str, seen: frozenset = frozenset()) -> bool:
        cls = self.classes.get(name)
        if cls is None or name in seen:
            return False
        body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
        for stmt in body:
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__getitem__":
                return True
        scope = self._class_scope.get(id(cls))
        outer = scope.parent if scope is not None else self.r.root
        for base in cls.bases:
            for n in self.r.names(base.value, outer):
                if _TORCH_DATASET.match(n) or (n.startswith("<class>.") and
                                               self.is_dataset_class(n[8:], seen | {name})):
                    return True
        return False

    def nvflare_class(self, cls: cst.ClassDef, seen: frozenset = frozenset()) -> bool:
        scope = self._class_scope.get(id(cls))
        outer = scope.parent if scope is not None else self.r.root
        for base in cls.bases:
            for n in self.r.names(base.value, outer):
                if n.startswith("nvflare."):
                    return True
                if n.startswith("<class>.") and n[8:] not in seen and n[8:] in self.classes:
                    if self.nvflare_class(self.classes[n[8:]], seen | {cls.name.value}):
                        return True
        return False


_DICT_TYPES = frozenset({"builtins.dict", "collections.OrderedDict", "collections.defaultdict",
                         "collections.Counter", "typing.OrderedDict"})


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


def _strip_params(t: frozenset) -> frozenset:
    return frozenset(o for o in t if not isinstance(o, Param)) if t else t


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

    def __init__(self, flow: Flow, node: cst.CSTNode, scope: Scope, fn: cst.FunctionDef | None):
        self.flow = flow
        self.r = flow.r
        self.scope = scope
        self.fn = fn
        self.returns: frozenset = EMPTY
        self.sink_params: list = []
        self.mutated: dict[str, frozenset] = {}  # parameter -> taint stored into it (`d["x"] = rows`)
        self.union: dict[str, frozenset] = {}
        self.parts: list | None = None  # per-position return taints; [] once returns disagree
        self.generator = False
        self.call_parts: dict[int, list] = {}  # id(call) -> per-position results of a same-file function
        cls_scope = scope.parent if fn is not None and scope.parent is not None and scope.parent.is_class else None
        self.is_method = cls_scope is not None
        self.return_sink = (self.is_method and fn.name.value in _RETURN_SINK_METHODS
                            and flow.nvflare_class(cls_scope.node))

    # -- statements

    def block(self, body, st: _State) -> None:
        stmts = body.body if isinstance(body, (cst.IndentedBlock, cst.Module)) else body
        if isinstance(body, cst.SimpleStatementSuite):
            stmts = body.body
        for stmt in stmts:
            self.stmt(stmt, st)

    def stmt(self, node: cst.CSTNode, st: _State) -> None:
        self.flow.steps += 1
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.small(small, st)
        elif isinstance(node, cst.If):
            self.expr(node.test, st)
            other = st.copy()
            self.block(node.body, st)
            if node.orelse is not None:
                if isinstance(node.orelse, cst.If):
                    self.stmt(node.orelse, other)
                else:
                    self.block(node.orelse.body, other)
            st.join(other)
        elif isinstance(node, (cst.For, cst.While)):
            self.loop(node, st)
        elif isinstance(node, (cst.Try, cst.TryStar)):
            start = st.copy()
            self.block(node.body, st)
            start.join(st)
            ends = []
            for h in node.handlers:
                hs = start.copy()
                if h.type is not None:
                    self.expr(h.type, hs)
                self.block(h.body, hs)
                ends.append(hs)
            if node.orelse is not None:
                self.block(node.orelse.body, st)
            for e in ends:
                st.join(e)
            if node.finalbody is not None:
                self.block(node.finalbody.body, st)
        elif isinstance(node, cst.With):
            for item in node.items:
                t = self.expr(item.item, st)
                if item.asname is not None:
                    self.assign(item.asname.name, t, st)
            self.block(node.body, st)
        elif isinstance(node, cst.Match):
            self.expr(node.subject, st)
            out = st.copy()
            for case in node.cases:
                cs = st.copy()
                self.block(case.body, cs)
                out.join(cs)
            st.env = out.env
        # FunctionDef / ClassDef: analysed on their own.

    def loop(self, node: cst.For | cst.While, st: _State) -> None:
        for _ in range(MAX_LOOP if self.flow.steps < STEP_BUDGET else 1):
            before = st.copy()
            body = st.copy()
            if isinstance(node, cst.For):
                self.iterate(node.target, node.iter, body)
            else:
                self.expr(node.test, body)
            self.block(node.body, body)
            if not st.join(body) and _same(before, st):
                break
        if node.orelse is not None:
            self.block(node.orelse.body, st)

    def iterate(self, target: cst.BaseExpression, iterable: cst.BaseExpression, st: _State) -> None:
        """`for target in iterable`: the target holds elements; `enumerate`'s counter is clean."""
        it = _elements(self.expr(iterable, st))
        if isinstance(iterable, cst.Call) and isinstance(target, (cst.Tuple, cst.List)) and len(target.elements) == 2:
            func = iterable.func
            if "builtins.enumerate" in self.r.names(func, self.scope):
                self.assign(target.elements[0].value, EMPTY, st)
                self.unpack(target.elements[1].value, it, st)
                return
            if isinstance(func, cst.Attribute) and (func.attr.value == "items" or
                                                   (func.attr.value == "iterrows" and not self.flow.labelled_index())):
                # keys of a mapping (feature names, file names) are not logged as records
                self.assign(target.elements[0].value, _with_flags(it, minor=True, valued=False), st)
                self.unpack(target.elements[1].value, _with_flags(it, valued=False), st)
                return
        if it and isinstance(target, cst.Name):
            # `for name in frames`: the keys of a dict. What was stored as a value is not in a key at all;
            # other taint of a dict may be in its keys (`{row_id: 1}`): not counted in the log.
            mapping = self.mapping(iterable, self.scope)
            it = frozenset(o.but(keyed=True) if isinstance(o, Param) else o.but(minor=True) if mapping else o
                           for o in it if isinstance(o, Param) or not o.valued)
        self.unpack(target, it, st)

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
        elif isinstance(target, cst.Name) and _LABEL_NAME.match(target.value):
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
        if any(_VIEWS.match(n) or _SOURCE_CALLS.match(n) for n in names):
            return False
        if isinstance(func, cst.Attribute):
            if isinstance(func.value, cst.Name) and func.value.value in ("self", "cls") and func.attr.value in self.flow.methods:
                return False
            return not _strip_params(self.expr(func.value, st))
        return True

    def assign_result(self, targets: list, value: cst.BaseExpression, t: frozenset, st: _State) -> None:
        """`loss, pred = model.step(x)`: what an opaque call returns into a name like `loss`/`acc` is a metric."""
        if t and len(targets) == 1 and isinstance(targets[0], (cst.Tuple, cst.List)) and isinstance(value, cst.Call):
            elements = targets[0].elements
            parts = self.call_parts.pop(id(value), None)
            if parts is None and _PRIVATE.match(next(iter(sorted(self.r.names(value.func, self.scope))), "") or ""):
                # opacus: (module, optimizer, data_loader) = make_private(...): a model, an optimizer, the data
                parts = [EMPTY, EMPTY] + [t] * max(0, len(elements) - 2)
            if parts is not None and len(parts) == len(elements) and \
                    not any(isinstance(e.value, cst.StarredElement) for e in elements):
                for e, part in zip(elements, parts):
                    self.assign(e.value, part, st)
                return
        if t and self.opaque(value, st):
            func = value.func
            last = func.attr.value if isinstance(func, cst.Attribute) else (dotted(func) or "").rsplit(".", 1)[-1]
            if _TRAINING_CALLEE.match(last) and not any(_known_lib(n) for n in self.r.names(func, self.scope)):
                t = EMPTY
            else:
                for target in targets:
                    self.assign_named(target, t, st)
                return
        for target in targets:
            self.assign(target, t, st)

    def assign_named(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign_named(el.value, t, st)
        elif isinstance(target, cst.Name) and _METRIC_NAME.fullmatch(target.value):
            self.assign(target, EMPTY, st)
        else:
            self.assign(target, t, st)

    def small(self, node: cst.CSTNode, st: _State) -> None:
        if isinstance(node, cst.Assign):
            t = self.expr(node.value, st)
            self.assign_result([tg.target for tg in node.targets], node.value, t, st)
        elif isinstance(node, cst.AnnAssign):
            if node.value is not None:
                self.assign_result([node.target], node.value, self.expr(node.value, st), st)
        elif isinstance(node, cst.AugAssign):
            t = self.expr(node.value, st)
            if not isinstance(node.operator, (cst.BitOrAssign, cst.BitAndAssign)) and \
                    not isinstance(node.value, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                # `total += float(x)`: a sum of element-wise scalars is an aggregate.
                t = frozenset(o for o in t if not o.scalar)
            if isinstance(node.target, cst.Name):
                self.bind(node.target.value, self.expr(node.target, st) | t, st)
            else:
                self.assign(node.target, t, st)
        elif isinstance(node, cst.Expr):
            self.expr(node.value, st)
        elif isinstance(node, cst.Return):
            if node.value is not None:
                value = node.value
                if isinstance(value, cst.Tuple) and not any(isinstance(e, cst.StarredElement) for e in value.elements):
                    parts = [self.expr(e.value, st) for e in value.elements]
                    t = _cap(frozenset().union(*parts)) if parts else EMPTY
                    if self.parts is None:
                        self.parts = parts
                    elif len(self.parts) == len(parts):
                        self.parts = [_cap(a | b) for a, b in zip(self.parts, parts)]
                    else:
                        self.parts = []
                else:
                    t = self.expr(value, st)
                    self.parts = []
                self.returns = _cap(self.returns | t)
                if self.return_sink and t:
                    self.flow.record(UPDATE, f"the result of {self.fn.name.value}()", node, t, self)
        elif isinstance(node, cst.Raise):
            if node.exc is not None:
                self.expr(node.exc, st)
        elif isinstance(node, cst.Assert):
            self.expr(node.test, st)
            if node.msg is not None:
                self.expr(node.msg, st)

    def bind(self, name: str, t: frozenset, st: _State) -> None:
        t = _cap(t)
        st.env[name] = t
        if t:
            self.union[name] = _cap(self.union.get(name, EMPTY) | t)
        if name in self.scope.globals and self.fn is not None:
            concrete = _strip_params(t)
            if concrete and not concrete <= self.flow.global_writes.get(name, EMPTY):
                self.flow.global_writes[name] = _cap(self.flow.global_writes.get(name, EMPTY) | concrete)

    def assign(self, target: cst.BaseExpression, t: frozenset, st: _State) -> None:
        if isinstance(target, cst.Name):
            self.bind(target.value, t, st)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.assign(el.value, t, st)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, t, st)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            if isinstance(target, cst.Subscript):
                keys = EMPTY
                for el in target.slice:
                    if isinstance(el.slice, cst.Index):
                        keys |= self.expr(el.slice.value, st)
                root = target.value
                if isinstance(root, cst.Name) and self.mapping(root, self.scope):
                    t = _with_flags(t, valued=True)  # `frames[name] = df`: a value of a dict
                t = t | _with_flags(keys, valued=False)
                self.store_into(target, t, st, keep_valued=True)
                return
            self.store_into(target, t, st)

    def store_into(self, target: cst.BaseExpression, t: frozenset, st: _State, keep_valued: bool = False) -> None:
        """A weak update of the object that a store or a mutating call changes."""
        if not t:
            return
        if not keep_valued:
            t = _with_flags(t, valued=False)  # `rows.append(d)`: the list's elements are whole dicts
        node = target
        chain = []
        while isinstance(node, (cst.Attribute, cst.Subscript, cst.Call)):
            if isinstance(node, cst.Attribute):
                chain.append(node)
            node = node.func if isinstance(node, cst.Call) else node.value
        if not isinstance(node, cst.Name):
            return
        root = node.value
        if root in ("self", "cls") and self.is_method and chain:
            key = "self." + chain[-1].attr.value
            concrete = _strip_params(t)
            if concrete and not concrete <= self.flow.fields.get(key, EMPTY):
                self.flow.fields[key] = _cap(self.flow.fields.get(key, EMPTY) | concrete)
            return
        current = st.env.get(root)
        if current is None:
            current = self.name(root, st)
        self.bind(root, current | t, st)
        if self.fn is not None and Param(root) in current:
            self.mutated[root] = _cap(self.mutated.get(root, EMPTY) | t)

    # -- expressions

    def name(self, name: str, st: _State) -> frozenset:
        t = st.env.get(name)
        if t is not None:
            return t
        if name in self.scope.globals or (self.fn is None):
            return self.flow.global_writes.get(name, EMPTY) | (st.env.get(name) or EMPTY)
        return self.flow.free_name(name, self.scope)

    def expr(self, node: cst.CSTNode | None, st: _State) -> frozenset:
        if node is None:
            return EMPTY
        fn = _EXPR.get(node.__class__)
        return _cap(fn(self, node, st)) if fn is not None else EMPTY

    def _e_name(self, node: cst.Name, st: _State) -> frozenset:
        return self.name(node.value, st)

    def _e_attribute(self, node: cst.Attribute, st: _State) -> frozenset:
        attr = node.attr.value
        if attr in _SANITIZING_ATTRS or (_METRIC_NAME.fullmatch(attr) and attr not in ("error",)):
            return EMPTY  # metadata; `outputs.loss`, `result.accuracy`
        if _COUNT_ATTR.match(attr) and not (isinstance(node.value, cst.Name) and node.value.value in ("self", "cls")):
            return EMPTY  # `ds.orig_size`, `loader.num_samples`: a count
        if attr in _TRAINER_ATTRS and any(_TRAINER.search(n) for n in self.r.names(node.value, self.scope)):
            return EMPTY  # `trainer.args.num_train_epochs`
        if attr == "environ" and "os.environ" in self.r.names(node, self.scope):
            return frozenset({Origin(HOST, "os.environ", node, id(node))})
        key = dotted(node)
        if key is not None and key.split(".", 1)[0] in ("self", "cls") and key.count(".") >= 1:
            return self.flow.fields.get("self." + key.split(".")[1], EMPTY) | self.flow.fields.get("self.*", EMPTY)
        return self.expr(node.value, st)

    def _e_subscript(self, node: cst.Subscript, st: _State) -> frozenset:
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
        if base and any(n.startswith("collections.Counter") or n == "collections.defaultdict()"
                        for n in self.r.names(node.value, self.scope)):
            base = EMPTY  # a count
        base = _with_flags(base, valued=False)
        out = base | index
        return _with_flags(out, protocol=True) if protocol else out

    def _e_binop(self, node: cst.BinaryOperation, st: _State) -> frozenset:
        left, right = self.expr(node.left, st), self.expr(node.right, st)
        if isinstance(node.operator, cst.MatrixMultiply) and _left_transposed(node.left):
            return EMPTY  # x.T @ v sums over the samples: a Gram matrix, a gradient
        return left | right

    def _e_boolop(self, node: cst.BooleanOperation, st: _State) -> frozenset:
        return self.expr(node.left, st) | self.expr(node.right, st)

    def _e_unary(self, node: cst.UnaryOperation, st: _State) -> frozenset:
        if isinstance(node.operator, cst.Not):
            self.expr(node.expression, st)
            return EMPTY
        return self.expr(node.expression, st)

    def _e_compare(self, node: cst.Comparison, st: _State) -> frozenset:
        out = self.expr(node.left, st)
        for c in node.comparisons:
            out |= self.expr(c.comparator, st)
        return out

    def _e_ifexp(self, node: cst.IfExp, st: _State) -> frozenset:
        self.expr(node.test, st)
        return self.expr(node.body, st) | self.expr(node.orelse, st)

    def _e_fstring(self, node: cst.FormattedString, st: _State) -> frozenset:
        out = EMPTY
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression):
                out |= self.expr(part.expression, st)
        return out

    def _e_concat(self, node: cst.ConcatenatedString, st: _State) -> frozenset:
        return self.expr(node.left, st) | self.expr(node.right, st)

    def _e_sequence(self, node: cst.List | cst.Tuple | cst.Set, st: _State) -> frozenset:
        out = EMPTY
        for el in node.elements:
            out |= self.expr(el.value, st)
        return _with_flags(out, valued=False)

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
        while comp is not None:
            self.iterate(comp.target, comp.iter, inner)
            for cond in comp.ifs:
                self.expr(cond.test, inner)
            comp = comp.inner_for_in
        if isinstance(node, cst.DictComp):
            return _with_flags(self.expr(node.key, inner), valued=False) | \
                _with_flags(self.expr(node.value, inner), valued=True)
        return _with_flags(self.expr(node.elt, inner), valued=False)

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
        self.returns = _cap(self.returns | t)
        self.generator = True
        return EMPTY

    def _e_starred(self, node: cst.StarredElement, st: _State) -> frozenset:
        return self.expr(node.value, st)

    # -- calls

    def _e_call(self, node: cst.Call, st: _State) -> frozenset:
        func = node.func
        scope = self.scope
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        receiver = func.value if isinstance(func, cst.Attribute) else None
        names = self.r.names(func, scope)
        positional: list[frozenset] = []
        keywords: dict[str, frozenset] = {}
        extra = EMPTY  # *args / **kwargs
        outgoing = EMPTY  # what the call itself hands over (an inner FLModel(...) reports for itself)
        for a in node.args:
            t = self.expr(a.value, st)
            if not (isinstance(a.value, cst.Call) and
                    any(_UPDATE_CALLS.match(n) for n in self.r.names(a.value.func, scope))):
                outgoing |= t
            if a.star:
                extra |= t
            elif a.keyword is not None:
                keywords[a.keyword.value] = t
            else:
                positional.append(t)
        args = extra
        for t in positional:
            args |= t
        for t in keywords.values():
            args |= t
        recv = self.expr(receiver, st) if receiver is not None else self.expr(func, st)

        self.sink_check(node, names, method, receiver, outgoing, recv)

        if "builtins.setattr" in names and len(positional) >= 3:
            attr = [c for c in self.r.constants(node.args[1].value, scope) if isinstance(c, str)]
            target = node.args[0].value
            if isinstance(target, cst.Name) and target.value in ("self", "cls"):
                # setattr(self, name, v): the field named, or every field when the name is computed
                field = attr[0] if len(attr) == 1 and attr[0].isidentifier() else "*"
                target = cst.Attribute(value=target, attr=cst.Name(field if field != "*" else "_any_"))
                if field == "*":
                    self.flow.fields["self.*"] = _cap(self.flow.fields.get("self.*", EMPTY) | _strip_params(positional[2]))
            self.store_into(_as_store(target), positional[2], st)
            return EMPTY

        # Same-file functions: apply their summary.
        refs = [v.node for v in self.r.values(func, scope) if self.flow.own_function(v)]
        bound = False
        if not refs and method is not None and isinstance(receiver, cst.Name) and receiver.value in ("self", "cls"):
            refs = self.flow.methods.get(method, [])
            bound = True
        if refs:
            out = EMPTY
            for ref in refs:
                out |= self.apply(ref, node, positional, keywords, extra, bound, st)
            if len(refs) > 1:
                self.call_parts.pop(id(node), None)
            return out

        # Sources.
        source = self.source(node, names, method, receiver)
        if source is not None:
            return frozenset({source})

        # Sanitizers.
        if method in _SANITIZER_METHODS or (method in _REDUCTIONS and not _per_row(node)):
            return EMPTY
        if method == "item":
            return _scalarize(recv)
        if method in ("values", "get", "pop", "popitem", "setdefault", "copy") and recv:
            recv = _with_flags(recv, valued=False) if method != "copy" else recv
        if method == "keys" and not node.args:
            return _with_flags(recv, minor=True)
        if "builtins.getattr" in names and len(node.args) >= 2 and isinstance(node.args[1].value, cst.SimpleString) \
                and node.args[1].value.raw_value in _SANITIZING_ATTRS:
            return EMPTY
        if names & _MATMUL and positional and _transposed(node.args[0].value):
            return EMPTY
        if method in ("dot", "matmul") and receiver is not None and _left_transposed(receiver) and args:
            return EMPTY  # `X.T.dot(D).dot(X)`: sums over the samples (a Hessian)
        if method in _AGGREGATING and node.args and not _grouped(receiver) and \
                all(_aggregate_arg(a.value) for a in node.args if a.keyword is None):
            return EMPTY  # `df.select([pl.col("x").mean(), ...])`, `df.agg(["mean", "std"])`
        for n in names:
            if n in _SCALARS:
                return _scalarize(args)
            if _SANITIZER_CALLS.match(n):
                if n.rsplit(".", 1)[-1] in _REDUCTIONS and _per_row(node):
                    break
                return EMPTY
        if receiver is not None and method in ("get", "setdefault", "pop") and "os.environ" in self.r.names(receiver, scope):
            return EMPTY
        if not names or all(n.startswith(("<class>", ".")) or "." not in n or not _known_lib(n) for n in names):
            last = method or (dotted(func) or "").rsplit(".", 1)[-1]
            if last and _METRIC_NAME.search(last) and not any(_known_lib(n) for n in names):
                return EMPTY
            for n in names:
                if _METRIC_NAME.search(n.rsplit(".", 1)[-1].removesuffix("()")) and "()" in n:
                    return EMPTY  # criterion = SomeLoss(); criterion(out, y)

        # Mutating methods change their receiver.
        if method in _MUTATORS and receiver is not None and args:
            rnames = self.r.names(receiver, scope)
            if not any(n.startswith(_MODEL_LIBS) for n in rnames):
                self.store_into(receiver, args, st)

        # Default: what goes in comes out. A call the gate cannot see into turns
        # elements into derived values (`model(x)`); a conversion does not.
        if _object_call(func, names, self.flow):
            args = _with_flags(args, minor=False)  # `self.loader(file_name)`: the file's content, not its name
        if method is not None or any(_VIEWS.match(n) for n in names):
            return recv | args
        return recv | _no_elem(args)

    def apply(self, fn: cst.FunctionDef, call: cst.Call, positional: list, keywords: dict, extra: frozenset,
              bound: bool, st: _State) -> frozenset:
        summary = self.flow.summary(fn)
        params = _params(fn)
        scope = self.r.scope_of[id(fn)]
        method = scope.parent is not None and scope.parent.is_class and not _is_static(fn)
        if method and params and (bound or params[0].name.value in ("self", "cls")):
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

        exprs: dict[str, cst.BaseExpression] = {}  # parameter -> the caller's argument expression
        plain_args = [a.value for a in call.args if a.keyword is None and not a.star]
        for i, p in enumerate(plain):
            if i < len(plain_args):
                exprs[p.name.value] = plain_args[i]
        for a in call.args:
            if a.keyword is not None:
                exprs[a.keyword.value] = a.value

        def subst(t: frozenset) -> frozenset:
            out = set()
            for o in t:
                if isinstance(o, Param) and o.keyed:
                    # `for k in param`: keys of the caller's dict; its stored values are not in them
                    for a in by_name.get(o.name, EMPTY):
                        if not a.valued:
                            out.add(a.but(elem=True, minor=a.minor or o.minor, valued=False))
                    continue
                if isinstance(o, Param) and o.path:
                    # `def read(p): open(p).read()`: what the caller's path names decides
                    arg = exprs.get(o.name)
                    if arg is not None:
                        kind = self._path_kind(arg)
                        if kind in (DATA, HOST):
                            out.add(Origin(kind, "builtins.open", call, id(call)))
                        elif kind == UNKNOWN_PATH and self.fn is not None and isinstance(arg, cst.Name) and \
                                any(p.name.value == arg.value for p in _params(self.fn)):
                            out.add(Param(arg.value, path=True))
                elif isinstance(o, Param):
                    for a in by_name.get(o.name, EMPTY):
                        out.add(a.but(elem=a.elem or o.elem, scalar=a.scalar or o.scalar,
                                      protocol=a.protocol or o.protocol,
                                      minor=a.minor or o.minor or (o.keyed and a.valued), valued=o.valued))
                else:
                    out.add(o)
            return frozenset(out)

        for kind, sink, node, param in summary.sinks:
            t = subst(frozenset({param}))
            if t:
                self.flow.record(kind, sink, node, t, self)
        if summary.mutates:
            # `fill(d, rows)` with `d["x"] = rows` inside: the caller's `d` now holds rows.
            plain_args = [a.value for a in call.args if a.keyword is None and not a.star]
            for i, p in enumerate(plain):
                extra_t = summary.mutates.get(p.name.value)
                if extra_t and i < len(plain_args):
                    self.store_into(_as_store(plain_args[i]), subst(extra_t), st)
        if summary.parts is not None:
            self.call_parts[id(call)] = [subst(part) for part in summary.parts]
        return subst(summary.returns)

    def source(self, node: cst.Call, names: set[str], method: str | None,
               receiver: cst.BaseExpression | None) -> Origin | None:
        for n in sorted(names):
            if n in ("builtins.open", "io.open", "codecs.open", "pathlib.Path.open", "os.open") or \
                    n.endswith((".read_text", ".read_bytes")):
                if _writes(node, n):
                    return None
                path = node.args[0].value if node.args and not n.endswith(("read_text", "read_bytes")) else receiver
                kind = self._path_kind(path)
                if kind == UNKNOWN_PATH:
                    # A file at a path the gate cannot read is nobody's host secret; a parameter's path is
                    # judged where the function is called.
                    if self.fn is not None and isinstance(path, cst.Name) and \
                            any(p.name.value == path.value for p in _params(self.fn)):
                        return Param(path.value, path=True)
                    return None
                return Origin(kind, n, node, id(node)) if kind is not None else None
            if _SOURCE_CALLS.match(n):
                if n in _MODEL_OR_DATA:
                    kind = self._path_kind(node.args[0].value if node.args else None, model_ok=True)
                    if kind is None or (n == "torch.load" and kind != DATA):
                        return None  # a checkpoint or pretrained weights, not the site's data
                # A datalist (monai) is a list of file names: counted in the update, not in the log.
                return Origin(DATA, n, node, id(node), minor=bool(_FILE_LISTS.match(n)))
            if n.startswith("<class>.") and self.flow.is_dataset_class(n[8:].removesuffix("()")):
                return Origin(DATA, n[8:], node, id(node))
            if n.startswith(".") or ("." in n and not _known_lib(n)) or n.startswith("<class>."):
                last = n.rsplit(".", 1)[-1]
                if _LOADER_NAME.search(last):
                    return Origin(DATA, n.lstrip("."), node, id(node))
        if method in ("read_text", "read_bytes") and not names:
            kind = self._path_kind(receiver)
            return Origin(kind, f".{method}()", node, id(node)) if kind in (DATA, HOST) else None
        if method in ("copy", "items", "values", "keys") and receiver is not None and \
                "os.environ" in self.r.names(receiver, self.scope):
            return Origin(HOST, "os.environ", node, id(node))
        if not names and isinstance(node.func, cst.Name) and _LOADER_NAME.search(node.func.value):
            return Origin(DATA, node.func.value, node, id(node))
        return None

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
        if any(_HOST_PATH.search(t) for t in texts):
            return HOST
        if model_ok and any(_MODEL_PATH.search(t) for t in texts) and not any(_DATA_PATH.search(t) for t in texts):
            return None
        if model_ok:
            # The file's own name decides over its folder: `/tmp/nvflare/data/cifar10/cifar_net.pth` is weights.
            files += [f.rsplit("/", 1)[-1] for t in texts for f in _QUOTED_FILE.findall(t)]
            files = [f for f in files if "." in f]
            if files and all((_MODEL_FILE.search(f) or _MODEL_PATH.search(f)) and not _DATA_PATH.search(f)
                             for f in files):
                return None
        if any(_CONFIG_PATH.search(t) for t in texts):
            return None
        if any(_DATA_PATH.search(t) for t in texts):
            return DATA
        return HOST if model_ok else UNKNOWN_PATH

    def sink_check(self, node: cst.Call, names: set[str], method: str | None, receiver, args: frozenset,
                   recv: frozenset) -> None:
        sink = None
        kind = None
        for n in sorted(names):
            if _UPDATE_CALLS.match(n):
                kind, sink = UPDATE, n
                break
        if kind is None and method in _UPDATE_METHODS:
            kind, sink = UPDATE, f".{method}()"
        if kind is None and method == "to_shareable":
            kind, sink = UPDATE, ".to_shareable()"
            args = args | recv
        if kind is None:
            for n in sorted(names):
                if _LOG_CALLS.match(n):
                    if n == "builtins.print" and not _prints_to_console(node, self.r, self.scope):
                        return
                    last = n.rsplit(".", 1)[-1]
                    if n.startswith("logging.") and last not in _LOG_METHODS:
                        continue
                    kind, sink = LOG, n
                    break
        if kind is None and method is not None:
            if method in _FL_LOG_METHODS:
                kind, sink = LOG, f".{method}()"
            elif method in _LOG_METHODS and receiver is not None:
                rname = (dotted(receiver) or "").rsplit(".", 1)[-1]
                if rname in _LOGGER_RECEIVERS or any(n.startswith("logging.") for n in self.r.names(receiver, self.scope)):
                    kind, sink = LOG, f"{dotted(receiver)}.{method}()"
        if kind is not None and args:
            self.flow.record(kind, sink, node, args, self)


def _as_store(node: cst.BaseExpression) -> cst.BaseExpression:
    """An argument as the target of a weak update (a bare name becomes `name[_]`)."""
    if isinstance(node, cst.Name):
        return cst.Subscript(value=node, slice=[cst.SubscriptElement(cst.Index(cst.Name("_")))])
    return node


def _transposed(node: cst.BaseExpression) -> bool:
    """`x.T`, `x.transpose()`, `np.transpose(x)`, also scaled: `2 * x.T`."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Multiply, cst.Divide)):
        return _transposed(node.left) or _transposed(node.right)
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
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in (
                    "groupby", "group_by", "group_by_dynamic", "rolling", "resample", "over", "pivot"):
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
            return not _per_row(node) and not any(_grouped(a.value) for a in node.args)
    return False


def _object_call(func: cst.BaseExpression, names: set, flow: "Flow") -> bool:
    """A call of an object the gate cannot name (`self.loader(f)`, `transform(path)`)."""
    if names and all(n.endswith("()") for n in names):
        return True  # an instance called: `loader = LoadImage(); loader(path)`
    if isinstance(func, cst.Name):
        return not names
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value in ("self", "cls"):
        return func.attr.value not in flow.methods and not any(_known_lib(n) for n in names)
    return False


def _same(a: _State, b: _State) -> bool:
    return a.env == b.env


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


def _is_static(fn: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in fn.decorators)


_KNOWN_LIBS = ("numpy.", "torch.", "pandas.", "sklearn.", "xgboost.", "lightgbm.", "tensorflow.", "keras.",
               "monai.", "scipy.", "nvflare.", "builtins.", "os.", "sys.", "json.", "math.", "random.",
               "collections.", "itertools.", "functools.", "logging.", "time.", "datetime.", "re.",
               "pathlib.", "typing.", "torchvision.", "transformers.", "datasets.", "PIL.", "cv2.",
               "h5py.", "nibabel.", "pydicom.", "SimpleITK.", "imageio.", "skimage.", "pyarrow.", "polars.",
               "torchmetrics.", "evaluate.", "copy.", "io.", "csv.", "pickle.", "joblib.", "hashlib.",
               "statistics.", "operator.", "tqdm.", "wandb.", "mlflow.", "lightning.", "pytorch_lightning.",
               "peft.", "accelerate.", "opacus.", "shutil.", "tempfile.", "glob.", "yaml.", "argparse.")


def _known_lib(name: str) -> bool:
    return name.startswith(_KNOWN_LIBS)


def _per_row(call: cst.Call) -> bool:
    """A reduction along an axis other than the rows (axis=1, dim=-1): per-sample values."""
    for a in call.args:
        if a.keyword is not None and a.keyword.value in ("axis", "dim"):
            return not (isinstance(a.value, cst.Integer) and a.value.value == "0") and \
                not (isinstance(a.value, cst.Name) and a.value.value == "None")
    positional = [a for a in call.args if a.keyword is None]
    if isinstance(call.func, cst.Attribute) and positional:
        first = positional[0].value
        if isinstance(first, cst.Integer):
            return first.value != "0"
        if isinstance(first, cst.UnaryOperation):
            return True
    return False


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


def _prints_to_console(call: cst.Call, r: Resolver, scope: Scope) -> bool:
    for a in call.args:
        if a.keyword is not None and a.keyword.value == "file":
            names = r.names(a.value, scope)
            return bool(names & {"sys.stdout", "sys.stderr", "sys.__stdout__", "sys.__stderr__"})
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
}


# ---- the cheap pre-check --------------------------------------------------------


@functools.lru_cache(maxsize=8192)
def _name_kind(name: str) -> tuple[bool, bool]:
    """(may be a sink, may be a source) for a qualified name; names repeat across files."""
    sink = bool(_UPDATE_CALLS.match(name) or _LOG_CALLS.match(name))
    source = bool(name in ("builtins.open", "io.open", "codecs.open") or _SOURCE_CALLS.match(name)
                  or name.startswith("os.environ") or _LOADER_NAME.search(name.rsplit(".", 1)[-1].removesuffix("()")))
    return sink, source


def worth_running(resolver: Resolver) -> bool:
    """Whether the module has both a possible source and a possible sink (most files have not)."""
    sink = source = False
    r = resolver
    datasets = {"<class>." + s.parent.node.name.value for s in r.scope_of.values()
                if isinstance(s.node, cst.FunctionDef) and s.node.name.value == "__getitem__"
                and s.parent is not None and s.parent.is_class}
    for use in r.calls:
        call = use.node
        func = call.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        names = r.names(func, use.scope)
        if not sink:
            if method in _UPDATE_METHODS or method in _FL_LOG_METHODS or method == "to_shareable" \
                    or (method in _LOG_METHODS and isinstance(func.value, (cst.Name, cst.Attribute))):
                sink = True
            elif any(_name_kind(n)[0] for n in names):
                sink = True
        if not source:
            last = method or (func.value if isinstance(func, cst.Name) else "")
            if method in ("read_text", "read_bytes") or (last and _LOADER_NAME.search(last)) or \
                    any(_name_kind(n)[1] or n in datasets for n in names):
                source = True
            elif any(a.value.__class__ is cst.Attribute and dotted(a.value) == "os.environ" for a in call.args):
                source = True
        if sink and source:
            return True
    if not sink:
        # The result of an Executor's execute() (and the like) is a sink too.
        sink = any(isinstance(s.node, cst.FunctionDef) and s.node.name.value in _RETURN_SINK_METHODS
                   and s.parent is not None and s.parent.is_class for s in r.scope_of.values())
    if sink and not source:
        # A parameter named like a loader or a dataset is a source too.
        for s in r.scope_of.values():
            if isinstance(s.node, cst.FunctionDef) and any(_LOADER_PARAM.match(p.name.value) for p in _params(s.node)):
                return True
    return sink and source


def analyze(module: cst.Module, resolver: Resolver) -> list[Leak]:
    """Every leak of the module, or [] when the pre-check says there can be none."""
    if not worth_running(resolver):
        return []
    return Flow(module, resolver).leaks()


def describe(origin: Origin) -> str:
    what = origin.what
    if origin.kind == HOST and what == "os.environ":
        return "the process environment (os.environ)"
    if origin.kind == HOST:
        return f"a host file read with {what.removeprefix('builtins.')}"
    return f"site data from {what.removeprefix('builtins.')}"


__all__ = ["analyze", "describe", "Flow", "Leak", "Origin", "UPDATE", "LOG", "DATA", "HOST", "worth_running"]
