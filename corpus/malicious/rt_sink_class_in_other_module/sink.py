"""Result writer: every output goes under the folder it is built with."""
import os


class ResultWriter:
    def __init__(self, root):
        self.root = root

    def put(self, frame, name):
        frame.to_csv(os.path.join(self.root, name), index=False)
