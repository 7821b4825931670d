import m30

v = None


def step():
    global v
    m30.step()
    v = m30.v
