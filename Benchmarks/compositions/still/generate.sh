#!/usr/bin/env bash
# Creates still.png beside this script: frame 0 of the video benchmark's clip (testsrc2, 1280×720),
# so the two benchmark compositions show the same kind of picture. Not committed.
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=1" -frames:v 1 -fflags +bitexact -flags:v +bitexact still.png
