import m05

v = None


def step():
    global v
    m05.step()
    v = m05.v
