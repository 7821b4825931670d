#!/bin/bash
read -p "Check the environment? [y/n] " answer
if [ "$answer" = "y" ]; then
    python3 --version
    nvidia-smi || true
fi
