"""Tools for the trainer."""
from .events import log_event
