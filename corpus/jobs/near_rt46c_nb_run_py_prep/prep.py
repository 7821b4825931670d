# site preparation for the linear model
import os
os.makedirs('outputs', exist_ok=True)
os.environ['OMP_NUM_THREADS'] = '1'
