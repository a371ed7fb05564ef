#!/usr/bin/env bash
# Kills a training run with SIGKILL in the middle of an epoch, resumes it, and compares its final metrics with an
# uninterrupted run of the same seed (every column except the timing ones must be identical).
#
#   scripts/check_resume_after_sigkill.sh [data folder] [training images] [epochs]
#
# Uses the Release build of the CLI (dotnet build -c Release examples/Architectures.Cli).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-/usr/share/datasets/fashion-mnist}
IMAGES=${2:-3000}
EPOCHS=${3:-2}
ARCH=examples/Architectures.Cli/bin/Release/net10.0/arch
WORK=$(mktemp -d /tmp/arch-sigkill.XXXXXX)
ARGS=(train -m SEResNet20 --data "$DATA" --train-images "$IMAGES" --test-images 2000 -e "$EPOCHS" -t 2 --seed 7)

echo "uninterrupted run -> $WORK/whole"
"$ARCH" "${ARGS[@]}" -o "$WORK/whole" > "$WORK/whole.log"

echo "run to be killed -> $WORK/killed"
"$ARCH" "${ARGS[@]}" -o "$WORK/killed" > "$WORK/killed.log" &
PID=$!
# Wait for the checkpoint of the second-to-last epoch, then kill half-way through the last epoch.
until grep -q "SEResNet20 epoch $((EPOCHS - 1)):" "$WORK/killed.log" 2>/dev/null; do sleep 0.5; done
EPOCH_SECONDS=$(awk -F'|' "/SEResNet20 epoch $((EPOCHS - 1)):/ {print \$4}" "$WORK/killed.log" | grep -o '^ *[0-9]*' | tr -d ' ')
sleep $(( (EPOCH_SECONDS + 1) / 2 ))
kill -KILL "$PID"
wait "$PID" 2>/dev/null || true
echo "killed with SIGKILL $(( (EPOCH_SECONDS + 1) / 2 )) s into epoch $EPOCHS; files left: $(ls "$WORK/killed" | tr '\n' ' ')"

"$ARCH" train --resume "$WORK/killed" -t 2 > "$WORK/resumed.log"
grep "resuming after epoch" "$WORK/resumed.log"

# model,epoch,step,lr,train_loss,train_acc,test_loss,test_acc (columns 1-8) must match; the rest are timings and memory.
if diff <(cut -d, -f1-8 "$WORK/whole/metrics.csv") <(cut -d, -f1-8 "$WORK/killed/metrics.csv"); then
  echo "identical: $(tail -1 "$WORK/whole/metrics.csv" | cut -d, -f1-8)"
else
  echo "DIFFERENT final metrics (see above)"; exit 1
fi
