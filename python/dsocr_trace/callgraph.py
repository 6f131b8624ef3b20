"""The conversion both backends share: from the module nesting chain of
every tensor op to the trace's sections.

An op's chain lists the module passes it ran inside, outermost first, each
as (address, pass number); the model itself is not in it, and an op outside
every module has an empty chain and is not counted. For each op:

* op_call_counts[innermost] += 1;
* edges["P->C"] += 1 for every consecutive (P, C) on the chain, so an edge
  weighs the ops run inside C (at any depth) while C was nested in P;
* the chain's modules get a call count: the highest pass number seen (as
  TorchLens's module_num_passes), so a pass that runs no op is not seen;
* module_children[P] gets C the first time a pass of C runs inside a pass
  of P, as TorchLens fills it from module_pass_children. The first module
  of a chain (a top-level one) is nobody's child.

Dictionaries keep insertion order, so call_counts, edges and
op_call_counts follow the first op that reached each key: pre-order of the
call tree, siblings in first-call order.
"""


class CallGraphBuilder:
    def __init__(self):
        self.passes = {}        # address -> highest pass seen
        self.ops = {}           # innermost address -> ops
        self.edges = {}         # "P->C" -> ops
        self.pass_children = {}  # (address, pass) -> [(address, pass)]
        self.top_level = set()   # (address, pass) that began a chain

    def add_op(self, chain, count=1):
        """Records `count` ops run inside `chain` (a sequence of
        (address, pass) pairs, outermost first)."""
        if not chain:
            return
        parent = None
        for depth, (address, npass) in enumerate(chain):
            label = (address, npass)
            if depth == 0:
                self.top_level.add(label)
            else:
                kids = self.pass_children.setdefault(parent, [])
                if label not in kids:
                    kids.append(label)
                key = "%s->%s" % (parent[0], address)
                self.edges[key] = self.edges.get(key, 0) + count
            if self.passes.get(address, 0) < npass:
                self.passes[address] = npass
            parent = label
        innermost = chain[-1][0]
        self.ops[innermost] = self.ops.get(innermost, 0) + count

    def sections(self, classes):
        """The five main sections, in TorchLens key order. `classes` is
        {address: class} for every module."""
        children = {}
        for (parent, _), kids in self.pass_children.items():
            listed = children.setdefault(parent, [])
            for child, _ in kids:
                if child not in listed:
                    listed.append(child)
        return {
            "call_counts": dict(self.passes),
            "edges": dict(self.edges),
            "op_call_counts": dict(self.ops),
            "module_children": children,
            "module_classes": dict(classes),
        }
