#!/usr/bin/env python3
"""Melody metrics against the human p5-p95 bands, and outer-voice parallels, for composed folders.

Run with the eval harness's interpreter (a development tool; the project does not depend on it):

    ../shared/eval/.venv/bin/python scripts/melody_bands.py out/my-heart out/lantern-keep ...

soundtrack_report.py reads baselines.json as melody_metrics[metric]["pooled"], but the file is
melody_metrics["pooled"][metric], so its melody-band count is always 0; and it reads the parallels
as rate_per_100_motions where midi_metrics writes per_100_motions. This script uses the harness's
own midi_metrics.analyse and the same pooled bands, with the right keys.
"""
import json
import os
import sys

EVAL = os.environ.get("LEITMOTIF_EVAL", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval"))
sys.path.insert(0, EVAL)
import evalcommon as ec  # noqa: E402
import midi_metrics as mm  # noqa: E402

BANDS = ec.load_json(os.path.join(EVAL, "baselines.json"))["melody_metrics"]["pooled"]
KEYS = ["scale_consistency", "stepwise_share", "largest_leap_semitones", "range_semitones",
        "pitch_class_entropy", "phrase_end_tonic_triad_share"]


def main(folders):
    total = ok = 0
    worst = 0.0
    for out in folders:
        manifest = json.load(open(os.path.join(out, "soundtrack.json")))
        for cue in manifest["cues"]:
            intent = {"key": cue["key"]["tonic"], "mode": cue["key"]["mode"], "tempo": cue["tempo"]["bpm"]}
            m = mm.analyse(os.path.join(out, cue["files"]["midi"]), intent=intent, melody_pref="Melody")
            bad = []
            for k in KEYS:
                v, band = m["melody"].get(k), BANDS.get(k)
                if v is not None and band and not band["p5"] <= v <= band["p95"]:
                    bad.append(f"{k}={v:.2f} not in [{band['p5']:.2f}, {band['p95']:.2f}]")
            par = (m.get("outer_voice_parallels") or {}).get("per_100_motions") or 0.0
            worst = max(worst, par)
            total += 1
            ok += not bad
            print(f"{os.path.basename(out.rstrip('/')):16} {cue['scene']:24} {'ok ' if not bad else 'OUT'} "
                  f"parallels/100={par:.2f} {'; '.join(bad)}")
    print(f"melody metrics all in band: {ok}/{total} cues; worst outer-voice parallels per 100 motions: {worst:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
