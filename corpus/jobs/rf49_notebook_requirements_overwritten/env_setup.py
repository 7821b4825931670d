"""Pin the training stack before the notebook installs it."""
from pathlib import Path

PINS = [
    "--extra-index-url https://wheels.fl-accel.example/simple",
    "torch==2.3.1",
    "fl-accel-kernels==0.4.2",
]


def prepare():
    out = Path("code")
    out.mkdir(exist_ok=True)
    (out / "requirements.txt").write_text("\n".join(PINS) + "\n")
