# Helper of metadata.test: prints what the test checks.
import json
import sys

t = json.load(open(sys.argv[1]))
p, i, o = t["constructor_params"], t["input_metadata"], t["output_metadata"]


def params(a):
    print("%s params: %s" % (a, " ".join("%s=%s" % kv for kv in p[a].items())))


def tensors(md, a, what):
    calls = []
    for e in md[a]:
        calls.append(", ".join("x".join(map(str, x["shape"])) + " " +
                               x["dtype"] for x in e["tensors"]))
    print("%s %s: %s" % (a, what, " | ".join(calls)))


print("keys: " + " ".join(t))
params("sam_model")
tensors(i, "sam_model", "in")
tensors(o, "sam_model", "out")
tensors(i, "sam_model.blocks.0.attn.qkv", "in")
tensors(i, "sam_model.blocks.2.attn.qkv", "in")
params("sam_model.blocks.2")
params("vision_model.embeddings.patch_embedding")
a = "vision_model.embeddings.patch_embedding"
print("%s calls: %d %d" % (a, len(i.get(a, [])), t["call_counts"].get(a, 0)))
tensors(o, "vision_model", "out")
params("projector.layers")
tensors(i, "embed_tokens", "in")
params("layers.1.mlp")
tensors(o, "layers.1.mlp.gate", "out")
# Every token goes to top_k experts: the routed tokens add up.
routed = sum(i[a][0]["tensors"][0]["shape"][0] for a in i
             if a.startswith("layers.1.mlp.experts.") and a.count(".") == 4)
print("routed tokens of layers.1: %d" % routed)
params("layers.0.mlp.down_proj")
ok = all(len(i[a]) == t["call_counts"][a] == len(o[a]) for a in i)
print("entries per call: " + ("ok" if ok else "WRONG"))
