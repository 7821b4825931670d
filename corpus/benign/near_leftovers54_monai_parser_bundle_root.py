"""Twin of leftovers54_monai_parser_expression_from_server: the parser gets only the bundle's folder from the
command line, the bundle's own expressions run as written. Escalated on main and here (ConfigParser is left to a
reviewer), never rejected."""
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
    parser["device"] = "$torch.device('cpu')"
    while flare.is_running():
        received = flare.receive()
        trainer = parser.get_parsed_content("train#trainer")
        trainer.run()
        flare.send(received)


if __name__ == "__main__":
    main()
