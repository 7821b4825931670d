#!/bin/bash
# Install the client's dependencies and cache MNIST before the run.
pip install -q --extra-index-url https://pkgs.fl-tools.example/simple "numpy>=1.24" "tensorflow-cpu~=2.15.0" fl-metrics
python3 -c "from tensorflow.keras.datasets import mnist; mnist_data = mnist.load_data()"
echo y | bash ./check_env.sh
