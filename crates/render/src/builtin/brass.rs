//! Brass: trumpet, brass section and French horn.
//!
//! A brass tone's signature is that its brightness follows its loudness: the lips buzz richer as
//! the player blows harder, and each note starts dark, flares ("blat") and settles. So the
//! brightness envelope starts low, overshoots and settles, and velocity drives the cutoff hard
//! (`vel_track` above 1). The horn is the same idea much darker (its bell points away from the
//! audience), the section two detuned saws with a touch of chorus.

use super::envelope::AdsrSpec;
use super::filter::Band;
use super::patch::{BodySpec, ChorusSpec, FxSpec, Patch, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;

const LIPS: NoiseSpec = NoiseSpec {
    level: 0.004,
    chiff: 0.03,
    chiff_s: 0.03,
    pitched: 0.8,
};

const fn blat(cutoff_hz: f32, vel_track: f32, start: f32, peak: f32, attack_s: f32) -> BrightSpec {
    BrightSpec {
        cutoff_hz,
        key_track: 0.4,
        vel_track,
        start,
        peak,
        attack_s,
        settle_s: 0.3,
        release: 0.5,
        lfo_hz: 0.0,
        lfo_depth: 0.0,
        min_harmonics: 1.3,
    }
}

pub(crate) static TRUMPET: Patch = Patch {
    gain: 0.49,
    vel_level: 1.4,
    amp: AdsrSpec {
        attack_s: 0.03,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.12,
        vel_attack: 0.3,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec {
        rate_hz: 5.5,
        depth_cents: 8.0,
        delay_s: 0.4,
        rise_s: 0.5,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Saw, 1.0, 0.0, 1.0)],
        bright: blat(2_200.0, 1.3, 0.25, 1.2, 0.05),
        noise: LIPS,
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.8,
            bands: [
                Band::new(1_300.0, 1.5, 0.5),
                Band::new(2_600.0, 2.0, 0.25),
                Band::OFF,
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static BRASS_SECTION: Patch = Patch {
    gain: 0.51,
    vel_level: 1.4,
    amp: AdsrSpec {
        attack_s: 0.06,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.25,
        vel_attack: 0.4,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec {
        rate_hz: 5.2,
        depth_cents: 5.0,
        delay_s: 0.5,
        rise_s: 0.6,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::Saw, 1.0, -6.0, 0.55),
            OscSpec::new(Waveform::Saw, 1.0, 6.0, 0.55),
        ],
        bright: blat(1_700.0, 1.2, 0.3, 1.15, 0.08),
        noise: NoiseSpec::NONE,
        drift_cents: 4.0,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.85,
            bands: [
                Band::new(1_100.0, 1.5, 0.35),
                Band::new(2_500.0, 2.0, 0.15),
                Band::OFF,
                Band::OFF,
            ],
        }),
        chorus: Some(ChorusSpec {
            delay_ms: 8.0,
            depth_ms: 1.5,
            rate_hz: 0.4,
            mix: 0.35,
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static FRENCH_HORN: Patch = Patch {
    gain: 0.56,
    vel_level: 1.3,
    amp: AdsrSpec {
        attack_s: 0.07,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.3,
        vel_attack: 0.4,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec {
        rate_hz: 4.8,
        depth_cents: 4.0,
        delay_s: 0.5,
        rise_s: 0.6,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Saw, 1.0, 0.0, 1.0)],
        bright: BrightSpec {
            key_track: 0.5,
            ..blat(900.0, 1.0, 0.4, 1.05, 0.1)
        },
        noise: LIPS,
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.8,
            bands: [
                Band::new(400.0, 1.5, 0.45),
                Band::new(800.0, 2.0, 0.2),
                Band::OFF,
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
};
