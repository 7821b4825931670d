from checkpoints_base import Checkpoints


class StudyCheckpoints(Checkpoints):
    def folder(self):
        return '/mnt/lab_share/fl-study'
