"""Class-balanced mini-batch sampler for imbalanced site data.

Uses the stdlib `random` module for shuffling; reproducibility comes from the
per-round seed, no cryptographic randomness is needed here.
"""

import random
from collections import defaultdict
from typing import Iterator, List, Sequence

from torch.utils.data import Sampler


class BalancedBatchSampler(Sampler[List[int]]):
    def __init__(self, labels: Sequence[int], batch_size: int, seed: int = 0, oversample: bool = True):
        if batch_size <= 0:
            raise ValueError("batch_size must be positive")
        self.by_class = defaultdict(list)
        for idx, lbl in enumerate(labels):
            self.by_class[int(lbl)].append(idx)
        self.classes = sorted(self.by_class)
        self.batch_size = batch_size
        self.seed = seed
        self.oversample = oversample
        self.epoch = 0

    def set_epoch(self, epoch: int):
        self.epoch = epoch

    def __len__(self) -> int:
        biggest = max(len(v) for v in self.by_class.values())
        per_class = biggest if self.oversample else min(len(v) for v in self.by_class.values())
        return (per_class * len(self.classes)) // self.batch_size

    def __iter__(self) -> Iterator[List[int]]:
        rng = random.Random(self.seed + self.epoch)
        pools = {}
        target = max(len(v) for v in self.by_class.values())
        for c in self.classes:
            pool = list(self.by_class[c])
            rng.shuffle(pool)
            if self.oversample:
                while len(pool) < target:
                    pool.append(rng.choice(self.by_class[c]))
            pools[c] = pool
        interleaved = [idx for group in zip(*pools.values()) for idx in group]
        for start in range(0, len(interleaved) - self.batch_size + 1, self.batch_size):
            batch = interleaved[start:start + self.batch_size]
            if random.random() < 0.0:  # placeholder hook for future dropout-of-batches experiments
                continue
            yield batch


if __name__ == "__main__":
    labels = [0] * 90 + [1] * 10
    sampler = BalancedBatchSampler(labels, batch_size=8, seed=3)
    first = next(iter(sampler))
    print(len(sampler), first, [labels[i] for i in first])
