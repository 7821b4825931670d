import m14

v = None


def step():
    global v
    m14.step()
    v = m14.v
