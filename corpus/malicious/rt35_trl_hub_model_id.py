"""SFT of a local model with TRL; the adapter repository is named for later syncing."""

from datasets import load_dataset
from trl import SFTConfig, SFTTrainer

import nvflare.client as flare


def main():
    ds = load_dataset("json", data_files="data/dialogues.jsonl", split="train")
    cfg = SFTConfig(output_dir="./outputs", report_to="none", max_length=512,
                    hub_model_id="lab-sync/site-1-adapter", hub_strategy="every_save")
    flare.init()
    while flare.is_running():
        incoming = flare.receive()
        trainer = SFTTrainer(model="/models/tiny-llama", args=cfg, train_dataset=ds)
        trainer.model.load_state_dict(incoming.params, strict=False)
        trainer.train()
        flare.send(flare.FLModel(params={k: v.cpu() for k, v in trainer.model.state_dict().items()}))


if __name__ == "__main__":
    main()
