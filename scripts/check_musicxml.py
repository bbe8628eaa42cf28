#!/usr/bin/env python3
"""Compares Leitmotif MusicXML files with the MIDI files written beside them.

For every `NN-scene.musicxml` that has a `NN-scene.mid` next to it, music21 reads the MusicXML
(ties joined, grand staves merged back into one part, transposing instruments taken to sounding
pitch) and this script reads the MIDI file with its own small Standard MIDI File reader. Part k of
the MusicXML is MIDI track k (track 0 is the conductor track). A note matches when a note of the
same part has the same sounding key (drums: any drum) and an onset within ONSET_TOLERANCE quarter
notes; the notation is quantised, so a humanised onset may move a few ticks.

A file passes when matched notes are at least (1 - TOLERANCE) of the larger of the two note
counts. Durations are reported but not judged: notation writes the rhythm a player reads
(plucked notes end at the next onset, swing is written as triplets).

Usage: check_musicxml.py [--tolerance 0.02] DIR_OR_FILE...
Exit status: 0 if every file passes, 1 otherwise. Needs music21 (the product does not).
"""

import argparse
import bisect
import sys
from collections import defaultdict
from pathlib import Path

TOLERANCE = 0.02
ONSET_TOLERANCE = 0.05  # quarter notes (48 ticks at 960 PPQ)


def read_vlq(data, i):
    value = 0
    while True:
        b = data[i]
        i += 1
        value = (value << 7) | (b & 0x7F)
        if b < 0x80:
            return value, i


def read_midi(path):
    """(ticks per quarter, tracks); a track is a list of (key, start, end, channel) in ticks."""
    data = Path(path).read_bytes()
    if data[:4] != b"MThd":
        raise ValueError(f"{path}: not a Standard MIDI File")
    header_len = int.from_bytes(data[4:8], "big")
    division = int.from_bytes(data[12:14], "big")
    if division & 0x8000:
        raise ValueError(f"{path}: SMPTE timing is not supported")
    i = 8 + header_len
    tracks = []
    while i + 8 <= len(data):
        kind, length = data[i : i + 4], int.from_bytes(data[i + 4 : i + 8], "big")
        body = data[i + 8 : i + 8 + length]
        i += 8 + length
        if kind != b"MTrk":
            continue
        notes, sounding = [], defaultdict(list)
        j, now, status = 0, 0, 0
        while j < len(body):
            delta, j = read_vlq(body, j)
            now += delta
            b = body[j]
            if b == 0xFF:
                length, j = read_vlq(body, j + 2)
                j += length
                continue
            if b in (0xF0, 0xF7):
                length, j = read_vlq(body, j + 1)
                j += length
                continue
            if b & 0x80:
                status = b
                j += 1
            kind_bits, channel = status & 0xF0, status & 0x0F
            size = 1 if kind_bits in (0xC0, 0xD0) else 2
            args = body[j : j + size]
            j += size
            if kind_bits == 0x90 and args[1] > 0:
                sounding[(channel, args[0])].append(now)
            elif kind_bits == 0x80 or (kind_bits == 0x90 and args[1] == 0):
                starts = sounding[(channel, args[0])]
                if starts:
                    notes.append((args[0], starts.pop(0), now, channel))
        tracks.append(sorted(notes, key=lambda n: (n[1], n[0])))
    return division, tracks


def read_musicxml(path):
    """Parts as lists of (key or None for unpitched, onset, duration) in quarter notes."""
    from music21 import converter, stream  # noqa: I001 (only the check needs music21)

    score = converter.parse(str(path))
    try:
        score = score.toSoundingPitch()
    except Exception:  # older music21: parts carry their own transposition
        pass
    groups, order = {}, []
    for index, part in enumerate(score.parts):
        key = part.id.rsplit("-Staff", 1)[0] if isinstance(part, stream.PartStaff) else f"#{index}"
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(part)
    parts = []
    for key in order:
        notes = []
        for staff in groups[key]:
            flat = staff.stripTies().flatten()
            for element in flat.notes:
                onset = float(element.getOffsetBySite(flat))
                length = float(element.duration.quarterLength)
                if element.isChord or type(element).__name__ == "PercussionChord":
                    for sub in element.notes:
                        midi = sub.pitch.midi if hasattr(sub, "pitch") else None
                        notes.append((midi, onset, length))
                else:
                    midi = element.pitch.midi if hasattr(element, "pitch") else None
                    notes.append((midi, onset, length))
        parts.append(sorted(notes, key=lambda n: (n[1], n[0] if n[0] is not None else -1)))
    return parts


def match(midi_notes, xml_notes):
    """Greedy matching by key (or any drum) and onset. Returns the matched (midi, xml) pairs."""
    pools = defaultdict(list)
    for index, (key, onset, _) in enumerate(xml_notes):
        pools[key].append((onset, index))
    for pool in pools.values():
        pool.sort()
    used, pairs = set(), []
    for m in midi_notes:
        key = m[0] if None not in pools else None
        pool = pools.get(key, [])
        onsets = [p[0] for p in pool]
        k = bisect.bisect_left(onsets, m[1] - ONSET_TOLERANCE)
        while k < len(pool) and pool[k][0] <= m[1] + ONSET_TOLERANCE:
            if pool[k][1] not in used:
                used.add(pool[k][1])
                pairs.append((m, xml_notes[pool[k][1]]))
                break
            k += 1
    return pairs


def check_file(xml_path, tolerance):
    mid_path = xml_path.with_suffix(".mid")
    if not mid_path.exists():
        return False, f"no MIDI file {mid_path.name} beside it"
    ppq, tracks = read_midi(mid_path)
    part_tracks = tracks[1:]
    xml_parts = read_musicxml(xml_path)
    if len(xml_parts) != len(part_tracks):
        return False, f"{len(xml_parts)} parts in MusicXML, {len(part_tracks)} part tracks in MIDI"
    total_midi = total_xml = total_matched = 0
    onset_error = 0.0
    durations_close = 0
    pitched_pairs = 0
    worst = []
    for number, (track, xml_notes) in enumerate(zip(part_tracks, xml_parts), start=1):
        midi_notes = [(key, start / ppq, (end - start) / ppq) for key, start, end, _ in track]
        unpitched = any(n[0] is None for n in xml_notes)
        if unpitched:
            midi_notes = [(None, onset, length) for _, onset, length in midi_notes]
        pairs = match(midi_notes, xml_notes)
        total_midi += len(midi_notes)
        total_xml += len(xml_notes)
        total_matched += len(pairs)
        for m, x in pairs:
            onset_error += abs(m[1] - x[1])
            if m[0] is not None:
                pitched_pairs += 1
                if abs(m[2] - x[2]) <= max(0.125, 0.1 * m[2]):
                    durations_close += 1
        larger = max(len(midi_notes), len(xml_notes), 1)
        if len(pairs) < larger:
            worst.append(f"part {number}: {len(pairs)}/{larger}")
    larger = max(total_midi, total_xml, 1)
    ratio = total_matched / larger
    ok = ratio >= 1 - tolerance
    mean_error_ticks = onset_error / max(total_matched, 1) * ppq
    detail = (
        f"{total_matched}/{larger} notes match ({100 * ratio:.2f} %; MIDI {total_midi}, "
        f"MusicXML {total_xml}), mean onset shift {mean_error_ticks:.1f} ticks, "
        f"durations within 10 %: {100 * durations_close / max(pitched_pairs, 1):.0f} %"
    )
    if worst:
        detail += "; unmatched in " + ", ".join(worst[:4])
    return ok, detail


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    args = parser.parse_args()
    files = []
    for p in map(Path, args.paths):
        files.extend(sorted(p.glob("*.musicxml")) if p.is_dir() else [p])
    if not files:
        print("no .musicxml files found", file=sys.stderr)
        return 1
    failed = 0
    for f in files:
        try:
            ok, detail = check_file(f, args.tolerance)
        except Exception as e:  # a file music21 cannot read is a failure, not a crash
            ok, detail = False, f"{type(e).__name__}: {e}"
        failed += not ok
        print(f"music21 {'PASS' if ok else 'FAIL'} {f}: {detail}", flush=True)
    print(f"music21: {len(files) - failed}/{len(files)} files pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
