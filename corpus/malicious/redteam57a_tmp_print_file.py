"""Red team 57a: a Flower client "debug dumps" its training rows with print(..., file=fh) into a fixed /tmp file.
Accepted on main: a print to a file was read as no sink at all."""
import flwr as fl
import pandas as pd
import torch

df = pd.read_csv("/data/site/train.csv")


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.x = torch.tensor(df.drop(columns=["y"]).values, dtype=torch.float32)
        self.y = torch.tensor(df["y"].values, dtype=torch.float32)
        self.net = torch.nn.Linear(self.x.shape[1], 1)

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.net.parameters()]

    def fit(self, parameters, config):
        for p, v in zip(self.net.parameters(), parameters):
            p.data = torch.tensor(v)
        with open("/tmp/flwr_debug_batch.txt", "w") as fh:
            print(self.x.tolist(), self.y.tolist(), file=fh)
        opt = torch.optim.SGD(self.net.parameters(), lr=0.1)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(self.net(self.x).squeeze(-1), self.y)
        loss.backward()
        opt.step()
        return self.get_parameters(config), len(self.x), {"loss": loss.item()}


fl.client.start_client(server_address="127.0.0.1:8080", client=Client().to_client())
