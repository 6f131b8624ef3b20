#!/usr/bin/env python3
"""Prints the groups of a grouped JSON report in a form that does not depend
on sibling order: the `groups` list sorted, and the `tree` with every node's
children sorted by address. Two reports print the same when they have the
same groups (kinds, counts, patterns, members) and the same tree, whatever
order siblings come in.

Usage: canonical_groups.py GROUPED.json

A trace whose keys were shuffled has lost its first-call order, so siblings
may come out in another order; its groups must not change. The determinism
tests compare the two reports through this script.
"""
import json
import sys


def canonical_tree(node):
    node = dict(node)
    kids = [canonical_tree(c) for c in node.get("children", [])]
    kids.sort(key=lambda c: (c.get("address", ""), c.get("kind", "")))
    node["children"] = kids
    return node


def main():
    with open(sys.argv[1]) as f:
        report = json.load(f)
    out = {
        "groups": sorted(report["groups"],
                         key=lambda g: json.dumps(g, sort_keys=True)),
        "tree": canonical_tree(report["tree"]),
        "totals": report["metadata"]["totals"],
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
