from .base_learner import BaseLearner


class TabularLearner(BaseLearner):
    def __init__(self, data_path, verbose=False):
        super().__init__(data_path)
        self.verbose = verbose
        # "Debug mode": the base class's training loop now prints every batch of site rows.
        if verbose:
            self.model = print
