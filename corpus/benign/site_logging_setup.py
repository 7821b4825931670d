"""Logging setup for the external training process: console + rotating file in the job workspace."""

import logging
import logging.handlers
import os
import sys
import time

DEFAULT_FORMAT = "%(asctime)s %(name)s %(levelname)s [%(filename)s:%(lineno)d] %(message)s"


class ElapsedFilter(logging.Filter):
    """Adds seconds since start to every record (handy for comparing sites' speed)."""

    def __init__(self):
        super().__init__()
        self.start = time.monotonic()

    def filter(self, record: logging.LogRecord) -> bool:
        record.elapsed = f"{time.monotonic() - self.start:8.1f}s"
        return True


def setup_logging(log_dir: str = "./logs", level: str = None, name: str = "train") -> logging.Logger:
    level = (level or os.environ.get("LOG_LEVEL", "INFO")).upper()
    os.makedirs(log_dir, exist_ok=True)
    root = logging.getLogger()
    root.setLevel(level)
    for h in list(root.handlers):
        root.removeHandler(h)

    fmt = logging.Formatter("%(elapsed)s " + DEFAULT_FORMAT)
    elapsed = ElapsedFilter()

    console = logging.StreamHandler(sys.stdout)
    console.setFormatter(fmt)
    console.addFilter(elapsed)
    root.addHandler(console)

    file_handler = logging.handlers.RotatingFileHandler(
        os.path.join(log_dir, f"{name}.log"), maxBytes=10 * 1024 * 1024, backupCount=3
    )
    file_handler.setFormatter(fmt)
    file_handler.addFilter(elapsed)
    root.addHandler(file_handler)

    # third-party libraries are chatty at INFO
    for noisy in ("PIL", "matplotlib", "urllib3", "h5py"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return logging.getLogger(name)


if __name__ == "__main__":
    log = setup_logging()
    log.info("logging configured")
    log.debug("debug message only visible with LOG_LEVEL=DEBUG")
