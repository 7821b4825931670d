"""A false reject made by red team 57c's gradient rule, in Flower's dasha baseline (a bench unit).

57c made `p.grad` a value of unknown provenance (rules/flow/model.yaml gradient_attrs). dasha's client, which
sends compressed gradients of one-row loader batches and a model's loss and accuracy as metrics, went from
escalate to reject by two roads:
- its model object held the gradient (an `assert` on the gradient estimators decides what follows, the state
  dict loaded after it) and a call on an object holding anything but an object the gate cannot see counted as
  a method of the data: `self._function.accuracy(features, targets)` handed back the batch
  (values._rows_in: a statistic the gate cannot vouch for is no rows);
- the copies one gradient read makes by flags (a comprehension's element, a slice, a test) filled the bound of
  origins, the mega-batch loop summing per-step gradients never settled and was widened, so the sum held the
  batch (values._one_gradient merges them when a value is cut).
The gradients sent stay an escalation; a model that holds the batch, or a batch added to the sum, still rejects.
"""

import pytest

import redteam_kit as kit
from analyzer.model import Decision

RAW = "update-channel-leak.raw-data-in-update"
UNKNOWN = "update-channel-leak.unknown-provenance"
DASHA = """\
import flwr as fl
import numpy as np
import torch
from dasha.compressors import IdentityUnbiasedCompressor, decompress


class Client(fl.client.NumPyClient):
    def __init__(self, function, dataset, compressor=None, mega_batch_size=4, batch_size=1, momentum=0.5):
        self._function = function
        self._compressor = compressor if compressor is not None else IdentityUnbiasedCompressor()
        self._local_gradient_estimator = None
        self._gradient_estimator = None
        self._previous_parameters = None
        self._momentum = momentum
        self._batch_size = batch_size
        self._mega_batch_size = mega_batch_size
        self._batch_sampler = iter(torch.utils.data.DataLoader(dataset, batch_size=self._batch_size))

    def _set_parameters(self, parameters_input):
        parameters = parameters_input[0]
        state_dict = {}
        shift = 0
        for k, parameter_layer in self._function.named_parameters():
            numel = parameter_layer.numel()
            state_dict[k] = torch.Tensor(parameters[shift:shift + numel].reshape(parameter_layer.shape))
            shift += numel
        missing_keys, unexpected_keys = self._function.load_state_dict(state_dict, strict=False)
        assert len(unexpected_keys) == 0

    def _get_current_gradients(self):
        return np.concatenate([val.grad.cpu().numpy().flatten() for val in self._function.parameters()])

    def _calculate_gradients(self, parameters, features, targets):
        self._set_parameters(parameters)
        self._function.zero_grad()
        loss = self._function(features, targets)
        loss.backward()
        return self._get_current_gradients()

    def _mega_gradient(self, parameters):
        aggregated_gradients = 0
        for _ in range(self._mega_batch_size):
            features, targets = next(self._batch_sampler)
            aggregated_gradients += self._calculate_gradients(parameters, features, targets)
        aggregated_gradients /= self._mega_batch_size
        self._previous_parameters = parameters
        return aggregated_gradients

    def _two_gradients(self, parameters):
        features, targets = next(self._batch_sampler)
        previous_gradients = self._calculate_gradients(self._previous_parameters, features, targets)
        gradients = self._calculate_gradients(parameters, features, targets)
        self._previous_parameters = parameters
        return previous_gradients, gradients

    def _compression_step(self, parameters):
        previous_gradients, gradients = self._two_gradients(parameters)
        estimator = gradients + (1 - self._momentum) * (self._local_gradient_estimator - previous_gradients)
        assert self._local_gradient_estimator is not None
        assert self._gradient_estimator is not None
        compressed = self._compressor.compress(
            estimator - self._local_gradient_estimator
            - self._momentum * (self._gradient_estimator - self._local_gradient_estimator))
        self._local_gradient_estimator = estimator
        self._gradient_estimator += decompress(compressed)
        return compressed

    def fit(self, parameters, config):
        if config["send_full_gradient"]:
            compressed = self._mega_gradient(parameters)
        else:
            compressed = self._compression_step(parameters)
        return [compressed], self._batch_size, {}

    def evaluate(self, parameters, config):
        self._set_parameters(parameters)
        features, targets = next(self._batch_sampler)
        loss = self._function(features, targets)
        accuracy = self._function.accuracy(features, targets)
        return float(loss), len(targets), {"accuracy": accuracy}
"""
EVALUATE = "        loss = self._function(features, targets)\n"
MEGA = "            aggregated_gradients += self._calculate_gradients(parameters, features, targets)\n"


def test_dasha_client_escalates():
    report = kit.scan_text(DASHA)
    kit.assert_held(report, UNKNOWN, Decision.ESCALATE)
    assert not kit.holds(report, RAW), kit.findings(report)


@pytest.mark.parametrize("old, new", [
    # the model loaded with the batch: its accuracy() may hand the rows back
    (EVALUATE, EVALUATE + "        self._function.load_state_dict({\"rows\": features}, strict=False)\n"),
    # the batch itself added into the sum of per-step gradients
    (MEGA, MEGA.rstrip("\n") + " + features\n"),
])
def test_twin_with_the_batch_rejects(old, new):
    assert old in DASHA
    kit.assert_held(kit.scan_text(DASHA.replace(old, new)), RAW, Decision.REJECT)
