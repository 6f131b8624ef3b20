#!/usr/bin/env bash
# Runs the libFuzzer targets of a -DDSOCR_BUILD_FUZZERS=ON build for a bounded
# time each, on a seed corpus made from the test inputs. Fails on any crash,
# leak, timeout or sanitizer report. Usage:
#   utils/fuzz.sh BUILD_DIR [SECONDS_PER_TARGET]
set -euo pipefail
build=$(cd "${1:?usage: utils/fuzz.sh BUILD_DIR [SECONDS]}" && pwd)
seconds=${2:-60}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dsocr-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Seeds: every JSON and IR input of the test suite, including the files
# split-file extracts from .test files.
mkdir -p "$work/split" "$work/json" "$work/ir"
split_file=$(command -v split-file || echo /usr/lib/llvm-14/bin/split-file)
n=0
while IFS= read -r t; do
  if grep -q '^#--- \|^//--- ' "$t"; then
    n=$((n + 1))
    "$split_file" --no-leading-lines "$t" "$work/split/$n" 2>/dev/null || true
  fi
done < <(find "$src/test" -name '*.test' -o -name '*.ir')
while IFS= read -r f; do
  case "$f" in
    *.json) cp "$f" "$work/json/$(echo "$f" | md5sum | cut -c1-16).json" ;;
    *.ir) cp "$f" "$work/ir/$(echo "$f" | md5sum | cut -c1-16).ir" ;;
  esac
done < <(find "$src/test" "$work/split" -type f \( -name '*.json' -o -name '*.ir' \))
echo "fuzz: $(ls "$work/json" | wc -l) JSON and $(ls "$work/ir" | wc -l) IR seeds"

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
status=0
for target in FuzzTraceReader FuzzIRParser FuzzPipeline; do
  corpus="$work/corpus-$target"
  mkdir -p "$corpus"
  case $target in
    FuzzTraceReader) seeds=("$work/json") ;;
    FuzzIRParser) seeds=("$work/ir") ;;
    *) seeds=("$work/json" "$work/ir") ;;
  esac
  echo "fuzz: $target for ${seconds}s"
  if ! (cd "$work" && "$build/bin/$target" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/$target-" \
        "$corpus" "${seeds[@]}" > "$work/$target.log" 2>&1); then
    echo "fuzz: $target FAILED; the end of its log:" >&2
    tail -n 60 "$work/$target.log" >&2
    echo "fuzz: the failing input is kept in $artifacts" >&2
    status=1
  else
    grep -E 'stat::number_of_executed_units|cov:' "$work/$target.log" | tail -n 2
  fi
done
exit $status
