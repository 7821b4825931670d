"""fedtab: a Flower / PyTorch app."""
