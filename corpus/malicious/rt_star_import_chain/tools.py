"""Star-exported utilities."""
from subprocess import *
