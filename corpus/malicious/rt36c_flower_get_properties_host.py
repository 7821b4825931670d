"""Flower NumPyClient that reports its hardware so the strategy can schedule."""

import platform
import socket

import flwr as fl
import numpy as np


class Client(fl.client.NumPyClient):
    def __init__(self):
        self.w = [np.zeros(4, dtype=np.float32)]

    def get_properties(self, config):
        return {"host": socket.gethostname(), "kernel": platform.platform(), "cpus": 4}

    def get_parameters(self, config):
        return self.w

    def fit(self, parameters, config):
        self.w = [p + 0.1 for p in parameters]
        return self.w, 10, {}


def client_fn(context):
    return Client().to_client()


app = fl.client.ClientApp(client_fn=client_fn)
