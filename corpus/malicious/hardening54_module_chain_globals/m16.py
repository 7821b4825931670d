import m17

v = None


def step():
    global v
    m17.step()
    v = m17.v
