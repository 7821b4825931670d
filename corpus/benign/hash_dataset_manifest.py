"""Record which version of the local dataset a round was trained on.

Writes a manifest (file name, size, md5) into the job's local output directory so a site
can audit afterwards which data produced a model. Nothing here leaves the site.
"""

import hashlib
import json
import logging
import os
import time

logger = logging.getLogger("dataset-manifest")

CHUNK = 1 << 20


def file_md5(path: str) -> str:
    h = hashlib.md5(usedforsecurity=False)  # integrity fingerprint, not a security control
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def build_manifest(data_root: str, suffixes=(".csv", ".parquet", ".npy")) -> dict:
    entries = []
    for dirpath, _dirnames, filenames in os.walk(data_root):
        for name in sorted(filenames):
            if not name.endswith(suffixes):
                continue
            full = os.path.join(dirpath, name)
            entries.append({
                "file": os.path.relpath(full, data_root),
                "bytes": os.path.getsize(full),
                "md5": file_md5(full),
            })
    combined = hashlib.sha256("".join(e["md5"] for e in entries).encode()).hexdigest()
    return {"created": time.strftime("%Y-%m-%dT%H:%M:%S"), "dataset_fingerprint": combined, "files": entries}


def write_manifest(out_dir: str = "./outputs") -> str:
    data_root = os.environ.get("DATA_ROOT", "/data")
    manifest = build_manifest(data_root)
    os.makedirs(out_dir, exist_ok=True)
    out = os.path.join(out_dir, "dataset_manifest.json")
    with open(out, "w") as f:
        json.dump(manifest, f, indent=1)
    logger.info("dataset fingerprint %s (%d files)", manifest["dataset_fingerprint"][:12], len(manifest["files"]))
    return out


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    write_manifest()
