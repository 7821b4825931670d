from stats import Holder


class Report(Holder):
    version = 2
