"""vitexample: A Flower / PyTorch app with Vision Transformers."""
