//! Keyboards: acoustic piano (modal), electric piano (FM), organ (drawbar wavetable) and
//! harpsichord (plucked string).
//!
//! The piano is the instrument most scores lean on, so it gets the most physics:
//! - partials are stretched by string stiffness (`f_n = n f0 sqrt(1 + B n^2)`, `B` growing
//!   towards the treble), so octaves and chords shimmer the way a real piano's do;
//! - the hammer strikes about an eighth of the way along the string, which notches out partials
//!   near multiples of 8, and its felt acts as a lowpass that opens with velocity: loud notes are
//!   brighter, not just louder;
//! - the lowest four partials have a second, slightly detuned string that decays faster: the
//!   beating and the two-stage decay (prompt sound, then aftersound) of unison strings;
//! - higher partials and higher notes decay faster; the bass fundamental is weak, as it is on a
//!   real soundboard;
//! - a short lowpassed noise burst is the hammer's knock.
//!
//! The sustain pedal needs no special case: a pedalled note simply is not released (see the pool),
//! and releasing lets the damper (the envelope's release) stop the strings.

use super::envelope::{AdsrSpec, MIN_ATTACK_S};
use super::filter::Band;
use super::modal::{ModeList, Strike};
use super::patch::TremoloSpec;
use super::patch::{BodySpec, ChorusSpec, FmSpec, FxSpec, ModalKind, Patch, PluckSpec, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;

/// Acoustic grand piano.
pub(crate) static PIANO: Patch = Patch {
    gain: 0.315,
    vel_level: 1.6,
    amp: AdsrSpec {
        attack_s: MIN_ATTACK_S,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.35,
        vel_attack: 0.0,
        key_scale: 0.3,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Modal(ModalKind::Piano),
    fx: FxSpec::NONE,
};

/// The modes of a piano note.
pub(crate) fn piano_modes(key: u8, hz: f32, velocity: u8) -> (ModeList, Strike) {
    let k = key as f32;
    let v = velocity as f32 / 127.0;
    // Inharmonicity coefficient: about 4e-4 at A4, rising towards the treble.
    let b = 4e-4 * 10f32.powf((k - 69.0) / 40.0);
    let stretch = |n: f32| n * (1.0 + b * n * n).sqrt() / (1.0 + b).sqrt();
    // 60 dB time of the fundamental: long in the bass, short in the treble.
    let t_base = (9.0 * (-(k - 60.0) / 20.0).exp2()).clamp(1.2, 20.0);
    // Felt hardness: the lowpass corner of the hammer.
    let hammer_hz = 700.0 + 4200.0 * v * v;
    // Hammer position (fraction of the string).
    let beta = 0.118;
    // Unison detune of the second string, in cents, varying a little from key to key.
    let detune = 0.9 + 0.6 * ((k * 0.618).fract());
    // Partials: the bass needs many (its fundamental is weak and its body is in the upper
    // partials); higher up, the hammer's felt leaves little above the 12th to hear.
    let partials = match key {
        0..=47 => 20,
        48..=66 => 16,
        _ => 12,
    };
    let mut modes = ModeList::new();
    for n in 1..=partials {
        let nf = n as f32;
        let f = hz * stretch(nf);
        if f > 9_000.0 {
            break;
        }
        let comb = (std::f32::consts::PI * nf * beta).sin().abs().max(0.05);
        let felt = 1.0 / (1.0 + (f / hammer_hz).powi(2));
        let mut a = comb / nf.powf(0.75) * felt;
        // A soundboard radiates the bass fundamentals weakly.
        if n == 1 {
            a *= (hz / 160.0).clamp(0.3, 1.0);
        } else if n == 2 {
            a *= (hz / 110.0).clamp(0.55, 1.0);
        }
        let t60 = t_base / (1.0 + f / 1_800.0) / (1.0 + 0.03 * nf);
        if n <= 4 {
            let twin = f * (detune / 1200.0).exp2();
            modes.push(f, 0.4 * a, t60);
            modes.push(twin, 0.6 * a, t60 * 0.3);
        } else {
            modes.push(f, a, t60);
        }
    }
    let strike = Strike {
        level: 0.04 + 0.08 * v,
        t60_s: 0.025,
        cutoff_hz: 1_200.0 + 2_500.0 * v,
    };
    (modes, strike)
}

/// Electric piano: FM with a 1:1 body modulator and a 14:1 tine, stereo tremolo.
pub(crate) static ELECTRIC_PIANO: Patch = Patch {
    gain: 0.44,
    vel_level: 1.4,
    amp: AdsrSpec {
        attack_s: 0.002,
        decay_s: 5.0,
        sustain: 0.0,
        release_s: 0.3,
        vel_attack: 0.0,
        key_scale: 0.6,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Fm(FmSpec {
        body_index: 2.2,
        body_floor: 0.3,
        body_decay_s: 1.4,
        tine_ratio: 14.0,
        tine_index: 1.3,
        tine_decay_s: 0.07,
    }),
    fx: FxSpec {
        tremolo: Some(TremoloSpec {
            rate_hz: 4.3,
            depth: 0.4,
            stereo: true,
        }),
        ..FxSpec::NONE
    },
};

/// Drawbar organ through a chorus-vibrato.
pub(crate) static ORGAN: Patch = Patch {
    gain: 0.41,
    vel_level: 0.4,
    amp: AdsrSpec {
        attack_s: 0.005,
        ..AdsrSpec::gate(0.07)
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Wave(WaveSpec {
        // No 16' sub-octave: parts are written at sounding pitch.
        oscs: &[OscSpec::new(Waveform::Organ, 1.0, 0.0, 1.0)],
        bright: BrightSpec {
            cutoff_hz: 9_000.0,
            key_track: 1.0,
            vel_track: 0.0,
            start: 1.0,
            peak: 1.0,
            attack_s: 0.0,
            settle_s: 0.1,
            release: 1.0,
            lfo_hz: 0.0,
            lfo_depth: 0.0,
            min_harmonics: 8.0,
        },
        noise: NoiseSpec {
            level: 0.0,
            chiff: 0.08,
            chiff_s: 0.008,
            pitched: 0.0,
        },
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        chorus: Some(ChorusSpec {
            delay_ms: 3.0,
            depth_ms: 0.6,
            rate_hz: 5.8,
            mix: 0.6,
        }),
        ..FxSpec::NONE
    },
};

/// Harpsichord: bright plucked strings, quill near the end, little velocity response.
pub(crate) static HARPSICHORD: Patch = Patch {
    gain: 0.49,
    vel_level: 0.4,
    amp: AdsrSpec::gate(0.12),
    vibrato: VibratoSpec::NONE,
    source: Source::Pluck(PluckSpec {
        t60_low_s: 5.0,
        t60_high_s: 1.5,
        low_key: 36,
        high_key: 84,
        bright_t60_s: 1.2,
        position: 0.08,
        excite_hz: 7_000.0,
        noise: 0.1,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.9,
            bands: [
                Band::new(300.0, 1.2, 0.35),
                Band::new(1_100.0, 1.0, 0.25),
                Band::new(2_800.0, 1.5, 0.2),
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
};
