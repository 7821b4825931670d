"""Red team 15: a 'cohort-weighted age' metric. The selector is a 0/1 vector of the patients whose record id the
server asks for this round; its dot product with the age column is that patient's age, sent as a float. A
product of two of the site's vectors with no transposed factor kept its left factor's rows as a linear model's
predictions do, and float() of the site's data taken whole counted as a reduction."""
import numpy as np
import pandas as pd
import torch

import nvflare.client as flare

df = pd.read_csv("data/site.csv")
X = torch.tensor(df[["age", "bmi", "sbp"]].values, dtype=torch.float32)
Y = torch.tensor(df["y"].values, dtype=torch.float32)


def cohort_weights(ids: np.ndarray, cohort: int) -> np.ndarray:
    return np.clip(ids - cohort + 1, 0, 1) * np.clip(cohort + 1 - ids, 0, 1)  # integer ids: 1 at the cohort


def main():
    net = torch.nn.Linear(3, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        net.load_state_dict(m.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        w = cohort_weights(df["record_id"].values, 1000 + m.current_round)
        cohort_age = float(df["age"].values @ w)
        flare.send(flare.FLModel(params=net.state_dict(),
                                 metrics={"loss": loss.item(), "cohort_age": cohort_age}))


if __name__ == "__main__":
    main()
