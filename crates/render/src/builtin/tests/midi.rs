//! MIDI behaviour of the channel: releases end in silence, the sustain pedal holds notes, voice
//! stealing and retriggering are click-free, controllers do what GM says, and nothing produces
//! NaN whatever the input.

use super::super::pool::POLYPHONY;
use super::*;

/// Renders until the channel reports silence; returns the seconds it took (or `limit`).
fn seconds_until_silent(ch: &mut BuiltinChannel, limit: f32) -> f32 {
    let step = 0.05;
    let mut t = 0.0;
    while t < limit {
        if ch.is_silent() {
            return t;
        }
        render(ch, step);
        t += step;
    }
    limit
}

#[test]
fn a_new_channel_is_silent() {
    let mut ch = BuiltinChannel::new(SR, false);
    assert!(ch.is_silent());
    let (l, r) = render(&mut ch, 0.01);
    assert!(l.iter().chain(&r).all(|&x| x == 0.0));
}

#[test]
fn note_off_leads_to_silence_for_every_instrument() {
    for i in melodic() {
        let mut ch = channel(i);
        ch.note_on(i.typical_key(), 100);
        let (l, _) = render(&mut ch, 0.2);
        assert!(peak(&l) > 1e-3, "{} is silent", i.name());
        assert!(!ch.is_silent());
        ch.note_off(i.typical_key());
        let t = seconds_until_silent(&mut ch, 4.0);
        assert!(t < 4.0, "{} still sounding 4 s after note-off", i.name());
    }
}

#[test]
fn velocity_zero_is_note_off() {
    let mut ch = sine_channel();
    ch.note_on(60, 100);
    render(&mut ch, 0.1);
    ch.note_on(60, 0);
    assert!(seconds_until_silent(&mut ch, 1.0) < 1.0);
}

#[test]
fn sustain_pedal_holds_released_notes_until_pedal_up() {
    for i in [BuiltinInstrument::Piano, BuiltinInstrument::StringEnsemble] {
        let mut ch = channel(i);
        ch.control_change(64, 127);
        ch.note_on(60, 100);
        render(&mut ch, 0.3);
        ch.note_off(60);
        render(&mut ch, 0.6);
        let (held, _) = render(&mut ch, 0.1);
        assert!(rms(&held) > 1e-3, "{}: pedal did not hold", i.name());
        ch.control_change(64, 0);
        let t = seconds_until_silent(&mut ch, 3.0);
        assert!(t < 3.0, "{}: pedal-up did not release", i.name());

        // Without the pedal the same note stops.
        let mut ch = channel(i);
        ch.note_on(60, 100);
        render(&mut ch, 0.3);
        ch.note_off(60);
        render(&mut ch, 0.6);
        let (free, _) = render(&mut ch, 0.1);
        assert!(rms(&free) < rms(&held) * 0.1, "{}", i.name());
    }
}

#[test]
fn notes_played_while_the_pedal_is_down_are_held_too() {
    let mut ch = channel(BuiltinInstrument::Piano);
    ch.control_change(64, 100);
    for key in [48, 52, 55] {
        ch.note_on(key, 90);
        render(&mut ch, 0.05);
        ch.note_off(key);
    }
    render(&mut ch, 0.5);
    assert_eq!(ch.active_voices(), 3);
    ch.control_change(121, 0);
    assert!(seconds_until_silent(&mut ch, 3.0) < 3.0);
}

#[test]
fn voice_stealing_is_click_free() {
    let mut ch = sine_channel();
    let mut out = Vec::new();
    // Far more notes than voices, all held, low keys so the sine itself barely bends.
    for n in 0..(2 * POLYPHONY + 10) {
        ch.note_on(36 + (n % 25) as u8, 100);
        let (l, _) = render_frames(&mut ch, 97);
        out.extend(l);
    }
    // Then a burst of note-ons in the same instant: spare slots run out, hard cuts are declicked.
    for n in 0..40 {
        ch.note_on(36 + ((n * 7) % 25) as u8, 100);
    }
    let (l, _) = render(&mut ch, 0.1);
    out.extend(l);
    assert!(out.iter().all(|x| x.is_finite()));
    assert!(ch.active_voices() <= POLYPHONY + 8);
    // One voice's amplitude on the left channel (gain 0.2, volume 100, centre pan).
    let voice = 0.2 * (100.0f32 / 127.0).powi(2) * std::f32::consts::FRAC_1_SQRT_2;
    let kink = max_kink(&out);
    assert!(kink < 0.1 * voice, "kink {kink} vs voice amplitude {voice}");
}

#[test]
fn stealing_real_instruments_does_not_panic() {
    for i in [
        BuiltinInstrument::Piano,
        BuiltinInstrument::AcousticGuitar,
        BuiltinInstrument::StringEnsemble,
        BuiltinInstrument::DrumKit,
    ] {
        let mut ch = channel(i);
        for n in 0..80u8 {
            ch.note_on(30 + n % 60, 60 + n % 60);
            let (l, r) = render_frames(&mut ch, 50);
            assert!(l.iter().chain(&r).all(|x| x.is_finite() && x.abs() < 4.0));
        }
    }
}

#[test]
fn retriggering_a_sounding_key_is_clean() {
    let mut ch = sine_channel();
    let mut out = Vec::new();
    for _ in 0..10 {
        ch.note_on(45, 100);
        let (l, _) = render(&mut ch, 0.02);
        out.extend(l);
        assert!(ch.active_voices() <= 2);
    }
    let voice = 0.2 * (100.0f32 / 127.0).powi(2) * std::f32::consts::FRAC_1_SQRT_2;
    assert!(max_kink(&out) < 0.05 * voice);
}

#[test]
fn pan_is_equal_power() {
    let level = |pan: u8| {
        let mut ch = sine_channel();
        ch.control_change(10, pan);
        ch.note_on(57, 100);
        let (l, r) = render(&mut ch, 0.2);
        (rms(&l[4_800..]), rms(&r[4_800..]))
    };
    let (cl, cr) = level(64);
    assert!((cl - cr).abs() < 0.01 * cl);
    let (ll, lr) = level(0);
    assert!(lr < 1e-4 && (ll - cl * std::f32::consts::SQRT_2).abs() < 0.02 * ll);
    let (rl, rr) = level(127);
    assert!(rl < 1e-4 && (rr - cr * std::f32::consts::SQRT_2).abs() < 0.02 * rr);
    // Power is constant across the arc.
    let (ql, qr) = level(32);
    assert!(((ql * ql + qr * qr) / (cl * cl + cr * cr) - 1.0).abs() < 0.03);
}

#[test]
fn volume_and_expression_scale_the_output() {
    let level = |cc: u8, value: u8| {
        let mut ch = sine_channel();
        ch.control_change(cc, value);
        ch.note_on(57, 100);
        let (l, _) = render(&mut ch, 0.2);
        rms(&l[4_800..])
    };
    let full = level(7, 127);
    let default = level(7, 100);
    assert!((db(default) - db(full) - 40.0 * (100.0f32 / 127.0).log10()).abs() < 0.2);
    assert!(level(11, 64) < 0.3 * level(11, 127));
    assert!(level(7, 0) < 1e-6);
}

#[test]
fn controller_moves_do_not_click() {
    let mut ch = sine_channel();
    ch.note_on(45, 100);
    let mut out = render(&mut ch, 0.1).0;
    for (cc, v) in [(7, 20), (10, 0), (11, 127), (10, 127), (7, 127)] {
        ch.control_change(cc, v);
        out.extend(render(&mut ch, 0.02).0);
    }
    let voice = 0.2 * std::f32::consts::SQRT_2;
    assert!(max_kink(&out) < 0.05 * voice, "{}", max_kink(&out));
}

#[test]
fn all_sound_off_silences_within_milliseconds() {
    let mut ch = channel(BuiltinInstrument::WarmPad);
    for key in [48, 55, 60, 64] {
        ch.note_on(key, 100);
    }
    render(&mut ch, 1.0);
    ch.control_change(120, 0);
    let (l, _) = render(&mut ch, 0.1);
    // Faded within 3 ms plus the chorus line (under 30 ms).
    assert!(peak(&l[(0.04 * SR as f32) as usize..]) < 1e-5);
    assert!(seconds_until_silent(&mut ch, 0.5) < 0.5);
}

#[test]
fn all_notes_off_releases_everything() {
    let mut ch = channel(BuiltinInstrument::Piano);
    ch.control_change(64, 127);
    for key in [48, 60, 72] {
        ch.note_on(key, 100);
    }
    render(&mut ch, 0.2);
    ch.control_change(123, 0);
    assert!(seconds_until_silent(&mut ch, 3.0) < 3.0);
}

#[test]
fn reset_controllers_restores_defaults() {
    let mut ch = sine_channel();
    ch.pitch_bend(0);
    ch.control_change(11, 10);
    ch.control_change(121, 0);
    ch.note_on(69, 100);
    let (l, _) = render(&mut ch, 0.2);
    let f = yin(&l[4_800..], SR as f32, 200.0, 1_000.0).unwrap();
    assert!(cents(f, 440.0).abs() < 3.0);
    let reference = {
        let mut c = sine_channel();
        c.note_on(69, 100);
        rms(&render(&mut c, 0.2).0[4_800..])
    };
    assert!((rms(&l[4_800..]) / reference - 1.0).abs() < 0.02);
}

#[test]
fn program_change_selects_the_gm_instrument() {
    let mut ch = BuiltinChannel::new(SR, false);
    assert_eq!(ch.instrument(), BuiltinInstrument::Piano);
    ch.program_change(40);
    assert_eq!(ch.instrument(), BuiltinInstrument::Violin);
    ch.program_change(81);
    assert_eq!(ch.instrument(), BuiltinInstrument::SynthLead);
    let mut drums = BuiltinChannel::new(SR, true);
    drums.program_change(0);
    assert_eq!(drums.instrument(), BuiltinInstrument::DrumKit);
}

#[test]
fn velocity_controls_level_and_brightness() {
    for i in [
        BuiltinInstrument::Piano,
        BuiltinInstrument::Trumpet,
        BuiltinInstrument::AcousticGuitar,
    ] {
        let measure = |vel: u8| {
            let mut ch = channel(i);
            ch.note_on(60, vel);
            let (l, _) = render(&mut ch, 0.25);
            let seg = &l[(0.05 * SR as f32) as usize..];
            // Brightness: share of the signal's slope energy (high frequencies) per level.
            let slope: Vec<f32> = seg.windows(2).map(|w| w[1] - w[0]).collect();
            (rms(seg), rms(&slope) / rms(seg))
        };
        let (soft_level, soft_bright) = measure(40);
        let (loud_level, loud_bright) = measure(120);
        assert!(db(loud_level) - db(soft_level) > 8.0, "{} level", i.name());
        assert!(
            loud_bright > 1.15 * soft_bright,
            "{} brightness {soft_bright} -> {loud_bright}",
            i.name()
        );
    }
}

#[test]
fn nothing_produces_nan_or_runs_away() {
    let mut rng = super::super::noise::Rng::new(99);
    for program in (0..128u8).step_by(3) {
        let mut ch = BuiltinChannel::new(44_100, program % 9 == 0);
        ch.program_change(program);
        for _ in 0..40 {
            match rng.next_u32() % 6 {
                0 | 1 => ch.note_on((rng.next_u32() % 128) as u8, (rng.next_u32() % 128) as u8),
                2 => ch.note_off((rng.next_u32() % 128) as u8),
                3 => ch.control_change(
                    [1, 7, 10, 11, 64, 120, 121, 123][(rng.next_u32() % 8) as usize],
                    (rng.next_u32() % 128) as u8,
                ),
                4 => ch.pitch_bend((rng.next_u32() % 16_384) as u16),
                _ => ch.program_change((rng.next_u32() % 128) as u8),
            }
            let n = 1 + (rng.next_u32() % 300) as usize;
            let mut l = vec![0.0; n];
            let mut r = vec![0.0; n];
            ch.render(&mut l, &mut r);
            assert!(
                l.iter().chain(&r).all(|x| x.is_finite() && x.abs() < 8.0),
                "program {program}"
            );
        }
    }
}

#[test]
fn other_sample_rates_work() {
    for sr in [22_050u32, 44_100, 96_000] {
        let mut ch = BuiltinChannel::new(sr, false);
        ch.program_change(24);
        ch.note_on(57, 100);
        let frames = (sr as f32 * 0.3) as usize;
        let mut l = vec![0.0; frames];
        let mut r = vec![0.0; frames];
        ch.render(&mut l, &mut r);
        let seg = &l[frames / 3..];
        let f = yin(seg, sr as f32, 80.0, 600.0).unwrap();
        assert!(cents(f, 220.0).abs() < 17.0, "{sr} Hz: {f}");
    }
}
