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


SPLIT = """\
    import torch
    from torch.utils.data import DataLoader, random_split
    from torchvision.datasets import MNIST
    from torchvision.transforms import ToTensor
    from flwr.client import ClientApp, NumPyClient
    from flwr.common import Context


    def test(net, loader):
        correct = 0
        with torch.no_grad():
            for images, labels in loader:
                correct += (torch.max(net(images).data, 1)[1] == labels).sum().item()
        return correct / len(loader.dataset)


    class FlowerClient(NumPyClient):
        def __init__(self, net, valloader):
            self.net = net
            self.valloader = valloader

        def evaluate(self, parameters, config):
            return 0.0, len(self.valloader), {{"accuracy": float(test(self.net, self.valloader))}}


    def client_fn(context: Context):
        net = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 10))
        data = MNIST("data", train=False, transform=ToTensor())
        len_val = {size}
        ds_train, ds_val = random_split(data, [len(data) - len_val, len_val], torch.Generator().manual_seed(42))
        return FlowerClient(net, DataLoader(ds_val, batch_size=32)).to_client()


    app = ClientApp(client_fn)
    """


@pytest.mark.xfail(strict=True, reason=(
    "flwr_baselines fedavg_mnist (and depthfl, niid_bench, hfedxgboost): random_split(ds, [len(ds) - v, v]) with "
    "v = int(len(ds) / (1 / val_ratio)) is a tenth of the rows, as random_split(ds, [0.9, 0.1]) is (accepted), but "
    "flow/roles.py random_shares reads only literal fractions. A sound reading must prove v is that share of the "
    "same dataset at the split: v bound unconditionally in the split's own suite with ds not rebound between "
    "(a v from an earlier loop pass or another dataset is any count), ds's __len__ stable (a job's Dataset class "
    "may return 10 then 1000), and val_ratio listed for every caller (fedavg_mnist's load_datasets is called "
    "from client.py: flow/arguments.py passed() follows one module only). Not built in session 44"))
def test_split_lengths_proportional_to_the_dataset_are_shares(tmp_path: Path) -> None:
    assert one_file(tmp_path, SPLIT.format(size="int(len(data) * 0.1)")) == ("accept", set())


def test_split_in_fractions_is_accepted_and_one_row_stays_rows_chosen(tmp_path: Path) -> None:
    fractions = SPLIT.replace("[len(data) - len_val, len_val]", "[0.9, 0.1]")
    assert one_file(tmp_path, fractions.format(size="1")) == ("accept", set())
    decision, rules = one_file(tmp_path, SPLIT.format(size="1"))
    assert decision == "escalate" and "update-channel-leak.unknown-provenance" in rules


def test_depthfl_kl_target_log_on_an_untyped_value_is_accepted() -> None:
    assert scan(CORPUS / "benign/fl44_kl_target_log.py") == ("accept", set())


def test_log_with_a_climbing_metrics_key_on_an_untyped_writer_escalates() -> None:
    decision, rules = scan(CORPUS / "malicious/fl44_untyped_log_metrics_path_key.py")
    assert decision == "escalate" and UNTYPED in rules


@pytest.mark.parametrize("call,accepted", [
    ("model.log()", True),
    ("model.log(metrics={'/../../x': 1.0})", False),
    ("model.log({'/../../x': 1.0})", False),
    ("model.log(step=1, **cfg)", False),
])
def test_untyped_log_calls(tmp_path: Path, call: str, accepted: bool) -> None:
    text = CLIENT.replace("def switch(model):", "def switch(model, cfg=None):").format(call=call)
    decision, rules = one_file(tmp_path, text)
    assert (decision, rules) == ("accept", set()) if accepted else (decision == "escalate" and UNTYPED in rules)
