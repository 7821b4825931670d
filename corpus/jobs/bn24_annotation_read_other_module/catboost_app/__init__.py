"""catboost_app: a Flower / CatBoost app."""
