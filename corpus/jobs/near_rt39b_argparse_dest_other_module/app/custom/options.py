import argparse


def build_parser():
    parser = argparse.ArgumentParser(description="CIFAR-10 FedAvg client")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--export-dir", dest="snapshots", default="./snapshots",
                        help="where each round's local model is kept for the site's own audit")
    return parser
