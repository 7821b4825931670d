"""ocapp: a pandas-fed linear model for Flower."""
__all__ = ["task", "warm" + "up"]
