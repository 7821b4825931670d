import m11

v = None


def step():
    global v
    m11.step()
    v = m11.v
