from checkpoints_base import Checkpoints


class RunCheckpoints(Checkpoints):
    def folder(self):
        return './outputs/run'
