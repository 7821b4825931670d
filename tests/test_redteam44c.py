"""Session 44 (redteam44c): a field `__init__` stores from its parameter is what the constructions pass
(flow/fields.py); a construction passing a library object built from the job's own function or lambda
(`functools.partial(probe)`, `torch.no_grad()(probe)`, `functools.lru_cache(probe)`, through a name or a builder)
was taken for that library object, whose call runs nothing of the job's: accepted on main."""

from __future__ import annotations

from pathlib import Path

import pytest

from flower_scan import one_file, scan
from test_fp44 import BUILT, LINEAR, client

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LEAKS = {"update-channel-leak.unknown-provenance", "update-channel-leak.raw-data-in-update"}
IMPORTS = "import numpy as np\n    import functools"


def _client(net: str, build: str = BUILT, extra: str = "") -> str:
    return client(net=net, build=build, extra_class=extra.replace("\n", "\n    ")).replace("import numpy as np",
                                                                                           IMPORTS, 1)


@pytest.mark.parametrize("net,build,extra", [
    ("functools.partial(probe_fn)", BUILT, ""),
    ("torch.no_grad()(probe_fn)", BUILT, ""),
    ("functools.lru_cache(probe_fn)", BUILT, ""),
    ("functools.partial(lambda x: torch.tensor(ROWS[:10]))", BUILT, ""),
    # through the name the construction passes, and through the job's builder that returns the wrapper
    ("functools.lru_cache(probe_fn)", "FlowerClient(net, DataLoader(data, batch_size=32))", ""),
    ("build_net()", BUILT, "\n\ndef build_net():\n    return functools.partial(probe_fn)\n"),
    # the function through a container: an item, a library method's result, a wrapper of one
    ("[probe_fn].pop()", BUILT, ""),
    ("next(iter([probe_fn]))", BUILT, ""),
    ('FUNCS.get("p")', BUILT, '\n\nFUNCS = {"p": probe_fn}\n'),
    ('functools.partial(FUNCS["p"])', BUILT, '\n\nFUNCS = {"p": probe_fn}\n'),
    ("HOOK", BUILT, '\n\nFUNCS = {"p": probe_fn}\nHOOK = FUNCS["p"]\n'),
    # an item of a container the module fills, or a loop over one
    ("NETS[0]", BUILT, "\n\nNETS = []\nNETS.append(functools.partial(probe_fn))\n"),
    ('FUNCS["p"]', BUILT, '\n\nFUNCS = {}\nFUNCS["p"] = functools.partial(probe_fn)\n'),
    ("None", "[FlowerClient(n, DataLoader(data, batch_size=32)) for n in NETS][0]",
     "\n\nNETS = [functools.partial(probe_fn)]\n"),
    ("None", "[FlowerClient(n, DataLoader(data, batch_size=32)) for n in NETS][0]",
     "\n\nNETS = []\nNETS.append(functools.partial(probe_fn))\n"),
    # an attribute of the job's class or object that holds it
    ("functools.partial(Cfg.fn)", BUILT, "\n\nclass Cfg:\n    fn = staticmethod(probe_fn)\n"),
    ("functools.partial(H.f)", BUILT, "\n\nclass Holder:\n    pass\n\n\nH = Holder()\nH.f = probe_fn\n"),
])
def test_a_library_wrapper_of_the_jobs_function_is_not_trusted(tmp_path: Path, net: str, build: str,
                                                                extra: str) -> None:
    decision, rules = one_file(tmp_path, _client(net, build, extra))
    assert decision in ("escalate", "reject") and rules & LEAKS


@pytest.mark.parametrize("net,build", [
    ("build_net()", BUILT),
    (LINEAR, 'FlowerClient(net.to("cpu"), DataLoader(data, batch_size=32))'),
    ('torch.nn.Linear(784, 10)\n        net = net.to("cpu")', BUILT),  # a rebinding cycle follows nothing new
    ("torch.nn.Sequential(*LAYERS)", BUILT),  # a list of library layers the module fills
])
def test_a_library_model_built_or_moved_stays_accepted(tmp_path: Path, net: str, build: str) -> None:
    extra = f"\n\ndef build_net():\n    return {LINEAR}\n\n\nLAYERS = [torch.nn.Flatten()]\n" \
        "LAYERS.append(torch.nn.Linear(784, 10))\n"
    assert one_file(tmp_path, _client(net, build, extra)) == ("accept", set())


def test_corpus_sample_is_not_accepted() -> None:
    decision, rules = scan(CORPUS / "malicious/rt44c_client_field_partial_record.py")
    assert decision in ("escalate", "reject") and rules & LEAKS
