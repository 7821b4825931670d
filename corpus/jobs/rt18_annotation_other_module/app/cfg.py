"""App settings read once from the app config."""
import json

with open("config/collate.json") as f:
    ROW_TYPE = json.load(f)["row_type"]
