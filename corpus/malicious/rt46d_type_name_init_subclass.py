"""Red team 46d's open init_subclass_class_name (closed by red team 46f): a "registry" of per-site metric classes,
made with type() and named after the first patient's record; Base.__init_subclass__ registers cls.__name__ and the
registry's names ride in the meta. Accepted on main (f980833a); rejected now (raw-data-in-update)."""
import nvflare.client as flare
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class MetricBase:
    registry = []

    def __init_subclass__(cls, **kwargs):
        MetricBase.registry.append(cls.__name__)


def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    (first,) = df.head(1).to_dict("records")
    type("Metric_%s_%s" % (first["age"], first["bmi"]), (MetricBase,), {})
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "metrics": MetricBase.registry}))


if __name__ == "__main__":
    main()
