//! Every built-in instrument is click-free under the quality harness's click detector.
//!
//! The detector is a port of `click_detector` in the evaluation harness (`audio_metrics.py`): per
//! channel the second difference `e = |x[n+1] - 2x[n] + x[n-1]|`, its median in 5 ms blocks,
//! max-filtered over +-2 blocks and floored at 1e-5, is the local level; a sample is a click when
//! `e > max(25 x local level, 0.02)`, and detections closer than 10 ms merge into one event. The
//! harness measures mastered cues (peaks near -1.5 dBFS), so every passage here is normalised to
//! that peak before detection.
//!
//! Each instrument plays demanding passages through [`ChannelSynth`]: fast repeated notes on one
//! key, legato scales and leaps, chords with the sustain pedal, more notes than voices (stealing),
//! notes released during their attack, 20 ms notes, velocity extremes, low and high register,
//! pitch bends and controller moves. Drums are percussive: onsets are allowed to be sharp, so the
//! drum kit's detector ignores the first 2 ms after each hit, but note ends, chokes and steals
//! must be clean.
//!
//! Set `NO_CLICKS_VERBOSE=1` to print every passage's clicks and how close its worst sample came
//! to the threshold, and `NO_CLICKS_DUMP=<dir>` to write every passage there as raw interleaved
//! stereo (little-endian `f32`, 48 kHz) for inspection.

use leitmotif_render::builtin::{BuiltinChannel, BuiltinInstrument};
use leitmotif_render::ChannelSynth;

const SR: u32 = 48_000;
/// Peak level the passages are normalised to (the mastered cues' peaks, about -1.5 dBFS).
const PEAK: f32 = 0.841;
/// 16ths at 160 bpm.
const SIXTEENTH: f32 = 60.0 / 160.0 / 4.0;

// ---------------------------------------------------------------------------------------------
// The detector.

const CLICK_RATIO: f32 = 25.0;
const CLICK_FLOOR: f32 = 0.02;

/// Sample positions (centre sample of the second difference) of every detection in `x`; returns
/// the largest ratio of second difference to threshold outside `ignore` (above 1 is a click).
fn detections(x: &[f32], sr: u32, out: &mut Vec<usize>, ignore: &impl Fn(usize) -> bool) -> f32 {
    let blk = 32usize.max((sr as f32 * 0.005) as usize);
    let mut worst = 0.0f32;
    if x.len() < 3 {
        return worst;
    }
    let e: Vec<f32> = x
        .windows(3)
        .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
        .collect();
    let nb = e.len() / blk;
    if nb < 3 {
        return worst;
    }
    let med: Vec<f32> = e[..nb * blk]
        .chunks_exact(blk)
        .map(|b| {
            let mut s = b.to_vec();
            s.sort_by(f32::total_cmp);
            // numpy's median of an even count is the mean of the two middle values.
            let m = blk / 2;
            if blk.is_multiple_of(2) {
                0.5 * (s[m - 1] + s[m])
            } else {
                s[m]
            }
        })
        .collect();
    for (b, block) in e[..nb * blk].chunks_exact(blk).enumerate() {
        let lo = b.saturating_sub(2);
        let hi = (b + 2).min(nb - 1);
        let local = med[lo..=hi].iter().fold(0.0f32, |m, &v| m.max(v)).max(1e-5);
        let thr = (CLICK_RATIO * local).max(CLICK_FLOOR);
        for (j, &v) in block.iter().enumerate() {
            let pos = b * blk + j + 1;
            if ignore(pos) {
                continue;
            }
            worst = worst.max(v / thr);
            if v > thr {
                out.push(pos);
            }
        }
    }
    worst
}

/// Click events (merged within 10 ms) in a stereo signal, ignoring detections for which `ignore`
/// is true, and the largest ratio of second difference to threshold.
fn clicks(left: &[f32], right: &[f32], ignore: impl Fn(usize) -> bool) -> (Vec<usize>, f32) {
    let mut pos = Vec::new();
    let worst =
        detections(left, SR, &mut pos, &ignore).max(detections(right, SR, &mut pos, &ignore));
    pos.sort_unstable();
    let gap = (0.010 * SR as f32) as usize;
    let mut merged: Vec<usize> = Vec::new();
    for p in pos {
        match merged.last() {
            Some(&last) if p - last <= gap => {}
            _ => merged.push(p),
        }
    }
    (merged, worst)
}

#[test]
fn detector_finds_a_step_and_passes_a_sine() {
    let n = SR as usize;
    let sine: Vec<f32> = (0..n)
        .map(|i| 0.8 * (std::f32::consts::TAU * 440.0 * i as f32 / SR as f32).sin())
        .collect();
    assert!(clicks(&sine, &sine, |_| false).0.is_empty());
    let mut stepped = sine.clone();
    for x in &mut stepped[n / 2..] {
        *x += 0.1;
    }
    let (found, _) = clicks(&stepped, &sine, |_| false);
    assert_eq!(found.len(), 1);
    assert!(found[0].abs_diff(n / 2) <= 1);
}

// ---------------------------------------------------------------------------------------------
// Passages.

#[derive(Clone, Copy, Debug)]
enum Ev {
    On(u8, u8),
    Off(u8),
    Cc(u8, u8),
    Bend(u16),
}

/// A passage: timed events (seconds) and a total length.
struct Passage {
    name: &'static str,
    events: Vec<(f32, Ev)>,
    seconds: f32,
}

impl Passage {
    fn new(name: &'static str, seconds: f32) -> Passage {
        Passage {
            name,
            events: Vec::new(),
            seconds,
        }
    }

    fn at(&mut self, t: f32, ev: Ev) -> &mut Passage {
        self.events.push((t, ev));
        self
    }

    /// A note from `t` lasting `dur` seconds.
    fn note(&mut self, t: f32, dur: f32, key: u8, vel: u8) -> &mut Passage {
        self.at(t, Ev::On(key, vel)).at(t + dur, Ev::Off(key))
    }
}

fn key(base: u8, offset: i32) -> u8 {
    (base as i32 + offset).clamp(21, 108) as u8
}

/// The passages every melodic instrument plays, around its typical key `base`.
fn passages(base: u8) -> Vec<Passage> {
    let s = SIXTEENTH;
    let mut out = Vec::new();

    // Fast repeated notes on one key: detached, then with note-off and note-on at the same
    // instant, then re-struck while still held (tremolo-like), with accents.
    let mut p = Passage::new("repeated notes", 24.0 * s + 0.3);
    for i in 0..24 {
        let t = i as f32 * s;
        let vel = if i % 4 == 0 { 110 } else { 80 };
        let k = key(base, 0);
        match i / 8 {
            0 => p.note(t, 0.6 * s, k, vel),
            1 => p.note(t, s, k, vel),
            _ => p.at(t, Ev::On(k, vel)),
        };
    }
    p.at(24.0 * s, Ev::Off(key(base, 0)));
    out.push(p);

    // Fast legato: a scale up and down (each note overlapping the next by 5 ms), then leaps.
    let scale = [0, 2, 4, 5, 7, 9, 11, 12, 11, 9, 7, 5, 4, 2, 0];
    let leaps = [0, 7, 12, 19, 24, 12, -5, 0];
    let mut p = Passage::new("legato scale and leaps", 23.0 * s + 0.3);
    for (i, &o) in scale.iter().chain(leaps.iter()).enumerate() {
        p.note(i as f32 * s, s + 0.005, key(base, o), 90);
    }
    out.push(p);

    // Chords, the sustain pedal down and up, an arpeggio held by the pedal.
    let mut p = Passage::new("chords and pedal", 1.5);
    for &o in &[-12, -5, 0, 4, 7] {
        p.note(0.0, 0.35, key(base, o), 85);
    }
    p.at(0.4, Ev::Cc(64, 127));
    for (i, &o) in [0, 4, 7, 12, 16, 12, 7, 4].iter().enumerate() {
        p.note(0.4 + i as f32 * 0.06, 0.04, key(base, o), 70 + 5 * i as u8);
    }
    p.at(0.95, Ev::Cc(64, 0));
    for &o in &[-12, -8, -5, 0, 3] {
        p.note(1.0, 0.3, key(base, o), 100);
    }
    p.at(1.05, Ev::Cc(64, 127)).at(1.35, Ev::Cc(64, 0));
    out.push(p);

    // More notes than voices: the pedal holds 44 quick notes over three octaves.
    let mut p = Passage::new("voice stealing", 1.5);
    p.at(0.0, Ev::Cc(64, 127));
    for i in 0..44 {
        let o = (i * 7) % 36 - 18;
        p.note(
            i as f32 * 0.025,
            0.02,
            key(base, o),
            60 + (i * 13 % 60) as u8,
        );
    }
    p.at(1.2, Ev::Cc(64, 0));
    out.push(p);

    // Very short notes, note-offs during the attack, velocity extremes.
    let mut p = Passage::new("short notes and velocity extremes", 1.5);
    let vels = [1u8, 127, 30, 127, 1, 64, 127, 127, 10, 127, 90, 1];
    let durs = [
        0.02, 0.02, 0.003, 0.001, 0.05, 0.02, 0.008, 0.1, 0.02, 0.02, 0.004, 0.2,
    ];
    for (i, (&v, &d)) in vels.iter().zip(durs.iter()).enumerate() {
        p.note(i as f32 * 0.1, d, key(base, (i as i32 % 5) * 3 - 6), v);
    }
    out.push(p);

    // Low and high register: staccato and held notes two octaves either side.
    let mut p = Passage::new("low and high register", 1.6);
    for (i, &o) in [-24, -19, -24, -12, 24, 19, 24, 28].iter().enumerate() {
        let t = i as f32 * 0.15;
        let d = if i % 2 == 0 { 0.05 } else { 0.14 };
        p.note(t, d, key(base, o), if i % 3 == 0 { 127 } else { 70 });
    }
    p.note(1.2, 0.3, key(base, -24), 100);
    p.note(1.2, 0.3, key(base, 24), 100);
    out.push(p);

    // Pitch bends (a smooth bend up and down, then a jump) and controller moves on a held note.
    let mut p = Passage::new("pitch bend and controllers", 1.4);
    p.note(0.0, 1.0, key(base, 0), 100);
    p.note(0.0, 1.0, key(base, 7), 80);
    // A note struck while the wheel is bent.
    p.note(0.3, 0.3, key(base, 12), 90);
    for i in 0..=40 {
        let t = 0.2 + i as f32 * 0.005;
        p.at(t, Ev::Bend(8192 + (i * 8191 / 40) as u16));
    }
    for i in 0..=40 {
        let t = 0.45 + i as f32 * 0.005;
        p.at(t, Ev::Bend(16_383 - (i * 16_383 / 40) as u16));
    }
    p.at(0.7, Ev::Bend(8192));
    // Controller moves, two of them followed by another event a sample later (a renderer
    // splitting blocks at events then renders a block of one sample).
    let one = 1.0 / SR as f32;
    p.at(0.75, Ev::Cc(7, 60))
        .at(0.8, Ev::Cc(10, 0))
        .at(0.85, Ev::Cc(11, 127))
        .at(0.9, Ev::Cc(10, 127))
        .at(0.95, Ev::Cc(7, 100))
        .at(0.95 + one, Ev::Bend(8192))
        .at(1.0, Ev::Cc(11, 50))
        .at(1.0 + one, Ev::Cc(1, 0))
        .at(1.1, Ev::Cc(123, 0));
    out.push(p);
    out
}

/// The drum kit's passages.
fn drum_passages() -> Vec<Passage> {
    let s = SIXTEENTH;
    let mut out = Vec::new();

    // A groove with an open hi-hat choked by the closed and pedal hats, toms and a crash.
    let mut p = Passage::new("groove and chokes", 16.0 * s + 0.6);
    for i in 0..16 {
        let t = i as f32 * s;
        let hat = match i % 4 {
            2 => 46,
            3 if i % 8 == 7 => 44,
            _ => 42,
        };
        p.note(t, 0.05, hat, if i % 2 == 0 { 100 } else { 70 });
        if i % 4 == 0 {
            p.note(t, 0.05, 36, 120);
        }
        if i % 8 == 4 {
            p.note(t, 0.05, 38, 110);
        }
    }
    for (i, &k) in [50, 48, 47, 45, 43, 41].iter().enumerate() {
        p.note(16.0 * s + i as f32 * s / 2.0 - 0.28, 0.05, k, 100);
    }
    p.note(16.0 * s, 0.05, 49, 127);
    p.note(16.0 * s, 0.05, 35, 127);
    // A volume move under the ringing crash, a sample before the next event.
    p.at(16.0 * s + 0.2, Ev::Cc(7, 60))
        .at(16.0 * s + 0.2 + 1.0 / SR as f32, Ev::Cc(1, 0));
    out.push(p);

    // A snare roll and flams, a ride pattern, a clap and the short whistle cut by the long one.
    let mut p = Passage::new("rolls and flams", 1.4);
    for i in 0..20 {
        p.note(i as f32 * s / 2.0, 0.02, 38, 40 + 4 * i as u8);
    }
    for i in 0..4 {
        let t = 1.0 + i as f32 * 0.08;
        p.note(t, 0.02, 38, 50).note(t + 0.015, 0.02, 38, 115);
        p.note(t, 0.02, 51, 90);
    }
    p.note(0.2, 0.1, 39, 100)
        .note(0.5, 0.1, 71, 90)
        .note(0.6, 0.1, 72, 90);
    out.push(p);

    // More hits than voices: long cymbals and toms piling up, then all sound off.
    let mut p = Passage::new("stealing and all sound off", 1.5);
    for i in 0..48 {
        let k = [49, 57, 51, 52, 55, 41, 43, 81][i % 8];
        p.note(i as f32 * 0.02, 0.01, k, 60 + (i * 11 % 60) as u8);
    }
    p.at(1.3, Ev::Cc(120, 0));
    out.push(p);
    out
}

// ---------------------------------------------------------------------------------------------
// Rendering and checking.

/// Renders a passage (splitting blocks at event times, as the renderer does) and returns the
/// normalised stereo signal with the onset frames.
fn render(instrument: BuiltinInstrument, p: &Passage) -> (Vec<f32>, Vec<f32>, Vec<usize>) {
    let drums = instrument == BuiltinInstrument::DrumKit;
    let mut ch = BuiltinChannel::new(SR, drums);
    ch.set_instrument(instrument);
    let frames = (p.seconds * SR as f32) as usize;
    let mut events: Vec<(usize, Ev)> = p
        .events
        .iter()
        .map(|&(t, e)| (((t * SR as f32).round() as usize).min(frames), e))
        .collect();
    events.sort_by_key(|e| e.0);
    let (mut left, mut right) = (vec![0.0f32; frames], vec![0.0f32; frames]);
    let mut onsets = Vec::new();
    let mut pos = 0;
    let mut next = 0;
    while pos < frames {
        while next < events.len() && events[next].0 <= pos {
            match events[next].1 {
                Ev::On(k, v) => {
                    ch.note_on(k, v);
                    onsets.push(pos);
                }
                Ev::Off(k) => ch.note_off(k),
                Ev::Cc(c, v) => ch.control_change(c, v),
                Ev::Bend(b) => ch.pitch_bend(b),
            }
            next += 1;
        }
        let until = events.get(next).map_or(frames, |e| e.0.min(frames));
        let end = until.min(pos + 512).max(pos + 1).min(frames);
        ch.render(&mut left[pos..end], &mut right[pos..end]);
        pos = end;
    }
    let peak = left
        .iter()
        .chain(right.iter())
        .fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(
        peak.is_finite() && peak > 0.0,
        "{instrument:?}: {} silent",
        p.name
    );
    let g = PEAK / peak;
    left.iter_mut()
        .chain(right.iter_mut())
        .for_each(|x| *x *= g);
    (left, right, onsets)
}

/// Plays every passage on `instrument`; returns a description of each that clicked.
fn check(instrument: BuiltinInstrument) -> Vec<String> {
    let drums = instrument == BuiltinInstrument::DrumKit;
    let list = if drums {
        drum_passages()
    } else {
        passages(instrument.typical_key())
    };
    let verbose = std::env::var_os("NO_CLICKS_VERBOSE").is_some();
    let mut failures = Vec::new();
    for p in &list {
        let (l, r, onsets) = render(instrument, p);
        if let Some(dir) = std::env::var_os("NO_CLICKS_DUMP") {
            let name = format!("{:?}-{}.f32", instrument, p.name.replace(' ', "_"));
            let bytes: Vec<u8> = l
                .iter()
                .zip(r.iter())
                .flat_map(|(a, b)| [a.to_le_bytes(), b.to_le_bytes()])
                .flatten()
                .collect();
            std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
        }
        // A hit's own attack may be sharp: skip the 2 ms after (and the sample before) an onset.
        let window = (0.002 * SR as f32) as usize;
        let (found, worst) = clicks(&l, &r, |pos| {
            drums && onsets.iter().any(|&o| pos + 1 >= o && pos <= o + window)
        });
        let times: Vec<String> = found
            .iter()
            .take(12)
            .map(|&f| format!("{:.4}", f as f32 / SR as f32))
            .collect();
        let line = format!(
            "{:?} / {}: {} clicks at [{}] (worst {:.2} of threshold)",
            instrument,
            p.name,
            found.len(),
            times.join(", "),
            worst
        );
        if verbose {
            eprintln!("{line}");
        }
        if !found.is_empty() {
            failures.push(line);
        }
    }
    failures
}

macro_rules! no_clicks {
    ($($name:ident: $instrument:ident,)*) => {
        $(
            #[test]
            fn $name() {
                let failures = check(BuiltinInstrument::$instrument);
                assert!(failures.is_empty(), "clicks:\n{}", failures.join("\n"));
            }
        )*

        /// Every instrument has a test above.
        #[test]
        fn every_instrument_is_covered() {
            let covered = [$(BuiltinInstrument::$instrument),*];
            for i in BuiltinInstrument::ALL {
                assert!(covered.contains(&i), "{i:?} has no click test");
            }
        }
    };
}

no_clicks! {
    piano: Piano,
    electric_piano: ElectricPiano,
    organ: Organ,
    harpsichord: Harpsichord,
    celesta: Celesta,
    glockenspiel: Glockenspiel,
    music_box: MusicBox,
    vibraphone: Vibraphone,
    marimba: Marimba,
    bells: Bells,
    timpani: Timpani,
    acoustic_guitar: AcousticGuitar,
    electric_guitar: ElectricGuitar,
    distortion_guitar: DistortionGuitar,
    acoustic_bass: AcousticBass,
    electric_bass: ElectricBass,
    string_ensemble: StringEnsemble,
    violin: Violin,
    cello: Cello,
    pizzicato: Pizzicato,
    harp: Harp,
    flute: Flute,
    oboe: Oboe,
    clarinet: Clarinet,
    saxophone: Saxophone,
    trumpet: Trumpet,
    brass_section: BrassSection,
    french_horn: FrenchHorn,
    choir: Choir,
    vocal_pad: VocalPad,
    warm_pad: WarmPad,
    synth_lead: SynthLead,
    square_lead: SquareLead,
    synth_pluck: SynthPluck,
    synth_bass: SynthBass,
    drum_kit: DrumKit,
}
