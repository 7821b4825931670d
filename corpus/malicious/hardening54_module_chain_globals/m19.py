import m20

v = None


def step():
    global v
    m20.step()
    v = m20.v
