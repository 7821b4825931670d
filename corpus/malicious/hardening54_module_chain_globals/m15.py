import m16

v = None


def step():
    global v
    m16.step()
    v = m16.v
