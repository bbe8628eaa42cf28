//! What an instrument is made of: a sound source (one of the synthesis engines with its
//! parameters), an amplitude envelope, vibrato, calibration gain and the channel effects that give
//! it a body. Every built-in instrument is a `static Patch` in its family's file; this file holds
//! the types and the lookup from [`BuiltinInstrument`] to patch.

use super::envelope::AdsrSpec;
use super::filter::Band;
use super::gm::BuiltinInstrument;
use super::subtractive::WaveSpec;
use super::vibrato::VibratoSpec;
use super::{brass, drum_kit, guitars, keys, mallets, strings, synths, voices, winds};

/// A complete instrument.
#[derive(Debug)]
pub(crate) struct Patch {
    /// Linear gain that calibrates a velocity-100 note to peak near -12 dBFS.
    pub gain: f32,
    /// Level follows `(velocity / 100)^vel_level`.
    pub vel_level: f32,
    pub amp: AdsrSpec,
    pub vibrato: VibratoSpec,
    pub source: Source,
    pub fx: FxSpec,
}

/// The synthesis engine and its instrument-specific parameters.
#[derive(Debug)]
pub(crate) enum Source {
    /// Band-limited wavetable oscillators with a brightness envelope, plus breath noise.
    Wave(WaveSpec),
    /// A bank of decaying resonant modes, struck (piano, mallets, bells, timpani).
    Modal(ModalKind),
    /// Two-modulator phase modulation (electric piano).
    Fm(FmSpec),
    /// Karplus-Strong plucked string.
    Pluck(PluckSpec),
    /// The General MIDI percussion map: each key is its own sound.
    Drums,
}

/// Which modal recipe computes the modes of a note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ModalKind {
    Piano,
    Celesta,
    Glockenspiel,
    MusicBox,
    Vibraphone,
    Marimba,
    Bells,
    Timpani,
}

/// Electric piano by phase modulation: a 1:1 modulator for the warm bark and a high modulator
/// for the tine's metallic attack.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FmSpec {
    /// Modulation index of the 1:1 modulator at velocity 127, and its floor.
    pub body_index: f32,
    pub body_floor: f32,
    /// 60 dB decay time of the body index.
    pub body_decay_s: f32,
    /// Ratio, index at velocity 127 and decay of the tine modulator.
    pub tine_ratio: f32,
    pub tine_index: f32,
    pub tine_decay_s: f32,
}

/// A plucked string (Karplus-Strong with tuned fractional delay).
#[derive(Clone, Copy, Debug)]
pub(crate) struct PluckSpec {
    /// 60 dB decay time of the fundamental at `low_key` and at `high_key` (interpolated between).
    pub t60_low_s: f32,
    pub t60_high_s: f32,
    pub low_key: u8,
    pub high_key: u8,
    /// 60 dB decay time of the partials near 3 kHz: the string's loss of brightness.
    pub bright_t60_s: f32,
    /// Pluck position as a fraction of the string from the bridge.
    pub position: f32,
    /// Cutoff of the excitation at velocity 100 (softer plucks are darker).
    pub excite_hz: f32,
    /// Share of noise in the excitation (the rest is the string's triangular displacement).
    pub noise: f32,
}

/// Channel-level processing that every voice of the instrument shares.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FxSpec {
    pub drive: Option<DriveSpec>,
    pub body: Option<BodySpec>,
    pub tremolo: Option<TremoloSpec>,
    pub chorus: Option<ChorusSpec>,
}

impl FxSpec {
    pub(crate) const NONE: FxSpec = FxSpec {
        drive: None,
        body: None,
        tremolo: None,
        chorus: None,
    };
}

/// Resonances at fixed frequencies (instrument body, formants): `dry * x + sum of bands`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BodySpec {
    pub dry: f32,
    pub bands: [Band; 4],
}

/// Overdrive: gain into a soft clipper, then a lowpass standing in for the speaker cabinet.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DriveSpec {
    pub gain: f32,
    pub cabinet_hz: f32,
    pub level: f32,
}

/// Amplitude tremolo (vibraphone motor) or auto-pan (electric piano).
#[derive(Clone, Copy, Debug)]
pub(crate) struct TremoloSpec {
    pub rate_hz: f32,
    pub depth: f32,
    pub stereo: bool,
}

/// Ensemble chorus: three modulated delay taps spread across the stereo field.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ChorusSpec {
    pub delay_ms: f32,
    pub depth_ms: f32,
    pub rate_hz: f32,
    /// Wet level relative to dry.
    pub mix: f32,
}

/// The patch of a built-in instrument.
pub(crate) fn patch_for(instrument: BuiltinInstrument) -> &'static Patch {
    use BuiltinInstrument as I;
    match instrument {
        I::Piano => &keys::PIANO,
        I::ElectricPiano => &keys::ELECTRIC_PIANO,
        I::Organ => &keys::ORGAN,
        I::Harpsichord => &keys::HARPSICHORD,
        I::Celesta => &mallets::CELESTA,
        I::Glockenspiel => &mallets::GLOCKENSPIEL,
        I::MusicBox => &mallets::MUSIC_BOX,
        I::Vibraphone => &mallets::VIBRAPHONE,
        I::Marimba => &mallets::MARIMBA,
        I::Bells => &mallets::BELLS,
        I::Timpani => &mallets::TIMPANI,
        I::AcousticGuitar => &guitars::ACOUSTIC_GUITAR,
        I::ElectricGuitar => &guitars::ELECTRIC_GUITAR,
        I::DistortionGuitar => &guitars::DISTORTION_GUITAR,
        I::AcousticBass => &guitars::ACOUSTIC_BASS,
        I::ElectricBass => &guitars::ELECTRIC_BASS,
        I::StringEnsemble => &strings::STRING_ENSEMBLE,
        I::Violin => &strings::VIOLIN,
        I::Cello => &strings::CELLO,
        I::Pizzicato => &strings::PIZZICATO,
        I::Harp => &strings::HARP,
        I::Flute => &winds::FLUTE,
        I::Oboe => &winds::OBOE,
        I::Clarinet => &winds::CLARINET,
        I::Saxophone => &winds::SAXOPHONE,
        I::Trumpet => &brass::TRUMPET,
        I::BrassSection => &brass::BRASS_SECTION,
        I::FrenchHorn => &brass::FRENCH_HORN,
        I::Choir => &voices::CHOIR,
        I::VocalPad => &voices::VOCAL_PAD,
        I::WarmPad => &synths::WARM_PAD,
        I::SynthLead => &synths::SYNTH_LEAD,
        I::SquareLead => &synths::SQUARE_LEAD,
        I::SynthPluck => &synths::SYNTH_PLUCK,
        I::SynthBass => &synths::SYNTH_BASS,
        I::DrumKit => &drum_kit::DRUM_KIT,
    }
}
