"""A Flower baseline configured with hydra."""
