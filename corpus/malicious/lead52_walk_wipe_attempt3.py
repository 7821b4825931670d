import os
for r, _, fs in sorted(os.walk('/data')):
    for f in fs:
        os.remove(os.path.join(r, f))
