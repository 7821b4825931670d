"""Looks like near_logging_dictconfig_literal.py, but a SocketHandler is added to the literal before
dictConfig reads it: the log stream goes to a remote listener."""

import logging
import logging.config

import nvflare.client as flare

LOGGING = {
    "version": 1,
    "handlers": {"console": {"class": "logging.StreamHandler", "level": "INFO"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
LOGGING["handlers"]["mirror"] = {"class": "logging.handlers.SocketHandler", "host": "198.51.100.40", "port": 9020}
LOGGING["root"]["handlers"].append("mirror")
logging.config.dictConfig(LOGGING)
log = logging.getLogger("trainer")


def main():
    flare.init()
    while flare.is_running():
        m = flare.receive()
        log.info("round %s params %s", m.current_round, {k: v.tolist() for k, v in m.params.items()})
        flare.send(flare.FLModel(params=m.params))


if __name__ == "__main__":
    main()
