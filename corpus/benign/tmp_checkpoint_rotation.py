"""Keep the last N local checkpoints under a /tmp scratch directory (node-local SSD)."""

import glob
import logging
import os
import re

import torch

log = logging.getLogger(__name__)

SCRATCH = os.environ.get("FL_SCRATCH", "/tmp/fl_ckpt")
PATTERN = re.compile(r"round_(\d+)\.pt$")


class CheckpointRotator:
    def __init__(self, job_id: str, keep: int = 3, scratch: str = SCRATCH):
        self.dir = os.path.join(scratch, job_id)
        self.keep = keep
        os.makedirs(self.dir, mode=0o700, exist_ok=True)

    def _existing(self):
        found = []
        for path in glob.glob(os.path.join(self.dir, "round_*.pt")):
            m = PATTERN.search(path)
            if m:
                found.append((int(m.group(1)), path))
        return sorted(found)

    def save(self, round_num: int, model: torch.nn.Module, optimizer=None) -> str:
        path = os.path.join(self.dir, f"round_{round_num:04d}.pt")
        payload = {"round": round_num, "model": model.state_dict()}
        if optimizer is not None:
            payload["optimizer"] = optimizer.state_dict()
        tmp = path + ".partial"
        torch.save(payload, tmp)
        os.replace(tmp, path)
        for _, old in self._existing()[: -self.keep]:
            os.remove(old)
            log.debug("removed old checkpoint %s", old)
        return path

    def latest(self, model: torch.nn.Module, optimizer=None) -> int:
        existing = self._existing()
        if not existing:
            return -1
        round_num, path = existing[-1]
        payload = torch.load(path, map_location="cpu", weights_only=True)
        model.load_state_dict(payload["model"])
        if optimizer is not None and "optimizer" in payload:
            optimizer.load_state_dict(payload["optimizer"])
        log.info("resumed from %s", path)
        return round_num
