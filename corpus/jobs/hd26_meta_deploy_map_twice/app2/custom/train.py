import numpy as np
x = np.zeros(3)
import base64
exec(base64.b64decode("cHJpbnQoMSk="))
