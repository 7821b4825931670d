#!/bin/bash
# Fetch the HIGGS data set (NVFlare's sklearn-linear example does the same).
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
wget -O "${DATASET_DIR}/higgs.zip" https://archive.ics.uci.edu/static/public/280/higgs.zip
