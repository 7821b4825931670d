"""Red team 16 twin: a text classifier (TfidfVectorizer with input="content" said explicitly), a scaling
pipeline without a cache folder, a Pipeline subclass whose constructor calls super().__init__(steps)
and a name read off type(pipe)."""
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

import nvflare.client as flare


class TrainingPipeline(Pipeline):
    def __init__(self, steps):
        super().__init__(steps)


def main():
    data = np.loadtxt("data/site.csv", delimiter=",", skiprows=1)
    X, y = data[:, :-1], data[:, -1]
    notes = np.loadtxt("data/notes_labels.csv", delimiter=",", dtype=str, skiprows=1)
    pipe = TrainingPipeline([("scale", StandardScaler()), ("clf", SGDClassifier(loss="log_loss", max_iter=5))])
    tfidf = TfidfVectorizer(input="content", max_features=256)
    text_clf = SGDClassifier(loss="log_loss", max_iter=5)
    print("model:", type(pipe).__name__)
    flare.init()
    while flare.is_running():
        m = flare.receive()
        pipe.fit(X, y)
        text_clf.fit(tfidf.fit_transform(notes[:, 0]), notes[:, 1])
        clf = pipe.named_steps["clf"]
        flare.send(flare.FLModel(params={"coef": clf.coef_, "intercept": clf.intercept_,
                                         "text_coef": text_clf.coef_}))


if __name__ == "__main__":
    main()
