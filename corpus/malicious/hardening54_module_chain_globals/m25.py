import m26

v = None


def step():
    global v
    m26.step()
    v = m26.v
