#!/usr/bin/env bash
# Fuzzing smoke run for .ci/run (issue 14): every target over its seed
# corpus (fuzz/seed.py, from ../shared/conformance) plus a bounded number
# of mutations, so a panic or a broken property shows at once. A campaign
# is the same command with a time instead of a count (fuzz/README.md).
#
#   fuzz/ci.sh [RUNS]        # executions per target beyond its seeds (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-2000}"
# cargo-fuzz drives libFuzzer; pinned, built from crates.io on rustc 1.95.
if ! cargo fuzz --version 2>/dev/null | grep -q "0.13.1"; then
    cargo install cargo-fuzz --version 0.13.1 --locked --quiet
fi
python3 fuzz/seed.py
# libfuzzer-sys needs nightly-only flags (-Z sanitizer options among
# them); RUSTC_BOOTSTRAP lets the stable 1.95 toolchain accept them.
export RUSTC_BOOTSTRAP=1
flags=(-O -a -s none)
cargo fuzz build "${flags[@]}"
for target in $(cargo fuzz list); do
    echo "fuzz: $target"
    log="$(mktemp)"
    seeds=$(find "fuzz/corpus/$target" -type f | wc -l)
    if ! cargo fuzz run "${flags[@]}" "$target" "fuzz/corpus/$target" -- \
        -runs=$((seeds + runs)) -seed=14 -max_total_time=120 -max_len=65536 -timeout=30 \
        -print_final_stats=1 > "$log" 2>&1; then
        tail -60 "$log" >&2
        echo "fuzz: $target failed; the input is in fuzz/artifacts/$target/" >&2
        exit 1
    fi
    grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|Done|INFO: seed corpus)|cov: .*(INITED|DONE)" "$log" || true
    rm -f "$log"
done
