import m18

v = None


def step():
    global v
    m18.step()
    v = m18.v
