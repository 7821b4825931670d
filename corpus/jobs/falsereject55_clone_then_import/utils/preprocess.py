"""Turn the cloned dataset's JSON lines into train/validation splits for the job."""

import argparse
import json
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--training_file", required=True)
    parser.add_argument("--output_dir", required=True)
    args = parser.parse_args()
    with open(args.training_file) as f:
        rows = [json.loads(line) for line in f]
    random.Random(0).shuffle(rows)
    cut = int(len(rows) * 0.9)
    for name, part in (("training.jsonl", rows[:cut]), ("validation.jsonl", rows[cut:])):
        with open(f"{args.output_dir}/{name}", "w") as f:
            f.writelines(json.dumps(r) + "\n" for r in part)


if __name__ == "__main__":
    main()
