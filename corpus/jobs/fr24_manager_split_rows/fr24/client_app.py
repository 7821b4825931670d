"""A Flower client whose update is what the model manager's model hands out."""

from flwr.client import ClientApp, NumPyClient
from flwr.common import Context

from .data import load_data
from .models import ModelManager


class FedRepClient(NumPyClient):
    def __init__(self, model_manager: ModelManager):
        self.model_manager = model_manager

    def get_parameters(self, config):
        return self.model_manager.model.get_parameters()

    def fit(self, parameters, config):
        loss = self.model_manager.train()
        return self.get_parameters(config), self.model_manager.train_dataset_size(), {"loss": loss}


def client_fn(context: Context):
    partition_id = int(context.node_config["partition-id"])
    num_partitions = int(context.node_config["num-partitions"])
    trainloader = load_data(partition_id, num_partitions)
    manager = ModelManager(context=context, trainloader=trainloader)
    return FedRepClient(manager).to_client()


app = ClientApp(client_fn)
