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
fields and parameters and what they raise), closures (a nested function's reads of its enclosing function's
parameters, judged where that function calls it or hands it on: Frame.closure), exceptions (`except E as e` holds what the try body raised
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
methods); a value stored into another module of the job (`utils.BUF.append(rows)`) is reviewed, and is what
the name this module imports from there holds (`from utils import BUF`).

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

import libcst as cst

from ..resolve import Resolver
from .facts import worth_running
from .module_flow import Flow, Leak, flow_of
from .names import DATA, FILE, HOST, LOG, NET, SECRET, UNKNOWN, UPDATE
from .values import (
    _ANALYSING, _CAPPED, _INTERNED, _MADE, _MARKERS, _PASSED, _PASSED_ONE, _PLACES, _TEXTS, _WALKED, Origin,
)


def analyze(module: cst.Module, resolver: Resolver) -> list[Leak]:
    """Every leak of the module, or [] when the pre-check says there can be none."""
    if not worth_running(resolver):
        return []
    _ANALYSING[:] = [resolver]
    try:
        return flow_of(resolver).leaks()
    finally:
        for table in (_TEXTS, _MARKERS, _CAPPED, _PASSED, _PASSED_ONE, _PLACES, _WALKED, _ANALYSING, _INTERNED, _MADE):
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


__all__ = ["analyze", "describe", "Flow", "Leak", "Origin", "UPDATE", "LOG", "FILE", "NET", "DATA", "HOST", "SECRET",
           "UNKNOWN", "worth_running"]
