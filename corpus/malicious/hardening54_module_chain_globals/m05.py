import m06

v = None


def step():
    global v
    m06.step()
    v = m06.v
