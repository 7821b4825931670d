"""Red team 41a: an adversary who read the source, outside the update channel.

About 110 attempts on main 84be299 with the default policy (getattr with built names, interpreter internals,
module attributes, annotations and defaults read back, format strings, dunder hooks, class hierarchies and
super(), atexit/signal/settrace/excepthook/codecs/audit hooks, site files and /proc, OmegaConf interpolations):
nearly all escalate or reject. Accepted there, closed here (detectors/vouch.py, detectors/dynamic.py): format
templates folded from pieces (logging's '{' style, str.format, nested specs) and a Formatter subclass's
super().__init__(fmt, style="{"); getattr of a job function or generator by a name folded to an internal
(`__globals__`, `__builtins__`, `gi_frame`, `f_globals`) or known only at run time; a method of a value the gate
cannot type taken by getattr or bound to a name before it is called; a module as an annotation or a parameter
default read back by typing.get_type_hints or inspect.signature; an OmegaConf env interpolation assembled from
pieces. Still open (docs/architecture.md): such a method stored on an attribute or in a container before the
call, and an interpolation whose variable name is known only at run time.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/rt41a_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt41a_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


def test_labels_cover_samples():
    labelled = {e["path"] for e in kit.labelled("rt41a_")}
    assert labelled == set(kit.corpus_samples("malicious/rt41a_*", "benign/near_rt41a_*"))


# ---- variants written in the test: each attack beside its honest twin -----------------------------------------

FN = "import logging\nimport torch\nlog = logging.getLogger('fl')\n\n\ndef train_round(net, model):\n    net.load_state_dict(model.params)\n\n\n"


@pytest.mark.parametrize("attack", [
    # a method of a value the gate cannot type, taken by getattr and called at once, or through two names
    "def run(tool, cmd):\n    return getattr(tool, 'sys' + 'tem')(cmd)\n",
    "def run(tool, cmd):\n    step = tool.system\n    again = step\n    return again(cmd)\n",
    # a job function's internals by a folded name: its builtins (3.10+), its code
    "b = getattr(train_round, '_' * 2 + 'builtins' + '_' * 2)\n",
    "c = getattr(train_round, '_' * 2 + 'code' + '_' * 2)\n",
    # a traceback's frame by a folded name
    "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    tb = e.__traceback__\n    f = getattr(tb, 'tb_' + 'frame')\n",
    # a '{' field reaching a frame's globals in a nested format spec, folded from pieces
    "def gen():\n    yield 1\n\n\nlog.info(('{0:{1.gi_' + 'frame.f_' + 'globals}}').format(1, gen()))\n",
    # a module as a lambda's default, read back by inspect
    "import inspect\nimport os\nf = lambda env=os: env\nlog.info(inspect.signature(f).parameters['env'].default.environ)\n",
])
def test_variant_is_held(attack):
    kit.assert_held(kit.scan_text(FN + attack))


@pytest.mark.parametrize("twin", [
    "def run(net, x):\n    step = net.forward\n    return getattr(net, 'forward')(x), step(x)\n",
    "name = getattr(train_round, '_' * 2 + 'name' + '_' * 2)\n",
    "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    log.info('%s', getattr(e, 'args'))\n",
    "log.info(('{0:{1}}' + ' {2.__name__}').format(0.5, '.3f', train_round))\n",
    "import inspect\nf = lambda lr=0.1: lr\nlog.info(inspect.signature(f).parameters['lr'].default)\n",
])
def test_variant_twin_stays_accepted(twin):
    kit.assert_accepted(kit.scan_text(FN + twin))
