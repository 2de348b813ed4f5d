#!/usr/bin/env bash
# Recreates the media of the video/still benchmark pair: video/clip.mp4 (2 s, 30 fps, 1280×720 testsrc2,
# looped by the composition) and still/still.jpg (its frame at 1 s); and video/clip-of-still.mp4, that still
# as a 2 s video (ci/bench plays it in the video page in place of clip.mp4: the encoder then sees a picture
# that does not move, so its ratio to still/ is the cost of getting video frames into the page alone).
# Bit-exact flags keep the files identical from run to run.
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=2" \
  -c:v libx264 -preset veryfast -crf 36 -g 60 -bf 0 -pix_fmt yuv420p -threads 1 -an \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 -movflags +faststart video/clip.mp4
ffmpeg -v error -y -ss 1 -i video/clip.mp4 -frames:v 1 -q:v 3 -fflags +bitexact -flags:v +bitexact still/still.jpg
ffmpeg -v error -y -loop 1 -framerate 30 -i still/still.jpg -t 2 \
  -c:v libx264 -preset veryfast -crf 36 -g 60 -bf 0 -pix_fmt yuv420p -threads 1 -an \
  -fflags +bitexact -flags:v +bitexact -map_metadata -1 -movflags +faststart video/clip-of-still.mp4
