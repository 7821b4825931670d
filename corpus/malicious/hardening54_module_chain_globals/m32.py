import m33

v = None


def step():
    global v
    m33.step()
    v = m33.v
