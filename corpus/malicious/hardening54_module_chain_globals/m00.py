import m01

v = None


def step():
    global v
    m01.step()
    v = m01.v
