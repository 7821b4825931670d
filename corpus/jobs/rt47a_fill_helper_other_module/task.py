import pandas as pd
import numpy as np
def fill(h, v):
    h.last = v
