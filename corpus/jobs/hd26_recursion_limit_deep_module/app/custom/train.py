import sys

sys.setrecursionlimit(100000)
import layers
