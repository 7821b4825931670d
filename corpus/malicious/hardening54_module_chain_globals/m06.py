import m07

v = None


def step():
    global v
    m07.step()
    v = m07.v
