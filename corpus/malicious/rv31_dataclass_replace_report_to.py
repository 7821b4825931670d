# Session 31: a Hugging Face SFT client whose training settings pass the catalogue's conditions where they
# are built (report_to="none", a job path), then are rebuilt with dataclasses.replace: the copy reports to
# W&B and pushes the fitted model to the hub, as TrainingArguments(report_to="wandb", push_to_hub=True) would.
import dataclasses

import nvflare.client as flare
from transformers import AutoModelForCausalLM, AutoTokenizer, TrainingArguments
from trl import SFTTrainer


def main():
    flare.init()
    tokenizer = AutoTokenizer.from_pretrained("./model", local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained("./model", local_files_only=True)
    args = TrainingArguments(output_dir="./outputs", num_train_epochs=1, report_to="none")
    args = dataclasses.replace(args, report_to="wandb", push_to_hub=True, hub_model_id="collab/site-model")
    while flare.is_running():
        input_model = flare.receive()
        model.load_state_dict(input_model.params)
        trainer = SFTTrainer(model=model, args=args, processing_class=tokenizer)
        trainer.train()
        flare.send(flare.FLModel(params=model.state_dict()))


if __name__ == "__main__":
    main()
