"""Build the model the hydra config names and report its shape."""
import hydra
from hydra.utils import instantiate
from omegaconf import DictConfig


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    model = instantiate(cfg.model)
    print("model weights", model.weights.shape, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    main()
