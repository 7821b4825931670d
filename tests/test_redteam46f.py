"""Red team 46f: red team 46d's open implicit calls (tests/test_redteam46d.py OPEN), each accepted on main before its
fix; the legitimate form nearest to each stays accepted."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import redteam_kit as kit

HEAD = kit.ROWS_CLIENT.replace("import csv\n", "import csv\nimport functools\nimport logging\nimport numpy as np\n"
                                                "import torch\n")
SEND = 'flare.send(flare.FLModel(params=model.params, meta={"n": %s}))\n'

# A partial of a send or log function bound to a name, a field or an item, called later with the row: the later call
# runs the function partial binds (functools.partial.__call__).
PARTIAL_CALLED_LATER = {
    "print_name": 'show = functools.partial(print, "row:")\nshow(rows[0])\n',
    "from_import": 'from functools import partial\nshow = partial(print, sep=",")\nshow(rows[0])\n',
    "sleep": "import time\nwait = functools.partial(time.sleep)\nwait(float(rows[0][0]))\n",
    "logger": 'log = logging.getLogger("x")\nsay = functools.partial(log.info, "%s")\nsay(rows[0])\n',
    "field": """
class Reporter:
    def __init__(self):
        self.show = functools.partial(print, "row:")

    def report(self, r):
        self.show(r)


Reporter().report(rows[0])
""",
    "dict_item": 'hooks = {"show": functools.partial(print, "row:")}\nhooks["show"](rows[0])\n',
}


@pytest.mark.parametrize("name", sorted(PARTIAL_CALLED_LATER))
def test_a_partial_of_a_sink_called_later_is_read(tmp_path: Path, name: str) -> None:
    kit.assert_held(kit.scan_source(tmp_path, HEAD + textwrap.dedent(PARTIAL_CALLED_LATER[name])),
                    "update-channel-leak.")


def test_a_partial_of_a_pure_function_called_later_stays_accepted(tmp_path: Path) -> None:
    body = ('scale = functools.partial(np.multiply, 0.5)\nw = scale(np.ones(3))\n'
            'show = functools.partial(print, "round:")\nshow(len(rows))\n' + SEND % "float(w.sum())")
    kit.assert_accepted(kit.scan_source(tmp_path, HEAD + body))


# A loader's length is its dataset's: a Dataset whose __len__ returns a cell makes len(DataLoader(ds)) that cell
# (torch/utils/data/dataloader.py DataLoader.__len__: len(self._index_sampler), of len(dataset)).
DATASET = """
from torch.utils.data import Dataset, DataLoader


class DS(Dataset):
    def __init__(self, r):
        self.r = r

    def __len__(self):
        return LENGTH

    def __getitem__(self, i):
        return torch.zeros(1)


"""
LOADER_LENGTHS = {
    "positional": "n = len(DataLoader(DS(rows), batch_size=1))\n",
    "keyword": "loader = DataLoader(dataset=DS(rows), batch_size=2)\nn = len(loader)\n",
    "named_dataset": "ds = DS(rows)\nn = len(DataLoader(ds, shuffle=True))\n",
}


@pytest.mark.parametrize("name", sorted(LOADER_LENGTHS))
def test_a_loader_of_a_dataset_whose_len_is_a_cell_is_read(tmp_path: Path, name: str) -> None:
    body = DATASET.replace("LENGTH", "int(self.r[0][0])") + LOADER_LENGTHS[name] + SEND % "n"
    kit.assert_held(kit.scan_source(tmp_path, HEAD + body), "update-channel-leak.")


@pytest.mark.parametrize("name", sorted(LOADER_LENGTHS))
def test_a_loader_of_a_dataset_whose_len_counts_its_rows_stays_accepted(tmp_path: Path, name: str) -> None:
    body = DATASET.replace("LENGTH", "len(self.r)") + LOADER_LENGTHS[name] + SEND % "n"
    kit.assert_accepted(kit.scan_source(tmp_path, HEAD + body))


# copy.copy/copy.deepcopy call the callable an object's __reduce__/__reduce_ex__ returns with its arguments
# (copy._reconstruct: `y = callable(*args)`).
SNAP = """
import copy


class Snap:
    def __init__(self, r):
        self.r = r

    def METHOD(self, *protocol):
        return RETURNED


"""
RECONSTRUCTED = {
    "deepcopy_print": ("__reduce__", "(print, (self.r,))", "copy.deepcopy(Snap(rows[0]))\n"),
    "copy_reduce_ex": ("__reduce_ex__", "(print, ('row', self.r))", "s = Snap(rows[1])\ncopy.copy(s)\n"),
    "sleep": ("__reduce__", "(time.sleep, (float(self.r[0]),))", "import time\ncopy.deepcopy(Snap(rows[0]))\n"),
    "logger": ("__reduce__", "(logging.getLogger('x').info, ('%s', self.r))", "copy.deepcopy(Snap(rows[0]))\n"),
}


@pytest.mark.parametrize("name", sorted(RECONSTRUCTED))
def test_the_callable_a_reduce_returns_is_run_by_copy(tmp_path: Path, name: str) -> None:
    method, returned, body = RECONSTRUCTED[name]
    source = HEAD + SNAP.replace("METHOD", method).replace("RETURNED", returned) + body
    kit.assert_held(kit.scan_source(tmp_path, source), "update-channel-leak.")


def test_a_reduce_that_rebuilds_the_class_stays_accepted(tmp_path: Path) -> None:
    source = HEAD + SNAP.replace("METHOD", "__reduce__").replace("RETURNED", "(Snap, (self.r,))") + \
        "s = copy.deepcopy(Snap(len(rows)))\nprint('copied', type(s).__name__)\n" + SEND % "len(rows)"
    kit.assert_accepted(kit.scan_source(tmp_path, source))


# A set display, and a dict display's keys, hash each element and compare it with those of equal hash: __eq__ is
# handed the other element.
PROBE = """
class Probe:
    seen = []

    def __init__(self, v):
        self.v = v

    def __hash__(self):
        return 1

    def __eq__(self, other):
        EQ
        return False


"""
DISPLAYS = {
    "set": "s = {Probe(rows[0][0]), Probe(rows[1][0])}\n",
    "dict_keys": "d = {Probe(rows[0][0]): 1, Probe(rows[1][0]): 2}\n",
    "set_of_names": "a = Probe(rows[0][0])\nb = Probe(rows[1][0])\ns = {a, b}\n",
}


@pytest.mark.parametrize("name", sorted(DISPLAYS))
def test_a_display_hands_an_element_to_another_ones_eq(tmp_path: Path, name: str) -> None:
    body = PROBE.replace("EQ", "Probe.seen.append(other.v)") + DISPLAYS[name] + SEND % "Probe.seen"
    kit.assert_held(kit.scan_source(tmp_path, HEAD + body), "update-channel-leak.")


@pytest.mark.parametrize("name", sorted(DISPLAYS))
def test_a_display_of_objects_built_of_counts_stays_accepted(tmp_path: Path, name: str) -> None:
    display = DISPLAYS[name].replace("rows[0][0]", "len(rows)").replace("rows[1][0]", "2")
    body = PROBE.replace("EQ", "Probe.seen.append(other.v)") + display + SEND % "Probe.seen"
    kit.assert_accepted(kit.scan_source(tmp_path, HEAD + body))


# type(name, bases, ns) makes a class named by its first argument and runs the bases' __init_subclass__ on it.
SUBCLASS = """
class Base:
    seen = []

    def __init_subclass__(cls, **kw):
        Base.seen.append(cls.ATTR)


Dyn = type(NAME, (Base,), {})
""" + SEND % "Base.seen"


@pytest.mark.parametrize("attr", ["__name__", "__qualname__"])
def test_a_class_named_by_a_cell_is_read_in_init_subclass(tmp_path: Path, attr: str) -> None:
    body = SUBCLASS.replace("ATTR", attr).replace("NAME", '"R" + rows[0][0]')
    kit.assert_held(kit.scan_source(tmp_path, HEAD + body), "update-channel-leak.")


@pytest.mark.parametrize("name", ['"Fixed"', '"R" + str(len(rows))'])
def test_a_class_named_by_a_constant_or_a_count_stays_accepted(tmp_path: Path, name: str) -> None:
    kit.assert_accepted(kit.scan_source(tmp_path, HEAD + SUBCLASS.replace("ATTR", "__name__").replace("NAME", name)))
