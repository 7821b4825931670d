"""Client API training that records GPU utilisation with nvidia-smi after each round (local log only)."""

import csv
import io
import logging
import os
import subprocess

import torch

import nvflare.client as flare

log = logging.getLogger("gpu-monitor")
QUERY = "index,name,utilization.gpu,memory.used,memory.total,temperature.gpu"


def gpu_stats():
    try:
        out = subprocess.run(
            ["nvidia-smi", f"--query-gpu={QUERY}", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=15, check=True,
        ).stdout
    except (FileNotFoundError, subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        log.warning("nvidia-smi unavailable: %s", e)
        return []
    keys = QUERY.split(",")
    return [dict(zip(keys, (c.strip() for c in row))) for row in csv.reader(io.StringIO(out))]


def main(model, loader):
    logging.basicConfig(level=logging.INFO)
    flare.init()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    while flare.is_running():
        m = flare.receive()
        model.load_state_dict(m.params)
        for x, y in loader:
            opt.zero_grad()
            torch.nn.functional.cross_entropy(model(x), y).backward()
            opt.step()
        for g in gpu_stats():
            log.info("round %s gpu%s %s util=%s%% mem=%s/%s MiB", m.current_round, g["index"], g["name"],
                     g["utilization.gpu"], g["memory.used"], g["memory.total"])
        flare.send(flare.FLModel(params=model.state_dict(), meta={"NUM_STEPS_CURRENT_ROUND": len(loader)}))
