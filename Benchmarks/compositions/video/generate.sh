#!/usr/bin/env bash
# Creates clip.mp4 beside this script: 6 s, 30 fps, 1280×720 moving test pattern (testsrc2), silent.
# ci/bench runs it in its working copy of this folder; the clip is not committed (about 1.5 MB).
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=6" \
  -c:v libx264 -preset veryfast -crf 23 -g 30 -bf 0 -pix_fmt yuv420p -threads 1 \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 -movflags +faststart clip.mp4
