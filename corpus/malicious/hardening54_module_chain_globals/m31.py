import m32

v = None


def step():
    global v
    m32.step()
    v = m32.v
