import m31

v = None


def step():
    global v
    m31.step()
    v = m31.v
