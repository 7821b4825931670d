"""Session 44 (flower44): `train` on a value the gate cannot type (Flower's heterofl baseline calls
`model.train(False)` on the model its evaluation helper is handed) and transformers Trainer.train's keywords."""

from __future__ import annotations

from pathlib import Path

import pytest

from flower_scan import one_file, scan

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
UNTYPED = "unvouched.member"

CLIENT = """\
    import torch
    from flwr.client import ClientApp, NumPyClient
    from flwr.common import Context


    def switch(model):
        {call}
        return model


    class FlowerClient(NumPyClient):
        def __init__(self, net):
            self.net = net

        def get_parameters(self, config):
            return [v.cpu().numpy() for v in switch(self.net).state_dict().values()]


    def client_fn(context: Context):
        return FlowerClient(torch.nn.Linear(2, 2)).to_client()


    app = ClientApp(client_fn)
    """


def test_heterofl_eval_mode_on_an_untyped_model_is_accepted() -> None:
    assert scan(CORPUS / "benign/fl44_eval_mode_train_false.py") == ("accept", set())


@pytest.mark.parametrize("sample,rule", [
    ("malicious/fl44_untyped_train_model_path.py", "unvouched.member"),
    ("malicious/fl44_hf_model_path_from_share.py", "unvouched.api"),
])
def test_model_path_keyword_loads_a_checkpoint_and_escalates(sample: str, rule: str) -> None:
    decision, rules = scan(CORPUS / sample)
    assert decision == "escalate" and rule in rules


@pytest.mark.parametrize("call,accepted", [
    ("model.train(False)", True),
    ("model.train(True)", True),
    ("model.train()", True),
    ("model.train(resume_from_checkpoint=False)", True),
    ("model.train(mode=False)", True),  # torch's keyword; Trainer.train raises on a keyword it does not know
    ("model.train('/mnt/share/ckpt-1')", False),
    ("model.train(resume_from_checkpoint='/mnt/share/ckpt-1')", False),
    ("model.train(False, model_path='/mnt/share/ckpt-1')", False),
    ("model.train(model_path='/mnt/share/ckpt-1')", False),
    ("model.train(torch.cuda.is_available())", False),  # a value the gate cannot fold
])
def test_untyped_train_calls(tmp_path: Path, call: str, accepted: bool) -> None:
    decision, rules = one_file(tmp_path, CLIENT.format(call=call))
    assert (decision, rules) == ("accept", set()) if accepted else (decision == "escalate" and UNTYPED in rules)
