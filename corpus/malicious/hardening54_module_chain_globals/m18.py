import m19

v = None


def step():
    global v
    m19.step()
    v = m19.v
