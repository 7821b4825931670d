import m35

v = None


def step():
    global v
    m35.step()
    v = m35.v
