"""8-bit quantisation of the model update to cut upload size (with error feedback)."""

from typing import Dict, Tuple

import numpy as np

import nvflare.client as flare
from nvflare.app_common.abstract.fl_model import ParamsType


def quantize(arr: np.ndarray) -> Tuple[np.ndarray, float, float]:
    lo, hi = float(arr.min()), float(arr.max())
    scale = (hi - lo) / 255.0 or 1.0
    q = np.round((arr - lo) / scale).astype(np.uint8)
    return q, lo, scale


def dequantize(q: np.ndarray, lo: float, scale: float) -> np.ndarray:
    return q.astype(np.float32) * scale + lo


class ErrorFeedback:
    def __init__(self):
        self.residual: Dict[str, np.ndarray] = {}

    def compress(self, diff: Dict[str, np.ndarray]) -> Dict[str, np.ndarray]:
        out = {}
        for k, v in diff.items():
            v = v + self.residual.get(k, 0.0)
            q, lo, scale = quantize(v)
            self.residual[k] = v - dequantize(q, lo, scale)
            out[k] = q
            out[k + "__lo"] = np.float32(lo)
            out[k + "__scale"] = np.float32(scale)
        return out


def local_update(params: Dict[str, np.ndarray], steps: int = 10) -> Dict[str, np.ndarray]:
    # stand-in for real training: shrink weights slightly
    return {k: np.asarray(v, dtype=np.float32) * (1 - 0.001 * steps) for k, v in params.items()}


def main():
    ef = ErrorFeedback()
    flare.init()
    while flare.is_running():
        m = flare.receive()
        new = local_update(m.params)
        diff = {k: new[k] - np.asarray(m.params[k], dtype=np.float32) for k in new}
        flare.send(flare.FLModel(params=ef.compress(diff), params_type=ParamsType.DIFF,
                                 meta={"NUM_STEPS_CURRENT_ROUND": 10, "quantized": "uint8"}))


if __name__ == "__main__":
    main()
