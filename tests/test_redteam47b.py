"""Session 47 (redteam47b): catalogue entries that vouched for a write outside the workspace, a fetch or a program
through an argument, audited against the libraries' source (docs/catalogue47-audit.md).

- shutil.copy/copy2/copyfile(..., follow_symlinks=False) copy a link as a link (Lib/shutil.py copyfile:
  `os.symlink(os.readlink(src), dst)`), and copytree(symlinks=True) or a copy_function of the job's recreate links:
  `outputs/root -> /` then turns every relative write the catalogue vouches into a write anywhere.
- MONAI's NumpyReader(allow_pickle=True), or LoadImage/LoadImaged/ImageDataset given allow_pickle (their *args and
  **kwargs build the readers), np.load a .npy/.npz with allow_pickle=True (monai/data/image_reader.py
  NumpyReader.read): an object array in a scratch file another process wrote is unpickled, and the process guard
  does not reach np.load.
- MONAI's SupervisedTrainer/SupervisedEvaluator(compile=True) run torch.compile with inductor (monai/engines/trainer.py),
  which torch.yaml refuses: a cache hit unpickles what sits in inductor's cache folder.
- transformers' from_pretrained(attn_implementation="org/repo") loads a hub kernel: the kernels library downloads the
  repository and execs its Python and compiled extension (any publisher's in 4.5x; with allow_all_kernels in 5.x).
- sklearn's parameter searches set every grid key on the estimator (set_params), so a grid holds the keywords the
  catalogue conditions at construction: a Pipeline's joblib `memory` on a share, a vectorizer's input="filename".
- polars' read_parquet(use_pyarrow=True, pyarrow_options={"filesystem": "s3://b?endpoint_override=host"}): pyarrow
  builds a file system from a URI string and reads the local-looking path from any host in C++.
- datasets' Image feature decodes each value as it is read: bytes with PIL.Image.open and no formats (PostScript runs
  Ghostscript), a non-local path through xopen (a download), out of the image detectors' sight.
All were accepted on main at 8318396c.
"""

from __future__ import annotations

import pytest

import redteam_kit as kit

UNGUARDED = kit.POLICY.model_copy(update={"runtime_guard": False})


def _unvouched(report, api: str) -> bool:
    return any(f.rule == "unvouched.api" and f"uses {api}," in f.message for f in report.findings)


@pytest.mark.parametrize(("sample", "api"), [
    ("malicious/rt47b_copy_symlink_escape.py", "shutil.copy"),
    ("malicious/rt47b_monai_numpy_reader_pickle.py", "monai.transforms.LoadImaged"),
    ("malicious/rt47b_hf_attn_hub_kernel.py", "transformers.AutoModelForCausalLM.from_pretrained"),
    ("malicious/rt47b_sklearn_search_memory_share.py", "sklearn.model_selection.GridSearchCV"),
    ("malicious/rt47b_polars_pyarrow_filesystem_uri.py", "polars.read_parquet"),
    ("malicious/rt47b_datasets_image_feature_bytes.py", "datasets.Image"),
])
@pytest.mark.parametrize("policy", [kit.POLICY, UNGUARDED], ids=["guarded", "unguarded"])
def test_attack_sample_escalates_on_the_api(sample, api, policy):
    report = kit.scan_sample(sample, policy=policy)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_rt47b_*"))
def test_near_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


@pytest.mark.parametrize(("source", "api"), [
    ("import shutil\nshutil.copy('/proc/self/root', 'outputs/r', follow_symlinks=False)\n", "shutil.copy"),
    ("import shutil\nshutil.copyfile('/proc/self/cwd', 'outputs/w', follow_symlinks=False)\n", "shutil.copyfile"),
    ("import shutil\ndef keep(src, flags):\n    shutil.copy2(src, 'outputs/x', **flags)\n", "shutil.copy2"),
    ("import shutil\nshutil.copytree('/opt/site/links', 'outputs/links', symlinks=True)\n", "shutil.copytree"),
    ("import shutil\nshutil.copytree('/opt/site/links', 'outputs/links', True)\n", "shutil.copytree"),
    ("import functools, shutil\nshutil.copytree('/opt/site/links', 'outputs/links',\n"
     "                copy_function=functools.partial(shutil.copy2, follow_symlinks=False))\n", "shutil.copy2"),
    ("import functools, shutil\ncp = functools.partial(shutil.copy2, follow_symlinks=False)\n"
     "cp('/proc/self/root', 'outputs/r')\n", "shutil.copy2"),
])
def test_link_copies_escalate(source, api):
    report = kit.scan_text(source)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


@pytest.mark.parametrize("source", [
    "import shutil\nshutil.copy('config.json', 'outputs/config.json')\n",
    "import shutil\nshutil.copy2('config.json', 'outputs/c.json', follow_symlinks=True)\n",
    "import shutil\nshutil.copytree('conf', 'outputs/conf', dirs_exist_ok=True)\n",
    "import shutil\nshutil.copytree('conf', 'outputs/conf', symlinks=False)\n",
])
def test_plain_copies_stay_vouched(source):
    kit.assert_accepted(kit.scan_text(source, policy=UNGUARDED))


@pytest.mark.parametrize(("source", "api"), [
    ("from monai.data import NumpyReader\ndef load_mask(path):\n    return NumpyReader(allow_pickle=True).read(path)\n",
     "monai.data.NumpyReader"),
    ("from monai.data import NumpyReader\nr = NumpyReader(None, None, True)\n", "monai.data.NumpyReader"),
    ("from monai.transforms import LoadImage\nf = LoadImage(reader='NumpyReader', allow_pickle=True)\n",
     "monai.transforms.LoadImage"),
    ("from monai.transforms import LoadImage\nf = LoadImage(image_only=True, allow_pickle=True)\n",
     "monai.transforms.LoadImage"),
    ("from monai.transforms import LoadImage\nf = LoadImage(None, True, None, False, False, None, '.', True, None, None, True)\n",
     "monai.transforms.LoadImage"),
    ("from monai.data import NumpyReader\nfrom monai.transforms import LoadImage\nf = LoadImage(reader=NumpyReader(allow_pickle=True))\n",
     "monai.data.NumpyReader"),
    ("from monai.data import ImageDataset\nds = ImageDataset(['a.npy'], labels=[0], allow_pickle=True)\n",
     "monai.data.ImageDataset"),
    ("from monai.transforms import LoadImaged\ndef make(cfg):\n    return LoadImaged(keys=['image'], **cfg)\n",
     "monai.transforms.LoadImaged"),
])
def test_pickling_numpy_readers_escalate(source, api):
    report = kit.scan_text(source)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


@pytest.mark.parametrize("source", [
    "from monai.transforms import LoadImage\nf = LoadImage(image_only=True)\nx = f('data/a.nii.gz')\n",
    "from monai.transforms import LoadImaged\nf = LoadImaged(keys=['image'], reader='NumpyReader', allow_pickle=False)\n",
    "from monai.data import NumpyReader\nx = NumpyReader(npz_keys=['m']).read('masks/a.npz')\n",
    "from monai.data import NumpyReader\nfrom monai.transforms import LoadImage\nf = LoadImage(reader=NumpyReader())\n",
])
def test_numpy_readers_without_pickles_stay_vouched(source):
    kit.assert_accepted(kit.scan_text(source, policy=UNGUARDED))


def test_monai_compiled_trainer_escalates():
    sample = "malicious/rt47b_monai_trainer_compile_warm_cache.py"
    report = kit.scan_sample(sample)
    kit.assert_held(report)
    assert _unvouched(report, "monai.engines.SupervisedTrainer"), kit.findings(report)


@pytest.mark.parametrize(("source", "api"), [
    ("from monai.engines import SupervisedEvaluator\ndef make(loader, net):\n"
     "    return SupervisedEvaluator(device='cpu', val_data_loader=loader, network=net, compile=True)\n",
     "monai.engines.SupervisedEvaluator"),
    ("from monai.engines import SupervisedTrainer\ndef make(*a):\n"
     "    return SupervisedTrainer(*a[:23], True)\n", "monai.engines.SupervisedTrainer"),
    ("from monai.engines import SupervisedTrainer\ndef make(cfg):\n    return SupervisedTrainer(**cfg)\n",
     "monai.engines.SupervisedTrainer"),
])
def test_compiled_monai_engines_escalate(source, api):
    report = kit.scan_text(source)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


@pytest.mark.parametrize("source", [
    "from transformers import AutoModel\nm = AutoModel.from_pretrained('./m', attn_implementation='org/kernel')\n",
    "from transformers import AutoModel\nm = AutoModel.from_pretrained('./m', attn_implementation='paged|org/k:attn')\n",
    "from peft import PeftModel\nm = PeftModel.from_pretrained('./a', local_files_only=True, attn_implementation='o/k')\n",
    "from transformers import AutoModel\ndef load(p):\n    return AutoModel.from_pretrained(p, attn_implementation='o/k')\n",
    "from transformers import AutoModel\nm = AutoModel.from_pretrained('./m', allow_all_kernels=True)\n",
])
def test_hub_kernels_escalate(source):
    kit.assert_held(kit.scan_text(source), "unvouched.api")


@pytest.mark.parametrize("source", [
    "from transformers import AutoModel\nm = AutoModel.from_pretrained('./m', attn_implementation='flash_attention_2')\n",
    "from transformers import AutoModel\nm = AutoModel.from_pretrained('/m', attn_implementation='paged|sdpa')\n",
    "from transformers import AutoModel\nm = AutoModel.from_pretrained('./m')\n",
])
def test_builtin_attention_stays_vouched(source):
    kit.assert_accepted(kit.scan_text(source, policy=UNGUARDED))


@pytest.mark.parametrize(("source", "api"), [
    ("from sklearn.model_selection import RandomizedSearchCV\nfrom sklearn.feature_extraction.text import TfidfVectorizer\n"
     "s = RandomizedSearchCV(TfidfVectorizer(), {'input': ['filename']}, n_iter=1)\n",
     "sklearn.model_selection.RandomizedSearchCV"),
    ("from sklearn.experimental import enable_halving_search_cv\nfrom sklearn.model_selection import HalvingGridSearchCV\n"
     "from sklearn.cluster import OPTICS\ns = HalvingGridSearchCV(OPTICS(), {'memory': ['/mnt/share/c']})\n",
     "sklearn.model_selection.HalvingGridSearchCV"),
])
def test_parameter_searches_escalate(source, api):
    report = kit.scan_text(source)
    kit.assert_held(report)
    assert _unvouched(report, api), kit.findings(report)


def test_splitters_stay_vouched():
    source = ("import numpy as np\nfrom sklearn.model_selection import GroupKFold, GroupShuffleSplit, KFold, "
              "RepeatedKFold, RepeatedStratifiedKFold, TimeSeriesSplit\nX = np.zeros((8, 2))\n"
              "splits = [GroupKFold(2), GroupShuffleSplit(2), KFold(2), RepeatedKFold(n_splits=2), "
              "RepeatedStratifiedKFold(n_splits=2), TimeSeriesSplit(2)]\n")
    kit.assert_accepted(kit.scan_text(source, policy=UNGUARDED))


@pytest.mark.parametrize("source", [
    "import polars as pl\ndf = pl.read_parquet('data/x.parquet', use_pyarrow=True,\n"
    "                     pyarrow_options={'filesystem': 's3://b?endpoint_override=203.0.113.5:9000'})\n",
    "import polars as pl\ndef load(opts):\n    return pl.read_parquet(source='data/x.parquet', pyarrow_options=opts)\n",
    "import polars as pl\ndef load(kw):\n    return pl.read_parquet('data/x.parquet', **kw)\n",
])
def test_polars_pyarrow_options_escalate(source):
    report = kit.scan_text(source, policy=UNGUARDED)
    kit.assert_held(report)
    assert _unvouched(report, "polars.read_parquet"), kit.findings(report)


@pytest.mark.parametrize(("source", "vouched"), [
    ("from datasets import Image\nf = Image()\n", False),
    ("from datasets import Image\nf = Image(mode='RGB')\n", False),
    ("from datasets import Image\ndef feature(flag):\n    return Image(decode=flag)\n", False),
    ("from datasets import Image\nf = Image(decode=False)\n", True),
    ("from datasets import Image\nf = Image(None, False)\n", True),
])
def test_decoding_image_features_escalate(source, vouched):
    report = kit.scan_text(source, policy=UNGUARDED)
    assert _unvouched(report, "datasets.Image") != vouched, kit.findings(report)
