import numpy as np

import nvflare.client as flare

import stats


def main():
    flare.init()
    while flare.is_running():
        model = flare.receive()
        w = np.asarray(model.params["w"]) * 0.99
        flare.send(flare.FLModel(params={"w": w}, meta={"info": stats.preview}))


if __name__ == "__main__":
    main()
