#!/bin/sh
# Exports every Zoo network (random weights, batch norms calibrated on random data) to ONNX and to a PyTorch module
# with its weights, and checks with Debian's PyTorch 1.13 and onnx 1.12 (scripts/check_exports.py) that the module's
# state_dict keys are ours and that it computes what the TorchSharp module computes (float64: max |diff| / max |logit|
# <= 1e-5), and that every ONNX file passes onnx's checker. ONNX Runtime's equivalence is OnnxEquivalenceTests.
#     apt-get install python3-torch python3-onnx && scripts/check_exports.sh
set -e
cd "$(dirname "$0")/.."
/usr/bin/python3 -c "import torch, onnx" || { echo "error: needs python3-torch and python3-onnx (apt-get install python3-torch python3-onnx)" >&2; exit 1; }
ARCH_EXPORT_CHECK_ALL=1 exec dotnet test tests/Architectures.Tests --filter "FullyQualifiedName~PyTorchExportTests.EveryZooNetwork" \
    --logger "console;verbosity=detailed"
