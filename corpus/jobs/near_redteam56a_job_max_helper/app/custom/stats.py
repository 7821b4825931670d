"""Predictions of a model (red team 56a's honest twin: the class of each row, `out.max(1)`)."""


def predict(net, x):
    _, pred = net(x).max(1)
    return pred
