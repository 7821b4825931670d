"""Logistic regression on MNIST with Flower."""
