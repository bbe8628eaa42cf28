//! The accompaniment layers, one function per role, each writing one bar from a [`BarContext`].
//! Velocities written here are *relative* accents (100 = a normal note); the performance pass
//! scales them to the cue's dynamics.

use super::bar::BarContext;
use super::voicing::{close, colour_tone, into_window, root, spread};
use crate::plan::form::SectionKind;
use crate::rng::Dice;
use leitmotif_score::{Instrument, Note};
use leitmotif_story::Style;
use leitmotif_theory::{Interval, Pitch, Ticks};

fn n(start: Ticks, len: Ticks, pitch: Pitch, velocity: u8) -> Note {
    Note {
        start,
        duration: len.max(1),
        pitch,
        velocity,
    }
}

/// Bass line: sustained roots when calm, root-fifth when moving, pulsing eighths when driving,
/// walking quarters in jazz.
pub fn bass(ctx: &BarContext, inst: &Instrument, d: &mut Dice) -> Vec<Note> {
    let low = (inst.low as i32).max(33);
    let r = root(ctx.chord, ctx.key, low);
    if matches!(ctx.section, SectionKind::Intro)
        || ctx.section == SectionKind::Outro && ctx.bar_in_section + 2 >= ctx.section_bars
    {
        // tonic pedal: the intro establishes the key, the outro settles into it
        let tonic = into_window(
            ctx.key.pitch_of(leitmotif_theory::Degree::new(0), 2),
            low,
            low + 12,
        );
        return vec![n(ctx.start, ctx.len, tonic, 100)];
    }
    let fifth = into_window(r.transpose(Interval::PERFECT_FIFTH), low, low + 14);
    let (s, len, pulse) = (ctx.start, ctx.len, ctx.pulse());
    let calm = ctx.intensity < 0.3
        || ctx.section == SectionKind::Intro && ctx.intensity < 0.5
        || ctx.style == Style::Ambient;
    if ctx.last_bar || calm {
        return vec![n(s, len, r, 100)];
    }
    let pulses = ctx.meter.pulses() as Ticks;
    match ctx.style {
        Style::Jazz => {
            // walking: root, chord tones, then a chromatic approach to the next root
            let tones = spread(ctx.chord, ctx.key, low, low + 19);
            let next_root = ctx.next_chord.map(|c| root(c, ctx.key, low)).unwrap_or(r);
            (0..pulses)
                .map(|k| {
                    let p = if k == 0 {
                        r
                    } else if k + 1 == pulses {
                        let above = next_root.midi() + 1;
                        let below = next_root.midi() - 1;
                        Pitch::from_midi(if d.chance(0.5) && below >= low {
                            below
                        } else {
                            above
                        })
                    } else {
                        *d.pick(&tones)
                    };
                    n(s + k * pulse, pulse, p, if k % 2 == 0 { 100 } else { 88 })
                })
                .collect()
        }
        Style::Rock | Style::Synthwave | Style::Chiptune
            if ctx.intent.activity * 0.6 + ctx.intensity * 0.4 > 0.5 =>
        {
            let eighth = pulse / 2;
            let count = len / eighth;
            (0..count)
                .map(|k| {
                    let p = if ctx.style == Style::Synthwave && k % 2 == 1 {
                        r.octaves(1)
                    } else {
                        r
                    };
                    n(
                        s + k * eighth,
                        eighth * 9 / 10,
                        p,
                        if k % 2 == 0 { 100 } else { 84 },
                    )
                })
                .collect()
        }
        Style::Lofi => {
            let beat = pulse;
            vec![
                n(s, beat * 3 / 2, r, 100),
                n(s + beat * 3 / 2, beat, fifth, 84),
                n(s + beat * 3, beat.min(len - beat * 3), r, 90),
            ]
            .into_iter()
            .filter(|x| x.start < s + len)
            .collect()
        }
        _ if ctx.intent.activity > 0.7 && pulses >= 2 => {
            // march-like root-fifth on every beat
            (0..pulses)
                .map(|k| {
                    n(
                        s + k * pulse,
                        pulse * 9 / 10,
                        if k % 2 == 0 { r } else { fifth },
                        if k == 0 { 100 } else { 86 },
                    )
                })
                .collect()
        }
        _ => {
            if pulses >= 4 {
                // root for three beats, the fifth as a pickup into the next chord
                let last = len - len / 4;
                vec![n(s, last, r, 100), n(s + last, len - last, fifth, 84)]
            } else if pulses == 2 {
                vec![n(s, len / 2, r, 100), n(s + len / 2, len / 2, fifth, 88)]
            } else {
                vec![n(s, len, r, 100)]
            }
        }
    }
}

/// Harmony: sustained voicings for strings and pads, struck or comped chords for keyboards and
/// guitars.
pub fn harmony(ctx: &BarContext, inst: &Instrument) -> Vec<Note> {
    // the chords sit under the melody, never across it
    let top = (ctx.melody_floor - 2).clamp(50, 74);
    let low = (top - 12).max(inst.low as i32);
    let mut voicing = close(ctx.chord, ctx.key, low);
    if let Some(c) = colour_tone(
        ctx.chord,
        ctx.key,
        ctx.intent.dissonance,
        ctx.intent.arousal,
    ) {
        voicing.push(into_window(c, low, low + 14));
    }
    let (s, len, pulse) = (ctx.start, ctx.len, ctx.pulse());
    let chord = |at: Ticks, dur: Ticks, vel: u8| {
        voicing
            .iter()
            .map(move |p| n(at, dur, *p, vel))
            .collect::<Vec<_>>()
    };
    if inst.sustains || ctx.last_bar {
        if matches!(ctx.style, Style::Rock)
            && ctx.intent.activity * 0.6 + ctx.intensity * 0.4 > 0.5
            && !ctx.last_bar
        {
            // power chords in driving eighths
            let r = root(ctx.chord, ctx.key, (inst.low as i32).max(40));
            let shape = [r, r.transpose(Interval::PERFECT_FIFTH), r.octaves(1)];
            let eighth = pulse / 2;
            return (0..len / eighth)
                .flat_map(|k| {
                    shape.iter().map(move |p| {
                        n(
                            s + k * eighth,
                            eighth * 8 / 10,
                            *p,
                            if k % 2 == 0 { 100 } else { 82 },
                        )
                    })
                })
                .collect();
        }
        return chord(s, len, 92);
    }
    match ctx.style {
        Style::Jazz => {
            // shell voicing comp: beat 1 short, the "and" of 2 held
            let shell: Vec<Pitch> = close(ctx.chord, ctx.key, low).into_iter().skip(1).collect();
            let mut out: Vec<Note> = shell.iter().map(|p| n(s, pulse / 2, *p, 90)).collect();
            if ctx.meter.pulses() >= 4 {
                out.extend(shell.iter().map(|p| n(s + pulse * 3 / 2, pulse, *p, 96)));
                if ctx.intensity > 0.5 {
                    // Charleston in both halves of the bar when the band is cooking
                    out.extend(shell.iter().map(|p| n(s + pulse * 2, pulse / 2, *p, 86)));
                    out.extend(
                        shell
                            .iter()
                            .map(|p| n(s + pulse * 7 / 2, pulse / 2, *p, 92)),
                    );
                }
            }
            out
        }
        Style::Lofi => {
            let mut out = chord(s, pulse * 3 / 2, 90);
            if ctx.meter.pulses() >= 4 {
                out.extend(chord(s + pulse * 5 / 2, pulse * 3 / 2, 84));
            }
            out
        }
        _ => {
            if ctx.intent.activity > 0.6 && ctx.meter.pulses() >= 2 {
                (0..ctx.meter.pulses() as Ticks)
                    .flat_map(|k| {
                        chord(s + k * pulse, pulse * 7 / 8, if k == 0 { 100 } else { 84 })
                    })
                    .collect()
            } else {
                chord(s, len, 90)
            }
        }
    }
}

/// Broken-chord figures: the ballad left hand (1-5-8-10), harp sweeps, synth and chip arpeggios.
pub fn arpeggio(ctx: &BarContext, inst: &Instrument) -> Vec<Note> {
    let (s, len, pulse) = (ctx.start, ctx.len, ctx.pulse());
    let ceiling = (ctx.melody_floor - 2).clamp(55, 86).min(inst.high as i32);
    let (low, high) = match ctx.style {
        Style::Chiptune => (60, 84),
        Style::Synthwave => (55, 79),
        Style::Ambient => (72, 96),
        _ => ((inst.low as i32).max(43), ceiling),
    };
    // the figure starts on the root, so the chord's own bass note leads the pattern, and it spans
    // about an octave and a half under its ceiling (the melody), never across it
    let root_low = root(ctx.chord, ctx.key, (high - 19).max(low)).midi();
    let tones = spread(ctx.chord, ctx.key, root_low, high.max(root_low + 8));
    if tones.is_empty() {
        return Vec::new();
    }
    // how fast the figure runs follows arousal (activity) first, then the moment's intensity
    let drive = ctx.intent.activity * 0.7 + ctx.intensity * 0.3;
    let fast = drive > 0.62 || matches!(ctx.style, Style::Synthwave | Style::Chiptune);
    let slow = drive < 0.38 && !matches!(ctx.style, Style::Synthwave | Style::Chiptune);
    let step = if ctx.meter.is_compound() {
        if slow {
            pulse
        } else {
            pulse / 3
        }
    } else if fast {
        pulse / 4
    } else if slow {
        pulse
    } else {
        pulse / 2
    };
    let count = (len / step) as usize;
    let pattern: &[usize] = match ctx.style {
        Style::KdramaBallad | Style::Orchestral => &[0, 2, 3, 4, 5, 4, 3, 2],
        Style::Chiptune => &[0, 1, 2, 3, 2, 1],
        Style::Ambient => &[4, 2, 5, 3],
        _ => &[0, 1, 2, 3],
    };
    let sparse = ctx.style == Style::Ambient;
    let mut out = Vec::new();
    for k in 0..count {
        if sparse && k % 2 == 1 {
            continue;
        }
        let idx = pattern[k % pattern.len()].min(tones.len() - 1);
        let at = s + k as Ticks * step;
        let hold = if matches!(
            ctx.style,
            Style::KdramaBallad | Style::Orchestral | Style::Ambient
        ) {
            len - (at - s)
        } else {
            step
        };
        out.push(n(
            at,
            hold.min(step * 6),
            tones[idx],
            if k == 0 { 100 } else { 82 },
        ));
    }
    out
}

/// A sustained pad with emotional colour: an added ninth for wistful cues, a semitone cluster for
/// fear and anger, a tritone shimmer for mystery.
pub fn pad(ctx: &BarContext, _inst: &Instrument) -> Vec<Note> {
    let mut voicing = close(ctx.chord, ctx.key, 60);
    if let Some(c) = colour_tone(
        ctx.chord,
        ctx.key,
        ctx.intent.dissonance,
        ctx.intent.arousal,
    ) {
        voicing.push(into_window(c, 60, 76));
    }
    voicing
        .into_iter()
        .map(|p| n(ctx.start, ctx.len, p, 80))
        .collect()
}

/// A guide-tone counter-line: the chord's third (or seventh) in the tenor, moving by the smallest
/// step, in half notes against the melody.
pub fn counterline(ctx: &BarContext, inst: &Instrument) -> Vec<Note> {
    if matches!(ctx.section, SectionKind::Intro | SectionKind::Outro) || ctx.intensity < 0.35 {
        return Vec::new();
    }
    // The ±6 window around the centre must stay inside the instrument's range (every range in the
    // catalogue spans at least an octave, so the clamp is never empty).
    let center = (ctx.melody_floor - 9).clamp(inst.low as i32 + 6, inst.high as i32 - 6);
    let tones = ctx.chord.pitches(ctx.key, 4);
    let third = tones.get(1).copied().unwrap_or(tones[0]);
    let color = tones
        .get(3)
        .copied()
        .unwrap_or_else(|| tones.get(2).copied().unwrap_or(third));
    let a = into_window(third, center - 6, center + 6);
    let b = into_window(color, center - 6, center + 6);
    let (s, len) = (ctx.start, ctx.len);
    if ctx.meter.pulses() >= 4 && a != b {
        vec![n(s, len / 2, a, 92), n(s + len / 2, len / 2, b, 86)]
    } else {
        vec![n(s, len, a, 90)]
    }
}

/// General MIDI percussion keys.
pub mod gm {
    pub const KICK: i32 = 36;
    pub const SIDE_STICK: i32 = 37;
    pub const SNARE: i32 = 38;
    pub const CLOSED_HAT: i32 = 42;
    pub const PEDAL_HAT: i32 = 44;
    pub const OPEN_HAT: i32 = 46;
    pub const LOW_TOM: i32 = 45;
    pub const FLOOR_TOM: i32 = 41;
    pub const HIGH_TOM: i32 = 50;
    pub const CRASH: i32 = 49;
    pub const RIDE: i32 = 51;
}

/// Drum grooves by style on a sixteenth grid, thinned when quiet, with a fill at section ends.
pub fn drums(ctx: &BarContext, d: &mut Dice) -> Vec<Note> {
    use gm::*;
    if ctx.intensity < 0.3 || ctx.section == SectionKind::Intro && ctx.intensity < 0.55 {
        return Vec::new();
    }
    let six =
        ctx.meter.unit_ticks().min(leitmotif_theory::PPQ) / if ctx.meter.unit >= 8 { 2 } else { 4 };
    let six = six.max(1);
    let steps = (ctx.len / six) as usize;
    let beat_steps = (ctx.pulse() / six).max(1) as usize;
    let mut out = Vec::new();
    let hit = |out: &mut Vec<Note>, step: usize, key: i32, vel: u8| {
        out.push(n(
            ctx.start + step as Ticks * six,
            six,
            Pitch::from_midi(key),
            vel,
        ));
    };
    let full = ctx.intensity > 0.6;
    for st in 0..steps {
        let on_beat = st % beat_steps == 0;
        let beat = st / beat_steps;
        let half_beat = beat_steps >= 2 && st % (beat_steps / 2).max(1) == 0;
        let backbeat = on_beat && beat % 2 == 1;
        match ctx.style {
            Style::Jazz => {
                if on_beat {
                    hit(&mut out, st, RIDE, if beat % 2 == 1 { 96 } else { 84 });
                    if beat % 2 == 1 {
                        hit(&mut out, st, PEDAL_HAT, 70);
                    }
                }
                if beat_steps >= 4 && st % beat_steps == beat_steps * 3 / 4 && beat % 2 == 1 {
                    hit(&mut out, st, RIDE, 72); // swung skip note
                }
                if on_beat && beat == 0 {
                    hit(&mut out, st, KICK, 60);
                }
            }
            Style::Orchestral => {
                // cinematic toms: heavy on beat one, driving on the last beat when loud
                if on_beat && beat == 0 {
                    hit(&mut out, st, FLOOR_TOM, 104);
                }
                if full
                    && beat_steps >= 2
                    && st >= steps - beat_steps
                    && st % (beat_steps / 2).max(1) == 0
                {
                    hit(&mut out, st, LOW_TOM, 88);
                }
                if ctx.intent.irregular && d.chance(0.12) {
                    hit(&mut out, st, LOW_TOM, 80);
                }
            }
            _ => {
                let four_floor = ctx.style == Style::Synthwave;
                if on_beat && (beat.is_multiple_of(2) || four_floor) {
                    hit(&mut out, st, KICK, 100);
                }
                if ctx.style == Style::Rock
                    && beat_steps >= 2
                    && st % beat_steps == beat_steps / 2
                    && beat % 2 == 1
                {
                    hit(&mut out, st, KICK, 86);
                }
                if ctx.style == Style::Lofi
                    && beat_steps >= 4
                    && st % beat_steps == beat_steps * 3 / 4
                    && beat == 1
                {
                    hit(&mut out, st, KICK, 80);
                }
                if backbeat {
                    hit(
                        &mut out,
                        st,
                        if ctx.intensity < 0.45 {
                            SIDE_STICK
                        } else {
                            SNARE
                        },
                        98,
                    );
                }
                let hat_every = if full
                    && matches!(ctx.style, Style::Synthwave | Style::Chiptune | Style::Rock)
                {
                    1
                } else {
                    (beat_steps / 2).max(1)
                };
                if st % hat_every == 0 && (half_beat || hat_every == 1) {
                    let open = ctx.style == Style::Synthwave
                        && beat_steps >= 2
                        && st % beat_steps == beat_steps / 2;
                    hit(
                        &mut out,
                        st,
                        if open { OPEN_HAT } else { CLOSED_HAT },
                        if on_beat { 84 } else { 66 },
                    );
                }
            }
        }
    }
    if ctx.ends_section() && full && !ctx.last_bar && ctx.style != Style::Jazz {
        // fill on the last beat: sixteenth toms into the next section
        let from = steps.saturating_sub(beat_steps);
        out.retain(|x| x.start < ctx.start + from as Ticks * six);
        for (k, st) in (from..steps).enumerate() {
            hit(
                &mut out,
                st,
                [HIGH_TOM, LOW_TOM, FLOOR_TOM, SNARE][k % 4],
                90 + (k as u8 * 4).min(30),
            );
        }
    }
    if ctx.bar_in_section == 0 && matches!(ctx.section, SectionKind::Climax) {
        hit(&mut out, 0, CRASH, 110);
    }
    out
}

/// Timpani: tonic and dominant strokes at strong moments, a roll into the climax.
pub fn timpani(ctx: &BarContext, inst: &Instrument) -> Vec<Note> {
    if ctx.intensity < 0.55 {
        return Vec::new();
    }
    let r = into_window(
        ctx.chord.root_pitch(ctx.key, 4),
        inst.low as i32,
        inst.high as i32 + 1,
    );
    let mut out = vec![n(ctx.start, ctx.pulse(), r, 100)];
    if ctx.ends_section() && !ctx.last_bar {
        let roll = ctx.pulse() / 4;
        let from = ctx.start + ctx.len - ctx.pulse();
        for k in 0..4 {
            out.push(n(from + k * roll, roll, r, 70 + k as u8 * 10));
        }
    }
    out
}
