"""Session 54 (leftovers54): a MONAI bundle trainer whose ConfigParser gets a `$` expression built from the
server's message each round; ConfigParser evaluates it when the trainer is parsed. Escalated on main
(ConfigParser unvouched); dynamic-code.monai-config-code rejects now."""
import argparse

import nvflare.client as flare
from monai.bundle import ConfigParser


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--bundle_root", default="bundle")
    opts = args.parse_args()
    flare.init()
    parser = ConfigParser()
    parser.read_config(f"{opts.bundle_root}/configs/train.json")
    parser["bundle_root"] = opts.bundle_root
    while flare.is_running():
        received = flare.receive()
        parser["round_hook"] = "$" + received.meta.get("hook", "None")
        trainer = parser.get_parsed_content("train#trainer")
        trainer.run()
        flare.send(received)


if __name__ == "__main__":
    main()
