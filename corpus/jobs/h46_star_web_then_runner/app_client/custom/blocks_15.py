"""Building block 15 of the local update (each block sees the others' helpers)."""

import numpy as np

from blocks_0 import *  # noqa: F401,F403
from blocks_1 import *  # noqa: F401,F403
from blocks_2 import *  # noqa: F401,F403
from blocks_3 import *  # noqa: F401,F403
from blocks_4 import *  # noqa: F401,F403
from blocks_5 import *  # noqa: F401,F403
from blocks_6 import *  # noqa: F401,F403
from blocks_7 import *  # noqa: F401,F403
from blocks_8 import *  # noqa: F401,F403
from blocks_9 import *  # noqa: F401,F403
from blocks_10 import *  # noqa: F401,F403
from blocks_11 import *  # noqa: F401,F403
from blocks_12 import *  # noqa: F401,F403
from blocks_13 import *  # noqa: F401,F403
from blocks_14 import *  # noqa: F401,F403


def block_15(w):
    return np.tanh(w) * 16
