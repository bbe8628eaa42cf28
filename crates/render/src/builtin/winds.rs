//! Woodwinds: flute, oboe, clarinet and saxophone.
//!
//! Each is a source waveform chosen for its bore (a flute's near-sine with weak upper
//! harmonics; a clarinet's cylindrical bore, odd harmonics strong; the conical oboe and saxophone,
//! all harmonics), breath noise pulsed at the pitch so it fuses with the tone, a short "chiff" at
//! the onset, vibrato that blooms on held notes (none on the clarinet, as classical players play
//! it), and the formants of the instrument at the channel: the oboe's nasal peaks near 1.1 and
//! 2.9 kHz, the saxophone's near 650 Hz and 1.6 kHz. Velocity opens the brightness strongly on
//! the saxophone (subtone to edge), less on the others.

use super::envelope::AdsrSpec;
use super::filter::Band;
use super::patch::{BodySpec, FxSpec, Patch, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;

const fn wind_amp(attack_s: f32, release_s: f32) -> AdsrSpec {
    AdsrSpec {
        attack_s,
        decay_s: 1.0,
        sustain: 1.0,
        release_s,
        vel_attack: 0.4,
        key_scale: 0.0,
    }
}

const fn bright(cutoff_hz: f32, key_track: f32, vel_track: f32, peak: f32) -> BrightSpec {
    BrightSpec {
        cutoff_hz,
        key_track,
        vel_track,
        start: 0.6,
        peak,
        attack_s: 0.06,
        settle_s: 0.25,
        release: 0.6,
        lfo_hz: 0.0,
        lfo_depth: 0.0,
        min_harmonics: 1.2,
    }
}

pub(crate) static FLUTE: Patch = Patch {
    gain: 0.54,
    vel_level: 1.2,
    amp: wind_amp(0.05, 0.12),
    vibrato: VibratoSpec {
        rate_hz: 5.0,
        depth_cents: 12.0,
        delay_s: 0.3,
        rise_s: 0.5,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Vocal, 1.0, 0.0, 1.0)],
        bright: bright(1_500.0, 0.8, 0.6, 1.0),
        noise: NoiseSpec {
            level: 0.05,
            chiff: 0.25,
            chiff_s: 0.06,
            pitched: 0.3,
        },
        drift_cents: 0.0,
    }),
    fx: FxSpec::NONE,
};

pub(crate) static OBOE: Patch = Patch {
    gain: 0.67,
    vel_level: 1.2,
    amp: wind_amp(0.035, 0.1),
    vibrato: VibratoSpec {
        rate_hz: 5.5,
        depth_cents: 9.0,
        delay_s: 0.35,
        rise_s: 0.5,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Saw, 1.0, 0.0, 1.0)],
        bright: BrightSpec {
            min_harmonics: 3.0,
            ..bright(4_000.0, 0.3, 0.6, 1.0)
        },
        noise: NoiseSpec {
            level: 0.008,
            chiff: 0.03,
            chiff_s: 0.03,
            pitched: 0.8,
        },
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.3,
            bands: [
                Band::new(1_100.0, 3.0, 1.2),
                Band::new(2_900.0, 4.0, 0.6),
                Band::new(250.0, 1.0, -0.15),
                Band::new(4_500.0, 2.0, 0.2),
            ],
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static CLARINET: Patch = Patch {
    gain: 0.58,
    vel_level: 1.2,
    amp: wind_amp(0.04, 0.12),
    vibrato: VibratoSpec::NONE,
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Clarinet, 1.0, 0.0, 1.0)],
        bright: bright(2_000.0, 0.5, 0.7, 1.0),
        noise: NoiseSpec {
            level: 0.01,
            chiff: 0.03,
            chiff_s: 0.03,
            pitched: 0.7,
        },
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.8,
            bands: [
                Band::new(1_500.0, 2.0, 0.3),
                Band::new(3_000.0, 2.0, 0.15),
                Band::OFF,
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
};

pub(crate) static SAXOPHONE: Patch = Patch {
    gain: 0.47,
    vel_level: 1.3,
    amp: wind_amp(0.04, 0.12),
    vibrato: VibratoSpec {
        rate_hz: 5.0,
        depth_cents: 14.0,
        delay_s: 0.3,
        rise_s: 0.4,
    },
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Saw, 1.0, 0.0, 1.0)],
        bright: bright(2_200.0, 0.3, 1.2, 1.15),
        noise: NoiseSpec {
            level: 0.02,
            chiff: 0.08,
            chiff_s: 0.05,
            pitched: 0.8,
        },
        drift_cents: 0.0,
    }),
    fx: FxSpec {
        body: Some(BodySpec {
            dry: 0.6,
            bands: [
                Band::new(650.0, 1.5, 0.5),
                Band::new(1_600.0, 2.0, 0.6),
                Band::new(2_800.0, 2.5, 0.3),
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
};
