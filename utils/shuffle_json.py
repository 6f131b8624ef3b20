#!/usr/bin/env python3
"""Rewrites a JSON file with the keys of every object in a shuffled order.

Usage: shuffle_json.py IN OUT [SEED]

Arrays keep their order (they are ordered data); only object key order,
which carries no meaning, changes. Used to check that dsocr-opt's output does
not depend on the key order of its input.
"""
import json
import random
import sys


def shuffle(value, rng):
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        return {k: shuffle(v, rng) for k, v in items}
    if isinstance(value, list):
        return [shuffle(v, rng) for v in value]
    return value


def main():
    src, dst = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    with open(src) as f:
        data = json.load(f)
    with open(dst, "w") as f:
        json.dump(shuffle(data, random.Random(seed)), f, indent=1)


if __name__ == "__main__":
    main()
