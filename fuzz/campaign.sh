#!/usr/bin/env bash
# A fuzzing campaign (issue 14): each target in turn until it has used
# SECONDS of CPU time (not wall time: on a shared machine a target
# niced behind other work gets what is idle), then libFuzzer is stopped
# with SIGINT so it prints its final stats. Corpora grow in fuzz/corpus/
# (seeded by seed.py, never committed); findings land in
# fuzz/artifacts/<target>/; each target's log in fuzz/campaign/<target>.log
# and one summary line per target (CPU seconds, executions, coverage,
# features, corpus size, findings) on stdout.
#
#   nice -n 19 fuzz/campaign.sh 3600            # every target, one CPU-hour each
#   nice -n 19 fuzz/campaign.sh 600 mail lmtp   # some targets
set -euo pipefail
cd "$(dirname "$0")/.."
budget="${1:?usage: fuzz/campaign.sh CPU_SECONDS [TARGET...]}"
shift
export RUSTC_BOOTSTRAP=1
flags=(-O -a -s none)
python3 fuzz/seed.py
cargo fuzz build "${flags[@]}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi
bin_dir="fuzz/target/$(rustc -vV | sed -n 's/^host: //p')/release"
tick=$(getconf CLK_TCK)
mkdir -p fuzz/campaign
for target in "${targets[@]}"; do
    mkdir -p "fuzz/artifacts/$target"
    log="fuzz/campaign/$target.log"
    "$bin_dir/$target" "fuzz/corpus/$target" -max_len=65536 -timeout=30 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="fuzz/artifacts/$target/" > "$log" 2>&1 &
    pid=$!
    cpu=0
    # utime + stime of the fuzzer (fields 14 and 15 of /proc/PID/stat).
    while kill -0 "$pid" 2>/dev/null; do
        cpu=$(awk -v t="$tick" '{ print int(($14 + $15) / t) }' "/proc/$pid/stat" 2>/dev/null || echo "$cpu")
        if [ "$cpu" -ge "$budget" ]; then
            kill -INT "$pid"
            break
        fi
        sleep 5
    done
    wait "$pid" || true
    execs=$(sed -n 's/^stat::number_of_executed_units: //p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1)
    cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<< "$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<< "$last")
    corpus=$(find "fuzz/corpus/$target" -type f | wc -l)
    found=$(find "fuzz/artifacts/$target" -type f | wc -l)
    echo "$target cpu_s=$cpu execs=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=$corpus findings=$found"
done
