"""Runtime settings read from documented environment variables (see the job's README).

Reads many variables, but each by name with a default; nothing dumps the environment.
"""

import logging
import os

log = logging.getLogger(__name__)


def settings():
    s = {
        "data_root": os.environ.get("DATA_ROOT", "/data"),
        "scratch": os.environ.get("FL_SCRATCH", "/tmp/fl"),
        "site_name": os.environ.get("FL_SITE_NAME", "unknown"),
        "num_workers": int(os.environ.get("NUM_WORKERS", "4")),
        "omp_threads": int(os.environ.get("OMP_NUM_THREADS", "8")),
        "cuda_devices": os.environ.get("CUDA_VISIBLE_DEVICES", ""),
        "nccl_debug": os.environ.get("NCCL_DEBUG", "WARN"),
        "local_rank": int(os.environ.get("LOCAL_RANK", "0")),
        "world_size": int(os.environ.get("WORLD_SIZE", "1")),
        "master_addr": os.environ.get("MASTER_ADDR", "127.0.0.1"),
        "master_port": int(os.environ.get("MASTER_PORT", "29500")),
        "hf_home": os.environ.get("HF_HOME", "/models/hf"),
        "log_level": os.environ.get("LOG_LEVEL", "INFO"),
        "seed": int(os.environ.get("FL_SEED", "0")),
        "amp": os.environ.get("FL_AMP", "1") == "1",
    }
    log.info("settings: %s", {k: v for k, v in s.items() if k != "master_addr"})
    return s


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    print(settings())
