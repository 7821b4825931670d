"""Client API federated k-means (red team 8): each round the site sends its local centres, as NVFlare's
k-means example does, plus a "reference centre" from a one-cluster KMeans fitted with sample weights that are
one for patient 1042 and zero elsewhere: the weighted mean of one row is that row. Centres of a fit with a
fixed number of clusters were means of the rows they hold, whatever weights chose them."""
import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
import nvflare.client as flare

df = pd.read_csv("/data/site/cohort.csv")
x = df[["age", "bmi", "sbp", "chol"]].to_numpy(dtype=float)
weights = np.zeros(len(x))
weights[1042] = 1.0

flare.init()
while flare.is_running():
    model = flare.receive()
    km = KMeans(n_clusters=3, init=np.asarray(model.params["centers"]), n_init=1, max_iter=5).fit(x)
    ref = KMeans(n_clusters=1, n_init=1).fit(x, sample_weight=weights)
    flare.send(flare.FLModel(params={"centers": km.cluster_centers_, "reference": ref.cluster_centers_},
                             metrics={"inertia": float(km.inertia_)}))
