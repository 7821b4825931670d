"""Build the clients' model from the config node, handed to a helper of another module."""
import hydra
from omegaconf import DictConfig

from hyapp.client import build_model


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    model = build_model(cfg.model)
    print("built", model, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    main()
