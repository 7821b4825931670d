"""Reduced from Flower's tamuna baseline (flower/baselines/tamuna/tamuna/client.py): a Flower client keeps its
state between rounds in a pickle file of its own (client_states/<cid>_...), loads it back at the next fit and
blends the model it trained several rounds ago into the one it sends. The models it keeps move one field per round
(h1 -> h6), more rounds than the flow analysis follows: its last round widens every field, which spread the
trainloader into the state file's path and made a false reject (session 26's file round trip)."""

import pickle

import flwr as fl
import torch


class HistoryClient(fl.client.NumPyClient):
    def __init__(self, net, trainloader, cid):
        self.net = net
        self.trainloader = trainloader
        self.state_file_name = f"client_states/{cid}_history.bin"
        self.h1 = self.h2 = self.h3 = self.h4 = self.h5 = self.h6 = None

    def get_parameters(self, config):
        return [v.cpu().numpy() for v in self.net.state_dict().values()]

    def fit(self, parameters, config):
        self.net.load_state_dict({k: torch.tensor(v) for k, v in zip(self.net.state_dict().keys(), parameters)})
        opt = torch.optim.SGD(self.net.parameters(), lr=0.01)
        for x, y in self.trainloader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(self.net(x), y).backward()
            opt.step()
        self.h6 = self.h5
        self.h5 = self.h4
        self.h4 = self.h3
        self.h3 = self.h2
        self.h2 = self.h1
        with open(self.state_file_name, "rb") as handle:
            self.h1 = pickle.load(handle)
        with torch.no_grad():
            for p, q in zip(self.net.parameters(), self.h6.parameters()):
                p.copy_(0.9 * p + 0.1 * q)
        with open(self.state_file_name, "wb") as handle:
            pickle.dump(self.net, handle)
        return self.get_parameters({}), len(self.trainloader), {}
