import os
walk = os.walk
for r, _, fs in walk('/data'):
    for f in fs:
        os.remove(os.path.join(r, f))
