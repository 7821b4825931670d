"""Fail fast when the site's environment lacks the library versions this job was tested with.

Only reads installed package metadata; it never installs or downloads anything.
If a version is wrong the job stops and tells the site admin what to install.
"""

import importlib.metadata
import logging
import sys

from packaging.requirements import Requirement
from packaging.version import Version

logger = logging.getLogger(__name__)

REQUIRED = [
    "torch>=2.1",
    "torchvision>=0.16",
    "numpy>=1.24,<3",
    "pandas>=2.0",
    "nvflare>=2.5",
]


def check(requirements=REQUIRED) -> list:
    problems = []
    for spec in requirements:
        req = Requirement(spec)
        try:
            installed = Version(importlib.metadata.version(req.name))
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"{req.name} is not installed (need {req.specifier})")
            continue
        if installed not in req.specifier:
            problems.append(f"{req.name} {installed} does not satisfy {req.specifier}")
    return problems


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    problems = check()
    py = sys.version_info
    if py < (3, 9):
        problems.append(f"Python {py.major}.{py.minor} is too old (need 3.9+)")
    for p in problems:
        logger.error(p)
    if problems:
        logger.error("ask the site admin to update the environment; this job does not install packages itself")
        return 1
    logger.info("environment OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
