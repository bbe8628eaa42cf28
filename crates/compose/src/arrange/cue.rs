//! Composing one cue. [`CueComposer::new`] plans the melody and harmony phrase by phrase; then
//! [`CueComposer::bar`] writes every layer of one bar, which is all the adaptive player needs to
//! compose ahead of the audio clock. [`compose_cue`] runs the bars in order and adds what spans the
//! whole cue: hit points, humanised timing, outer-voice repair, pedalling and expression.

use super::bar::BarContext;
use super::harmony::{harmonise, sounding_class};
use super::layers;
use super::melody_line::{self, CueThemes, DevRhythm, MelodyNote, MelodyPlan};
use super::palette::Role;
use super::performance::{self, Dynamics};
use super::register::{melody_center, tonic_octave};
use super::stinger;
use super::voice_leading;
use crate::plan::{form::SectionKind, tempo_fit::PlacedHit, CuePlan};
use crate::rng::Dice;
use crate::themes::{ThemeNote, ThemeRegistry};
use leitmotif_score::{
    Control, ControlKind, KeyChange, Marker, MarkerKind, MeterChange, Note, Part, Score,
};
use leitmotif_story::{HitKind, Style};
use leitmotif_theory::{Chord, Degree, Pitch, Ticks};

/// A finished cue: its plan, its score and what the manifest reports about it.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposedCue {
    pub plan: CuePlan,
    pub score: Score,
    /// One chord per bar.
    pub chords: Vec<Chord>,
    /// Theme ids in order of first appearance (the focus first).
    pub themes_used: Vec<String>,
    /// Outer-voice parallel fifths/octaves left after repair, and motions examined.
    pub parallels: (usize, usize),
}

pub struct CueComposer<'a> {
    plan: &'a CuePlan,
    melody_plan: MelodyPlan,
    chords: Vec<Chord>,
    /// The melody realised as pitches (relative velocities), sorted.
    melody: Vec<Note>,
    center: i32,
    /// The first notes of the focus motif, for stingers.
    stinger_head: Vec<ThemeNote>,
}

impl<'a> CueComposer<'a> {
    pub fn new(plan: &'a CuePlan, registry: &ThemeRegistry) -> CueComposer<'a> {
        CueComposer::with_tonic_bias(plan, registry, 0.0)
    }

    /// As [`CueComposer::new`], with a stronger pull to the tonic in the harmony.
    pub fn with_tonic_bias(
        plan: &'a CuePlan,
        registry: &ThemeRegistry,
        tonic_bias: f64,
    ) -> CueComposer<'a> {
        let mut d = Dice::new(plan.seed, &format!("cue:{}:melody", plan.scene_id));
        let focus = registry
            .get(&plan.focus)
            .or_else(|| registry.themes.first())
            .expect("a story always has at least one theme");
        let themes = CueThemes {
            focus,
            secondary: plan.secondary.as_deref().and_then(|id| registry.get(id)),
            relationship: plan.relationship.as_deref().and_then(|id| registry.get(id)),
            place: plan.place.as_deref().and_then(|id| registry.get(id)),
        };
        let melody_inst = plan.palette.get(Role::Melody).map(|p| p.instrument);
        // the climax is carried by orchestration and dynamics, not by an octave jump: lifting the
        // theme an octave would stretch the melody past a singable range
        let climax_lift = false;
        let dev = if plan.intent.irregular {
            DevRhythm::Irregular
        } else if plan.intent.valence > 0.3 && plan.intent.arousal > 0.55 {
            DevRhythm::Fanfare
        } else if plan.intent.valence > 0.3 && plan.intent.arousal > 0.3 {
            DevRhythm::Regular
        } else {
            DevRhythm::Theme
        };
        let melody_plan = melody_line::plan(
            &plan.sections,
            plan.fit.bars,
            plan.meter,
            &themes,
            &mut d,
            climax_lift,
            dev,
        );
        let chords = harmonise(
            plan.key,
            plan.meter,
            plan.style,
            &plan.intent,
            &melody_plan.notes,
            &melody_plan.cadences,
            &melody_plan.implied,
            tonic_bias,
        );
        let stinger_head: Vec<ThemeNote> = focus
            .notes
            .iter()
            .take(stinger::HEAD_NOTES)
            .copied()
            .collect();
        let mut composer = CueComposer {
            plan,
            melody_plan,
            chords,
            melody: Vec::new(),
            center: 67,
            stinger_head,
        };
        if let Some(inst) = melody_inst {
            composer.center = melody_center(inst) + plan.intent.register_shift;
            composer.melody = composer.realise_melody(inst);
        }
        composer
    }

    /// The chord of a bar (the last chord past the end).
    pub fn chord(&self, bar: u32) -> Chord {
        self.chord_at_bar(bar)
    }

    fn chord_at_bar(&self, bar: u32) -> Chord {
        self.chords
            .get(bar as usize)
            .or(self.chords.last())
            .copied()
            .unwrap_or_else(|| Chord::diatonic(self.plan.key, 0))
    }

    /// Degrees -> spelled pitches in the cue's key and the melody instrument's register, with the
    /// leading note raised over dominant harmony in minor.
    fn realise_melody(&self, inst: &'static leitmotif_score::Instrument) -> Vec<Note> {
        let key = self.plan.key;
        let bar_ticks = self.plan.meter.bar_ticks();
        let semis: Vec<i32> = self
            .melody_plan
            .notes
            .iter()
            .map(|n| {
                key.mode.semitones(n.degree.step as i32)
                    + n.degree.alter as i32
                    + 12 * n.lift as i32
            })
            .collect();
        let octave = tonic_octave(key.tonic.semitones(), &semis, self.center, inst);
        let gate = self.plan.intent.articulation.gate();
        let leading = melody_line::leading_notes(&self.melody_plan.notes);
        let mut out: Vec<Note> = self
            .melody_plan
            .notes
            .iter()
            .zip(leading)
            .map(|(n, is_leading): (&MelodyNote, bool)| {
                let chord = self.chord_at_bar((n.start / bar_ticks) as u32);
                let natural = key.pitch_class_of(n.degree);
                let raise = sounding_class(key, n.degree, &chord, is_leading) != natural;
                let degree = Degree::altered(n.degree.step, n.degree.alter + i8::from(raise));
                let mut pitch = key.pitch_of(degree, octave).octaves(n.lift as i32);
                while pitch.midi() > inst.high as i32 {
                    pitch = pitch.octaves(-1);
                }
                while pitch.midi() < inst.low as i32 {
                    pitch = pitch.octaves(1);
                }
                Note {
                    start: n.start,
                    duration: n.len,
                    pitch,
                    velocity: 100,
                }
            })
            .collect();
        out.retain(|n| n.start < self.plan.fit.end_tick);
        performance::articulate(&mut out, gate);
        out
    }

    /// The intensity of a bar: the scene's ramp plus the section's arc.
    pub fn bar_intensity(&self, bar: u32) -> f64 {
        let bars = self.plan.fit.bars.max(1) as f64;
        let section = self.section_of(bar);
        let base = self.plan.intensity.at((bar as f64 + 0.5) / bars);
        let ramp_in_section = if section.kind == SectionKind::Outro {
            -0.1 * (bar - section.start_bar) as f64
        } else {
            0.0
        };
        (base + section.kind.intensity_offset() + ramp_in_section).clamp(0.0, 1.0)
    }

    fn section_of(&self, bar: u32) -> crate::plan::form::Section {
        *self
            .plan
            .sections
            .iter()
            .find(|s| s.start_bar <= bar && bar < s.end_bar())
            .unwrap_or(&self.plan.sections[self.plan.sections.len() - 1])
    }

    /// Writes every part's notes for one bar: (part index in the palette, note).
    pub fn bar(&self, bar: u32) -> Vec<(usize, Note)> {
        let plan = self.plan;
        let bar_ticks = plan.meter.bar_ticks();
        let start = bar as Ticks * bar_ticks;
        if start >= plan.fit.end_tick {
            return Vec::new();
        }
        let len = bar_ticks.min(plan.fit.end_tick - start);
        let section = self.section_of(bar);
        let mel_lo = self.melody.partition_point(|n| n.start < start);
        let mel_hi = self.melody.partition_point(|n| n.start < start + bar_ticks);
        let melody_here = &self.melody[mel_lo..mel_hi];
        let plan_lo = self.melody_plan.notes.partition_point(|n| n.start < start);
        let plan_hi = self
            .melody_plan
            .notes
            .partition_point(|n| n.start < start + bar_ticks);
        let melody_floor = melody_here
            .iter()
            .map(|n| n.pitch.midi())
            .min()
            .unwrap_or(self.center - 4);
        let intensity = self.bar_intensity(bar);
        let ctx = BarContext {
            bar,
            start,
            len,
            meter: plan.meter,
            key: plan.key,
            chord: self.chord_at_bar(bar),
            next_chord: self.chords.get(bar as usize + 1).copied(),
            section: section.kind,
            bar_in_section: bar - section.start_bar,
            section_bars: section.bars,
            intensity,
            intent: &plan.intent,
            style: plan.style,
            melody: &self.melody_plan.notes[plan_lo..plan_hi],
            melody_floor,
            last_bar: start + bar_ticks >= plan.fit.end_tick,
        };
        let mut d = Dice::new(plan.seed, &format!("cue:{}:bar:{bar}", plan.scene_id));
        let mut out = Vec::new();
        for (index, part) in plan.palette.parts.iter().enumerate() {
            let mut notes = match part.role {
                Role::Melody => melody_here.to_vec(),
                Role::Counterline => layers::counterline(&ctx, part.instrument),
                Role::Harmony if intensity < 0.12 && section.kind == SectionKind::Intro => {
                    Vec::new()
                }
                Role::Harmony => layers::harmony(&ctx, part.instrument),
                Role::Arpeggio if intensity < 0.25 => Vec::new(),
                Role::Arpeggio => layers::arpeggio(&ctx, part.instrument),
                Role::Pad => layers::pad(&ctx, part.instrument),
                Role::Bass => layers::bass(&ctx, part.instrument, &mut d),
                Role::Drums => layers::drums(&ctx, &mut d),
                Role::Timpani => layers::timpani(&ctx, part.instrument),
            };
            play_part(
                plan,
                &mut notes,
                plan.fit.end_tick,
                intensity,
                part.role,
                &mut d,
            );
            out.extend(notes.into_iter().map(|n| (index, n)));
        }
        out
    }
}

/// Ends a part's notes by `end` (dropping any that start there or later) and plays their
/// velocities at the bar's dynamics: the last step of writing a bar, for cues and bridges alike.
pub(crate) fn play_part(
    plan: &CuePlan,
    notes: &mut Vec<Note>,
    end: Ticks,
    intensity: f64,
    role: Role,
    d: &mut Dice,
) {
    notes.retain(|n| n.start < end);
    for n in notes.iter_mut() {
        n.duration = n.duration.min(end - n.start).max(1);
    }
    performance::play_velocities(notes, part_dynamics(plan, intensity, role), plan.meter, d);
}

/// How loud a part plays in a bar of the given intensity: intensity moves loudness more in excited
/// cues than in tender ones, and each role sits at its own level under the melody.
pub(crate) fn part_dynamics(plan: &CuePlan, intensity: f64, role: Role) -> Dynamics {
    let arousal = plan.intent.arousal.max(0.0);
    let level = plan.intent.base_velocity + (intensity - 0.5) * 44.0 * (0.35 + 0.65 * arousal);
    let spread = 1.0 - 0.6 * arousal;
    let offset = match role {
        Role::Melody => 6.0,
        Role::Counterline => -6.0,
        Role::Harmony => -12.0,
        Role::Arpeggio => -10.0,
        Role::Pad => -18.0,
        Role::Bass => -4.0,
        Role::Drums => -2.0,
        Role::Timpani => -6.0,
    };
    Dynamics {
        level: level + offset * spread,
        accent_jitter: if plan.intent.irregular { 22.0 } else { 0.0 },
    }
}

/// How strongly the harmony may be pulled to the tonic, in the order tried.
const TONIC_BIAS_STEPS: [f64; 4] = [0.0, 0.5, 1.0, 2.0];

/// Composes a whole cue. The harmony is tried with an increasing pull to the tonic until the cue,
/// heard as a whole (Krumhansl-Schmuckler over every pitched note), is in the key it was planned in:
/// a theme centred on its dominant must not make a whole cue sound as if it were in the dominant.
pub fn compose_cue(plan: &CuePlan, registry: &ThemeRegistry) -> ComposedCue {
    let mut attempt = None;
    for bias in TONIC_BIAS_STEPS {
        let composer = CueComposer::with_tonic_bias(plan, registry, bias);
        let parts = write_bars(plan, &composer);
        let in_key = sounds_in_key(plan, &parts);
        attempt = Some((composer, parts));
        if in_key {
            break;
        }
    }
    let (composer, mut parts) = attempt.expect("at least one attempt");
    finish(plan, &composer, &mut parts)
}

fn write_bars(plan: &CuePlan, composer: &CueComposer) -> Vec<Part> {
    let mut parts: Vec<Part> = plan
        .palette
        .parts
        .iter()
        .map(|p| Part::new(p.role.track_name(), p.instrument, p.channel))
        .collect();
    for bar in 0..plan.fit.bars {
        for (index, note) in composer.bar(bar) {
            parts[index].notes.push(note);
        }
    }
    for p in parts.iter_mut() {
        p.sort();
    }
    parts
}

/// Whether the duration-weighted pitch content of the pitched parts estimates to the planned key.
fn sounds_in_key(plan: &CuePlan, parts: &[Part]) -> bool {
    let mut distribution = [0.0; 12];
    for part in parts.iter().filter(|p| !p.is_drums()) {
        for n in &part.notes {
            distribution[n.pitch.midi().rem_euclid(12) as usize] += n.duration as f64;
        }
    }
    let found = leitmotif_theory::estimate_key(&distribution);
    found.tonic == plan.key.tonic.semitones() && found.minor == plan.key.mode.is_minor_family()
}

fn finish(plan: &CuePlan, composer: &CueComposer, parts: &mut Vec<Part>) -> ComposedCue {
    apply_hits(plan, composer, parts);
    let fixed: Vec<Ticks> = plan.fit.hits.iter().map(|h| h.tick).collect();
    let mut d = Dice::new(plan.seed, &format!("cue:{}:timing", plan.scene_id));
    for (part, spec) in parts.iter_mut().zip(&plan.palette.parts) {
        if matches!(plan.style, Style::Jazz | Style::Lofi) && spec.role != Role::Melody {
            performance::swing(&mut part.notes, plan.meter);
        }
        let amount = if spec.role == Role::Drums { 4 } else { 8 };
        performance::humanise_timing(&mut part.notes, amount, &fixed, plan.fit.end_tick, &mut d);
        part.sort();
    }
    let parallels = repair_outer_voices(plan, composer, parts);
    for p in parts.iter_mut() {
        merge_unisons(p);
    }
    add_controls(plan, composer, parts);
    let themes_used = themes_used(plan, composer);
    let score = Score {
        title: plan.title.clone(),
        parts: std::mem::take(parts),
        tempo: plan.fit.tempo.clone(),
        meters: vec![MeterChange {
            at: 0,
            meter: plan.meter,
        }],
        keys: vec![KeyChange {
            at: 0,
            key: plan.key,
        }],
        markers: markers(plan),
        end: plan.fit.end_tick,
    };
    ComposedCue {
        plan: plan.clone(),
        score,
        chords: composer.chords.clone(),
        themes_used,
        parallels,
    }
}

fn themes_used(plan: &CuePlan, composer: &CueComposer) -> Vec<String> {
    let mut used = vec![plan.focus.clone()];
    for id in &composer.melody_plan.themes_used {
        if !used.contains(id) {
            used.push(id.clone());
        }
    }
    used
}

fn markers(plan: &CuePlan) -> Vec<Marker> {
    let bar = plan.meter.bar_ticks();
    let mut out: Vec<Marker> = plan
        .sections
        .iter()
        .map(|s| Marker {
            at: s.start_bar as Ticks * bar,
            kind: MarkerKind::Section,
            text: capitalise(s.kind.name()),
        })
        .collect();
    out.extend(plan.fit.hits.iter().map(|h| Marker {
        at: h.tick,
        kind: MarkerKind::Hit,
        text: format!("Hit: {} at {:.2}s", h.kind.name(), h.requested_seconds),
    }));
    out.sort_by_key(|m| m.at);
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Accents, stingers and silences at the hit points.
fn apply_hits(plan: &CuePlan, composer: &CueComposer, parts: &mut [Part]) {
    let idx = |role: Role| plan.palette.index(role);
    let bar_ticks = plan.meter.bar_ticks();
    for hit in &plan.fit.hits {
        match hit.kind {
            HitKind::Silence => {
                let until = hit.tick + bar_ticks.min(plan.meter.pulse_ticks() * 2);
                for p in parts.iter_mut() {
                    p.notes.retain(|n| n.start < hit.tick || n.start >= until);
                    for n in p.notes.iter_mut() {
                        if n.start < hit.tick && n.end() > hit.tick {
                            n.duration = hit.tick - n.start;
                        }
                    }
                }
            }
            HitKind::Accent => {
                let chord = composer.chord_at_bar(hit.bar - 1);
                if let Some(i) = idx(Role::Drums) {
                    for key in [layers::gm::CRASH, layers::gm::KICK] {
                        parts[i].notes.push(Note {
                            start: hit.tick,
                            duration: plan.meter.pulse_ticks(),
                            pitch: Pitch::from_midi(key),
                            velocity: 118,
                        });
                    }
                }
                if let Some(i) = idx(Role::Timpani) {
                    let r = chord.root_pitch(plan.key, 2);
                    parts[i].notes.push(Note {
                        start: hit.tick,
                        duration: plan.meter.pulse_ticks(),
                        pitch: r,
                        velocity: 120,
                    });
                }
                if let Some(i) = idx(Role::Harmony).or(idx(Role::Pad)) {
                    // a stab on the chord tones that are not already sounding (a held note of the same
                    // pitch would otherwise be cut short by the repeated key)
                    for p in super::voicing::close(chord, plan.key, 55) {
                        let sounding = parts[i].notes.iter().any(|n| {
                            n.pitch.midi() == p.midi() && n.start <= hit.tick && hit.tick < n.end()
                        });
                        if !sounding {
                            parts[i].notes.push(Note {
                                start: hit.tick,
                                duration: plan.meter.pulse_ticks(),
                                pitch: p,
                                velocity: 112,
                            });
                        }
                    }
                }
            }
            HitKind::Stinger => stinger(plan, composer, parts, hit),
            HitKind::Cut => {}
        }
    }
    for p in parts.iter_mut() {
        merge_unisons(p);
    }
}

/// Two notes struck on the same key at the same tick sound as one: keep the louder and longer, so
/// the file holds exactly the notes the manifest counts.
fn merge_unisons(part: &mut Part) {
    part.sort();
    let mut merged: Vec<Note> = Vec::with_capacity(part.notes.len());
    for n in part.notes.drain(..) {
        match merged.last_mut() {
            Some(m) if m.start == n.start && m.pitch.midi() == n.pitch.midi() => {
                m.velocity = m.velocity.max(n.velocity);
                m.duration = m.duration.max(n.duration);
            }
            _ => merged.push(n),
        }
    }
    part.notes = merged;
}

/// The focus motif's head, marcato, on the hit, in the counter-line (or harmony) part, moved by
/// scale steps so it starts on the root of the chord sounding there.
fn stinger(plan: &CuePlan, composer: &CueComposer, parts: &mut [Part], hit: &PlacedHit) {
    let Some(i) = plan
        .palette
        .index(Role::Counterline)
        .or(plan.palette.index(Role::Harmony))
        .or(plan.palette.index(Role::Melody))
    else {
        return;
    };
    let inst = plan.palette.parts[i].instrument;
    let chord = composer.chord_at_bar(hit.bar - 1);
    let head = stinger::motif_over_chord(&composer.stinger_head, plan.key, plan.meter, chord, inst);
    for n in head {
        let start = hit.tick + n.start;
        if start < plan.fit.end_tick {
            parts[i].notes.push(Note {
                start,
                duration: n.duration.min(plan.fit.end_tick - start),
                ..n
            });
        }
    }
}

fn repair_outer_voices(
    plan: &CuePlan,
    composer: &CueComposer,
    parts: &mut [Part],
) -> (usize, usize) {
    let (Some(m), Some(b)) = (
        plan.palette.index(Role::Melody),
        plan.palette.index(Role::Bass),
    ) else {
        return (0, 0);
    };
    if m == b {
        return (0, 0);
    }
    let melody = parts[m].notes.clone();
    let inst = parts[b].instrument;
    let bar_ticks = plan.meter.bar_ticks();
    let bass = &mut parts[b].notes;
    let left = voice_leading::repair(
        &melody,
        bass,
        plan.key,
        |t| composer.chord_at_bar((t / bar_ticks) as u32),
        inst.low as i32,
        55.min(inst.high as i32),
    );
    let (_, motions) = voice_leading::parallels(&melody, bass);
    (left, motions)
}

/// Sustain pedal for pianos (re-pedalled at each chord), expression swells for sustaining parts.
fn add_controls(plan: &CuePlan, composer: &CueComposer, parts: &mut [Part]) {
    let bar_ticks = plan.meter.bar_ticks();
    for part in parts.iter_mut() {
        let pedal = matches!(part.instrument.id, "piano" | "electric-piano" | "harp");
        for bar in 0..plan.fit.bars {
            let at = bar as Ticks * bar_ticks;
            if pedal {
                if bar > 0 {
                    part.controls.push(Control {
                        at,
                        kind: ControlKind::SustainPedal,
                        value: 0,
                    });
                }
                part.controls.push(Control {
                    at: at + 40,
                    kind: ControlKind::SustainPedal,
                    value: 127,
                });
            }
            if part.instrument.sustains && !part.is_drums() {
                let v = (40.0 + composer.bar_intensity(bar) * 87.0).round() as u8;
                part.controls.push(Control {
                    at,
                    kind: ControlKind::Expression,
                    value: v,
                });
            }
        }
        if pedal {
            part.controls.push(Control {
                at: plan.fit.end_tick.saturating_sub(1),
                kind: ControlKind::SustainPedal,
                value: 0,
            });
        }
        part.controls.retain(|c| c.at < plan.fit.end_tick);
        part.sort();
    }
}
