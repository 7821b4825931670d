import m21

v = None


def step():
    global v
    m21.step()
    v = m21.v
