#!/bin/bash
# Fetch the data set notes (NVFlare's sklearn-linear example fetches HIGGS the same way).
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
wget -q --content-disposition https://data.example.org/higgs/latest
