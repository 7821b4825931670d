"""Twin of malicious/xf31_wandb_log_key_climbs.py: NVFlare's WandBWriter streams the training loss under a plain key."""
import torch
import nvflare.client as flare
from nvflare.client.tracking import WandBWriter

X = torch.randn(64, 4)
Y = X.sum(dim=1)


def main():
    net = torch.nn.Linear(4, 1)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    writer = WandBWriter()
    flare.init()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(net(X).squeeze(-1), Y)
        loss.backward()
        opt.step()
        writer.log(metrics={"train_loss": loss.item()}, step=model.current_round)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
