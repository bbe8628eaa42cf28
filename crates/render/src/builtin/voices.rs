//! Voices: the choir's "aah" and the softer "ooh" vocal pad.
//!
//! A sung vowel is a glottal pulse (harmonics falling at about 10 dB per octave: the `Vocal`
//! waveform) shaped by the vocal tract's formants, which stay put while the pitch moves. So the
//! formants are a resonator bank on the channel (F1..F4 of "ah": 750, 1150, 2800, 3500 Hz; of "oo":
//! 350, 800, 2500 Hz), fed by two detuned sources per note with per-note drift, a little breath,
//! a gentle vibrato and the ensemble chorus: a choir rather than one singer.

use super::envelope::AdsrSpec;
use super::filter::Band;
use super::patch::{BodySpec, ChorusSpec, FxSpec, Patch, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;

static VOICE_PAIR: [OscSpec; 2] = [
    OscSpec::new(Waveform::Vocal, 1.0, -9.0, 0.5),
    OscSpec::new(Waveform::Vocal, 1.0, 9.0, 0.5),
];

const fn sung(
    cutoff_hz: f32,
    attack_s: f32,
    release_s: f32,
    depth_cents: f32,
) -> (AdsrSpec, WaveSpec, VibratoSpec) {
    (
        AdsrSpec {
            attack_s,
            decay_s: 1.0,
            sustain: 1.0,
            release_s,
            vel_attack: 0.5,
            key_scale: 0.0,
        },
        WaveSpec {
            oscs: &VOICE_PAIR,
            bright: BrightSpec {
                cutoff_hz,
                key_track: 0.2,
                vel_track: 0.4,
                start: 0.7,
                peak: 1.0,
                attack_s: 0.3,
                settle_s: 0.4,
                release: 0.7,
                lfo_hz: 0.0,
                lfo_depth: 0.0,
                min_harmonics: 2.0,
            },
            noise: NoiseSpec {
                level: 0.015,
                chiff: 0.0,
                chiff_s: 0.05,
                pitched: 0.7,
            },
            drift_cents: 5.0,
        },
        VibratoSpec {
            rate_hz: 5.0,
            depth_cents,
            delay_s: 0.25,
            rise_s: 0.6,
        },
    )
}

const AAH: (AdsrSpec, WaveSpec, VibratoSpec) = sung(3_200.0, 0.25, 0.6, 10.0);
const OOH: (AdsrSpec, WaveSpec, VibratoSpec) = sung(2_000.0, 0.45, 1.0, 6.0);

/// Choir "aah".
pub(crate) static CHOIR: Patch = Patch {
    gain: 1.09,
    vel_level: 1.2,
    amp: AAH.0,
    vibrato: AAH.2,
    source: Source::Wave(AAH.1),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.1,
            bands: [
                Band::new(750.0, 6.0, 1.0),
                Band::new(1_150.0, 7.0, 0.7),
                Band::new(2_800.0, 9.0, 0.35),
                Band::new(3_500.0, 10.0, 0.2),
            ],
        }),
        chorus: Some(ChorusSpec {
            delay_ms: 14.0,
            depth_ms: 4.0,
            rate_hz: 0.5,
            mix: 0.8,
        }),
        ..FxSpec::NONE
    },
};

/// Vocal pad "ooh": darker, slower, wider.
pub(crate) static VOCAL_PAD: Patch = Patch {
    gain: 0.83,
    vel_level: 1.0,
    amp: OOH.0,
    vibrato: OOH.2,
    source: Source::Wave(OOH.1),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.12,
            bands: [
                Band::new(350.0, 5.0, 1.0),
                Band::new(800.0, 6.0, 0.5),
                Band::new(2_500.0, 8.0, 0.15),
                Band::OFF,
            ],
        }),
        chorus: Some(ChorusSpec {
            delay_ms: 16.0,
            depth_ms: 5.0,
            rate_hz: 0.4,
            mix: 0.9,
        }),
        ..FxSpec::NONE
    },
};
