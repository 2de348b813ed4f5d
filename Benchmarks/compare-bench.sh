#!/usr/bin/env bash
# compare/ffmpeg-cli: the time of `framegate compare A B --json` against the ffmpeg-CLI method on the
# same pair (one select+psnr pass over the 100 checkpoint frames + one PCM extraction to 16 kHz mono),
# on a 10 s 1280×720 30 fps pair with audio: (a) a byte-identical pair, (b) a lossy pair (crf 18 vs 30).
# Prints min/median/max seconds over RUNS timed runs (after one warm-up) and the ratio of medians,
# then one JSON line. Asserts nothing on time; exits non-zero only when a compare fails or crashes.
#
#   Benchmarks/compare-bench.sh [RUNS]        (default 5; FRAMEGATE=path overrides the binary)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-5}"
(( RUNS >= 3 )) || { echo "compare-bench: at least 3 runs" >&2; exit 2; }
FRAMEGATE="${FRAMEGATE:-}"
if [[ -z "$FRAMEGATE" ]]; then
    (cd "$ROOT" && swift build -c release --product framegate >&2)
    FRAMEGATE="$(cd "$ROOT" && swift build -c release --show-bin-path)/framegate"
fi
[[ -x "$FRAMEGATE" ]] || { echo "compare-bench: no framegate binary at $FRAMEGATE" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Source: testsrc2 (moving content) + a 440 Hz sine, 10 s, 1280x720, 30 fps. No B-frames, like FrameGate's
# own mp4 output, so the two encodes differ only in quality.
make_clip() { # crf out
    ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=10" \
        -f lavfi -i "sine=frequency=440:sample_rate=48000:duration=10" \
        -c:v libx264 -preset veryfast -crf "$1" -bf 0 -pix_fmt yuv420p \
        -c:a aac -b:a 128k -ac 2 -shortest "$2"
}
make_clip 18 "$WORK/a18.mp4"
make_clip 30 "$WORK/b30.mp4"
cp "$WORK/a18.mp4" "$WORK/a18-copy.mp4"

# The 100 checkpoint frames of DESIGN.md for a 10 s 30 fps pair: round((300 − 1)·k/100), k = 0…99.
SELECT="$(python3 -c 'print("+".join("eq(n,%d)" % int(299 * k / 100 + 0.5) for k in range(100)))')"

ffmpeg_method() { # A B — the reference method: one select+psnr pass, one PCM extraction
    ffmpeg -v error -nostats -i "$1" -i "$2" \
        -lavfi "[0:v]select='$SELECT'[a];[1:v]select='$SELECT'[b];[a][b]psnr" -f null -
    ffmpeg -v error -nostats -i "$1" -ac 1 -ar 16000 -f s16le - >/dev/null
}

framegate_method() { # A B — only the compare process is timed; its output is checked afterwards
    "$FRAMEGATE" compare "$1" "$2" --json > "$WORK/last.json" \
        || { echo "compare-bench: framegate compare failed on $1 $2" >&2; exit 1; }
}

check_output() { # the last compare printed 100 checkpoints and an audio object
    python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["checkpoints"]) == 100, "expected 100 checkpoints"
assert "correlation" in d["audio"], "no audio correlation"
' "$WORK/last.json" || { echo "compare-bench: bad output from framegate compare: $(head -c 300 "$WORK/last.json")" >&2; exit 1; }
}

now() { date +%s.%N; }

# time_runs NAME FUNC A B → appends seconds, one per run, to $WORK/NAME.times
time_runs() {
    local name="$1" fn="$2" a="$3" b="$4"
    "$fn" "$a" "$b" >/dev/null # warm-up (page cache, dynamic linking)
    : > "$WORK/$name.times"
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0="$(now)"; "$fn" "$a" "$b" >/dev/null; t1="$(now)"
        if [[ $fn == framegate_method ]]; then check_output; fi
        python3 -c "print(f'{$t1 - $t0:.4f}')" >> "$WORK/$name.times"
    done
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
declare -A CHECK
for pair in identical lossy; do
    if [[ $pair == identical ]]; then A="$WORK/a18-copy.mp4"; B="$WORK/a18.mp4"; else A="$WORK/b30.mp4"; B="$WORK/a18.mp4"; fi
    time_runs "$pair-framegate" framegate_method "$A" "$B"
    CHECK[$pair]="$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
p = [c["psnr"] for c in d["checkpoints"]]
f = [x for x in p if x is not None]
print("identical=%d minPsnr=%s corr=%s" % (len(p) - len(f), ("%.2f" % min(f)) if f else "inf", d["audio"]["correlation"]))
' "$WORK/last.json")"
    time_runs "$pair-ffmpeg" ffmpeg_method "$A" "$B"
done

python3 - "$WORK" "$RUNS" "${CHECK[identical]}" "${CHECK[lossy]}" "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)" "$(nproc)" <<'EOF'
import json, statistics, sys
work, runs, check_identical, check_lossy, load_start, load, cores = sys.argv[1:8]
def stats(name):
    xs = [float(l) for l in open(f"{work}/{name}.times") if l.strip()]
    return {"min": min(xs), "median": statistics.median(xs), "max": max(xs), "runs": len(xs)}
result = {}
print(f"compare/ffmpeg-cli — 10 s 1280x720 30 fps pair, {runs} runs after a warm-up; {cores} cores; "
      f"load avg (1/5/15 min) at start {load_start}, at end {load}")
print(f"{'pair':<10} {'method':<10} {'min s':>8} {'median s':>9} {'max s':>8}")
for pair, check in (("identical", check_identical), ("lossy", check_lossy)):
    fg, ff = stats(f"{pair}-framegate"), stats(f"{pair}-ffmpeg")
    for label, s in (("framegate", fg), ("ffmpeg", ff)):
        print(f"{pair:<10} {label:<10} {s['min']:8.3f} {s['median']:9.3f} {s['max']:8.3f}")
    ratio = fg["median"] / ff["median"]
    print(f"{pair:<10} ratio framegate/ffmpeg (medians) = {ratio:.3f}   [{check}]")
    result[pair] = {"framegate": fg, "ffmpeg": ff, "ratio": round(ratio, 4), "check": check}
result["cores"] = int(cores)
result["loadavg"] = {"start": load_start, "end": load}
print(json.dumps({"bench": "compare", **result}, separators=(",", ":")))
EOF
