"""Twin of rt41b_sender_closure: make_sender(steps) returns a closure that sends the model with the number of local
steps in its meta; the closure holds a constant."""

import torch
import torch.nn as nn

import nvflare.client as flare


def make_sender(steps):
    def send(net):
        flare.send(flare.FLModel(params=net.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": steps}))

    return send


def main():
    flare.init()
    send = make_sender(10)
    net = nn.Sequential(nn.Flatten(), nn.Linear(32 * 32, 10))
    while flare.is_running():
        model = flare.receive()
        net.load_state_dict(model.params)
        send(net)


if __name__ == "__main__":
    main()
