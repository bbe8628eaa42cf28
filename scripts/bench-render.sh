#!/usr/bin/env bash
# The render benchmark: Leitmotif's audio speed and memory, from one run.
#
#   scripts/bench-render.sh            # from the repository root (or anywhere inside it)
#
# 1. `leitmotif render` of a real multi-track game tune (OpenMSX, from OpenTTD) through
#    FluidR3_GM.sf2, against FluidSynth rendering the same file with the same SoundFont
#    (median of 5 wall-clock runs each, taken in turn). Goal: at least 2x faster than FluidSynth.
# 2. The full mixes of every examples/*.toml with the built-in instruments (`cargo bench --bench
#    render` in its quick mode: every cue's performance, mix and mastering, cues in parallel as
#    `compose` runs them, files not written; median of 3 runs): audio seconds per wall-clock
#    second. Goal: at least 300x real time. For reference it also times whole `leitmotif
#    compose` runs, which add composing, MIDI, MusicXML, FLAC encoding and the album.
# 3. Peak memory (maximum resident set size) composing a generated 30-minute story.
#    Goal: under 200 MB.
#
# It installs nothing. It needs, from Debian/Ubuntu:
#   fluidsynth           (apt install fluidsynth)
#   fluid-soundfont-gm   (apt install fluid-soundfont-gm: /usr/share/sounds/sf2/FluidR3_GM.sf2)
#   openttd-openmsx      (apt install openttd-openmsx: /usr/share/games/openttd/baseset/openmsx/*.mid)
#   python3, GNU time    (/usr/bin/time, apt install time)
# Override the inputs with SF2=... MIDI=... RUNS=... WORK=... in the environment; CARGO_TARGET_DIR
# is honoured; SKIP_BUILD=1 uses the binary already built.
#
# Exit status: 0 when every measurement ran (goals missed are reported, not failures), 1 when a
# measurement could not run (a missing tool, or a leitmotif subcommand that does not exist yet).

set -uo pipefail

SF2=${SF2:-/usr/share/sounds/sf2/FluidR3_GM.sf2}
MIDI=${MIDI:-/usr/share/games/openttd/baseset/openmsx/keep_on_rolling.mid}
RUNS=${RUNS:-5}
WORK=${WORK:-/tmp/leitmotif-bench}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
LEITMOTIF="${CARGO_TARGET_DIR:-$ROOT/target}/release/leitmotif"
failed=0

say() { printf '%s\n' "$*"; }
fail() { say "FAILED: $*"; failed=1; }

need() { # need COMMAND-OR-FILE HOW-TO-GET-IT
    if [[ "$1" == /* ]]; then [[ -e "$1" ]]; else command -v "$1" >/dev/null; fi || {
        say "missing: $1 ($2)"
        return 1
    }
}

# Wall-clock seconds of a command (its output discarded); non-zero status if it failed.
wall() {
    local start end status
    start=$(date +%s.%N)
    "$@" >/dev/null 2>"$WORK/last-stderr"
    status=$?
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
    return $status
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }

mkdir -p "$WORK"
say "Leitmotif render benchmark — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -m)"
say "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall-clock figures)"
say

missing=0
need python3 "apt install python3" || missing=1
need /usr/bin/time "apt install time" || missing=1
need cargo "https://rustup.rs" || missing=1
if ((missing)); then
    fail "install the tools above and run again"
    exit 1
fi

if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
    say "== build skipped (SKIP_BUILD=1): using $LEITMOTIF"
else
    say "== build: cargo build --release"
    if ! (cd "$ROOT" && cargo build --release --quiet); then
        fail "cargo build --release"
        exit 1
    fi
fi
if [[ ! -x "$LEITMOTIF" ]]; then
    fail "$LEITMOTIF does not exist"
    exit 1
fi
say

# ---------------------------------------------------------------------------------------------
say "== 1. leitmotif render vs FluidSynth (SoundFont, one MIDI file, medians of $RUNS runs each)"
have_inputs=1
need fluidsynth "apt install fluidsynth" || have_inputs=0
need "$SF2" "apt install fluid-soundfont-gm" || have_inputs=0
need "$MIDI" "apt install openttd-openmsx" || have_inputs=0
if ((have_inputs)); then
    python3 - "$MIDI" <<'EOF'
import struct, sys

def vlq(b, i):
    v = 0
    while True:
        c = b[i]; i += 1; v = (v << 7) | (c & 0x7F)
        if c < 0x80:
            return v, i

path = sys.argv[1]
b = open(path, "rb").read()
assert b[:4] == b"MThd", "not a Standard MIDI File"
fmt, ntrk, div = struct.unpack(">HHH", b[8:14])
i, tempos, end_tick, channels, notes = 8 + struct.unpack(">I", b[4:8])[0], [], 0, set(), 0
for _ in range(ntrk):
    length = struct.unpack(">I", b[i + 4:i + 8])[0]
    j, end, tick, status = i + 8, i + 8 + length, 0, 0
    while j < end:
        d, j = vlq(b, j); tick += d; s = b[j]
        if s == 0xFF:
            kind = b[j + 1]; n, j2 = vlq(b, j + 2)
            if kind == 0x51:
                tempos.append((tick, int.from_bytes(b[j2:j2 + 3], "big")))
            j = j2 + n
        elif s in (0xF0, 0xF7):
            n, j2 = vlq(b, j + 1); j = j2 + n
        else:
            if s & 0x80:
                status = s; j += 1
            hi = status & 0xF0
            if hi == 0x90 and b[j + 1] > 0:
                notes += 1; channels.add(status & 0x0F)
            j += 1 if hi in (0xC0, 0xD0) else 2
    end_tick = max(end_tick, tick); i = end
seconds, last, tempo = 0.0, 0, 500000
for tick, t in sorted(tempos):
    if tick > end_tick:
        break
    seconds += (tick - last) * tempo / div / 1e6; last, tempo = tick, t
seconds += (end_tick - last) * tempo / div / 1e6
name = path.rsplit("/", 1)[-1]
print(f"tune: {name} — {seconds // 60:.0f}:{seconds % 60:04.1f} ({seconds:.1f} s), "
      f"{ntrk} tracks (format {fmt}), {len(channels)} MIDI channels, {notes} notes")
EOF
    say "SoundFont: $SF2 ($(du -h "$SF2" | cut -f1))"
    say "fluidsynth: $(fluidsynth --version 2>/dev/null | head -1)"

    say "  fluidsynth -ni -F $WORK/fluidsynth.wav -r 48000 SF2 MID   (default reverb + chorus)"
    say "  leitmotif render MID -o $WORK/leitmotif.wav --soundfont SF2"
    say "  (run in turn, $RUNS times each, so both see the same machine: its speed drifts by a tenth)"
    if ! "$LEITMOTIF" render --help >/dev/null 2>&1; then
        fail "$LEITMOTIF has no 'render' subcommand yet (render --help failed)"
    else
        fluid_runs=()
        leit_runs=()
        for ((i = 0; i < RUNS; i++)); do
            if ! t=$(wall fluidsynth -ni -F "$WORK/fluidsynth.wav" -r 48000 "$SF2" "$MIDI"); then
                sed 's/^/    /' "$WORK/last-stderr" | tail -5
                fail "fluidsynth did not render the file"
                break
            fi
            fluid_runs+=("$t")
            if ! t=$(wall "$LEITMOTIF" render "$MIDI" -o "$WORK/leitmotif.wav" --soundfont "$SF2"); then
                sed 's/^/    /' "$WORK/last-stderr" | tail -5
                fail "leitmotif render failed"
                break
            fi
            leit_runs+=("$t")
        done
        median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
        if ((${#fluid_runs[@]} == RUNS && ${#leit_runs[@]} == RUNS)); then
            fluid=$(median "${fluid_runs[@]}")
            leit=$(median "${leit_runs[@]}")
            say "    fluidsynth median wall clock: ${fluid} s (runs: ${fluid_runs[*]})"
            say "    leitmotif  median wall clock: ${leit} s (runs: ${leit_runs[*]})"
            r=$(ratio "$fluid" "$leit")
            verdict=$(awk -v r="$r" 'BEGIN { print (r >= 2 ? "meets" : "MISSES") }')
            say "  speed: leitmotif is ${r}x FluidSynth's speed ($verdict the goal of >= 2x)"
        fi
    fi
else
    fail "section 1 needs the packages listed above"
fi
say

# ---------------------------------------------------------------------------------------------
say "== 2. the examples' full mixes, built-in instruments (cargo bench --bench render, quick mode)"
unset LEITMOTIF_SOUNDFONT # measure the default instruments, whatever the caller's shell sets
if (cd "$ROOT" && LEITMOTIF_BENCH_QUICK=1 cargo bench --quiet --bench render) \
    >"$WORK/bench-out" 2>"$WORK/last-stderr"; then
    line=$(grep '^render:' "$WORK/bench-out")
    say "  $line"
    r=$(sed -E 's/.*= ([0-9.]+)x real time.*/\1/' <<<"$line")
    verdict=$(awk -v r="$r" 'BEGIN { print (r >= 300 ? "meets" : "MISSES") }')
    say "  mix and mastering: ${r}x real time ($verdict the goal of >= 300x)"
else
    sed 's/^/    /' "$WORK/last-stderr" | tail -5
    fail "cargo bench --bench render"
fi
say "  for reference, whole compose runs (one each; adds composing, MIDI, MusicXML, FLAC, album):"
audio_seconds() { # the rendered audio of an output folder: sum of the cues' duration_seconds
    python3 -c 'import json, sys
m = json.load(open(sys.argv[1]))
print("%.3f" % sum(c["duration_seconds"] for c in m["cues"]))' "$1/soundtrack.json"
}
has_audio() { find "$1" \( -name '*.flac' -o -name '*.wav' \) -print -quit | grep -q .; }
total_wall=0
total_audio=0
shopt -s nullglob # (no examples: no loop)
for story in "$ROOT"/examples/*.toml; do
    name=$(basename "$story" .toml)
    out="$WORK/compose/$name"
    rm -rf "$out"
    if ! t=$(wall "$LEITMOTIF" compose "$story" -o "$out" -q); then
        sed 's/^/    /' "$WORK/last-stderr" | tail -5
        fail "leitmotif compose $name"
        continue
    fi
    if ! has_audio "$out"; then
        fail "leitmotif compose $name wrote no audio"
        continue
    fi
    if ! secs=$(audio_seconds "$out"); then
        fail "could not read $out/soundtrack.json"
        continue
    fi
    say "    $name: ${secs} s of music in ${t} s = $(ratio "$secs" "$t")x real time"
    total_wall=$(awk -v a="$total_wall" -v b="$t" 'BEGIN { print a + b }')
    total_audio=$(awk -v a="$total_audio" -v b="$secs" 'BEGIN { print a + b }')
    rm -rf "$out"
done
if awk -v w="$total_wall" 'BEGIN { exit !(w > 0) }'; then
    say "    all examples: ${total_audio} s in ${total_wall} s = $(ratio "$total_audio" "$total_wall")x real time"
fi
say

# ---------------------------------------------------------------------------------------------
say "== 3. peak memory composing 30 minutes of music (20 scenes of 1:30, built-in instruments)"
long="$WORK/thirty-minutes.toml"
{
    printf 'title = "Thirty Minutes"\nseed = 30\n\n'
    printf '[[character]]\nid = "hero"\nname = "Hero"\ntraits = ["brave"]\n\n'
    printf '[[character]]\nid = "rival"\nname = "Rival"\ntraits = ["mysterious"]\n\n'
    printf '[[place]]\nid = "city"\nname = "The City"\ntraits = ["energetic"]\n\n'
    emotions=(hopeful tense epic tender mysterious joyful sad triumphant calm fearful)
    for i in $(seq 1 20); do
        printf '[[scene]]\nid = "scene-%02d"\nduration = "1:30"\nemotion = "%s"\n' "$i" "${emotions[$(((i - 1) % 10))]}"
        printf 'intensity = [0.3, 0.8]\ncharacters = ["hero", "rival"]\nplace = "city"\n\n'
    done
} >"$long"
out="$WORK/compose/thirty-minutes"
rm -rf "$out"
if ! /usr/bin/time -v "$LEITMOTIF" compose "$long" -o "$out" -q >/dev/null 2>"$WORK/time-v.txt"; then
    grep -v '^\s' "$WORK/time-v.txt" | tail -5 | sed 's/^/    /'
    fail "leitmotif compose of the 30-minute story"
elif ! has_audio "$out"; then
    fail "leitmotif compose wrote no audio for the 30-minute story, so its memory means nothing yet"
else
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time-v.txt")
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$WORK/time-v.txt")
    secs=$(audio_seconds "$out" 2>/dev/null || echo "?")
    mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    verdict=$(awk -v m="$mb" 'BEGIN { print (m < 200 ? "meets" : "MISSES") }')
    say "  $long: ${secs} s of music, wall clock ${t}"
    say "  maximum resident set size: ${mb} MB ($verdict the goal of < 200 MB)"
fi
rm -rf "$out" # (over a gigabyte of FLAC)
say

if ((failed)); then
    say "Some measurements could not run (see FAILED above)."
    exit 1
fi
say "All measurements ran."
