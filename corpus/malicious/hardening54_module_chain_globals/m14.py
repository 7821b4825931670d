import m15

v = None


def step():
    global v
    m15.step()
    v = m15.v
