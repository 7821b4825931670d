import pandas as pd
import numpy as np
class Box:
    def __init__(self):
        self.items = []
    def put(self, v):
        self.items.append(v)
    def first(self):
        return self.items[0]
BOX = Box()
