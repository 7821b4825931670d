import m10

v = None


def step():
    global v
    m10.step()
    v = m10.v
