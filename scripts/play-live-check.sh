#!/usr/bin/env bash
# `leitmotif play` end to end on a machine without a sound card: a PulseAudio null sink paces the
# audio in real time, its monitor is recorded while commands are typed into the player, and the
# recording is checked for clicks, clipping and loudness (../shared/eval/audio_metrics.py if set up).
#
#   scripts/play-live-check.sh
#
# Needs (Debian/Ubuntu): pulseaudio pulseaudio-utils libasound2-plugins libasound2-dev. It points
# ALSA's default device at PulseAudio through ALSA_CONFIG_PATH for its own processes only.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/leitmotif-live}
mkdir -p "$WORK"
for tool in pulseaudio parecord pactl; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (apt install pulseaudio pulseaudio-utils libasound2-plugins)"; exit 1; }
done
cd "$ROOT"
cargo build -q --release --features device
pulseaudio -k 2>/dev/null || true
pulseaudio -n --daemonize=yes --exit-idle-time=-1 --load="module-null-sink sink_name=leitmotif" \
    --load="module-native-protocol-unix" --load="module-always-sink" 2>/dev/null
trap 'kill "${rec:-0}" 2>/dev/null || true; pulseaudio -k 2>/dev/null || true' EXIT
sleep 1
# ALSA's default device -> PulseAudio, for this script's processes only
cat >"$WORK/asound.conf" <<'CONF'
pcm.!default { type pulse }
ctl.!default { type pulse }
CONF
export ALSA_CONFIG_PATH="/usr/share/alsa/alsa.conf:$WORK/asound.conf"
parecord --device=leitmotif.monitor --file-format=wav --rate=48000 --channels=2 "$WORK/live.wav" &
rec=$!
sleep 0.5
{ sleep 3; echo "emotion tense"; sleep 5; echo "stinger shade"; sleep 2; echo "intensity 0.9 2"
  sleep 3; echo "transition beat"; echo "emotion heroic"; echo "focus shade"; sleep 6; echo "quit"; } |
    ./target/release/leitmotif play examples/lantern-keep.toml
sleep 0.5
kill "$rec"; wait "$rec" 2>/dev/null || true
EVAL="$ROOT/../shared/eval"
if [[ -x "$EVAL/.venv/bin/python" ]]; then
    "$EVAL/.venv/bin/python" "$EVAL/audio_metrics.py" "$WORK/live.wav" --no-hpss | python3 -c '
import json, sys
d = json.load(sys.stdin)
l, c = d["loudness"], d["clicks"]
print("recorded %.1f s from the device: clicks %d, clipped samples %d, peak %.2f dBFS, integrated %.1f LUFS"
      % (d["duration_s"], c["click_count"], l["clipped_samples"], l["sample_peak_dbfs"], l["integrated_lufs"]))
'
else
    echo "recorded $WORK/live.wav (set up ../shared/eval to check it)"
fi
