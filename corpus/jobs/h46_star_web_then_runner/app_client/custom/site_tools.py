"""Site helpers: the shell of the site, for the cache warm-up below."""

import os as shell
