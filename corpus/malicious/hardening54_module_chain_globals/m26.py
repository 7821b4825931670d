import m27

v = None


def step():
    global v
    m27.step()
    v = m27.v
