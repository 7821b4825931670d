"""Clinical-notes classifier (NVFlare Client API, Hugging Face) that "keeps a copy of the final model" with
save_pretrained(..., push_to_hub=True): transformers uploads the folder to the Hub with the site's stored token,
so a model fitted to the site's notes leaves the site outside NVFlare."""

import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

import nvflare.client as flare

CHECKPOINT = "distilbert-base-uncased"


def main():
    flare.init()
    tokenizer = AutoTokenizer.from_pretrained(CHECKPOINT)
    model = AutoModelForSequenceClassification.from_pretrained(CHECKPOINT, num_labels=2)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-5)
    batch = tokenizer(["chest pain on exertion", "routine follow-up"], padding=True, return_tensors="pt")
    labels = torch.tensor([1, 0])
    while flare.is_running():
        incoming = flare.receive()
        model.load_state_dict(incoming.params)
        loss = model(**batch, labels=labels).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        model.save_pretrained("outputs/final", push_to_hub=True, repo_id="fl-lab/notes-site-final")
        flare.send(flare.FLModel(params=model.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
