"""catboost_app: helpers shared by the ClientApp and the ServerApp."""

import json
import tempfile

from catboost import CatBoostClassifier


def convert_to_model_dict(model_input: CatBoostClassifier) -> dict:
    """Convert CatBoost object to model dict."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        model_input.save_model(tmp.name, format="json")
        tmp_path = tmp.name
    return json.load(open(tmp_path, "r"))
