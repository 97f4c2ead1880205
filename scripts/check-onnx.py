#!/usr/bin/python3
"""Run the ONNX checker (full_check=True: also shape inference) on each model given.

Usage: /usr/bin/python3 scripts/check-onnx.py model.onnx [...]
Prints one 'ok <path> ir=<v> opset=<v>' line per model; exits 1 on the first failure.
Uses Debian's python3-onnx (no pip).
"""
import sys

import onnx


def main(paths):
    if not paths:
        print("usage: check-onnx.py model.onnx [...]", file=sys.stderr)
        return 2
    for path in paths:
        model = onnx.load(path)
        try:
            onnx.checker.check_model(model, full_check=True)
        except Exception as e:  # the checker raises ValidationError / InferenceError
            print(f"FAIL {path}: {e}", file=sys.stderr)
            return 1
        opset = ",".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import)
        print(f"ok {path} ir={model.ir_version} opset={opset}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
