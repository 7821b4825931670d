import m28

v = None


def step():
    global v
    m28.step()
    v = m28.v
