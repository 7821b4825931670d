import m29

v = None


def step():
    global v
    m29.step()
    v = m29.v
