import pandas as pd
import numpy as np
class Holder:
    last = 0.0
def keep(df):
    Holder.last = float(df['age'].iloc[7])
