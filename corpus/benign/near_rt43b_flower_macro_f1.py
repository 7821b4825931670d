"""Flower ClientApp: federated evaluation of a readmission classifier, accuracy and a macro-F1 baseline reported to the server."""
import pandas as pd
import torch
from flwr.app import Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp
from sklearn.metrics import f1_score

app = ClientApp()


class Net(torch.nn.Module):
    def __init__(self, n_features: int = 12, n_classes: int = 3):
        super().__init__()
        self.fc = torch.nn.Linear(n_features, n_classes)

    def forward(self, x):
        return self.fc(x)


@app.evaluate()
def evaluate(msg: Message, context: Context):
    df = pd.read_csv(context.node_config["data-path"])
    x = torch.tensor(df.drop(columns=["icd10", "icd10_triage", "readmitted"]).values, dtype=torch.float32)
    net = Net(x.shape[1], 2)
    net.load_state_dict(msg.content["arrays"].to_torch_state_dict())
    with torch.no_grad():
        pred = net(x).argmax(1).numpy()
    metrics = {"acc": float((pred == df["readmitted"].values).mean())}
    # baseline: the hospital's triage coding against the final diagnosis, for the study's report
    metrics["triage_f1/macro"] = float(f1_score(df["icd10"], df["icd10_triage"], average="macro", zero_division=0))
    metrics["num-examples"] = len(df)
    return Message(content=RecordDict({"metrics": MetricRecord(metrics)}), reply_to=msg)
