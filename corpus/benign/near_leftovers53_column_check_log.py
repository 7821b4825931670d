"""Twin of leftovers53_membership_bit_log: the data check is whether the table has the columns the trainer
reads and how many distinct ids it holds (an aggregate): accepted."""
import pandas as pd
import torch

import nvflare.client as flare


def main():
    flare.init()
    table = pd.read_csv("/data/site/cohort.csv")
    ids = table["patient_id"].values
    x = torch.tensor(table[["age", "bmi"]].values, dtype=torch.float32)
    y = torch.tensor(table["outcome"].values, dtype=torch.float32)
    model = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    while flare.is_running():
        received = flare.receive()
        print("check:", "patient_id" in table.columns, len(set(ids)))
        model.load_state_dict({k: torch.as_tensor(v) for k, v in received.params.items()})
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x).squeeze(1), y)
        loss.backward()
        opt.step()
        flare.send(flare.FLModel(params={k: v.numpy() for k, v in model.state_dict().items()},
                                 metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
