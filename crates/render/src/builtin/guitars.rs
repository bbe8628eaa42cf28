//! Guitars and basses on the plucked-string engine: acoustic, clean electric and distortion
//! guitar; acoustic (upright) and electric bass.
//!
//! They differ in string decay (an electric's solid body sustains), pluck position and excitation
//! brightness (pick near the bridge versus finger further in), and what happens after the string:
//! an acoustic body's air and top resonances near 100 and 200 Hz; a pickup's resonance near 3 kHz
//! and a light chorus for the clean electric; for distortion, an amplifier (soft saturation) and a
//! speaker cabinet (lowpass plus broad resonances) on the whole channel.

use super::envelope::AdsrSpec;
use super::filter::Band;
use super::patch::{BodySpec, ChorusSpec, DriveSpec, FxSpec, Patch, PluckSpec, Source};
use super::vibrato::VibratoSpec;

const fn plucked(gain: f32, release_s: f32, spec: PluckSpec, fx: FxSpec) -> Patch {
    Patch {
        gain,
        vel_level: 1.5,
        amp: AdsrSpec::gate(release_s),
        vibrato: VibratoSpec::NONE,
        source: Source::Pluck(spec),
        fx,
    }
}

pub(crate) static ACOUSTIC_GUITAR: Patch = plucked(
    0.61,
    0.15,
    PluckSpec {
        t60_low_s: 5.0,
        t60_high_s: 1.6,
        low_key: 40,
        high_key: 76,
        bright_t60_s: 0.45,
        position: 0.18,
        excite_hz: 2_800.0,
        noise: 0.25,
    },
    FxSpec {
        body: Some(BodySpec {
            dry: 0.8,
            bands: [
                Band::new(100.0, 3.0, 0.5),
                Band::new(205.0, 3.0, 0.45),
                Band::new(420.0, 2.0, 0.25),
                Band::new(2_600.0, 1.2, 0.15),
            ],
        }),
        ..FxSpec::NONE
    },
);

pub(crate) static ELECTRIC_GUITAR: Patch = plucked(
    0.64,
    0.1,
    PluckSpec {
        t60_low_s: 7.0,
        t60_high_s: 3.0,
        low_key: 40,
        high_key: 76,
        bright_t60_s: 1.0,
        position: 0.12,
        excite_hz: 4_000.0,
        noise: 0.15,
    },
    FxSpec {
        body: Some(BodySpec {
            dry: 0.85,
            bands: [
                Band::new(3_000.0, 1.8, 0.45),
                Band::new(150.0, 1.0, 0.15),
                Band::OFF,
                Band::OFF,
            ],
        }),
        chorus: Some(ChorusSpec {
            delay_ms: 6.0,
            depth_ms: 1.2,
            rate_hz: 0.7,
            mix: 0.35,
        }),
        ..FxSpec::NONE
    },
);

pub(crate) static DISTORTION_GUITAR: Patch = plucked(
    0.3,
    0.08,
    PluckSpec {
        t60_low_s: 9.0,
        t60_high_s: 5.0,
        low_key: 40,
        high_key: 76,
        bright_t60_s: 1.8,
        position: 0.12,
        excite_hz: 3_500.0,
        noise: 0.15,
    },
    FxSpec {
        drive: Some(DriveSpec {
            gain: 12.0,
            cabinet_hz: 4_500.0,
            level: 0.83,
        }),
        body: Some(BodySpec {
            dry: 0.7,
            bands: [
                Band::new(110.0, 1.2, 0.4),
                Band::new(1_200.0, 1.0, 0.3),
                Band::new(2_500.0, 1.5, 0.35),
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
);

pub(crate) static ACOUSTIC_BASS: Patch = plucked(
    0.54,
    0.15,
    PluckSpec {
        t60_low_s: 2.8,
        t60_high_s: 1.2,
        low_key: 28,
        high_key: 55,
        bright_t60_s: 0.15,
        position: 0.25,
        excite_hz: 900.0,
        noise: 0.05,
    },
    FxSpec {
        body: Some(BodySpec {
            dry: 0.9,
            bands: [
                Band::new(90.0, 2.0, 0.4),
                Band::new(220.0, 2.0, 0.2),
                Band::OFF,
                Band::OFF,
            ],
        }),
        ..FxSpec::NONE
    },
);

pub(crate) static ELECTRIC_BASS: Patch = plucked(
    0.58,
    0.08,
    PluckSpec {
        t60_low_s: 5.0,
        t60_high_s: 2.8,
        low_key: 28,
        high_key: 55,
        bright_t60_s: 0.4,
        position: 0.15,
        excite_hz: 1_800.0,
        noise: 0.08,
    },
    FxSpec {
        body: Some(BodySpec {
            dry: 1.0,
            bands: [Band::new(900.0, 1.0, 0.15), Band::OFF, Band::OFF, Band::OFF],
        }),
        ..FxSpec::NONE
    },
);
