#!/usr/bin/env python3
"""Checks facts about a model against its TorchLens call-graph trace.

Usage: check_trace_facts.py TRACE.json FACTS [FACTS...]

Facts are lines `FACT: KIND ARGS` (anything may precede `FACT:`, so they can
be comments in a lit test) in the FACTS files ('-' is standard input). They
are written from the model's definition: how often a module runs, which
experts a router chose, the first-call order of the top-level modules,
that a never-called container is skipped.

A PATTERN is a module address in which a segment may be `*` (any one
segment) or hold `*` (any characters but a dot: `inception*`), and an
index may be a set `[0-3]`, `[0,2,5-7]`; it is matched
against every module of module_classes and must match at least one
(`count` may match none). A
LIST is addresses (patterns with sets expand in order, `layer.[0-2]` is
three). A VALUE is `N`, `>=N` or `<=N`.

  calls PATTERN VALUE      every match is called VALUE times
  uncalled PATTERN         every match is never called: a class, no call
                           count, in no module_children list and no edge
  skipped PATTERN          every match is a never-called container whose
                           called children are listed by its nearest called
                           ancestor, or are top-level when it has none
  class PATTERN NAME       every match has class NAME
  ops PATTERN VALUE        every called match runs VALUE ops of its own
                           (over all its calls); one match at least is
                           called
  count PATTERN VALUE      the number of called matches
  children ADDR LIST       module_children[ADDR] is exactly LIST, in order
  no-children ADDR         ADDR has no module_children entry
  edge P C [VALUE]         the edge P->C exists (and weighs VALUE ops)
  top LIST                 the called modules listed by no module_children
                           entry are exactly LIST, in first-call order
  order LIST               LIST appears in call_counts in this order
  modules VALUE            module_classes has VALUE modules
  called VALUE             call_counts has VALUE modules

Prints each failed fact; then `OK: N facts hold` (exit 0) or
`FAIL: M of N facts do not hold` (exit 1).
"""
import json
import re
import sys

SET_RE = re.compile(r"\[([0-9,\- ]+)\]")


def parse_set(text):
    out = []
    for part in text.split(","):
        part = part.strip()
        if "-" in part:
            a, b = part.split("-", 1)
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def expand(pattern):
    """A pattern with index sets -> the list of patterns without them."""
    m = SET_RE.search(pattern)
    if not m:
        return [pattern]
    out = []
    for i in parse_set(m.group(1)):
        out.extend(expand(pattern[:m.start()] + str(i) + pattern[m.end():]))
    return out


def value_ok(actual, spec):
    if spec.startswith(">="):
        return actual >= int(spec[2:])
    if spec.startswith("<="):
        return actual <= int(spec[2:])
    return actual == int(spec)


class Checker:
    def __init__(self, trace):
        self.calls = trace["call_counts"]
        self.edges = trace["edges"]
        self.ops = trace["op_call_counts"]
        self.children = trace["module_children"]
        self.classes = trace.get("module_classes", trace.get("module_types", {}))
        self.listed = {c: p for p, kids in self.children.items() for c in kids}
        self.edge_ends = set()
        for k in self.edges:
            self.edge_ends.update(k.split("->", 1))

    def match(self, pattern, allow_empty=False):
        found = []
        for p in expand(pattern):
            if "*" not in p:
                if p not in self.classes:
                    raise ValueError("no module '%s'" % p)
                found.append(p)
                continue
            rx = re.compile("^" + r"\.".join(
                "[^.]+" if s == "*" else re.escape(s).replace(r"\*", "[^.]*")
                for s in p.split(".")) + "$")
            hits = [a for a in self.classes if rx.match(a)]
            if not hits and not allow_empty:
                raise ValueError("no module matches '%s'" % p)
            found.extend(hits)
        return found

    def addresses(self, items):
        out = []
        for item in items:
            out.extend(expand(item))
        return out

    def nearest_called_ancestor(self, address):
        while "." in address:
            address = address.rsplit(".", 1)[0]
            if address in self.calls:
                return address
        return None

    def check(self, kind, args):
        """None when the fact holds, else why not."""
        if kind == "calls":
            pattern, want = args
            for a in self.match(pattern):
                if a not in self.calls:
                    return "'%s' is never called" % a
                if not value_ok(self.calls[a], want):
                    return "'%s' is called %d times" % (a, self.calls[a])
        elif kind in ("uncalled", "skipped"):
            (pattern,) = args
            for a in self.match(pattern):
                if a in self.calls:
                    return "'%s' is called %d times" % (a, self.calls[a])
                if a in self.listed:
                    return "'%s' is a child of '%s'" % (a, self.listed[a])
                if a in self.children:
                    return "'%s' has a module_children entry" % a
                if a in self.edge_ends:
                    return "'%s' is on an edge" % a
                if kind == "skipped":
                    owner = self.nearest_called_ancestor(a)
                    kids = [c for c in self.calls
                            if c.startswith(a + ".") and "." not in
                            c[len(a) + 1:]]
                    if not kids:
                        return "no element of '%s' is called" % a
                    for c in kids:
                        if self.listed.get(c) != owner:
                            return ("'%s' is listed by %r, not by %r"
                                    % (c, self.listed.get(c), owner))
        elif kind == "class":
            pattern, name = args
            for a in self.match(pattern):
                if self.classes[a] != name:
                    return "'%s' is a %s" % (a, self.classes[a])
        elif kind == "ops":
            pattern, want = args
            called = [a for a in self.match(pattern) if a in self.calls]
            if not called:
                return "no match is called"
            for a in called:
                if not value_ok(self.ops.get(a, 0), want):
                    return "'%s' runs %d ops" % (a, self.ops.get(a, 0))
        elif kind == "count":
            pattern, want = args
            n = sum(1 for a in self.match(pattern, allow_empty=True)
                    if a in self.calls)
            if not value_ok(n, want):
                return "%d called modules match" % n
        elif kind == "children":
            parent, kids = args[0], self.addresses(args[1:])
            got = self.children.get(parent)
            if got != kids:
                return "module_children['%s'] is %s" % (parent, got)
        elif kind == "no-children":
            (parent,) = args
            if parent in self.children:
                return "module_children['%s'] is %s" % (
                    parent, self.children[parent])
        elif kind == "edge":
            key = "%s->%s" % (args[0], args[1])
            if key not in self.edges:
                return "no edge %s" % key
            if len(args) > 2 and not value_ok(self.edges[key], args[2]):
                return "%s weighs %d" % (key, self.edges[key])
        elif kind == "top":
            want = self.addresses(args)
            got = [a for a in self.calls if a not in self.listed]
            if got != want:
                return "the top-level modules are %s" % got
        elif kind == "order":
            want = self.addresses(args)
            missing = [a for a in want if a not in self.calls]
            if missing:
                return "'%s' is never called" % missing[0]
            got = [a for a in self.calls if a in set(want)]
            if got != want:
                return "call_counts has them in the order %s" % got
        elif kind == "modules":
            if not value_ok(len(self.classes), args[0]):
                return "module_classes has %d modules" % len(self.classes)
        elif kind == "called":
            if not value_ok(len(self.calls), args[0]):
                return "call_counts has %d modules" % len(self.calls)
        else:
            return "unknown kind of fact '%s'" % kind
        return None


ARITY = {"calls": (2, 2), "uncalled": (1, 1), "skipped": (1, 1),
         "class": (2, 2), "ops": (2, 2), "count": (2, 2),
         "children": (2, None), "no-children": (1, 1), "edge": (2, 3),
         "top": (1, None), "order": (2, None), "modules": (1, 1),
         "called": (1, 1)}


def read_facts(paths):
    facts = []
    for path in paths:
        f = sys.stdin if path == "-" else open(path)
        with f:
            for n, line in enumerate(f, 1):
                if "FACT:" not in line:
                    continue
                words = line.split("FACT:", 1)[1].split()
                if words:
                    facts.append(("%s:%d" % (path, n), words))
    return facts


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        checker = Checker(json.load(f))
    facts = read_facts(sys.argv[2:])
    bad = 0
    for where, words in facts:
        kind, args = words[0], words[1:]
        lo, hi = ARITY.get(kind, (0, None))
        if len(args) < lo or (hi is not None and len(args) > hi):
            why = "'%s' takes %s arguments" % (kind, lo if lo == hi else
                                               "%d or more" % lo)
        else:
            try:
                why = checker.check(kind, args)
            except ValueError as e:
                why = str(e)
        if why:
            bad += 1
            print("%s: fact does not hold: %s: %s" % (where, " ".join(words),
                                                      why))
    if not facts:
        print("FAIL: no facts found")
        return 1
    if bad:
        print("FAIL: %d of %d facts do not hold" % (bad, len(facts)))
        return 1
    print("OK: %d facts hold" % len(facts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
