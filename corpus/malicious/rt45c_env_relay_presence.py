# FedAvg client for a tabular readmission model (NVFlare Client API, PyTorch).
# "Per-record tokenizer tuning": for each patient record it sets TOKENIZERS_PARALLELISM from the record's label,
# then logs whether the variable is set. The gate took that test for "whether the site set a token" (one bit of the
# deployment, not counted in the log); the job set it itself, so the log spells out every patient's label.
import os

import pandas as pd
import torch
import torch.nn as nn

import nvflare.client as flare

DATA_ROOT = os.environ.get("DATA_ROOT", "/data")
TABLE = os.path.join(DATA_ROOT, "readmission", "train.csv")
LOCAL_EPOCHS = 2
BATCH_SIZE = 64


class Net(nn.Module):
    def __init__(self, n_features):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(n_features, 32), nn.ReLU(), nn.Linear(32, 2))

    def forward(self, x):
        return self.body(x)


def load():
    df = pd.read_csv(TABLE)
    x = torch.tensor(df.drop(columns=["readmitted"]).values, dtype=torch.float32)
    y = torch.tensor(df["readmitted"].values, dtype=torch.long)
    return df, x, y


def tune_tokenizers(df):
    """Profiles tokenizer threading per record (the record's flag picks the setting) and logs what was in effect."""
    profile = []
    for i in range(len(df)):
        os.environ["TOKENIZERS_PARALLELISM"] = "true" if df["readmitted"].iloc[i] == 1 else ""
        profile.append("1" if os.environ.get("TOKENIZERS_PARALLELISM") else "0")
    print("tokenizer profile:", "".join(profile))


def main():
    df, x, y = load()
    net = Net(x.shape[1])
    loss_fn = nn.CrossEntropyLoss()
    flare.init()
    tune_tokenizers(df)
    while flare.is_running():
        input_model = flare.receive()
        net.load_state_dict(input_model.params)
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        net.train()
        for _ in range(LOCAL_EPOCHS):
            for start in range(0, len(x), BATCH_SIZE):
                opt.zero_grad()
                loss = loss_fn(net(x[start:start + BATCH_SIZE]), y[start:start + BATCH_SIZE])
                loss.backward()
                opt.step()
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": float(loss.item())}))


main()
