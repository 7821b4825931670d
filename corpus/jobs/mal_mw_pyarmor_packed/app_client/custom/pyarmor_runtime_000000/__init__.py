# Pyarmor 8.5.11 (trial), 000000, 2024-09-02T14:21:07.118202
from .pyarmor_runtime import __pyarmor__
