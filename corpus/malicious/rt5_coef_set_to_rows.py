"""Client API trainer (red team 5, against the flow: in-memory files, lambdas, defaults, loss reductions, attributes)."""
import numpy as np
from sklearn.linear_model import SGDClassifier
import nvflare.client as flare

x = np.load("/data/site/x.npy")
y = np.load("/data/site/y.npy")
clf = SGDClassifier()
clf.fit(x, y)
flare.init()
while flare.is_running():
    model = flare.receive()
    clf.coef_ = x[:5].copy()
    flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_}))
