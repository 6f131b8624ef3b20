"""The dsocr-trace command line: load a model, build its inputs, trace one
forward pass, write the trace. Every failure is one line
`dsocr-trace: error: ...` and exit status 1, with no output file."""
import argparse
import importlib
import inspect
import os
import re
import runpy
import sys

from . import __version__
from .api import BACKENDS, build_trace, write_trace
from .errors import TraceError, describe_exception

PROG = "dsocr-trace"

DESCRIPTION = """\
Runs one forward pass of a PyTorch model and writes its TorchLens module
call-graph trace (the JSON that dsocr-opt reads): call_counts, edges,
op_call_counts, module_children, module_classes.

MODEL is either
  MODULE:FACTORY   a module to import and a name in it: a torch.nn.Module
                   instance, or a class or function called with no
                   arguments (torchvision.models:resnet18); FACTORY may be
                   a call expression evaluated in the module
                   ('torch.nn:Transformer(d_model=64, nhead=4)');
  FILE.py[:NAME]   a Python file; NAME (default `model`) is used like
                   FACTORY. The file may define `inputs`: the forward's
                   arguments, or a function returning them (called with
                   the model when it takes an argument).

Inputs (--input, --inputs-code, or the file's `inputs`): a tuple or list is
the positional arguments, a dict the keyword arguments, anything else the
one argument. Weights are random, from --seed. The model runs in eval mode
unless --train.
"""

EPILOG = """\
examples:
  dsocr-trace torchvision.models:resnet18 --input 1x3x224x224 -o resnet18.json
  dsocr-trace mymodel.py -o trace.json --metadata
  dsocr-trace 'torch.nn:Transformer(d_model=64, nhead=4)' \\
      --input 10x1x64 --input 7x1x64 -o transformer.json
  dsocr-trace torchvision.models:vit_b_16 \\
      --inputs-code 'torch.randn(2, 3, 224, 224)' --backend hooks -o -
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise TraceError(message + " (see %s --help)" % PROG)


def _parser():
    p = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", metavar="MODEL",
                   help="MODULE:FACTORY or FILE.py[:NAME]")
    p.add_argument("--input", action="append", default=[],
                   metavar="SHAPE[:DTYPE[:HIGH]]",
                   help="a random input tensor, e.g. 1x3x224x224 or "
                        "1x16:int64:1000 (integers and bools are drawn from "
                        "[0, HIGH), default 10 and 2); repeat for several "
                        "positional arguments")
    p.add_argument("--inputs-code", metavar="CODE",
                   help="Python code giving the inputs: an expression, or "
                        "statements that set `inputs`; `torch` and `model` "
                        "are defined")
    p.add_argument("-o", "--output", default="-", metavar="FILE",
                   help="where to write the trace ('-', the default, is "
                        "standard output); written atomically")
    p.add_argument("--backend", choices=BACKENDS, default="auto",
                   help="torchlens (TorchLens's log_forward_pass), hooks "
                        "(plain PyTorch), or auto: torchlens when it can be "
                        "imported, else hooks (default)")
    p.add_argument("--metadata", action="store_true",
                   help="add constructor_params, input_metadata and "
                        "output_metadata")
    p.add_argument("--seed", type=int, default=0,
                   help="random seed for the weights, the inputs and the "
                        "pass (default 0)")
    p.add_argument("--train", action="store_true",
                   help="trace in training mode (default: eval mode)")
    p.add_argument("--version", action="version",
                   version="%s version %s" % (PROG, __version__))
    return p


_FILE_SPEC = re.compile(r"^(?P<path>.+\.py)(?::(?P<name>[A-Za-z_][\w.]*))?$")


def load_model(spec):
    """(model object or factory, namespace, description) for MODEL."""
    m = _FILE_SPEC.match(spec)
    if m:
        path, name = m.group("path"), m.group("name") or "model"
        if not os.path.isfile(path):
            raise TraceError("cannot read model file '%s': %s" % (
                path, "Is a directory" if os.path.isdir(path)
                else "No such file or directory"))
        directory = os.path.dirname(os.path.abspath(path))
        sys.path.insert(0, directory)
        try:
            namespace = runpy.run_path(path, run_name="dsocr_trace_model")
        except SystemExit as e:
            raise TraceError("model file '%s' exited (status %s)"
                             % (path, e.code))
        except Exception as e:
            raise TraceError("model file '%s' raised %s"
                             % (path, describe_exception(e)))
        obj = namespace
        for i, part in enumerate(name.split(".")):
            if i == 0:
                if part not in namespace:
                    raise TraceError("model file '%s' defines no '%s'"
                                     % (path, part))
                obj = namespace[part]
            elif not hasattr(obj, part):
                raise TraceError("model file '%s' has no '%s'" % (path, name))
            else:
                obj = getattr(obj, part)
        return obj, namespace, "'%s' in %s" % (name, path)

    module_name, sep, expr = spec.partition(":")
    if not sep or not module_name or not expr:
        raise TraceError("model '%s' is neither MODULE:FACTORY nor a .py "
                         "file" % spec)
    try:
        module = importlib.import_module(module_name)
    except Exception as e:
        raise TraceError("cannot import '%s': %s"
                         % (module_name, describe_exception(e)))
    namespace = dict(vars(module))
    if "(" in expr:
        try:
            obj = eval(expr, namespace)
        except Exception as e:
            raise TraceError("'%s' raised %s" % (spec, describe_exception(e)))
        return obj, None, "'%s'" % spec
    obj = module
    for part in expr.split("."):
        if not hasattr(obj, part):
            raise TraceError("module '%s' has no '%s'" % (module_name, expr))
        obj = getattr(obj, part)
    return obj, None, "'%s'" % spec


def instantiate(obj, what):
    import torch
    if isinstance(obj, torch.nn.Module):
        return obj
    if callable(obj):
        try:
            obj = obj()
        except Exception as e:
            raise TraceError("building the model (%s) raised %s"
                             % (what, describe_exception(e)))
        if isinstance(obj, torch.nn.Module):
            return obj
    raise TraceError("%s is a %s, not a torch.nn.Module or a function "
                     "returning one" % (what, type(obj).__name__))


def parse_input(text):
    """A random tensor from SHAPE[:DTYPE[:HIGH]]."""
    import torch
    parts = text.split(":")
    if len(parts) > 3:
        raise TraceError("--input '%s' is not SHAPE[:DTYPE[:HIGH]]" % text)
    try:
        shape = [int(d) for d in parts[0].lower().split("x")]
        if any(d < 0 for d in shape):
            raise ValueError
    except ValueError:
        raise TraceError("--input '%s': the shape must be sizes joined by "
                         "'x', like 1x3x224x224" % text)
    dtype = torch.float32
    if len(parts) > 1 and parts[1]:
        dtype = getattr(torch, parts[1], None)
        if not isinstance(dtype, torch.dtype):
            raise TraceError("--input '%s': unknown dtype '%s'"
                             % (text, parts[1]))
    if dtype == torch.bool:
        high = 2
    elif dtype.is_floating_point or dtype.is_complex:
        if len(parts) > 2:
            raise TraceError("--input '%s': HIGH is for integer tensors"
                             % text)
        return torch.randn(*shape, dtype=dtype)
    else:
        high = 10
    if len(parts) > 2:
        try:
            high = int(parts[2])
            if high < 1:
                raise ValueError
        except ValueError:
            raise TraceError("--input '%s': HIGH must be a positive integer"
                             % text)
    return torch.randint(0, high, shape).to(dtype)


def build_inputs(args, model, namespace):
    import torch
    if args.inputs_code is not None and args.input:
        raise TraceError("give either --input or --inputs-code, not both")
    if args.input:
        return tuple(parse_input(s) for s in args.input)
    if args.inputs_code is not None:
        scope = {"torch": torch, "model": model}
        code = args.inputs_code
        try:
            try:
                compiled = compile(code, "<--inputs-code>", "eval")
            except SyntaxError:
                compiled = None
            if compiled is not None:
                return eval(compiled, scope)
            exec(compile(code, "<--inputs-code>", "exec"), scope)
        except Exception as e:
            raise TraceError("--inputs-code raised %s"
                             % describe_exception(e))
        if "inputs" not in scope:
            raise TraceError("--inputs-code is statements that set no "
                             "`inputs`")
        return scope["inputs"]
    if namespace is not None and "inputs" in namespace:
        inputs = namespace["inputs"]
        if callable(inputs) and not isinstance(inputs, torch.Tensor):
            try:
                takes = len(inspect.signature(inputs).parameters) > 0
            except (TypeError, ValueError):
                takes = False
            try:
                inputs = inputs(model) if takes else inputs()
            except Exception as e:
                raise TraceError("the file's inputs() raised %s"
                                 % describe_exception(e))
        return inputs
    raise TraceError("no inputs: give --input SHAPE or --inputs-code CODE")


def _torch_or_reexec(argv):
    """Imports torch; when this interpreter cannot, runs the command again
    under /usr/bin/python3 (where Debian's python3-torch lives) or fails
    saying so."""
    try:
        import torch  # noqa: F401
        return
    except Exception as e:
        why = describe_exception(e)
    system = "/usr/bin/python3"
    here = os.path.realpath(sys.executable or "")
    if (os.environ.get("DSOCR_TRACE_REEXEC") != "1"
            and os.path.exists(system) and os.path.realpath(system) != here):
        env = dict(os.environ)
        env["DSOCR_TRACE_REEXEC"] = "1"
        package_parent = os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))
        env["PYTHONPATH"] = os.pathsep.join(
            [package_parent] + [p for p in env.get("PYTHONPATH", "").split(
                os.pathsep) if p])
        print("%s: note: %s cannot import torch (%s); running under %s, "
              "where Debian's python3-torch lives"
              % (PROG, sys.executable, why, system), file=sys.stderr)
        sys.stderr.flush()
        os.execve(system, [system, "-m", "dsocr_trace"] + argv, env)
    raise TraceError(
        "%s cannot import torch (%s); install Debian's python3-torch and "
        "python3-torchvision (utils/setup.sh does), which serve %s, and run "
        "dsocr-trace with that interpreter"
        % (sys.executable, why, system))


def run(argv):
    args = _parser().parse_args(argv)
    _torch_or_reexec(argv)
    from .seed import seed_everything
    seed_everything(args.seed)
    obj, namespace, what = load_model(args.model)
    model = instantiate(obj, what)
    model.train(args.train)
    seed_everything(args.seed)
    inputs = build_inputs(args, model, namespace)
    trace = build_trace(model, inputs, backend=args.backend,
                        metadata=args.metadata, seed=args.seed)
    write_trace(trace, args.output)
    if not trace["call_counts"]:
        print("%s: warning: the trace is empty: no submodule of the model "
              "ran a tensor op (the model itself is not in a trace)" % PROG,
              file=sys.stderr)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        run(argv)
    except TraceError as e:
        print("%s: error: %s" % (PROG, e), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("%s: error: interrupted" % PROG, file=sys.stderr)
        return 1
    return 0
