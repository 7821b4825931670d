"""Label mapping for a multi-site dermatology dataset whose sites use different label names."""

import json
import logging
import os
from collections import Counter

logger = logging.getLogger(__name__)

CANONICAL = ["melanoma", "nevus", "basal_cell_carcinoma", "actinic_keratosis", "benign_keratosis",
             "dermatofibroma", "vascular_lesion", "squamous_cell_carcinoma"]


def load_label_map(data_root: str) -> dict:
    path = os.path.join(data_root, "label_map.json")
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    mapping = {}
    for local_name, canonical in raw.items():
        if canonical not in CANONICAL:
            raise ValueError(f"{path}: '{local_name}' maps to unknown class '{canonical}'")
        mapping[local_name.strip().lower()] = CANONICAL.index(canonical)
    return mapping


def read_annotations(data_root: str, mapping: dict):
    path = os.path.join(data_root, "annotations.jsonl")
    items, unmapped = [], Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            key = rec["diagnosis"].strip().lower()
            if key not in mapping:
                unmapped[key] += 1
                continue
            items.append((rec["image"], mapping[key]))
    if unmapped:
        logger.warning("skipped %d records with unmapped labels (%d distinct)", sum(unmapped.values()), len(unmapped))
    return items


def class_weights(items, n_classes=len(CANONICAL)):
    counts = Counter(lbl for _, lbl in items)
    total = sum(counts.values())
    return [total / (n_classes * counts[c]) if counts[c] else 0.0 for c in range(n_classes)]


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    root = os.environ.get("DATA_ROOT", "/data")
    items = read_annotations(root, load_label_map(root))
    print(len(items), [round(w, 2) for w in class_weights(items)])
