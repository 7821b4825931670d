import m09

v = None


def step():
    global v
    m09.step()
    v = m09.v
