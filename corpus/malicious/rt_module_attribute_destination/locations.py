"""Shared locations of the lab."""
CHECKPOINTS = "/mnt/lab-share/ckpt/rows.pt"
