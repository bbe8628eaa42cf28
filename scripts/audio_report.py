#!/usr/bin/env python3
"""Runs ../shared/eval/audio_metrics.py on every cue WAV of composed soundtracks and prints the
issue-3 quality bars per cue and in total: loudness, true peak, clipping, clicks, DC, and whether
the key estimated from the audio agrees with the manifest.

Usage (compose with --format wav first):
  ../shared/eval/.venv/bin/python scripts/audio_report.py out/my-heart out/lantern-keep ...
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "eval", "audio_metrics.py"))


def intent(cue):
    key = cue["key"]
    return {"key": f"{key['tonic']} {key['mode']}", "tempo_bpm": cue["tempo"]["bpm"],
            "emotion": {"valence": cue["emotion"]["valence"], "arousal": cue["emotion"]["arousal"]}}


def decay_after(path, music_seconds):
    """Seconds after the music ends until the sound is 40 dB below its level at the end."""
    import numpy as np
    import soundfile as sf
    y, sr = sf.read(path)
    x = y[:, 0] if y.ndim > 1 else y
    win = int(sr * 0.05)
    rms = lambda a: float(np.sqrt(np.mean(x[a:a + win] ** 2))) if a < len(x) else 0.0
    end = int(music_seconds * sr)
    start = rms(max(0, end - win))
    at = end
    while at + win < len(x) and rms(at) > start * 0.01:
        at += win
    return (at - end) / sr


def main(dirs):
    tails = []
    rows, totals = [], {"cues": 0, "lufs": 0, "tp": 0, "clip": 0, "clicks": 0, "dc": 0, "key": 0}
    for d in dirs:
        manifest = json.load(open(os.path.join(d, "soundtrack.json")))
        for cue in manifest["cues"]:
            wav = [f for f in cue["files"].get("audio", []) if f.endswith(".wav")]
            if not wav:
                sys.exit(f"{d}: compose with --format wav to measure")
            path = os.path.join(d, wav[0])
            cache = path + ".metrics.json"  # reruns reuse measurements of unchanged files
            if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(path):
                m = json.load(open(cache))
            else:
                ipath = path + ".intent.json"
                json.dump(intent(cue), open(ipath, "w"))
                out = subprocess.run([sys.executable, EVAL, path, "--intent", ipath],
                                     capture_output=True, text=True, check=True).stdout
                os.remove(ipath)
                m = json.loads(out)
                json.dump(m, open(cache, "w"))
            loud, clicks = m["loudness"], m["clicks"]
            agree = m.get("agreement", {})
            key_ok = agree.get("key_match") or agree.get("key_match_or_relative")
            dc = max(abs(x) for x in loud["dc_offset"]) if isinstance(loud["dc_offset"], list) else abs(loud["dc_offset"])
            ok = {
                "lufs": abs(loud["integrated_lufs"] + 14) <= 0.5,
                "tp": loud["true_peak_dbtp_approx"] <= -1.0,
                "clip": loud["clipped_samples"] == 0,
                "clicks": clicks["click_count"] == 0,
                "dc": dc < 1e-4,
                "key": bool(agree.get("key_match")),
            }
            tails.append((os.path.basename(d), wav[0], cue["emotion"]["name"],
                          cue.get("audio", {}).get("reverb_seconds"), decay_after(path, cue["duration_seconds"])))
            totals["cues"] += 1
            for k, v in ok.items():
                totals[k] += int(v)
            rows.append((os.path.basename(d), wav[0], loud["integrated_lufs"], loud["true_peak_dbtp_approx"],
                         loud["clipped_samples"], clicks["click_count"], dc, m["key"].get("name", "?"),
                         cue["key"]["name"], agree.get("key_relation", "?"), key_ok))
    for r in rows:
        print("%-14s %-28s LUFS %6.2f  TP %6.2f  clip %d  clicks %d  DC %.1e  key %-10s want %-10s %s" % r[:10])
    print("\nreverb tails (RT60 of the cue's room; measured decay of 40 dB after the music ends):")
    for t in tails:
        if t[2] in ("nostalgic", "grief") or (t[3] or 0) >= 3:
            print("  %-14s %-28s %-10s RT60 %.1f s  measured %.2f s" % t)
    n = totals["cues"]
    print(f"\n{n} cues: LUFS ok {totals['lufs']}/{n}, true peak ok {totals['tp']}/{n}, "
          f"no clipping {totals['clip']}/{n}, no clicks {totals['clicks']}/{n}, DC ok {totals['dc']}/{n}, "
          f"audio key = manifest key {totals['key']}/{n} ({100 * totals['key'] / max(n, 1):.0f} %)")


if __name__ == "__main__":
    main(sys.argv[1:])
