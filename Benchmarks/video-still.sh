#!/usr/bin/env bash
# video/still: the capture time of Benchmarks/compositions/video (a full-frame 1280×720 <video>) against
# Benchmarks/compositions/still (the same page with a still image in the video's place), 1 worker, FRAMES
# frames each, RUNS interleaved pairs after one warm-up pair. The ratio is taken within each pair (same
# machine state); prints one line per run, then one JSON line. Asserts nothing on time; exits non-zero
# only when a render fails.
#
#   Benchmarks/video-still.sh [RUNS] [FRAMES]     (defaults 3, 90; FRAMEGATE=path overrides the binary)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS="${1:-3}"
FRAMES="${2:-90}"
FRAMEGATE="${FRAMEGATE:-}"
if [[ -z "$FRAMEGATE" ]]; then
    (cd "$ROOT" && swift build -c release --product framegate >&2)
    FRAMEGATE="$(cd "$ROOT" && swift build -c release --show-bin-path)/framegate"
fi
[[ -x "$FRAMEGATE" ]] || { echo "video-still: no framegate binary at $FRAMEGATE" >&2; exit 2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

capture_seconds() { # composition
    "$FRAMEGATE" render "$ROOT/Benchmarks/compositions/$1" -o "$WORK/$1.mp4" --frames "0:$FRAMES" 2>"$WORK/err" >/dev/null \
        || { cat "$WORK/err" >&2; exit 3; }
    awk '/^ *capture /{print $2}' "$WORK/err"
}

capture_seconds still >/dev/null
capture_seconds video >/dev/null
stills=() videos=()
for run in $(seq "$RUNS"); do
    still="$(capture_seconds still)"
    video="$(capture_seconds video)"
    stills+=("$still") videos+=("$video")
    echo "video-still: run $run: still $still s, video $video s" >&2
done
python3 - "$FRAMES" "${stills[*]}" "${videos[*]}" <<'PY'
import json, statistics, sys
frames, stills, videos = int(sys.argv[1]), [float(x) for x in sys.argv[2].split()], [float(x) for x in sys.argv[3].split()]
ratios = [v / s for v, s in zip(videos, stills)]
stat = lambda xs: {"min": round(min(xs), 3), "median": round(statistics.median(xs), 3), "max": round(max(xs), 3), "runs": len(xs)}
print(json.dumps({"frames": frames, "still_s": stat(stills), "video_s": stat(videos), "video/still": stat(ratios)}, separators=(",", ":")))
PY
