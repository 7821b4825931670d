def make_keeper(store):
    def keep(v):
        store.append(v)
    return keep
