import m23

v = None


def step():
    global v
    m23.step()
    v = m23.v
