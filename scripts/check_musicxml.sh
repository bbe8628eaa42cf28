#!/usr/bin/env bash
# Checks Leitmotif's MusicXML export on composed examples:
#   (a) range:    every note inside its instrument's range (reported by the writer);
#   (b) music21:  every file parses, with the same notes as the cue's MIDI file within 2 %
#                 (scripts/check_musicxml.py);
#   (s) schema:   every file validates against the MusicXML schema MuseScore 3 checks (3.1),
#                 when xmllint and the schema are available (optional, never fails for absence);
#   (c) MuseScore: MuseScore 3 opens every file and converts it to PDF, headless.
# Prints one line per file and check, then a summary; exits non-zero if any check fails.
#
# Usage: scripts/check_musicxml.sh [options] [story.toml ...]
#   (default stories: examples/my-heart.toml examples/lantern-keep.toml examples/eight-colours.toml)
#   --out DIR          where to write the files (default: a temporary folder, kept)
#   --cli PATH         compose with the leitmotif binary (`PATH compose STORY -o DIR --no-audio`)
#                      instead of the write_musicxml example (no range report then)
#   --range warn       report out-of-range notes without failing (default: fail)
#   --no-musescore     skip check (c)
#
# Tools: cargo; music21 (uses $MUSIC21_PYTHON, else $LEITMOTIF_EVAL_PYTHON or
# ../shared/eval/.venv/bin/python (beside the repository) if it has music21, else a venv it creates once in
# ${XDG_CACHE_HOME:-~/.cache}/leitmotif/music21-venv with pip);
# MuseScore 3 and xvfb (Debian: apt-get install -y musescore3 xvfb); optionally xmllint
# (libxml2-utils) and a MusicXML XSD in $MUSICXML_XSD (else the one built into mscore3 is used).
# The product never needs any of these.

set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

out=""
cli=""
range_mode="fail"
musescore=1
stories=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) out="$2"; shift 2 ;;
        --cli) cli="$2"; shift 2 ;;
        --range) range_mode="$2"; shift 2 ;;
        --no-musescore) musescore=0; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | grep '^#' | cut -c3-; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) stories+=("$1"); shift ;;
    esac
done
if [[ ${#stories[@]} -eq 0 ]]; then
    stories=(examples/my-heart.toml examples/lantern-keep.toml examples/eight-colours.toml)
fi
if [[ -z "$out" ]]; then
    out="$(mktemp -d "${TMPDIR:-/tmp}/leitmotif-musicxml.XXXXXX")"
fi
mkdir -p "$out"
echo "writing to $out"

failures=0
declare -A summary

# --- compose and write -----------------------------------------------------------------------
range_log="$out/ranges.txt"
: > "$range_log"
if [[ -z "$cli" ]]; then
    cargo build --quiet --release -p leitmotif-export --example write_musicxml
    target="${CARGO_TARGET_DIR:-$root/target}"
    writer="$target/release/examples/write_musicxml"
fi
for story in "${stories[@]}"; do
    name="$(basename "$story" .toml)"
    dir="$out/$name"
    rm -rf "$dir"
    if [[ -n "$cli" ]]; then
        "$cli" compose "$story" -o "$dir" --no-audio > "$out/$name.log" 2>&1
    else
        "$writer" "$story" "$dir" | tee "$out/$name.log" | grep '^RANGE' >> "$range_log" || true
    fi
    count=$(find "$dir" -maxdepth 1 -name '*.musicxml' | wc -l)
    echo "composed $story: $count MusicXML files in $dir"
    if [[ "$count" -eq 0 ]]; then
        echo "FAIL $story: no MusicXML written (see $out/$name.log)"
        failures=$((failures + 1))
    fi
done
mapfile -t files < <(find "$out" -mindepth 2 -maxdepth 2 -name '*.musicxml' | sort)
total=${#files[@]}

# --- (a) range -------------------------------------------------------------------------------
if [[ -n "$cli" ]]; then
    summary[range]="skipped (--cli)"
else
    issues=$(wc -l < "$range_log")
    cat "$range_log"
    if [[ "$issues" -eq 0 ]]; then
        summary[range]="pass (no note out of range)"
    elif [[ "$range_mode" == "warn" ]]; then
        summary[range]="warn ($issues notes out of range, see $range_log)"
    else
        summary[range]="FAIL ($issues notes out of range, see $range_log)"
        failures=$((failures + 1))
    fi
fi

# --- (b) music21 -----------------------------------------------------------------------------
has_music21() { "$1" -c 'import music21' > /dev/null 2>&1; }
python=""
for candidate in "${MUSIC21_PYTHON:-}" "${LEITMOTIF_EVAL_PYTHON:-$root/../shared/eval/.venv/bin/python}"; do
    if [[ -n "$candidate" && -x "$candidate" ]] && has_music21 "$candidate"; then
        python="$candidate"
        break
    fi
done
if [[ -z "$python" ]]; then
    venv="${XDG_CACHE_HOME:-$HOME/.cache}/leitmotif/music21-venv"
    if [[ ! -x "$venv/bin/python" ]] || ! has_music21 "$venv/bin/python"; then
        echo "installing music21 into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet music21
    fi
    python="$venv/bin/python"
fi
if "$python" scripts/check_musicxml.py "${files[@]}" | tee "$out/music21.txt"; then
    summary[music21]="pass ($(tail -1 "$out/music21.txt" | sed 's/^music21: //'))"
else
    summary[music21]="FAIL ($(tail -1 "$out/music21.txt" | sed 's/^music21: //'))"
    failures=$((failures + 1))
fi

# --- (s) schema (optional) -------------------------------------------------------------------
mscore=""
for candidate in mscore3 musescore3 mscore musescore; do
    if command -v "$candidate" > /dev/null; then
        mscore="$(command -v "$candidate")"
        break
    fi
done
xsd="${MUSICXML_XSD:-}"
if [[ -z "$xsd" && -n "$mscore" ]] && command -v xmllint > /dev/null; then
    # MuseScore 3 carries the schema it validates against as a compressed Qt resource
    xsd_dir="$out/xsd"
    mkdir -p "$xsd_dir"
    if python3 - "$(readlink -f "$mscore")" "$xsd_dir" <<'EOF'
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"\x78[\x9c\xda\x01\x5e]", data):
    try:
        out = zlib.decompressobj().decompress(data[m.start():m.start() + 4_000_000])
    except zlib.error:
        continue
    if b"<xs:schema" in out and b'name="score-partwise"' in out:
        out = out.replace(b"http://www.musicxml.org/xsd/xml.xsd", b"xml.xsd")
        out = out.replace(b"http://www.musicxml.org/xsd/xlink.xsd", b"xlink.xsd")
        open(sys.argv[2] + "/musicxml.xsd", "wb").write(out)
        break
else:
    sys.exit(1)
# minimal stand-ins for the two W3C schemas it imports (only their attributes are used)
open(sys.argv[2] + "/xml.xsd", "w").write(
    '<xs:schema targetNamespace="http://www.w3.org/XML/1998/namespace" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:attribute name="lang" type="xs:language"/>'
    '<xs:attribute name="space" type="xs:NCName"/></xs:schema>')
open(sys.argv[2] + "/xlink.xsd", "w").write(
    '<xs:schema targetNamespace="http://www.w3.org/1999/xlink" '
    'xmlns:xs="http://www.w3.org/2001/XMLSchema">'
    + "".join(f'<xs:attribute name="{a}" type="xs:string"/>'
              for a in ("href", "type", "role", "title", "show", "actuate"))
    + "</xs:schema>")
EOF
    then
        xsd="$xsd_dir/musicxml.xsd"
    fi
fi
if [[ -n "$xsd" ]] && command -v xmllint > /dev/null; then
    valid=0
    for f in "${files[@]}"; do
        if xmllint --noout --nonet --schema "$xsd" "$f" > "$f.schema.log" 2>&1; then
            valid=$((valid + 1))
            echo "schema PASS $f"
        else
            echo "schema FAIL $f: $(grep -m1 -v 'fails to validate' "$f.schema.log")"
        fi
    done
    if [[ "$valid" -eq "$total" ]]; then
        summary[schema]="pass ($valid/$total valid against $xsd)"
    else
        summary[schema]="FAIL ($valid/$total valid against $xsd)"
        failures=$((failures + 1))
    fi
else
    summary[schema]="skipped (needs xmllint and a MusicXML XSD)"
fi

# --- (c) MuseScore ---------------------------------------------------------------------------
if [[ "$musescore" -eq 0 ]]; then
    summary[musescore]="skipped (--no-musescore)"
elif [[ -z "$mscore" ]] || ! command -v xvfb-run > /dev/null; then
    summary[musescore]="FAIL (MuseScore 3 or xvfb-run missing: apt-get install -y musescore3 xvfb)"
    failures=$((failures + 1))
else
    opened=0
    for f in "${files[@]}"; do
        pdf="${f%.musicxml}.pdf"
        log="$f.musescore.log"
        rm -f "$pdf"
        if timeout 600 xvfb-run -a "$mscore" -o "$pdf" "$f" > "$log" 2>&1 \
            && [[ -s "$pdf" ]] && ! grep -q "not a valid MusicXML file" "$log"; then
            opened=$((opened + 1))
            echo "musescore PASS $f -> $(basename "$pdf") ($(stat -c %s "$pdf") bytes)"
        else
            echo "musescore FAIL $f: $(grep -v -e '^$' -e XDG_RUNTIME_DIR "$log" | tail -2 | tr '\n' ' ')"
        fi
    done
    if [[ "$opened" -eq "$total" ]]; then
        summary[musescore]="pass ($opened/$total files open and convert to PDF)"
    else
        summary[musescore]="FAIL ($opened/$total files open and convert to PDF)"
        failures=$((failures + 1))
    fi
fi

echo
echo "== MusicXML check: $total files from ${#stories[@]} stories in $out"
for check in range music21 schema musescore; do
    printf '  %-10s %s\n' "$check" "${summary[$check]}"
done
if [[ "$failures" -gt 0 ]]; then
    echo "FAILED ($failures checks)"
    exit 1
fi
echo "OK"
