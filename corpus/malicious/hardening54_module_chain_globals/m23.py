import m24

v = None


def step():
    global v
    m24.step()
    v = m24.v
