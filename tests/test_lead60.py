"""Session 60, the lead's review: a library object's private internals read or set on the way.

redteam60b made a TemporaryDirectory the job's own scratch unless `delete` is provably false; its cleanup is the
object's finalizer (Lib/tempfile.py). `scratch._finalizer.detach()` kept the folder past the job and was accepted:
`detach` is a tensor method the catalogue's `members` vouch on any value, and the private member read on the way
was not judged. `NamedTemporaryFile()._closer.delete = False` (a store past the call result) was not judged
either. Now a private member the library's source binds, read on the way to a call, and any store into a library
object's private member, are unvouched (detectors/vouch.py). A private attribute the class does not bind (Opacus'
`model._module`, a submodule of a torch module) stays a member as before (Flower's opacus example).
"""

from __future__ import annotations

import pytest

import redteam_kit as kit


@pytest.mark.parametrize("sample", kit.corpus_samples("malicious/lead60_*"))
def test_attack_is_held(sample):
    kit.assert_held(kit.scan_sample(sample))


@pytest.mark.parametrize("sample", kit.corpus_samples("benign/near_lead60_*"))
def test_twin_stays_accepted(sample):
    kit.assert_accepted(kit.scan_sample(sample))


HEAD = "import os\nimport tempfile\nimport torch\n"


@pytest.mark.parametrize("body,named", [
    ("t = tempfile.TemporaryDirectory()\nt._finalizer.detach()\n", "tempfile.TemporaryDirectory()._finalizer.detach"),
    ("t = tempfile.TemporaryDirectory()\ngetattr(t, '_fin' + 'alizer').detach()\n",
     "tempfile.TemporaryDirectory()._finalizer.detach"),
    ("t = tempfile.TemporaryDirectory()\nfin = t._finalizer\nfin.detach()\n",
     "tempfile.TemporaryDirectory()._finalizer.detach"),
    ("f = tempfile.NamedTemporaryFile()\nf._closer.delete = False\n",
     "tempfile.NamedTemporaryFile()._closer.delete (assigned)"),
], ids=["read", "getattr-built", "bound", "stored"])
def test_private_internals_of_a_library_object_are_unvouched(body, named):
    report = kit.scan_text(HEAD + body)
    assert any(f.rule == "unvouched.api" and f"uses {named}," in f.message for f in report.findings), \
        kit.findings(report)


@pytest.mark.parametrize("body", [
    "m = torch.nn.Sequential(torch.nn.Linear(2, 1))\nstate = m._module.state_dict()\n",
    "t = tempfile.TemporaryDirectory()\nprint(os.listdir(t.name))\n",
], ids=["a torch module's submodule", "public name"])
def test_members_the_class_does_not_bind_privately_stay_vouched(body):
    kit.assert_accepted(kit.scan_text(HEAD + body))
