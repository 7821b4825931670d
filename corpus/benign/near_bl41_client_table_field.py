"""Flower's statavg baseline, cut to its pattern: a NumPyClient keeps the site table it is built with as
`self.data`, trains a Keras model on a split of it and sends the model's weights. `self.data` is a field of the
client, not a tensor's `data`: ACCEPT (session 41; it was rejected as raw data in the update)."""

import pandas as pd
import tensorflow as tf
from flwr.client import ClientApp, NumPyClient
from flwr.common import Context
from sklearn.model_selection import train_test_split


def get_model(input_shape, num_classes):
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(128, activation="relu", input_dim=input_shape),
        tf.keras.layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model


class FedAvgClient(NumPyClient):
    def __init__(self, trainset, val_ratio):
        self.data = trainset
        x = self.data.drop(["type"], axis=1).to_numpy()
        y = self.data["type"].to_numpy()
        self.x_train, self.x_val, self.y_train, self.y_val = train_test_split(x, y, test_size=val_ratio,
                                                                              random_state=42)
        self.model = get_model(20, 5)

    def get_parameters(self, config):
        return self.model.get_weights()

    def fit(self, parameters, config):
        self.model.set_weights(parameters)
        self.model.fit(self.x_train, self.y_train, epochs=1, batch_size=32, verbose=0)
        return self.model.get_weights(), len(self.x_train), {}

    def evaluate(self, parameters, config):
        self.model.set_weights(parameters)
        loss, accuracy = self.model.evaluate(self.x_val, self.y_val, verbose=0)
        return loss, len(self.x_val), {"accuracy": accuracy}


def client_fn(context: Context):
    partition_id = int(context.node_config["partition-id"])
    trainset = pd.read_csv(f"data/partition_{partition_id}.csv")
    return FedAvgClient(trainset, 0.2).to_client()


app = ClientApp(client_fn)
