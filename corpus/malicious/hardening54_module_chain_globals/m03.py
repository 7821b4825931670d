import m04

v = None


def step():
    global v
    m04.step()
    v = m04.v
