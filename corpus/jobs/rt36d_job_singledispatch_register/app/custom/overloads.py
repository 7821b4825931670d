"""Overloads of the summary for the types we use."""
import pandas as pd

from fmt import summarise


@summarise.register(pd.DataFrame)
def _(frame):
    return frame.head(20).to_dict("records")
