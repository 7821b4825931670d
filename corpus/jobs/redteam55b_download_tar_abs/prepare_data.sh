#!/bin/bash
# Fetch the data set notes (NVFlare's sklearn-linear example fetches HIGGS the same way).
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
wget -q -O "${DATASET_DIR}/higgs.tar" https://data.example.org/higgs.tar && tar -xPf "${DATASET_DIR}/higgs.tar"
