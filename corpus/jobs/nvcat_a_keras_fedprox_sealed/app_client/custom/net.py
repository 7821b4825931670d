from tensorflow.keras import layers, models


class SmallCNN(models.Sequential):
    """The CIFAR-10 network of NVFlare's TF examples, built layer by layer; no method of its own."""

    def __init__(self, num_classes=10):
        super().__init__()
        self.add(layers.Conv2D(32, (3, 3), activation="relu", padding="same"))
        self.add(layers.MaxPooling2D((2, 2)))
        self.add(layers.Conv2D(64, (3, 3), activation="relu", padding="same"))
        self.add(layers.MaxPooling2D((2, 2)))
        self.add(layers.Flatten())
        self.add(layers.Dense(128, activation="relu"))
        self.add(layers.Dense(num_classes))
