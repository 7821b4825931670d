import train


def fetch():
    return train.get()
