//! Synthesizers for synthwave, electronic and chiptune scores: warm pad, saw lead, square
//! (chiptune) lead, an arpeggiator-friendly pluck and a bass.
//!
//! Classic subtractive patches: detuned band-limited saws (the resonant table for leads, plucks
//! and bass, which gives the filter's characteristic bump), filter envelopes that snap shut for
//! plucks and basses or open slowly for the pad, a slow cutoff drift on the pad, and chorus for
//! width. The square lead is a 25 % pulse with a delayed vibrato, like a tracker tune, and no
//! velocity-to-brightness (chips had none).

use super::envelope::AdsrSpec;
use super::patch::{ChorusSpec, FxSpec, Patch, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;

const fn filter_env(
    cutoff_hz: f32,
    key_track: f32,
    vel_track: f32,
    start: f32,
    attack_s: f32,
    settle_s: f32,
) -> BrightSpec {
    BrightSpec {
        cutoff_hz,
        key_track,
        vel_track,
        start,
        peak: if attack_s > 0.0 { 1.0 } else { start },
        attack_s,
        settle_s,
        release: 0.7,
        lfo_hz: 0.0,
        lfo_depth: 0.0,
        min_harmonics: 1.0,
    }
}

pub(crate) static WARM_PAD: Patch = Patch {
    gain: 0.41,
    vel_level: 1.0,
    amp: AdsrSpec {
        attack_s: 0.6,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 1.4,
        vel_attack: 0.3,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Wave(WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::Saw, 1.0, -10.0, 0.5),
            OscSpec::new(Waveform::Saw, 1.0, 10.0, 0.5),
        ],
        bright: BrightSpec {
            lfo_hz: 0.15,
            lfo_depth: 0.2,
            min_harmonics: 1.2,
            ..filter_env(1_100.0, 0.3, 0.4, 0.3, 1.4, 1.0)
        },
        noise: NoiseSpec::NONE,
        drift_cents: 2.0,
    }),
    fx: FxSpec {
        chorus: Some(ChorusSpec {
            delay_ms: 15.0,
            depth_ms: 5.0,
            rate_hz: 0.35,
            mix: 0.9,
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static SYNTH_LEAD: Patch = Patch {
    gain: 0.42,
    vel_level: 1.0,
    amp: AdsrSpec {
        attack_s: 0.004,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.15,
        vel_attack: 0.0,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec {
        rate_hz: 5.5,
        depth_cents: 10.0,
        delay_s: 0.35,
        rise_s: 0.4,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::SawResonant, 1.0, -5.0, 0.6),
            OscSpec::new(Waveform::SawResonant, 1.0, 5.0, 0.6),
        ],
        bright: filter_env(3_000.0, 0.5, 0.5, 1.8, 0.0, 0.25),
        noise: NoiseSpec::NONE,
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        chorus: Some(ChorusSpec {
            delay_ms: 7.0,
            depth_ms: 1.0,
            rate_hz: 0.8,
            mix: 0.3,
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static SQUARE_LEAD: Patch = Patch {
    gain: 0.6,
    vel_level: 0.8,
    amp: AdsrSpec {
        attack_s: 0.002,
        decay_s: 0.3,
        sustain: 0.75,
        release_s: 0.06,
        vel_attack: 0.0,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec {
        rate_hz: 6.0,
        depth_cents: 14.0,
        delay_s: 0.3,
        rise_s: 0.15,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Pulse25, 1.0, 0.0, 1.0)],
        bright: filter_env(9_000.0, 1.0, 0.0, 1.0, 0.0, 0.1),
        noise: NoiseSpec::NONE,
        drift_cents: 0.0,
    }),
    fx: FxSpec::NONE,
};

pub(crate) static SYNTH_PLUCK: Patch = Patch {
    gain: 0.66,
    vel_level: 1.0,
    amp: AdsrSpec {
        attack_s: 0.002,
        decay_s: 0.9,
        sustain: 0.12,
        release_s: 0.25,
        vel_attack: 0.0,
        key_scale: 0.3,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Wave(WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::SawResonant, 1.0, -4.0, 0.6),
            OscSpec::new(Waveform::SawResonant, 1.0, 4.0, 0.6),
        ],
        bright: filter_env(900.0, 0.6, 0.7, 5.0, 0.0, 0.35),
        noise: NoiseSpec::NONE,
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        chorus: Some(ChorusSpec {
            delay_ms: 9.0,
            depth_ms: 2.0,
            rate_hz: 0.5,
            mix: 0.5,
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static SYNTH_BASS: Patch = Patch {
    gain: 0.54,
    vel_level: 1.0,
    amp: AdsrSpec {
        attack_s: 0.003,
        decay_s: 1.5,
        sustain: 0.7,
        release_s: 0.08,
        vel_attack: 0.0,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Wave(WaveSpec {
        oscs: &[
            OscSpec::new(Waveform::SawResonant, 1.0, 0.0, 0.7),
            OscSpec::new(Waveform::Square, 1.0, 4.0, 0.45),
        ],
        bright: BrightSpec {
            min_harmonics: 1.5,
            ..filter_env(500.0, 0.3, 0.8, 3.5, 0.0, 0.3)
        },
        noise: NoiseSpec::NONE,
        drift_cents: 0.0,
    }),
    fx: FxSpec::NONE,
};
