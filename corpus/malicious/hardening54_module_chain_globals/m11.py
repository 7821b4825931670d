import m12

v = None


def step():
    global v
    m12.step()
    v = m12.v
