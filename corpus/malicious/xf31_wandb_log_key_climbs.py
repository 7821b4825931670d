"""NVFlare Client API job that streams its training loss to the server with NVFlare's WandBWriter. The metric's
key climbs out of the server's TensorBoard folder: the TBAnalyticsReceiver writes WandBWriter.log's METRICS with
add_scalars, which opens `<log_dir>/<main_tag>_<key>` (nvflare/app_opt/tracking/tb/tb_event_writer.py), so the
server writes an event file into its cron folder."""
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
        writer.log(metrics={"/../../../../../../etc/cron.d/train_loss": loss.item()}, step=model.current_round)
        flare.send(flare.FLModel(params=net.state_dict(), metrics={"loss": loss.item()}))


if __name__ == "__main__":
    main()
