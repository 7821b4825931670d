"""Red team 49c: matplotlib backends that run programs or import a module a string names, and a Flower app's module
that only a string names.

- `matplotlib.use("pgf")` (xelatex typesets every figure: matplotlib/backends/backend_pgf.py LatexManager),
  `matplotlib.use("WebAgg")` (an HTTP server of the figures and a browser started), `plt.savefig(name)` with a name
  ending `.pgf` (the pgf backend, by the extension) and `plt.savefig(..., backend="module://pkg.mod")` (imports
  the module: backend_bases.py _switch_canvas_and_return_print_method) were vouched by rules/catalogue/extras.yaml.
- detectors/not_run.py marked a Flower app's module never run when no token of a running file spelled its name;
  a library imports a module a string names (`backend="module://ocapp.figure_canvas"`), so a dotted name spelled
  in a string of a running file now reaches that module.
"""

from __future__ import annotations

import shutil

import pytest

import redteam_kit as kit

HELD = kit.corpus_samples("jobs/rt49c_*")
TWINS = kit.corpus_samples("jobs/near_rt49c_*")


def test_samples_exist():
    assert len(HELD) >= 4 and len(TWINS) >= 2


@pytest.mark.parametrize("sample", HELD)
def test_attempt_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", TWINS)
def test_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


PLOT = "import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\nimport os\nplt.figure()\nplt.plot([0.9, 0.5])\n"


@pytest.mark.parametrize("line", [
    "plt.savefig('outputs/loss.pgf')",
    "plt.savefig(os.path.join('outputs', 'loss' + '.PGF'))",
    "plt.savefig(fname='outputs/loss.pgf')",
    "plt.savefig('outputs/loss.pdf', backend='pgf')",
    "plt.savefig('outputs/loss.png', backend='module://plot_ext')",
    "plt.savefig('outputs/loss.png', format='png', backend='pgf')",
])
def test_savefig_that_runs_latex_or_imports_is_not_vouched(line):
    kit.assert_held(kit.scan_text(PLOT + line), "unvouched.api")


@pytest.mark.parametrize("backend", ["pgf", "PGF", "WebAgg", "nbAgg", "TkAgg", "module://plot_ext"])
def test_backends_that_run_serve_or_import_are_not_vouched(backend):
    kit.assert_held(kit.scan_text(f"import matplotlib\nmatplotlib.use({backend!r})\n"), "unvouched.api")


@pytest.mark.parametrize("code", [
    PLOT + "plt.savefig('outputs/loss.png')",
    PLOT + "plt.savefig(os.path.join('outputs', 'loss.svg'))",
    PLOT + "plt.savefig('outputs/loss', format='png')",
    "import matplotlib\nmatplotlib.use('pdf')\nimport matplotlib.pyplot as plt\nplt.savefig('outputs/loss.pdf')",
])
def test_plain_figures_stay_vouched(code):
    kit.assert_accepted(kit.scan_text(code))


CANVAS = ("import subprocess\nsubprocess.run(['nvidia-smi', '-pm', '1'], check=False)\n"
          "from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas\n")


def flower_app(tmp_path, spelled: str):
    """The Flower app of the corpus with ocapp/figure_canvas.py beside its ClientApp, whose module holds `spelled`."""
    root = tmp_path / "app"
    shutil.copytree(kit.CORPUS / "jobs/near_rt24_flower_run_config_plain", root)
    (root / "ocapp/figure_canvas.py").write_text(CANVAS)
    client = root / "ocapp/client_app.py"
    client.write_text(client.read_text() + f"\nCANVAS = {spelled!r}\n")
    return kit.scan(root)


@pytest.mark.parametrize("spelled", ["module://ocapp.figure_canvas", "ocapp.figure_canvas", "ocapp.figure_canvas.X"])
def test_module_a_string_names_runs(tmp_path, spelled):
    report = flower_app(tmp_path, spelled)
    assert not any(f.rule == "unvouched.not-run-at-site" and f.path == "ocapp/figure_canvas.py"
                   for f in report.findings), kit.findings(report)
    kit.assert_held(report, "subprocess.run-program")


def test_module_no_string_names_stays_not_run(tmp_path):
    report = flower_app(tmp_path, "figure canvas")
    assert any(f.rule == "unvouched.not-run-at-site" and f.path == "ocapp/figure_canvas.py" for f in report.findings)
    kit.assert_accepted(report)


@pytest.mark.parametrize("root", ["'/srv/share/cifar'", "'/etc/cifar'", "'/home/fl/cifar'", "os.path.expanduser('~/cifar')",
                                  "os.path.join('/opt', 'cifar')"])
def test_public_download_into_a_home_or_system_folder_is_not_vouched(root):
    code = f"import os\nimport torchvision\nds = torchvision.datasets.CIFAR10(root={root}, train=True, download=True)"
    kit.assert_held(kit.scan_text(code), "unvouched.api")


@pytest.mark.parametrize("code", [
    "import torchvision\nds = torchvision.datasets.CIFAR10(root='/tmp/nvflare/data/cifar10', download=True)",
    "import torchvision\nds = torchvision.datasets.CIFAR10('data', train=True, download=True)",
    "import os\nos.makedirs('/tmp/nvflare/data', exist_ok=True)",
])
def test_public_download_into_scratch_or_the_job_stays_vouched(code):
    kit.assert_accepted(kit.scan_text(code))


def test_makedirs_in_a_home_folder_is_not_vouched():
    kit.assert_held(kit.scan_text("import os\nos.makedirs('/home/fl/.config/autostart', exist_ok=True)"), "unvouched.api")


@pytest.mark.parametrize("code,accepted", [
    ("MedNISTDataset(root_dir='/srv/shared/mednist', section='training', download=True)", False),
    ("MedNISTDataset('/srv/shared/mednist', 'training', download=True)", False),
    ("MedNISTDataset(root_dir='./data', section='training', download=True)", True),
    ("MedNISTDataset(root_dir=tempfile.mkdtemp(), section='training', download=True)", True),
])
def test_mednist_root_is_judged_as_torchvision_root(code, accepted):
    report = kit.scan_text("import tempfile\nfrom monai.apps import MedNISTDataset\nds = " + code)
    (kit.assert_accepted if accepted else kit.assert_held)(report)
