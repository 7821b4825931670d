"""pytorchexample: A Flower / PyTorch app."""

from flwr.common import Context
from flwr.server import ServerApp, ServerAppComponents, ServerConfig
from flwr.server.strategy import FedAvg


def server_fn(context: Context):
    num_rounds = int(context.run_config["num-server-rounds"])
    strategy = FedAvg(fraction_evaluate=float(context.run_config["fraction-evaluate"]))
    return ServerAppComponents(strategy=strategy, config=ServerConfig(num_rounds=num_rounds))


app = ServerApp(server_fn=server_fn)
