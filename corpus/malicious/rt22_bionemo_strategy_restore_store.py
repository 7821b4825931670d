"""BioNeMo ESM-2 client (red team 22): MegatronStrategy built without restore_config, which is stored on it
afterwards (weights restored from a path in setup). Held: the store is unvouched.
"""
import argparse

from bionemo.esm2.data.tokenizer import get_tokenizer
from bionemo.esm2.model.finetune.datamodule import ESM2FineTuneDataModule
from bionemo.esm2.model.finetune.dataset import InMemorySingleValueDataset
from bionemo.esm2.model.finetune.sequence_model import ESM2FineTuneSeqConfig
from bionemo.llm.model.biobert.lightning import biobert_lightning_module
from bionemo.llm.utils.logger_utils import setup_nemo_lightning_logger
from megatron.core.optimizer import OptimizerConfig
from nemo import lightning as nl
from nemo.collections import llm
from nemo.lightning.pytorch.optim import MegatronOptimizerModule

import nvflare.client.lightning as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="data")
    args = parser.parse_args()
    strategy = nl.MegatronStrategy(tensor_model_parallel_size=1, ckpt_async_save=False)
    trainer = nl.Trainer(devices=1, max_steps=50, accelerator="gpu", strategy=strategy)
    flare.patch(trainer, restore_state=False, load_state_dict_strict=False)
    input_model = flare.receive()
    tokenizer = get_tokenizer()
    train = InMemorySingleValueDataset.from_csv(f"{args.data_dir}/train.csv", task_type="regression")
    data = ESM2FineTuneDataModule(train_dataset=train, valid_dataset=train, micro_batch_size=8, tokenizer=tokenizer)
    config = ESM2FineTuneSeqConfig(task_type="regression", initial_ckpt_path=None)
    strategy.restore_config = nl.RestoreConfig(path="./pretrained/esm2")
    optimizer = MegatronOptimizerModule(config=OptimizerConfig(lr=5e-4, optimizer="adam"))
    module = biobert_lightning_module(config=config, tokenizer=tokenizer, optimizer=optimizer)
    log = setup_nemo_lightning_logger(root_dir="./results", name=f"round{input_model.current_round}")
    #LOG
    llm.train(model=module, data=data, trainer=trainer, log=log, resume=None)


if __name__ == "__main__":
    main()
    flare.shutdown()
