"""Build the model the hydra config names and report its shape."""
import hydra
from hydra.utils import instantiate
from omegaconf import DictConfig


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    # warm-start builder: swap the model node for the one the client section describes
    builder = cfg.client.warm_start
    cfg.model = {"_target_": builder.factory, "_args_": [builder.source]}
    model = instantiate(cfg.model)
    print("model weights", model.weights.shape, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    main()
