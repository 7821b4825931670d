"""Session 41 (baselines41): the rejects of the FL example sets, and what the gate vouches for in Flower's baselines.

Flower's statavg baseline was rejected as raw data in its update because its NumPyClient keeps the table it is
built with as `self.data` and the flow read `X.data = v` as a write into a tensor's `data` (a model parameter)
whatever X was (flow/plain.py). Each extract below is that code cut to its pattern, beside the unsafe neighbour
that must stay held.
"""

from __future__ import annotations

import textwrap

import pytest

import redteam_kit as kit
from analyzer.model import Decision

FLOWER_CLIENT = '''\
import pandas as pd
import tensorflow as tf
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context


def get_model(input_shape, num_classes):
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(128, activation="relu", input_dim=input_shape),
        tf.keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


class FedAvgClient(NumPyClient):
    def __init__(self, trainset):
        self.{field} = trainset
        self.x_train = trainset.drop(["type"], axis=1).to_numpy()
        self.y_train = trainset["type"].to_numpy()
        self.model = get_model(10, 3)

    def get_parameters(self, config):
        return self.model.get_weights()

    def fit(self, parameters, config):
        self.model.set_weights(parameters)
        self.model.fit(self.x_train, self.y_train, epochs=1, verbose=0)
        return {sent}, len(self.x_train), {{}}
{extra}

def client_fn(context: Context):
    return {client}(pd.read_csv("/data/site/train.csv")).to_client()


app = ClientApp(client_fn)
'''


def flower_client(field: str = "data", sent: str = "self.model.get_weights()", extra: str = "",
                  client: str = "FedAvgClient") -> str:
    return FLOWER_CLIENT.format(field=field, sent=sent, extra=textwrap.indent(extra, ""), client=client)


@pytest.mark.parametrize("field", ["data", "weight", "bias", "running_mean"])
def test_table_kept_on_a_flower_client_is_no_model_parameter(field):
    """statavg: `self.data = trainset` in a NumPyClient; the weights it sends are the Keras model's."""
    kit.assert_accepted(kit.scan_text(flower_client(field=field), name="client_app.py"))


def test_subclass_of_a_flower_client_keeps_the_field_a_field():
    """statavg's StatAvgClient derives from its FedAvgClient: still no model among the classes."""
    extra = '''

class StatAvgClient(FedAvgClient):
    def fit(self, parameters, config):
        weights, n, _ = super().fit(parameters, config)
        return weights, n, {}
'''
    kit.assert_accepted(kit.scan_text(flower_client(extra=extra, client="StatAvgClient"), name="client_app.py"))


def test_the_kept_table_sent_is_still_raw_data():
    """The field is followed as a field: sending it is the rows."""
    source = flower_client(sent="[self.data.to_numpy()]")
    kit.assert_held(kit.scan_text(source, name="client_app.py"), "update-channel-leak.raw-data-in-update", Decision.REJECT)


def test_a_mixin_writing_a_buffer_of_a_torch_model_is_held(tmp_path):
    """A mixin's `self.running_mean = rows` on a torch module that registers that buffer goes into state_dict()."""
    source = '''\
import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context


class Stats:
    def remember(self, rows):
        self.running_mean = rows


class Net(Stats, torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(4, 2)
        self.register_buffer("running_mean", torch.zeros(4))


class FlowerClient(NumPyClient):
    def __init__(self, rows):
        self.net = Net()
        self.net.remember(torch.tensor(rows))

    def fit(self, parameters, config):
        return [v.cpu().numpy() for v in self.net.state_dict().values()], 1, {}


def client_fn(context: Context):
    return FlowerClient(pd.read_csv("/data/site/train.csv").to_numpy()).to_client()


app = ClientApp(client_fn)
'''
    kit.assert_held(kit.scan_source(tmp_path, source, name="client_app.py"),
                    "update-channel-leak.raw-data-in-update", Decision.REJECT)


def test_a_tensor_subclass_data_write_is_held():
    """On a class derived from torch's Parameter, `self.data = rows` replaces the parameter's values."""
    source = '''\
import pandas as pd
import torch
import nvflare.client as flare


class Scaled(torch.nn.Parameter):
    def load(self, rows):
        self.data = rows


net = torch.nn.Linear(4, 2)
flare.init()
while flare.is_running():
    model = flare.receive()
    rows = torch.tensor(pd.read_csv("/data/site/train.csv").to_numpy())
    p = Scaled(torch.zeros(4))
    p.load(rows)
    net.register_parameter("extra", p)
    flare.send(flare.FLModel(params=net.state_dict()))
'''
    kit.assert_held(kit.scan_text(source), "update-channel-leak.raw-data-in-update", Decision.REJECT)


THROUGH_THE_CLASS = '''\
import functools
import pandas as pd
import torch
from flwr.client import ClientApp, NumPyClient


class FedAvgClient(NumPyClient):
    def __init__(self, trainset):
        self.model = torch.nn.Linear(2, 2)
        {call}

    def keep(self, rows):
        self.data = torch.tensor(rows.to_numpy()[:2, :2], dtype=torch.float32)

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.model.state_dict().values()]


def client_fn(context):
    return FedAvgClient(pd.read_csv("/data/site/train.csv")).to_client()


app = ClientApp(client_fn)
'''


@pytest.mark.parametrize("call", [
    "FedAvgClient.keep(self.model.weight, trainset)",
    "type(self).keep(self.model.weight, trainset)",
    "getattr(FedAvgClient, 'ke' + 'ep')(self.model.weight, trainset)",
    "vars(FedAvgClient)['ke' + 'ep'](self.model.weight, trainset)",
    "self.model.weight.register_hook(self.keep)",
    "super(FedAvgClient, self.model.weight).keep(trainset)",
])
def test_a_method_handed_another_self_is_held(call):
    """`self` is the client only when the method is called on it: called through the class, a lookup or a hook,
    `self.data = rows` may be `weight.data = rows` (corpus fl27_method_through_class_writes_weight)."""
    kit.assert_held(kit.scan_text(THROUGH_THE_CLASS.format(call=call), name="client_app.py"))


def test_the_method_called_on_the_client_stores_a_field():
    kit.assert_accepted(kit.scan_text(THROUGH_THE_CLASS.format(call="self.keep(trainset)"), name="client_app.py"))


def test_a_method_bound_to_a_weight_by_partial_is_held():
    """Accepted on main: partial(Client.keep, weight)(rows) runs `weight.data = rows` out of the flow's sight; what
    the bound function writes into parameters is now of unknown provenance (calls.py bound_by_partial)."""
    call = "functools.partial(FedAvgClient.keep, self.model.weight)(trainset)"
    kit.assert_held(kit.scan_text(THROUGH_THE_CLASS.format(call=call), name="client_app.py"),
                    "update-channel-leak.unknown-provenance")


def test_a_method_given_the_weight_and_the_rows_by_partial_rejects():
    """Everything bound: partial(Client.keep, weight, rows)() writes the rows into the weight (raw data)."""
    call = "functools.partial(FedAvgClient.keep, self.model.weight, trainset)()"
    kit.assert_held(kit.scan_text(THROUGH_THE_CLASS.format(call=call), name="client_app.py"),
                    "update-channel-leak.raw-data-in-update", Decision.REJECT)


def test_rows_stored_into_the_update_through_partial_are_held():
    """Accepted on main: partial(stash, params)(rows) stores rows into the dict the update sends."""
    source = '''\
import functools
import pandas as pd
import nvflare.client as flare


def stash(store, rows):
    store["w"] = rows


flare.init()
while flare.is_running():
    model = flare.receive()
    params = model.params
    functools.partial(stash, params)(pd.read_csv("/data/site/train.csv").to_numpy()[:5])
    flare.send(flare.FLModel(params=params))
'''
    kit.assert_held(kit.scan_text(source), "update-channel-leak.unknown-provenance")


def test_a_training_function_bound_by_partial_stays_accepted():
    """partial of a training function: the model it trains is the model (what the partial object returns stays a
    review, as on main: calls.py `what a callable a library call made returns`)."""
    source = '''\
import functools
import torch
import nvflare.client as flare


def train(net, epochs, lr):
    opt = torch.optim.SGD(net.parameters(), lr=lr)
    x, y = torch.randn(8, 4), torch.randint(0, 2, (8,))
    for _ in range(epochs):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
    return loss.item()


net = torch.nn.Linear(4, 2)
flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    run = functools.partial(train, net, lr=0.01)
    run(2)
    flare.send(flare.FLModel(params=net.state_dict()))
'''
    kit.assert_accepted(kit.scan_text(source))


def test_a_flower_client_balancing_its_classes_with_smote_is_accepted():
    """statavg's resample(): imbalanced-learn's SMOTE on the training split, then a Keras fit."""
    source = flower_client(field="table", extra='''
    def resample(self):
        smo = SMOTE(random_state=42)
        self.x_train, self.y_train = smo.fit_resample(self.x_train, self.y_train)
''').replace("import pandas as pd\n", "import pandas as pd\nfrom imblearn.over_sampling import SMOTE\n")
    source = source.replace("        self.model = get_model(10, 3)\n", "        self.model = get_model(10, 3)\n        self.resample()\n")
    kit.assert_accepted(kit.scan_text(source, name="client_app.py"))


def test_imblearn_beyond_its_resamplers_is_reviewed():
    source = "from imblearn.pipeline import make_pipeline\nfrom imblearn.over_sampling import SMOTE\npipe = make_pipeline(SMOTE())\n"
    kit.assert_held(kit.scan_text(source), "unvouched.")


def test_a_hydra_config_resolved_in_place_is_accepted_and_a_job_resolver_is_not():
    """fjord's main: `OmegaConf.resolve(cfg)` reads every interpolation once, as to_container(resolve=True) does;
    a resolver the job registers is its own code run on each value, reviewed."""
    vouched = '''\
import hydra
from omegaconf import DictConfig, OmegaConf


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    OmegaConf.resolve(cfg)
    print(OmegaConf.to_yaml(cfg))


if __name__ == "__main__":
    main()
'''
    kit.assert_accepted(kit.scan_text(vouched, name="main.py"))
    registered = vouched.replace("    OmegaConf.resolve(cfg)\n",
                                 "    OmegaConf.register_new_resolver('times', lambda a, b: a * b)\n"
                                 "    OmegaConf.resolve(cfg)\n")
    kit.assert_held(kit.scan_text(registered, name="main.py"), "unvouched.api")


def test_a_bound_method_given_the_rows_by_partial_rejects():
    """`partial(self.keep, rows)`: the rows are keep's second parameter (self is bound), stored into a field sent."""
    source = THROUGH_THE_CLASS.format(call="functools.partial(self.keep, trainset)()").replace(
        "for v in self.model.state_dict().values()]", "for v in self.model.state_dict().values()] + [self.data.numpy()]")
    kit.assert_held(kit.scan_text(source, name="client_app.py"), "update-channel-leak.raw-data-in-update",
                    Decision.REJECT)
