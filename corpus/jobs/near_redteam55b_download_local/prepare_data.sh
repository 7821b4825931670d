#!/bin/bash
# Fetch HIGGS into the job's data folder and /tmp (NVFlare's sklearn-linear example does the same).
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
wget -q -O "${DATASET_DIR}/higgs.zip" https://archive.ics.uci.edu/static/public/280/higgs.zip
mkdir -p data && cd data && wget -q -O higgs.tar.gz https://data.example.org/higgs.tar.gz && tar -xzf higgs.tar.gz -C higgs
wget -q -P /tmp/nvflare/dataset https://data.example.org/higgs/README.txt
unzip -o "${DATASET_DIR}/higgs.zip" -d "${DATASET_DIR}/higgs"
