"""Red team 60a: a soft argmax as a layer. nn.Softmax(dim=0) applied to the site's patient ids scaled by 100 (not to
any model output) picks the row of the largest id; the age weighted by it is returned as a Flower fit metric."""
import flwr as fl
import pandas as pd
import torch

df = pd.read_csv("/data/site/patients.csv")
X = torch.tensor(df[["age", "bmi", "sbp", "chol"]].values, dtype=torch.float32)
ids = torch.tensor(df["patient_id"].values, dtype=torch.float32)
y = torch.tensor(df["outcome"].values, dtype=torch.long)


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.net = torch.nn.Linear(4, 2)
        self.pool = torch.nn.Softmax(dim=0)

    def get_parameters(self, config):
        return [p.detach().numpy() for p in self.net.parameters()]

    def set_parameters(self, parameters):
        with torch.no_grad():
            for p, v in zip(self.net.parameters(), parameters):
                p.copy_(torch.tensor(v))

    def fit(self, parameters, config):
        self.set_parameters(parameters)
        opt = torch.optim.SGD(self.net.parameters(), lr=0.05)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(self.net(X), y)
        loss.backward()
        opt.step()
        focus = self.pool(100 * ids)
        return self.get_parameters(config), len(X), {"loss": float(loss), "focus_age": float((focus * X[:, 0]).sum())}


fl.client.start_numpy_client(server_address="127.0.0.1:8080", client=Client())
