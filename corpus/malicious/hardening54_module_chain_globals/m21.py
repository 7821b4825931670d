import m22

v = None


def step():
    global v
    m22.step()
    v = m22.v
