import m02

v = None


def step():
    global v
    m02.step()
    v = m02.v
