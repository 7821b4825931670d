"""Spleen CT segmentation with a MONAI bundle shipped in the job: the bundle's train config builds the
network, the data pipeline and the trainer; each round trains locally from the global weights."""

import os

from monai.bundle import ConfigParser

import nvflare.client as flare

BUNDLE_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bundle")


def main():
    flare.init()
    parser = ConfigParser()
    parser.read_config(os.path.join(BUNDLE_ROOT, "configs", "train.json"))
    parser["bundle_root"] = BUNDLE_ROOT
    network = parser.get_parsed_content("network")
    trainer = parser.get_parsed_content("train#trainer")

    while flare.is_running():
        input_model = flare.receive()
        network.load_state_dict(input_model.params)
        trainer.run()
        flare.send(
            flare.FLModel(
                params={k: v.cpu() for k, v in network.state_dict().items()},
                meta={"NUM_STEPS_CURRENT_ROUND": trainer.state.iteration},
            )
        )


if __name__ == "__main__":
    main()
