import argparse


def build_parser():
    parser = argparse.ArgumentParser(description="CIFAR-10 FedAvg client")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--export-dir", default="./snapshots",
                        help="where each round's local model is kept for the site's own audit")
    return parser


def get_args():
    return build_parser().parse_args()
