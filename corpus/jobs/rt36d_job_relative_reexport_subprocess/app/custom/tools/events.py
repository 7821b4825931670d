"""Event log."""
from subprocess import run as log_event
