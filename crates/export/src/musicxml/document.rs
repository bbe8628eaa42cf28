//! Writing the MusicXML 4.0 partwise document from prepared parts: header (work, movement,
//! identification, page defaults, credits), part list (names, instruments, MIDI programs and
//! channels), then every part measure by measure.

use super::accidentals::accidental_name;
use super::clefs::Clef;
use super::durations::{Content, Piece};
use super::instruments::{abbreviation, part_names, sound};
use super::layout::{Bar, Layout};
use super::part::{prepare, PartStats, PreparedPart, VoiceBar};
use super::transposition::transpose_element;
use super::writer::{decimal, XmlWriter};
use super::Heading;
use leitmotif_score::{ControlKind, Score};
use leitmotif_theory::{Ticks, PPQ};

/// Page size in tenths: A4 at 7 mm per staff height (40 tenths).
const PAGE_WIDTH: u32 = 1200;
const PAGE_HEIGHT: u32 = 1697;

fn gcd(a: Ticks, b: Ticks) -> Ticks {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Divisions per quarter: the coarsest unit that expresses every position and length exactly.
fn divisions(parts: &[PreparedPart], layout: &Layout) -> Ticks {
    let mut g = PPQ;
    for bar in &layout.bars {
        g = gcd(g, bar.len);
    }
    for part in parts {
        for bar in &part.bars {
            for vb in &bar.voices {
                for p in &vb.pieces {
                    g = gcd(gcd(g, p.start), p.len);
                }
            }
        }
        for d in &part.directions {
            g = gcd(g, d.at.saturating_sub(layout.bar_at(d.at).start));
        }
    }
    PPQ / g.max(1)
}

/// Writes a score as MusicXML; also returns each part's compromise counts.
pub(crate) fn write_score(score: &Score, heading: &Heading) -> (String, Vec<PartStats>) {
    let layout = Layout::new(score);
    let names = part_names(&score.parts);
    let parts: Vec<PreparedPart> = score
        .parts
        .iter()
        .zip(names)
        .enumerate()
        .map(|(i, (part, name))| prepare(i, name, part, score, &layout))
        .collect();
    let divisions = divisions(&parts, &layout);
    let per_division = PPQ / divisions;

    let mut w = XmlWriter::new();
    w.raw_line(r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#);
    w.raw_line(r#"<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">"#);
    w.open("score-partwise", &[("version", "4.0")]);
    write_header(&mut w, heading);
    write_part_list(&mut w, &parts);
    for part in &parts {
        let writer = PartWriter {
            part,
            layout: &layout,
            divisions,
            per_division,
        };
        writer.write(&mut w);
    }
    w.close();
    let stats = parts.iter().map(|p| p.stats).collect();
    (w.finish(), stats)
}

fn write_header(w: &mut XmlWriter, heading: &Heading) {
    w.open("work", &[]);
    w.text(
        "work-title",
        heading
            .work_title
            .as_deref()
            .unwrap_or(&heading.movement_title),
    );
    w.close();
    if let Some(n) = heading.movement_number {
        w.text("movement-number", &n.to_string());
    }
    w.text("movement-title", &heading.movement_title);
    w.open("identification", &[]);
    w.leaf("creator", &[("type", "composer")], &heading.composer);
    w.open("encoding", &[]);
    w.text(
        "software",
        &format!("Leitmotif {}", env!("CARGO_PKG_VERSION")),
    );
    for element in ["accidental", "beam"] {
        w.empty("supports", &[("element", element), ("type", "yes")]);
    }
    w.empty("supports", &[("element", "stem"), ("type", "no")]);
    w.close();
    if !heading.fields.is_empty() {
        w.open("miscellaneous", &[]);
        for (name, value) in &heading.fields {
            w.leaf("miscellaneous-field", &[("name", name)], value);
        }
        w.close();
    }
    w.close();

    w.open("defaults", &[]);
    w.open("scaling", &[]);
    w.text("millimeters", "7");
    w.text("tenths", "40");
    w.close();
    w.open("page-layout", &[]);
    w.text("page-height", &PAGE_HEIGHT.to_string());
    w.text("page-width", &PAGE_WIDTH.to_string());
    w.open("page-margins", &[("type", "both")]);
    for side in ["left-margin", "right-margin", "top-margin", "bottom-margin"] {
        w.text(side, "80");
    }
    w.close();
    w.close();
    w.close();

    // title centred at the top; the work and cue on the left and the composer on the right
    // below it (MuseScore 3 draws a centred subtitle over the title, whatever its position)
    let centre = (PAGE_WIDTH / 2).to_string();
    let left = "80".to_string();
    let right = (PAGE_WIDTH - 80).to_string();
    let mut credit = |kind: &str, text: &str, x: &str, y: u32, justify: &str, size: &str| {
        w.open("credit", &[("page", "1")]);
        w.text("credit-type", kind);
        let y = y.to_string();
        w.leaf(
            "credit-words",
            &[
                ("default-x", x),
                ("default-y", &y),
                ("justify", justify),
                ("valign", "top"),
                ("font-size", size),
            ],
            text,
        );
        w.close();
    };
    credit(
        "title",
        &heading.movement_title,
        &centre,
        PAGE_HEIGHT - 80,
        "center",
        "22",
    );
    if let Some(work) = &heading.work_title {
        let subtitle = match heading.movement_number {
            Some(n) => format!("{work} \u{2014} cue {n}"),
            None => work.clone(),
        };
        credit(
            "subtitle",
            &subtitle,
            &left,
            PAGE_HEIGHT - 160,
            "left",
            "12",
        );
    }
    credit(
        "composer",
        &heading.composer,
        &right,
        PAGE_HEIGHT - 160,
        "right",
        "12",
    );
}

/// MIDI volume (CC 7) as a percentage and pan (CC 10) in degrees, from the part's first values.
fn mix(part: &leitmotif_score::Part) -> (Option<String>, Option<String>) {
    let first = |kind: ControlKind| {
        part.controls
            .iter()
            .filter(|c| c.kind == kind)
            .min_by_key(|c| c.at)
            .map(|c| c.value as f64)
    };
    let volume = first(ControlKind::Volume).map(|v| decimal(v / 127.0 * 100.0, 2));
    let pan = first(ControlKind::Pan).map(|v| {
        let degrees = if v >= 64.0 {
            (v - 64.0) / 63.0 * 90.0
        } else {
            (v - 64.0) / 64.0 * 90.0
        };
        decimal(degrees, 2)
    });
    (volume, pan)
}

fn write_part_list(w: &mut XmlWriter, parts: &[PreparedPart]) {
    w.open("part-list", &[]);
    for p in parts {
        w.open("score-part", &[("id", &p.id)]);
        w.text("part-name", &p.name);
        w.text("part-abbreviation", &abbreviation(p.part.instrument));
        let (volume, pan) = mix(p.part);
        let channel = (p.part.channel.min(15) + 1).to_string();
        if p.drums {
            for d in &p.drum_sounds {
                let id = format!("{}-I{}", p.id, d.key as u32 + 1);
                w.open("score-instrument", &[("id", &id)]);
                w.text("instrument-name", d.name);
                w.close();
            }
            for d in &p.drum_sounds {
                let id = format!("{}-I{}", p.id, d.key as u32 + 1);
                w.open("midi-instrument", &[("id", &id)]);
                w.text("midi-channel", &channel);
                w.text("midi-program", "1");
                w.text("midi-unpitched", &(d.key as u32 + 1).to_string());
                if let Some(v) = &volume {
                    w.text("volume", v);
                }
                if let Some(v) = &pan {
                    w.text("pan", v);
                }
                w.close();
            }
        } else {
            let id = format!("{}-I1", p.id);
            w.open("score-instrument", &[("id", &id)]);
            w.text("instrument-name", p.part.instrument.display);
            let s = sound(p.part.instrument);
            if !s.is_empty() {
                w.text("instrument-sound", s);
            }
            w.close();
            w.open("midi-instrument", &[("id", &id)]);
            w.text("midi-channel", &channel);
            w.text(
                "midi-program",
                &(p.part.instrument.program.min(127) as u32 + 1).to_string(),
            );
            if let Some(v) = &volume {
                w.text("volume", v);
            }
            if let Some(v) = &pan {
                w.text("pan", v);
            }
            w.close();
        }
        w.close();
    }
    w.close();
}

struct PartWriter<'a> {
    part: &'a PreparedPart<'a>,
    layout: &'a Layout,
    divisions: Ticks,
    per_division: Ticks,
}

impl PartWriter<'_> {
    fn div(&self, ticks: Ticks) -> String {
        (ticks / self.per_division).to_string()
    }

    fn write(&self, w: &mut XmlWriter) {
        let p = self.part;
        w.open("part", &[("id", &p.id)]);
        let mut directions = p.directions.iter().peekable();
        for (b, bar) in self.layout.bars.iter().enumerate() {
            let last = b + 1 == self.layout.bars.len();
            let mut here = Vec::new();
            while let Some(d) = directions.peek() {
                if last || d.at < bar.end() {
                    here.push(*d);
                    directions.next();
                } else {
                    break;
                }
            }
            self.write_bar(w, b, bar, &here, last);
        }
        w.close();
    }

    fn write_attributes(&self, w: &mut XmlWriter, b: usize, bar: &Bar) {
        let p = self.part;
        let this = &p.bars[b];
        let previous = b.checked_sub(1).map(|i| &p.bars[i]);
        let first = previous.is_none();
        let key_changed = previous.is_none_or(|prev| prev.key != this.key);
        let interval_changed = previous.is_none_or(|prev| prev.interval != this.interval);
        let show_key = if p.drums { first } else { key_changed };
        if !(first || show_key || bar.new_meter || interval_changed) {
            return;
        }
        w.open("attributes", &[]);
        if first {
            w.text("divisions", &self.divisions.to_string());
        }
        if show_key {
            if p.drums {
                w.open("key", &[("print-object", "no")]);
                w.text("fifths", "0");
            } else {
                w.open("key", &[]);
                w.text("fifths", &this.key.signature().clamp(-7, 7).to_string());
                w.text("mode", this.key.mode.name());
            }
            w.close();
        }
        if bar.new_meter {
            w.open("time", &[]);
            w.text("beats", &bar.meter.beats.to_string());
            w.text("beat-type", &bar.meter.unit.to_string());
            w.close();
        }
        if first {
            let staves = p.staves.count();
            if staves > 1 {
                w.text("staves", &staves.to_string());
            }
            for (i, clef) in p.staves.clefs.iter().enumerate() {
                let number = (i + 1).to_string();
                let attrs: Vec<(&str, &str)> = if staves > 1 {
                    vec![("number", number.as_str())]
                } else {
                    Vec::new()
                };
                w.open("clef", &attrs);
                let (sign, line, octave) = clef.musicxml();
                w.text("sign", sign);
                if let Some(line) = line {
                    w.text("line", &line.to_string());
                }
                if let Some(octave) = octave {
                    w.text("clef-octave-change", &octave.to_string());
                }
                w.close();
            }
            if p.staves.clefs == [Clef::Percussion] {
                w.open("staff-details", &[]);
                w.text("staff-lines", "5");
                w.close();
            }
        }
        if interval_changed && !p.drums {
            if let Some((diatonic, chromatic, octaves)) = transpose_element(this.interval) {
                w.open("transpose", &[]);
                w.text("diatonic", &diatonic.to_string());
                w.text("chromatic", &chromatic.to_string());
                if octaves != 0 {
                    w.text("octave-change", &octaves.to_string());
                }
                w.close();
            } else if !first {
                w.open("transpose", &[]);
                w.text("diatonic", "0");
                w.text("chromatic", "0");
                w.close();
            }
        }
        w.close();
    }

    fn write_bar(
        &self,
        w: &mut XmlWriter,
        b: usize,
        bar: &Bar,
        directions: &[&super::directions::Direction],
        last: bool,
    ) {
        let p = self.part;
        w.open("measure", &[("number", &bar.number.to_string())]);
        self.write_attributes(w, b, bar);
        let staves = p.staves.count();
        let mut pending = directions.iter().peekable();
        for (k, vb) in p.bars[b].voices.iter().enumerate() {
            if k > 0 {
                w.open("backup", &[]);
                w.text("duration", &self.div(bar.len));
                w.close();
            }
            let count = vb.pieces.len();
            for (pi, piece) in vb.pieces.iter().enumerate() {
                if k == 0 {
                    let end = piece.start + piece.len;
                    while let Some(d) = pending.peek() {
                        let at = d.at.saturating_sub(bar.start).min(bar.len);
                        if at < end || (pi + 1 == count && at <= end) {
                            let offset = at.saturating_sub(piece.start) / self.per_division;
                            d.write(w, Some(offset), staves);
                            pending.next();
                        } else {
                            break;
                        }
                    }
                }
                self.write_piece(w, vb, pi, piece);
            }
        }
        if last {
            w.open("barline", &[("location", "right")]);
            w.text("bar-style", "light-heavy");
            w.close();
        }
        w.close();
    }

    fn write_piece(&self, w: &mut XmlWriter, vb: &VoiceBar, pi: usize, piece: &Piece) {
        let p = self.part;
        let voice = &p.voices[vb.voice];
        let staves = p.staves.count();
        let duration = self.div(piece.len);
        let voice_number = voice.number.to_string();
        let staff = voice.staff.to_string();
        let beams = &vb.beams[pi];
        let tuplet_marks = |w: &mut XmlWriter| {
            if let Some(t) = piece.tuplet {
                for (flag, kind) in [(t.start, "start"), (t.stop, "stop")] {
                    if flag {
                        w.empty("tuplet", &[("type", kind), ("bracket", "yes")]);
                    }
                }
            }
        };
        let value_elements = |w: &mut XmlWriter| {
            if let Some(v) = piece.value {
                w.text("type", v.ty.name());
                for _ in 0..v.dots {
                    w.empty("dot", &[]);
                }
            }
        };
        let time_modification = |w: &mut XmlWriter| {
            if let Some(t) = piece.tuplet {
                w.open("time-modification", &[]);
                w.text("actual-notes", "3");
                w.text("normal-notes", "2");
                w.text("normal-type", t.normal.name());
                w.close();
            }
        };
        match piece.content {
            Content::Rest => {
                w.open("note", &[]);
                if piece.value.is_none() {
                    w.empty("rest", &[("measure", "yes")]);
                } else {
                    w.empty("rest", &[]);
                }
                w.text("duration", &duration);
                w.text("voice", &voice_number);
                value_elements(w);
                time_modification(w);
                if staves > 1 {
                    w.text("staff", &staff);
                }
                if piece.tuplet.is_some_and(|t| t.start || t.stop) {
                    w.open("notations", &[]);
                    tuplet_marks(w);
                    w.close();
                }
                w.close();
            }
            Content::Chord {
                index,
                tie_stop,
                tie_start,
            } => {
                let chord = &voice.chords[index];
                for (ni, n) in chord.notes.iter().enumerate() {
                    let dynamics = decimal(n.velocity as f64 / 90.0 * 100.0, 2);
                    w.open("note", &[("dynamics", &dynamics)]);
                    if ni > 0 {
                        w.empty("chord", &[]);
                    }
                    let drum = p
                        .drums
                        .then(|| super::drums::drum_sound(n.sounding.midi_clamped()));
                    let pitch_tag = if drum.is_some() { "unpitched" } else { "pitch" };
                    w.open(pitch_tag, &[]);
                    let (step, octave) = if drum.is_some() {
                        ("display-step", "display-octave")
                    } else {
                        ("step", "octave")
                    };
                    w.text(step, &n.written.class.letter.as_char().to_string());
                    if drum.is_none() && n.written.class.alter != 0 {
                        w.text("alter", &n.written.class.alter.to_string());
                    }
                    w.text(octave, &n.written.octave.to_string());
                    w.close();
                    w.text("duration", &duration);
                    if tie_stop {
                        w.empty("tie", &[("type", "stop")]);
                    }
                    if tie_start {
                        w.empty("tie", &[("type", "start")]);
                    }
                    if let Some(d) = drum {
                        let id = format!("{}-I{}", p.id, d.key as u32 + 1);
                        w.empty("instrument", &[("id", &id)]);
                    }
                    w.text("voice", &voice_number);
                    value_elements(w);
                    if vb.accidentals[pi].get(ni).copied().unwrap_or(false) {
                        w.text("accidental", accidental_name(n.written.class.alter));
                    }
                    time_modification(w);
                    if let Some(d) = drum {
                        w.text("stem", if voice.number == 1 { "up" } else { "down" });
                        if let Some(head) = d.notehead {
                            w.text("notehead", head);
                        }
                    }
                    if staves > 1 {
                        w.text("staff", &staff);
                    }
                    if ni == 0 {
                        for (level, beam) in beams {
                            w.leaf("beam", &[("number", &level.to_string())], beam.name());
                        }
                    }
                    let tuplet_here = ni == 0 && piece.tuplet.is_some_and(|t| t.start || t.stop);
                    if tie_stop || tie_start || tuplet_here {
                        w.open("notations", &[]);
                        if tie_stop {
                            w.empty("tied", &[("type", "stop")]);
                        }
                        if tie_start {
                            w.empty("tied", &[("type", "start")]);
                        }
                        if tuplet_here {
                            tuplet_marks(w);
                        }
                        w.close();
                    }
                    w.close();
                }
            }
        }
    }
}
