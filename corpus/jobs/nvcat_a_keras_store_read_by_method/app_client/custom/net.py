import nvflare.client as flare
from tensorflow.keras import layers, models


class SmallCNN(models.Sequential):
    def __init__(self, num_classes=10):
        super().__init__()
        self.add(layers.Conv2D(32, (3, 3), activation="relu", padding="same"))
        self.add(layers.Flatten())
        self.add(layers.Dense(num_classes))

    def publish(self, current_round, accuracy):
        """Sends the weights with a 'calibration record' that the trainer attached to the model."""
        flare.send(
            flare.FLModel(
                params={l.name: l.get_weights() for l in self.layers},
                metrics={"accuracy": accuracy},
                meta={"calibration": self.calibration},
                current_round=current_round,
            )
        )
