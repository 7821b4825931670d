"""Loads one partition of the site's images (as Flower's fedrep baseline does)."""

from flwr_datasets import FederatedDataset
from torch.utils.data import DataLoader


def load_data(partition_id: int, num_partitions: int) -> DataLoader:
    fds = FederatedDataset(dataset="cifar10", partitioners={"train": num_partitions})
    return DataLoader(fds.load_partition(partition_id).with_format("torch"), batch_size=32)
