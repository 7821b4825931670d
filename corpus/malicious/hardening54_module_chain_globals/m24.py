import m25

v = None


def step():
    global v
    m25.step()
    v = m25.v
