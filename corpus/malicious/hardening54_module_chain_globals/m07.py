import m08

v = None


def step():
    global v
    m08.step()
    v = m08.v
