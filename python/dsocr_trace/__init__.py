"""dsocr_trace: turn a PyTorch model into a TorchLens module call-graph trace.

The trace is the JSON object dsocr-opt reads (SPEC.md section 2):
call_counts, edges, op_call_counts, module_children, module_classes and,
on request, constructor_params, input_metadata and output_metadata.

    from dsocr_trace import trace
    trace(model, (x,), "trace.json")                  # backend="auto"
    trace(model, (x,), "trace.json", backend="hooks", metadata=True)

Two backends make it: "torchlens" (TorchLens's log_forward_pass, when
TorchLens is importable) and "hooks" (plain PyTorch: forward wrappers and a
TorchFunctionMode). docs/Tracing.md says where their op counts differ.
Importing this package does not import torch; tracing does.
"""

__version__ = "0.1.0"

from .errors import TraceError  # noqa: E402
from .api import BACKENDS, build_trace, trace, write_trace  # noqa: E402

__all__ = ["BACKENDS", "TraceError", "build_trace", "trace", "write_trace",
           "__version__"]
