import m13

v = None


def step():
    global v
    m13.step()
    v = m13.v
