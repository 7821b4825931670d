from stats import Holder


class Report(Holder):
    title = "round"
