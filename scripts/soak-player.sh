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
print(f"  duration {d[\"duration_s\"]:.0f} s, clicks {c[\"click_count\"]}, clipped samples {l[\"clipped_samples\"]}, "
      f"sample peak {l[\"sample_peak_dbfs\"]:.2f} dBFS, true peak {l[\"true_peak_dbtp_approx\"]:.2f} dBTP, "
      f"integrated {l[\"integrated_lufs\"]:.1f} LUFS, |DC| {l[\"dc_offset_max_abs\"]:.1e}")
'
else
    echo "(../shared/eval is not set up: skipping the independent click check)"
fi
