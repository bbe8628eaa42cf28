#!/usr/bin/env bash
# The adaptive player's soak: 30 minutes of random commands rendered offline, checked by the
# player's own detectors (NaN, clipping, clicks, memory per minute) and, when the independent
# harness is set up (bash ../shared/eval/setup.sh), by ../shared/eval/audio_metrics.py too.
#
#   scripts/soak-player.sh                 # 30 minutes
#   SOAK_MINUTES=5 scripts/soak-player.sh  # shorter
#
# The audio goes to $WORK/soak.wav (default /tmp/leitmotif-soak; about 17 MB a minute).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${WORK:-/tmp/leitmotif-soak}
mkdir -p "$WORK"
cd "$ROOT"
SOAK_WAV="$WORK/soak.wav" cargo bench -q -p leitmotif-player --bench soak
EVAL="$ROOT/../shared/eval"
if [[ -x "$EVAL/.venv/bin/python" ]]; then
    echo "independent check (../shared/eval/audio_metrics.py):"
    "$EVAL/.venv/bin/python" "$EVAL/audio_metrics.py" "$WORK/soak.wav" --no-hpss | python3 -c '
import json, sys
d = json.load(sys.stdin)
l, c = d["loudness"], d["clicks"]
print("  duration %.0f s, clicks %d, clipped samples %d, sample peak %.2f dBFS, true peak %.2f dBTP, integrated %.1f LUFS, |DC| %.1e"
      % (d["duration_s"], c["click_count"], l["clipped_samples"], l["sample_peak_dbfs"], l["true_peak_dbtp_approx"],
         l["integrated_lufs"], l["dc_offset_max_abs"]))
'
else
    echo "(../shared/eval is not set up: skipping the independent click check)"
fi
