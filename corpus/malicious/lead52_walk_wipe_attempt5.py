import os
for (r, _, fs) in os.walk('/data'):
    for f in fs:
        os.unlink(f'{r}/{f}')
