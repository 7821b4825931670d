"""Label arrays of a fixed class domain: what np.unique of one hands out is a histogram, not the site's values.

A distinct call (sources.yaml distinct_calls) of the site's data is reviewed: the distinct values of an identifier
or a name column are the patients' (red team 50b). The label array a listed loader returns (sources.yaml
class_label_loaders: Keras' cifar10 and fashion_mnist, whose labels are uint8 whatever the files hold) has no
such values: selected by any index, even one read from a site file, its distinct values are a subset of the
class domain and its counts a histogram of the rows the index chose, so the call is a reduction of what chose
them (Roles.summary_role): of a site's index file taken whole an aggregate, of one patient's value a statistic.

Only a value the code proves is that array counts, never a name the author chose: the argument is a local name
(or a selection `y[idx]`, `y[:, 0]` of one) whose every binding in its function is a selection of such a name or
the label position of the loader's tuple, `(x, y), (xt, yt) = load_data()`, called directly or through a job
function that only returns the loader's call. A name is proven only while nothing can change the array in place
before the count: each of its reads is a selection bound to another proven name, the count's argument, or a
return; any other read (handed to a call, an attribute, a store into it, a closure) that may run before the
count leaves the call a distinct call.
"""

from __future__ import annotations

import libcst as cst

from ..resolve import FuncRef, Kinds, Resolver, Scope, children
from .names import _CLASS_LABEL_COUNT_KEYWORDS, _CLASS_LABEL_LOADERS
from .gradients import body_holds
from .syntax import _return_values

# Keras' loaders return `(x_train, y_train), (x_test, y_test)` (keras/src/datasets/cifar10.py, fashion_mnist.py)
_LABEL_POSITIONS = frozenset({(0, 1), (1, 1)})
# bodies of their own inside the function: they run when called or iterated, not where they are written
_NESTED = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda, cst.FunctionDef, cst.ClassDef)
# what runs its body more than once, or later than where it is written
_REPEATING = (cst.For, cst.While) + _NESTED
_CONSTANTS = (cst.Integer, cst.Float, cst.SimpleString)


def counts_class_labels(r: Resolver, scope: Scope, call: cst.Call) -> bool:
    """Whether a distinct call (`np.unique(y[idx], return_counts=True)`) is handed one label array of a
    class_label_loaders loader and no more than constants of class_label_count_keywords (np.unique's
    `return_inverse`, np.bincount's `weights` are no histogram)."""
    fn = scope.node
    if not isinstance(fn, cst.FunctionDef) or not call.args:
        return False
    first, rest = call.args[0], call.args[1:]
    if first.keyword is not None or first.star or \
            any(a.keyword is None or a.keyword.value not in _CLASS_LABEL_COUNT_KEYWORDS or not _constant(a.value)
                for a in rest):
        return False
    proof = _Proof(r, scope, fn, call)
    return proof.ready and proof.labels(first.value)


def _constant(node: cst.BaseExpression) -> bool:
    return isinstance(node, _CONSTANTS) or (isinstance(node, cst.Name) and node.value in ("True", "False", "None"))


class _Proof:
    def __init__(self, r: Resolver, scope: Scope, fn: cst.FunctionDef, call: cst.Call):
        self.r, self.scope, self.fn, self.call = r, scope, fn, call
        self.parent: dict[int, cst.CSTNode] = {}
        self.order: dict[int, int] = {}
        self.names: dict[str, list[cst.Name]] = {}
        stack = [fn]
        while stack:  # pre-order: statements in source order
            node = stack.pop()
            self.order[id(node)] = len(self.order)
            if isinstance(node, cst.Name) and not _not_a_read(node, self.parent.get(id(node))):
                self.names.setdefault(node.value, []).append(node)
            kids = children(node)
            for kid in kids:
                self.parent[id(kid)] = node
            stack.extend(reversed(kids))
        self.ready = id(call) in self.parent
        self.after = self.later_than(call) if self.ready else None
        self.proven: set[str] = set()

    def later_than(self, call: cst.Call) -> int | None:
        """The last pre-order index of the statement that makes the call: a read past it runs after the count,
        unless the call sits in a loop, a comprehension or a nested body (None: every read counts)."""
        node, statement = call, None
        while node is not self.fn:
            node = self.parent[id(node)]
            if isinstance(node, _REPEATING) and node is not self.fn:
                return None
            if statement is None and isinstance(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                statement = node
        if isinstance(statement, cst.BaseCompoundStatement):
            # the call in an `if`'s or a `with`'s header: its body runs after it
            head = call
            while self.parent[id(head)] is not statement:
                head = self.parent[id(head)]
            statement = head
        last = statement
        while children(last):
            last = children(last)[-1]
        return self.order[id(last)]

    def labels(self, node: cst.BaseExpression) -> bool:
        """A selection of a proven label array (any index: the values stay labels)."""
        while isinstance(node, cst.Subscript):
            node = node.value
        return isinstance(node, cst.Name) and self.label_name(node.value)

    def label_name(self, name: str) -> bool:
        """A local of the function whose every binding is a label array and whose every read keeps it one."""
        if name in self.proven:
            return True  # `y = y[idx]`: the name's other bindings decide
        if self.r.binding_scope(name, self.scope) is not self.scope or name in self.scope.globals or \
                name in self.scope.nonlocals:
            return False
        self.proven.add(name)
        if all(self.occurrence(n) for n in self.names.get(name, ())):
            return True
        self.proven.discard(name)
        return False

    def occurrence(self, name: cst.Name) -> bool:
        top = name
        while isinstance(self.parent[id(top)], cst.Element):
            top = self.parent[id(self.parent[id(top)])]  # the tuple or list the name is an item of
        if isinstance(self.parent[id(top)], cst.AssignTarget):
            return self.bound(name)
        parent = self.parent[id(name)]
        if self.after is not None and self.order[id(name)] > self.after:
            return True  # read once the count is made
        if self.nested(name):
            return False  # a closure or a comprehension may hand the array on, or run, before the count
        node = name
        while isinstance(parent, cst.Subscript) and parent.value is node:
            node, parent = parent, self.parent[id(parent)]  # `y[idx][:, 0]`: a selection (a copy or a view)
        if isinstance(parent, cst.Arg) and parent is self.call.args[0]:
            return True
        if isinstance(parent, cst.Return) or (isinstance(parent, cst.Element) and
                                              isinstance(self.parent[id(parent)], cst.Tuple) and
                                              isinstance(self.parent[id(self.parent[id(parent)])], cst.Return)):
            return True  # the function ends: the caller's use is the caller's
        if node is not name and isinstance(parent, cst.Assign) and parent.value is node and \
                len(parent.targets) == 1 and isinstance(parent.targets[0].target, cst.Name):
            return self.label_name(parent.targets[0].target.value)  # `v = y[:5]`: v must keep the view intact
        return False

    def nested(self, node: cst.CSTNode) -> bool:
        """Whether the node is in a nested function, lambda, class or comprehension of the function."""
        node = self.parent[id(node)]
        while node is not self.fn:
            if isinstance(node, _NESTED):
                return True
            node = self.parent[id(node)]
        return False

    def bound(self, name: cst.Name) -> bool:
        """A binding of the name: `y = <label array>`, or the label position of `(x, y), (xt, yt) = loader()`."""
        path: list[int] = []
        node: cst.CSTNode = name
        while isinstance(self.parent[id(node)], cst.Element):
            element = self.parent[id(node)]
            holder = self.parent[id(element)]
            if not isinstance(holder, (cst.Tuple, cst.List)):
                return False
            path.insert(0, list(holder.elements).index(element))
            node = holder
        target = self.parent[id(node)]
        assign = self.parent[id(target)] if isinstance(target, cst.AssignTarget) else None
        if not isinstance(assign, cst.Assign) or len(assign.targets) != 1 or _starred(node):
            return False
        if not path:
            return self.labels(assign.value)
        return tuple(path) in _LABEL_POSITIONS and self.loader_call(assign.value, self.r, self.scope, 0)

    def loader_call(self, node: cst.BaseExpression, r: Resolver, scope: Scope, depth: int) -> bool:
        """A call, with no argument, of a listed loader, or of a job function whose every return is one."""
        if not isinstance(node, cst.Call) or node.args or depth > 3:
            return False
        values = r.values(node.func, scope)
        if not values:
            return False
        for v in values:
            if isinstance(v, str) and _CLASS_LABEL_LOADERS(v):
                continue
            home = v.scope.owner if isinstance(v, FuncRef) and v.scope is not None else None
            body = home.scope_of.get(id(v.node)) if home is not None else None
            if body is None or not isinstance(v.node, cst.FunctionDef):
                return False
            returns = _return_values(v.node)
            if not returns or body_holds(v.node, _SUSPENDS) or \
                    not all(self.loader_call(value, home, body, depth + 1) for value in returns):
                return False
        return True


def _starred(node: cst.CSTNode) -> bool:
    """A `*rest` in a tuple or list target, or in one nested in it: the positions are not the loader's."""
    return isinstance(node, (cst.Tuple, cst.List)) and \
        any(isinstance(e, cst.StarredElement) or _starred(e.value) for e in node.elements)


def _not_a_read(name: cst.Name, parent: cst.CSTNode | None) -> bool:
    """An attribute's name (`o.y`) or a keyword's (`f(y=1)`): not the local of that name."""
    return (isinstance(parent, cst.Attribute) and parent.attr is name) or \
        (isinstance(parent, cst.Arg) and parent.keyword is name)


_SUSPENDS = Kinds(cst.Yield, cst.Await)
