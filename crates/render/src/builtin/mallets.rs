//! Struck bars, plates, tines, bells and drums with a pitch: celesta, glockenspiel, music box,
//! vibraphone, marimba, bells and timpani, all on the modal engine.
//!
//! Each instrument is its list of mode frequency ratios (from the physics of the vibrating
//! object), strengths and decay times:
//! - free bars (glockenspiel, celesta): 1, 2.756, 5.404, 8.933;
//! - bars tuned by undercutting (marimba 1 : 3.9 : 9.2, vibraphone 1 : 4 : 10) with a resonator
//!   tube that sustains the fundamental;
//! - clamped tines (music box): 1, 6.27, 17.55;
//! - bells: a tuned prime with octave, a minor-third-ish 2.76 and higher inharmonic partials;
//! - timpani: the air-loaded membrane's near-harmonic (1,1), (2,1), (3,1) ... modes at
//!   1 : 1.50 : 1.99 ... plus the short thud of the (0,1) mode.
//!
//! Velocity raises the upper modes (a hard mallet excites more of them) and the mallet's knock.

use super::envelope::{AdsrSpec, MIN_ATTACK_S};
use super::modal::{ModeList, Strike};
use super::patch::{FxSpec, ModalKind, Patch, Source, TremoloSpec};
use super::vibrato::VibratoSpec;

const fn mallet_patch(kind: ModalKind, gain: f32, release_s: f32, fx: FxSpec) -> Patch {
    Patch {
        gain,
        vel_level: 1.5,
        amp: AdsrSpec {
            attack_s: MIN_ATTACK_S,
            decay_s: 1.0,
            sustain: 1.0,
            release_s,
            vel_attack: 0.0,
            key_scale: 0.0,
        },
        vibrato: VibratoSpec::NONE,
        source: Source::Modal(kind),
        fx,
    }
}

pub(crate) static CELESTA: Patch = mallet_patch(ModalKind::Celesta, 0.49, 0.5, FxSpec::NONE);
pub(crate) static GLOCKENSPIEL: Patch =
    mallet_patch(ModalKind::Glockenspiel, 0.31, 1.5, FxSpec::NONE);
pub(crate) static MUSIC_BOX: Patch = mallet_patch(ModalKind::MusicBox, 0.49, 1.2, FxSpec::NONE);
/// The vibraphone's motor turns discs in the resonators: a tremolo shared by all its notes.
pub(crate) static VIBRAPHONE: Patch = mallet_patch(
    ModalKind::Vibraphone,
    0.54,
    0.5,
    FxSpec {
        tremolo: Some(TremoloSpec {
            rate_hz: 5.2,
            depth: 0.35,
            stereo: false,
        }),
        ..FxSpec::NONE
    },
);
pub(crate) static MARIMBA: Patch = mallet_patch(ModalKind::Marimba, 0.44, 0.3, FxSpec::NONE);
pub(crate) static BELLS: Patch = mallet_patch(ModalKind::Bells, 0.29, 1.5, FxSpec::NONE);
pub(crate) static TIMPANI: Patch = mallet_patch(ModalKind::Timpani, 0.26, 0.8, FxSpec::NONE);

/// (ratio, amplitude, amplitude added at full velocity, 60 dB time in seconds).
type Recipe = [(f32, f32, f32, f32)];

const CELESTA_MODES: &Recipe = &[
    (1.0, 1.0, 0.0, 2.4),
    (2.0, 0.06, 0.04, 0.6),
    (2.756, 0.06, 0.12, 0.3),
    (5.404, 0.02, 0.06, 0.12),
];
const GLOCKENSPIEL_MODES: &Recipe = &[
    (1.0, 1.0, 0.0, 3.5),
    (2.756, 0.2, 0.35, 1.2),
    (5.404, 0.1, 0.25, 0.5),
    (8.933, 0.04, 0.15, 0.25),
];
const MUSIC_BOX_MODES: &Recipe = &[
    (1.0, 0.7, 0.0, 1.8),
    (1.0025, 0.3, 0.0, 1.5),
    (6.267, 0.12, 0.15, 0.3),
    (17.55, 0.04, 0.06, 0.08),
];
const VIBRAPHONE_MODES: &Recipe = &[
    (1.0, 1.0, 0.0, 5.0),
    (4.0, 0.12, 0.25, 1.2),
    (10.0, 0.03, 0.1, 0.3),
];
const MARIMBA_MODES: &Recipe = &[
    (1.0, 1.0, 0.0, 1.0),
    (3.9, 0.12, 0.25, 0.25),
    (9.2, 0.03, 0.08, 0.1),
];
const BELL_MODES: &Recipe = &[
    (1.0, 1.0, 0.0, 6.0),
    (2.0, 0.35, 0.05, 4.0),
    (2.756, 0.2, 0.25, 2.5),
    (3.0, 0.1, 0.05, 2.0),
    (4.07, 0.1, 0.25, 1.5),
    (5.43, 0.06, 0.2, 1.0),
    (6.8, 0.03, 0.12, 0.6),
    (8.9, 0.02, 0.08, 0.4),
];
const TIMPANI_MODES: &Recipe = &[
    (1.0, 1.0, 0.0, 2.4),
    (1.504, 0.45, 0.15, 1.6),
    (1.742, 0.15, 0.15, 1.0),
    (1.993, 0.25, 0.15, 1.1),
    (2.245, 0.1, 0.1, 0.8),
    (2.494, 0.1, 0.12, 0.7),
    (2.8, 0.05, 0.08, 0.5),
    (0.62, 0.35, 0.1, 0.15),
];

/// The modes of a struck note of `kind` (not the piano, which has its own recipe).
pub(crate) fn modes(kind: ModalKind, key: u8, hz: f32, velocity: u8) -> (ModeList, Strike) {
    let v = velocity as f32 / 127.0;
    // Higher notes ring shorter (smaller bars, thinner tines): halve per two octaves above C4.
    let shorten = (-(key as f32 - 60.0) / 24.0).exp2().clamp(0.35, 2.0);
    let (recipe, strike) = match kind {
        ModalKind::Celesta => (
            CELESTA_MODES,
            Strike {
                level: 0.03,
                t60_s: 0.01,
                cutoff_hz: 3_000.0,
            },
        ),
        ModalKind::Glockenspiel => (
            GLOCKENSPIEL_MODES,
            Strike {
                level: 0.05,
                t60_s: 0.006,
                cutoff_hz: 6_000.0,
            },
        ),
        ModalKind::MusicBox => (
            MUSIC_BOX_MODES,
            Strike {
                level: 0.04,
                t60_s: 0.008,
                cutoff_hz: 5_000.0,
            },
        ),
        ModalKind::Vibraphone => (
            VIBRAPHONE_MODES,
            Strike {
                level: 0.02,
                t60_s: 0.015,
                cutoff_hz: 1_500.0,
            },
        ),
        ModalKind::Marimba => (
            MARIMBA_MODES,
            Strike {
                level: 0.06,
                t60_s: 0.02,
                cutoff_hz: 1_200.0,
            },
        ),
        ModalKind::Bells => (
            BELL_MODES,
            Strike {
                level: 0.04,
                t60_s: 0.01,
                cutoff_hz: 5_000.0,
            },
        ),
        ModalKind::Timpani => (
            TIMPANI_MODES,
            Strike {
                level: 0.15,
                t60_s: 0.04,
                cutoff_hz: 800.0,
            },
        ),
        ModalKind::Piano => unreachable!("the piano has its own recipe"),
    };
    let mut list = ModeList::new();
    for &(ratio, amp, vel_amp, t60) in recipe {
        list.push(hz * ratio, amp + vel_amp * v, t60 * shorten);
    }
    (list, strike)
}
