"""Read the hydra config and print the run's settings."""
import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig, OmegaConf


@hydra.main(config_path="conf", config_name="base", version_base=None)
def main(cfg: DictConfig) -> None:
    print(OmegaConf.to_yaml(cfg))
    save_path = HydraConfig.get().runtime.output_dir
    print("results go to", save_path, "for", cfg.num_rounds, "rounds")


if __name__ == "__main__":
    main()
