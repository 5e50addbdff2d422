#!/usr/bin/env bash
# Fuzzes the ONNX importer and the onnx phase for SECONDS (default 60) with
# libFuzzer under ASan+UBSan: builds build-asan's onnxc-import-fuzzer if
# needed, makes a seed corpus from the sample models, a sample of the ONNX
# backend node models and the past findings, and prints executions and
# coverage at the end. A crash, sanitizer report, timeout or OOM fails the
# script and leaves the input in <build>/test/fuzz/artifacts/. See
# docs/testing.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-60}
BUILD_DIR=${ONNXC_SANITIZE_BUILD_DIR:-build-asan}
NODE_DATA=${ONNXC_BACKEND_DATA:-/usr/share/libonnx-testdata/data}/node

./scripts/build-sanitize.sh onnxc-import-fuzzer

fuzz_dir=$BUILD_DIR/test/fuzz
seeds=$fuzz_dir/seeds
corpus=$fuzz_dir/corpus          # what libFuzzer adds; kept between runs
artifacts=$fuzz_dir/artifacts
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
cp examples/*.onnx test/fuzz/regressions/* "$seeds/" 2>/dev/null || true
# Every 8th backend node model (about 120, a few hundred bytes each) spans the
# op families without making each run start with a long corpus pass.
if [[ -d $NODE_DATA ]]; then
  find "$NODE_DATA" -name model.onnx | sort | awk 'NR % 8 == 1' |
    while read -r model; do
      cp "$model" "$seeds/$(basename "$(dirname "$model")").onnx"
    done
fi
echo "fuzz: $(ls "$seeds" | wc -l) seeds, $(ls "$corpus" | wc -l) corpus inputs, ${RUN_SECONDS} s"

# One process (no -jobs/-workers): the machines that run this have 2 cores.
# -max_len covers examples/cnn.onnx; -timeout and -rss_limit_mb bound what
# one input may take (under ASan) before it counts as a finding.
log=$fuzz_dir/fuzz.log
status=0
"$BUILD_DIR/bin/onnxc-import-fuzzer" "$corpus" "$seeds" \
  -dict=test/fuzz/onnx.dict -max_total_time="$RUN_SECONDS" -max_len=32768 \
  -timeout=20 -rss_limit_mb=2560 -artifact_prefix="$artifacts/" \
  -print_final_stats=1 >"$log" 2>&1 || status=$?

if ((status != 0)); then
  tail -n 80 "$log"
  echo "fuzz: FAILED (exit $status); the input is in $artifacts/, the log in $log"
  exit "$status"
fi
grep -E '^#[0-9]+.*(INITED|DONE|pulse|NEW|REDUCE)' "$log" | tail -n 2
grep -E '^stat::' "$log"
echo "fuzz: OK, log in $log"
