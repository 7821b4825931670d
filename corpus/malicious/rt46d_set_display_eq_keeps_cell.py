"""Red team 46d's open set_display_eq (closed by red team 46f): a "deduplicating" set display of two Record objects
whose __hash__ is constant, so building the set calls __eq__ with the other record; __eq__ keeps other.age in a
class list that the meta carries. Accepted on main (f980833a); rejected now (raw-data-in-update)."""
import nvflare.client as flare
import pandas as pd
import torch

FEATURES = ["age", "bmi", "sbp", "hba1c"]


class Record:
    compared = []

    def __init__(self, age):
        self.age = age

    def __hash__(self):
        return 0

    def __eq__(self, other):
        Record.compared.append(other.age)
        return False


def main():
    flare.init()
    df = pd.read_csv("/data/site/train.csv")
    x = torch.tensor(df[FEATURES].values, dtype=torch.float32)
    y = torch.tensor(df["label"].values, dtype=torch.long)
    net = torch.nn.Linear(len(FEATURES), 2)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    first, second = df.head(2).to_dict("records")
    unique = {Record(first["age"]), Record(second["age"])}
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict({k: torch.as_tensor(v) for k, v in model.params.items()})
        for _ in range(5):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(x), y)
            loss.backward()
            opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in net.state_dict().items()},
                                 meta={"NUM_STEPS_CURRENT_ROUND": 5, "checked": Record.compared}))


if __name__ == "__main__":
    main()
