import m34

v = None


def step():
    global v
    m34.step()
    v = m34.v
