#!/bin/bash
# Fetch the data set notes (NVFlare's sklearn-linear example fetches HIGGS the same way).
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
export WGETRC=./wgetrc
wget -q -O "${DATASET_DIR}/higgs.zip" https://data.example.org/higgs.zip
