"""fedtab: a Flower / PyTorch app."""

from flwr.common import Context
from flwr.server import ServerApp, ServerAppComponents, ServerConfig
from flwr.server.strategy import FedAvg


def server_fn(context: Context):
    return ServerAppComponents(strategy=FedAvg(), config=ServerConfig(num_rounds=3))


app = ServerApp(server_fn=server_fn)
