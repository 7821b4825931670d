def keep(store, v):
    store.append(v)
