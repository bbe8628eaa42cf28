//! Every melodic instrument plays in tune: the detected fundamental of a note is within 1 % of
//! the key's equal-tempered frequency, at two keys an octave apart.

use super::super::voice::key_hz;
use super::*;

/// Two keys an octave apart in the instrument's range (A's where the range allows).
fn keys_for(i: BuiltinInstrument) -> [u8; 2] {
    use BuiltinInstrument as I;
    match i {
        I::AcousticBass | I::ElectricBass | I::SynthBass => [33, 45],
        I::Cello | I::Timpani => [45, 57],
        I::Glockenspiel | I::MusicBox | I::Celesta => [81, 93],
        I::Violin | I::Flute | I::Oboe => [69, 81],
        _ => [57, 69],
    }
}

/// Where to look: after the onset transient, before vibrato blooms (or, for bells and timpani,
/// once the inharmonic upper modes have died down).
fn window_for(i: BuiltinInstrument) -> (f32, f32) {
    use BuiltinInstrument as I;
    match i {
        I::Bells | I::Timpani => (0.5, 0.8),
        I::StringEnsemble | I::Choir | I::VocalPad | I::WarmPad => (0.15, 0.3),
        _ => (0.08, 0.2),
    }
}

fn measure(i: BuiltinInstrument, key: u8) -> f32 {
    let mut ch = channel(i);
    ch.note_on(key, 100);
    let (start, end) = window_for(i);
    let (left, _) = render(&mut ch, end);
    let seg = &left[(start * SR as f32) as usize..];
    let f = key_hz(key);
    use BuiltinInstrument as I;
    let inharmonic = matches!(
        i,
        I::Bells | I::Timpani | I::Glockenspiel | I::Celesta | I::MusicBox
    );
    if inharmonic {
        // Bars, bells and drums are inharmonic: the pitch is the strongest mode, not a period.
        spectral_peak(seg, SR as f32, f * 0.7, f * 1.4)
    } else {
        yin(seg, SR as f32, f / 2.5, f * 2.5).unwrap_or(0.0)
    }
}

#[test]
fn melodic_instruments_are_in_tune() {
    let mut failures = Vec::new();
    for i in melodic() {
        for key in keys_for(i) {
            let measured = measure(i, key);
            let expected = key_hz(key);
            let error = (measured / expected - 1.0).abs();
            if error.is_nan() || error > 0.01 {
                failures.push(format!(
                    "{} key {key}: {measured:.2} Hz, expected {expected:.2} ({:+.1} cents)",
                    i.name(),
                    cents(measured, expected)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "out of tune:\n{}", failures.join("\n"));
}

#[test]
fn pitch_bend_spans_two_semitones() {
    for (bend, semitones) in [(16_383u16, 2.0f32), (0, -2.0), (8192, 0.0)] {
        let mut ch = sine_channel();
        ch.pitch_bend(bend);
        ch.note_on(69, 100);
        let (left, _) = render(&mut ch, 0.2);
        let f = yin(&left[4_800..], SR as f32, 200.0, 1_000.0).unwrap();
        let expected = 440.0 * (semitones / 12.0).exp2();
        // +8191 is a hair under two semitones.
        assert!(
            cents(f, expected).abs() < 3.0,
            "bend {bend}: {f} Hz vs {expected}"
        );
    }
}

#[test]
fn bend_applies_to_sounding_notes() {
    // Piano partials are stretched, so compare bent with unbent rather than with 220 Hz.
    let run = |bend: bool| {
        let mut ch = channel(BuiltinInstrument::Piano);
        ch.note_on(57, 100);
        render(&mut ch, 0.1);
        if bend {
            ch.pitch_bend(16_383);
        }
        render(&mut ch, 0.02);
        let (left, _) = render(&mut ch, 0.15);
        yin(&left, SR as f32, 100.0, 600.0).unwrap()
    };
    let shift = cents(run(true), run(false));
    assert!((shift - 200.0).abs() < 3.0, "{shift} cents");
}

#[test]
fn high_notes_do_not_alias() {
    use BuiltinInstrument as I;
    for i in [
        I::SquareLead,
        I::SynthLead,
        I::Violin,
        I::BrassSection,
        I::Organ,
    ] {
        let key = 96; // C7, 2093 Hz: naive waveforms would fold dozens of harmonics back.
        let mut ch = channel(i);
        ch.note_on(key, 127);
        let (l, _) = render(&mut ch, 0.3);
        let seg = &l[(0.1 * SR as f32) as usize..];
        let f = key_hz(key);
        let fundamental = goertzel(seg, f, SR as f32);
        // Where harmonics 12 and 13 would fold to; neither is a multiple of f.
        let worst = [SR as f32 - 12.0 * f, 13.0 * f - SR as f32]
            .iter()
            .map(|&a| goertzel(seg, a.abs(), SR as f32))
            .fold(0.0f32, f32::max);
        assert!(
            db(worst / fundamental) < -50.0,
            "{}: alias at {:.1} dB",
            i.name(),
            db(worst / fundamental)
        );
    }
}
