"""The site's feature scaler, fitted once by the site's data team."""

import joblib

SCALER = joblib.load("/srv/fl/shared/scaler.joblib")
