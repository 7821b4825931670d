import m03

v = None


def step():
    global v
    m03.step()
    v = m03.v
