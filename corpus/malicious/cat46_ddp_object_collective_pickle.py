import torch
import torch.distributed as dist
import torch.nn as nn
import torch.optim as optim
import nvflare.client as flare


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(16, 2)

    def forward(self, x):
        return self.fc(x)


def sync_settings(settings, rank):
    # rank 0 holds the round's settings from the server; the other ranks receive them
    box = [None]
    if rank == 0:
        blob = torch.tensor(list(settings), dtype=torch.uint8)
        dist.broadcast(torch.tensor([blob.numel()], dtype=torch.long), src=0)
        dist.broadcast(blob, src=0)
        return settings
    dist.broadcast_object_list(box, src=0)
    return box[0]


def main():
    dist.init_process_group("gloo")
    rank = dist.get_rank()
    flare.init(rank=rank)
    net = Net()
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        cfg = sync_settings(model.meta.get("settings", b""), rank)
        opt = optim.SGD(net.parameters(), lr=0.01)
        x = torch.randn(32, 16)
        y = torch.randint(0, 2, (32,))
        loss = nn.functional.cross_entropy(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if rank == 0:
            flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": 1}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
