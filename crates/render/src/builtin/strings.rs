//! Strings: the section (legato, slow attack, ensemble chorus), solo violin and cello, and the
//! plucked pizzicato and harp.
//!
//! Bowed strings are a sawtooth (the Helmholtz motion of a bowed string is one) through the
//! brightness envelope, with bow noise fused to the tone, vibrato that blooms after the onset,
//! and the body's resonances at the channel: the violin's air and wood modes near 280 and 460 Hz
//! and its bridge hill near 3 kHz, the cello's an octave and a half lower. The section is two
//! detuned saws per note, random per-note tuning drift and a three-tap ensemble chorus: many
//! players who are never quite together. Soft notes swell in slower (`vel_attack`).

use super::envelope::AdsrSpec;
use super::filter::Band;
use super::patch::{BodySpec, ChorusSpec, FxSpec, Patch, PluckSpec, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;

const SECTION_BODY: BodySpec = BodySpec {
    dry: 0.8,
    bands: [
        Band::new(280.0, 2.5, 0.35),
        Band::new(620.0, 2.0, 0.25),
        Band::new(2_600.0, 1.2, 0.3),
        Band::new(6_000.0, 1.0, -0.25),
    ],
};

const ENSEMBLE: ChorusSpec = ChorusSpec {
    delay_ms: 12.0,
    depth_ms: 3.0,
    rate_hz: 0.6,
    mix: 0.7,
};

/// String section (ensemble).
pub(crate) static STRING_ENSEMBLE: Patch = Patch {
    gain: 0.38,
    vel_level: 1.3,
    amp: AdsrSpec {
        attack_s: 0.22,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.5,
        vel_attack: 0.8,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec {
        rate_hz: 5.3,
        depth_cents: 7.0,
        delay_s: 0.35,
        rise_s: 0.8,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::Saw, 1.0, -8.0, 0.5),
            OscSpec::new(Waveform::Saw, 1.0, 8.0, 0.5),
        ],
        bright: BrightSpec {
            cutoff_hz: 2_400.0,
            key_track: 0.5,
            vel_track: 0.7,
            start: 0.35,
            peak: 1.0,
            attack_s: 0.3,
            settle_s: 0.5,
            release: 0.6,
            lfo_hz: 0.13,
            lfo_depth: 0.08,
            min_harmonics: 1.5,
        },
        noise: NoiseSpec::NONE,
        drift_cents: 3.0,
    }),
    fx: FxSpec {
        body: Some(SECTION_BODY),
        chorus: Some(ENSEMBLE),
        ..FxSpec::NONE
    },
};

static ONE_SAW: [OscSpec; 1] = [OscSpec::new(Waveform::Saw, 1.0, 0.0, 1.0)];

const fn bowed(
    gain: f32,
    cutoff_hz: f32,
    attack_s: f32,
    release_s: f32,
    vibrato: VibratoSpec,
    body: BodySpec,
) -> Patch {
    Patch {
        gain,
        vel_level: 1.3,
        amp: AdsrSpec {
            attack_s,
            decay_s: 1.0,
            sustain: 1.0,
            release_s,
            vel_attack: 0.6,
            key_scale: 0.0,
        },
        vibrato,
        source: Source::Wave(WaveSpec {
            oscs: &ONE_SAW,
            bright: BrightSpec {
                cutoff_hz,
                key_track: 0.4,
                vel_track: 0.8,
                start: 0.5,
                peak: 1.1,
                attack_s: 0.08,
                settle_s: 0.3,
                release: 0.6,
                lfo_hz: 0.0,
                lfo_depth: 0.0,
                min_harmonics: 2.0,
            },
            noise: NoiseSpec {
                level: 0.012,
                chiff: 0.05,
                chiff_s: 0.08,
                pitched: 0.6,
            },
            drift_cents: 0.0,
        }),
        fx: FxSpec {
            body: Some(body),
            ..FxSpec::NONE
        },
    }
}

/// Solo violin.
pub(crate) static VIOLIN: Patch = bowed(
    0.54,
    3_800.0,
    0.07,
    0.25,
    VibratoSpec {
        rate_hz: 5.6,
        depth_cents: 16.0,
        delay_s: 0.22,
        rise_s: 0.45,
    },
    BodySpec {
        dry: 0.55,
        bands: [
            Band::new(280.0, 4.0, 0.7),
            Band::new(460.0, 3.0, 0.5),
            Band::new(2_900.0, 1.5, 0.9),
            Band::new(4_500.0, 2.0, 0.3),
        ],
    },
);

/// Solo cello.
pub(crate) static CELLO: Patch = bowed(
    0.65,
    2_000.0,
    0.09,
    0.3,
    VibratoSpec {
        rate_hz: 5.2,
        depth_cents: 14.0,
        delay_s: 0.25,
        rise_s: 0.5,
    },
    BodySpec {
        dry: 0.55,
        bands: [
            Band::new(110.0, 3.0, 0.6),
            Band::new(220.0, 3.0, 0.6),
            Band::new(600.0, 2.0, 0.35),
            Band::new(2_000.0, 1.5, 0.5),
        ],
    },
);

/// Pizzicato section: short plucks through the section body, a little ensemble.
pub(crate) static PIZZICATO: Patch = Patch {
    gain: 0.62,
    vel_level: 1.5,
    amp: AdsrSpec::gate(0.15),
    vibrato: VibratoSpec::NONE,
    source: Source::Pluck(PluckSpec {
        t60_low_s: 1.0,
        t60_high_s: 0.35,
        low_key: 36,
        high_key: 84,
        bright_t60_s: 0.12,
        position: 0.25,
        excite_hz: 2_200.0,
        noise: 0.15,
    }),
    fx: FxSpec {
        body: Some(SECTION_BODY),
        chorus: Some(ChorusSpec {
            mix: 0.4,
            ..ENSEMBLE
        }),
        ..FxSpec::NONE
    },
};

/// Concert harp: plucked near the middle (round tone), long ring, strings left to sound.
pub(crate) static HARP: Patch = Patch {
    gain: 0.5,
    vel_level: 1.5,
    amp: AdsrSpec::gate(1.0),
    vibrato: VibratoSpec::NONE,
    source: Source::Pluck(PluckSpec {
        t60_low_s: 7.0,
        t60_high_s: 1.5,
        low_key: 36,
        high_key: 96,
        bright_t60_s: 0.5,
        position: 0.3,
        excite_hz: 2_000.0,
        noise: 0.05,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 1.0,
            bands: [
                Band::new(180.0, 1.5, 0.25),
                Band::new(400.0, 1.5, 0.15),
                Band::OFF,
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
};
