//! SoundFont instruments: any General MIDI SoundFont 2 file (`.sf2`), played by rustysynth.
//!
//! [`SoundFontBank`] is a loaded SoundFont, shared (cheaply cloned) by every channel that plays
//! it. [`SoundFontChannel`] is one MIDI channel of it: a [`ChannelSynth`] that owns its own
//! rustysynth [`Synthesizer`], so channels render independently (in parallel, or as stems).
//!
//! Reverb and chorus inside rustysynth are off: Leitmotif's mixer applies its own sends, so a
//! SoundFont channel is dry, like a built-in instrument.
//!
//! # Damaged files
//!
//! rustysynth 1.3.8 trusts the file it parses: a bad index makes it panic, a bad size makes it
//! allocate whatever the file claims. [`SoundFontBank::load`] therefore checks the RIFF structure
//! first (every chunk size, table size, zone and generator index rustysynth will use) and gives a
//! [`RenderError::SoundFont`] that says what is wrong and what was expected. The parse itself
//! runs under `catch_unwind` as a second line of defence.
//!
//! At render time rustysynth can still panic on a legal but extreme case: a looped sample pitched
//! up so far that one output frame steps over more than the whole loop (a 137-sample loop played
//! four octaves above its root key, in one real SoundFont). [`SoundFontChannel`] refuses notes
//! that could do that (see [`SoundFontChannel::refused_notes`]), and if a voice overruns anyway
//! (the pitch-bend range raised while it sounds), [`render`](ChannelSynth::render) catches the
//! panic, silences the channel's voices, outputs silence for that block and counts a
//! [fault](SoundFontChannel::faults); rendering carries on.

mod guard;
mod riff;

use std::fs::File;
use std::io::{self, BufReader, Read, Seek};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::Arc;

use rustysynth::{SoundFont, SoundFontError, Synthesizer, SynthesizerSettings};

use crate::channel::ChannelSynth;
use crate::error::RenderError;
use guard::{Guard, PresetTable};

/// A loaded SoundFont 2 file, shared by every [`SoundFontChannel`] that plays it.
///
/// Cloning is cheap (an [`Arc`]): the sample data is loaded once, however many channels use it.
#[derive(Clone)]
pub struct SoundFontBank {
    font: Arc<SoundFont>,
    presets: Arc<PresetTable>,
    path: Arc<Path>,
    /// Keys played by a zone of some exclusive class (see [`exclusive_keys`]).
    exclusive_keys: u128,
}

/// Path, name and size only: rustysynth's own `Debug` would print every sample.
impl std::fmt::Debug for SoundFontBank {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoundFontBank")
            .field("path", &self.path)
            .field("name", &self.name())
            .field("presets", &self.font.get_presets().len())
            .field("samples", &self.font.get_wave_data().len())
            .finish()
    }
}

impl SoundFontBank {
    /// The largest file [`load`](SoundFontBank::load) accepts: 2 GiB (2,147,483,648 bytes).
    ///
    /// The size comes from the file's metadata and is checked before anything is read, so
    /// pointing Leitmotif at a disk image or a huge archive fails at once instead of filling
    /// memory. The largest General MIDI SoundFonts in use are a few hundred megabytes.
    pub const MAX_FILE_BYTES: u64 = 2 << 30;

    /// Loads the SoundFont 2 file at `path`.
    ///
    /// Errors: [`RenderError::Io`] when the file is missing or unreadable;
    /// [`RenderError::SoundFont`] when it is empty, larger than [`MAX_FILE_BYTES`](Self::MAX_FILE_BYTES),
    /// truncated, not a RIFF `sfbk` file (a MIDI file, a zip, an SF3, ...), structurally damaged,
    /// or rejected by rustysynth. Never panics on bad input.
    ///
    /// The whole sample data is held in memory (as 16-bit samples, the size of the file's
    /// `smpl` chunk: about 148 MB for FluidR3_GM.sf2).
    pub fn load(path: &Path) -> Result<SoundFontBank, RenderError> {
        let io_error = |source: io::Error| RenderError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io_error)?;
        let metadata = file.metadata().map_err(io_error)?;
        if metadata.is_dir() {
            return Err(sound_font_error(
                path,
                "it is a directory; pass the .sf2 file itself".into(),
            ));
        }
        Self::parse(&mut BufReader::new(file), metadata.len(), path)
    }

    /// Parses a SoundFont 2 file already in memory; `path` is only used to name it in errors.
    ///
    /// The same checks as [`load`](SoundFontBank::load), without the file system.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<SoundFontBank, RenderError> {
        Self::parse(&mut io::Cursor::new(bytes), bytes.len() as u64, path)
    }

    fn parse<R: Read + Seek>(
        reader: &mut R,
        len: u64,
        path: &Path,
    ) -> Result<SoundFontBank, RenderError> {
        if len > Self::MAX_FILE_BYTES {
            return Err(sound_font_error(
                path,
                format!(
                    "the file is {} bytes; SoundFonts larger than 2 GiB ({} bytes) are refused",
                    len,
                    Self::MAX_FILE_BYTES
                ),
            ));
        }
        riff::check(reader, len).map_err(|reason| sound_font_error(path, reason))?;
        reader.rewind().map_err(|source| RenderError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let parsed = panic::catch_unwind(AssertUnwindSafe(|| SoundFont::new(reader)));
        let font = match parsed {
            Ok(Ok(font)) => font,
            Ok(Err(error)) => return Err(sound_font_error(path, describe(&error))),
            Err(_) => return Err(sound_font_error(path, PARSER_CRASHED.into())),
        };
        check_samples(&font).map_err(|reason| sound_font_error(path, reason))?;
        Ok(SoundFontBank {
            presets: Arc::new(PresetTable::new(&font)),
            exclusive_keys: exclusive_keys(&font),
            font: Arc::new(font),
            path: Arc::from(path),
        })
    }

    /// The file this bank was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The SoundFont's own name (its `INAM` chunk), e.g. "Fluid R3 GM".
    pub fn name(&self) -> &str {
        self.font.get_info().get_bank_name()
    }

    /// The presets as `(bank, program, name)`; bank 128 holds the drum kits.
    pub fn presets(&self) -> impl Iterator<Item = (u16, u8, &str)> + '_ {
        self.font.get_presets().iter().map(|p| {
            (
                p.get_bank_number() as u16,
                p.get_patch_number() as u8,
                p.get_name(),
            )
        })
    }

    /// The parsed rustysynth SoundFont.
    pub fn sound_font(&self) -> &Arc<SoundFont> {
        &self.font
    }
}

/// The reason given when rustysynth's parser panics (a gap in `riff::check`; none is known).
const PARSER_CRASHED: &str = "rustysynth could not parse it (its parser stopped on damaged data \
                              that the structure check did not catch)";

fn sound_font_error(path: &Path, reason: String) -> RenderError {
    RenderError::SoundFont {
        path: path.to_path_buf(),
        reason,
    }
}

/// rustysynth's load errors, as reasons that say what was expected.
fn describe(error: &SoundFontError) -> String {
    match error {
        SoundFontError::IoError(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            "truncated: the file ends in the middle of a chunk".into()
        }
        SoundFontError::SanityCheckFailed => "an instrument zone's sample start, end or loop \
            points lie outside the sample data (expected every zone to play inside the 'smpl' \
            chunk)"
            .into(),
        SoundFontError::UnsupportedSampleFormat => {
            "SoundFont 3 (.sf3, compressed samples) is not supported; use the .sf2 version".into()
        }
        SoundFontError::InvalidInstrumentId {
            preset_id,
            instrument_id,
        } => format!(
            "preset #{preset_id} refers to instrument #{instrument_id}, which does not exist"
        ),
        SoundFontError::InvalidSampleId {
            instrument_id,
            sample_id,
        } => format!(
            "instrument #{instrument_id} refers to sample #{sample_id}, which does not exist"
        ),
        other => format!("rustysynth rejected it: {other}"),
    }
}

/// The keys that start a zone with an exclusive class in any preset (bit `k` for key `k`): in
/// General MIDI kits, the hi-hats (an open hi-hat is cut off by the closed or pedal one), and
/// other pairs such as open and muted triangle or cuica. rustysynth enforces exclusive classes
/// within one synthesizer, so when a channel is split over several
/// ([`ChannelSynth::key_split`]) these keys must stay together.
fn exclusive_keys(font: &SoundFont) -> u128 {
    let mut keys = 0u128;
    for preset in font.get_presets() {
        for pr in preset.get_regions() {
            let Some(instrument) = font.get_instruments().get(pr.get_instrument_id()) else {
                continue;
            };
            for ir in instrument.get_regions() {
                if ir.get_exclusive_class() == 0 {
                    continue;
                }
                let low = pr
                    .get_key_range_start()
                    .max(ir.get_key_range_start())
                    .max(0);
                let high = pr.get_key_range_end().min(ir.get_key_range_end()).min(127);
                for key in low..=high {
                    keys |= 1 << key;
                }
            }
        }
    }
    keys
}

/// Checks what the parse does not: every sample an instrument plays has a positive sample rate
/// (rustysynth would step backwards through a looped sample at 0 Hz or less and crash).
fn check_samples(font: &SoundFont) -> Result<(), String> {
    let headers = font.get_sample_headers();
    for instrument in font.get_instruments() {
        for region in instrument.get_regions() {
            // rustysynth checked that the sample id is in range.
            let sample = &headers[region.get_sample_id()];
            if sample.get_sample_rate() <= 0 {
                return Err(format!(
                    "instrument '{}' plays sample '{}', whose sample rate is {} Hz (expected a \
                     positive rate such as 44100)",
                    instrument.get_name(),
                    sample.get_name(),
                    sample.get_sample_rate()
                ));
            }
        }
    }
    Ok(())
}

/// One MIDI channel played through a SoundFont: a [`ChannelSynth`] owning one rustysynth
/// [`Synthesizer`].
///
/// All events go to MIDI channel 0 of the synthesizer, or channel 9 for drums, where program
/// changes choose among the drum kits of bank 128 (as in General MIDI). Controllers, program
/// changes and pitch bend pass through to rustysynth, including bank select (controller 0) and
/// RPNs such as pitch-bend range.
///
/// # Timing
///
/// rustysynth renders in blocks of [`BLOCK_FRAMES`](Self::BLOCK_FRAMES) frames and buffers the
/// rest of a block between [`render`](ChannelSynth::render) calls, so any `render` length works,
/// but an event takes effect at the next block boundary at or after the current position: up to
/// 63 frames (1.3 ms at 48 kHz) late, like FluidSynth, which also processes events at 64-frame
/// block boundaries.
///
/// # Real time
///
/// Everything is allocated in [`new`](Self::new) (256 voices with their buffers, the preset
/// table); note, controller and render calls do not allocate, lock or do I/O.
pub struct SoundFontChannel {
    synth: Synthesizer,
    bank: SoundFontBank,
    guard: Guard,
    sample_rate: u32,
    midi_channel: i32,
    /// Keys held down (a note-on without its note-off yet), one bit per key.
    held: u128,
    /// Frames of exact digital silence at the end of the output so far.
    silent_frames: usize,
    faults: u32,
    refused: u32,
}

impl SoundFontChannel {
    /// Voices per channel: when all sound, one is stolen (the quietest released one first).
    pub const POLYPHONY: usize = 256;
    /// rustysynth's block size (its default): events are quantised to this many frames.
    pub const BLOCK_FRAMES: usize = 64;
    /// The sample rates rustysynth supports.
    pub const SAMPLE_RATES: std::ops::RangeInclusive<u32> = 16_000..=192_000;
    /// Consecutive exactly-zero output frames, with no key held, after which the channel counts
    /// as silent. Longer than a block, so a voice that outputs zeros for a moment (a gap in its
    /// sample) is not taken for the end of the tail.
    const SILENCE_FRAMES: usize = 1024;

    /// A channel of `bank` rendering at `sample_rate` Hz; `drums` plays it on MIDI channel 9.
    ///
    /// Errors with [`RenderError::SoundFont`] if `sample_rate` is outside 16 000..=192 000 Hz,
    /// the range rustysynth supports.
    pub fn new(
        bank: &SoundFontBank,
        sample_rate: u32,
        drums: bool,
    ) -> Result<SoundFontChannel, RenderError> {
        if !Self::SAMPLE_RATES.contains(&sample_rate) {
            return Err(sound_font_error(
                bank.path(),
                format!(
                    "cannot play it at {sample_rate} Hz: the SoundFont engine supports sample \
                     rates from 16000 to 192000 Hz"
                ),
            ));
        }
        let mut settings = SynthesizerSettings::new(sample_rate as i32);
        settings.block_size = Self::BLOCK_FRAMES;
        settings.maximum_polyphony = Self::POLYPHONY;
        settings.enable_reverb_and_chorus = false;
        let synth = Synthesizer::new(&bank.font, &settings).map_err(|e| {
            sound_font_error(bank.path(), format!("cannot start a synthesizer: {e}"))
        })?;
        Ok(SoundFontChannel {
            synth,
            bank: bank.clone(),
            guard: Guard::new(drums),
            sample_rate,
            midi_channel: if drums {
                Synthesizer::PERCUSSION_CHANNEL as i32
            } else {
                0
            },
            held: 0,
            silent_frames: Self::SILENCE_FRAMES,
            faults: 0,
            refused: 0,
        })
    }

    /// How many render blocks rustysynth crashed on (see the [module docs](self)); each one
    /// silenced the channel's voices. Zero for well-formed SoundFonts played at sane pitches.
    pub fn faults(&self) -> u32 {
        self.faults
    }

    /// How many notes were not played because a zone of theirs could step over its whole sample
    /// loop in one frame and crash rustysynth (see the [module docs](self)). Zero for
    /// well-formed SoundFonts played at sane pitches.
    pub fn refused_notes(&self) -> u32 {
        self.refused
    }

    /// The SoundFont this channel plays.
    pub fn sound_font(&self) -> &SoundFont {
        self.synth.get_sound_font()
    }

    fn message(&mut self, command: i32, data1: u8, data2: u8) {
        self.synth
            .process_midi_message(self.midi_channel, command, data1.into(), data2.into());
    }
}

impl ChannelSynth for SoundFontChannel {
    fn note_on(&mut self, key: u8, velocity: u8) {
        if key > 127 {
            return;
        }
        if velocity == 0 {
            self.note_off(key);
            return;
        }
        let velocity = velocity.min(127);
        let font = &self.bank.font;
        if self
            .guard
            .would_overrun(font, &self.bank.presets, key, velocity, self.sample_rate)
        {
            self.refused = self.refused.saturating_add(1);
            return;
        }
        self.held |= 1 << key;
        self.silent_frames = 0;
        self.synth
            .note_on(self.midi_channel, key.into(), velocity.into());
    }

    fn note_off(&mut self, key: u8) {
        if key > 127 {
            return;
        }
        self.held &= !(1 << key);
        self.synth.note_off(self.midi_channel, key.into());
    }

    fn control_change(&mut self, controller: u8, value: u8) {
        if controller > 127 {
            return;
        }
        if controller == 120 || controller == 123 {
            // All sound off / all notes off.
            self.held = 0;
        }
        let value = value.min(127);
        self.guard.control_change(controller, value);
        self.message(0xB0, controller, value);
    }

    fn program_change(&mut self, program: u8) {
        if program <= 127 {
            self.guard.program_change(program);
            self.message(0xC0, program, 0);
        }
    }

    fn pitch_bend(&mut self, value: u16) {
        let value = value.min(16383);
        self.message(0xE0, (value & 0x7F) as u8, (value >> 7) as u8);
    }

    fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
        let frames = left.len().min(right.len());
        left[frames..].fill(0.0);
        right[frames..].fill(0.0);
        let (left, right) = (&mut left[..frames], &mut right[..frames]);
        if frames == 0 {
            return;
        }
        let synth = &mut self.synth;
        let rendered = panic::catch_unwind(AssertUnwindSafe(|| synth.render(left, right)));
        if rendered.is_err() {
            // A voice ran off its sample (see the module docs): drop every voice, output silence.
            self.synth.note_off_all(true);
            self.faults = self.faults.saturating_add(1);
            left.fill(0.0);
            right.fill(0.0);
        }
        // Track trailing silence for `is_silent`.
        let last_sound = left
            .iter()
            .zip(right.iter())
            .rposition(|(l, r)| *l != 0.0 || *r != 0.0);
        self.silent_frames = match last_sound {
            Some(i) => frames - 1 - i,
            None => self.silent_frames.saturating_add(frames),
        };
    }

    /// True when no key is held and the output has been exact digital silence for at least
    /// 1024 frames (rustysynth drops a voice once its envelope falls below -60 dB, after which
    /// it outputs exact zeros). A voice whose sample holds a run of more than 1024 zeros could be
    /// mistaken for silence; real instrument samples do not.
    fn is_silent(&self) -> bool {
        self.held == 0 && self.silent_frames >= Self::SILENCE_FRAMES
    }

    /// A SoundFont channel (reverb and chorus off) is a sum of independent voices, so it may be
    /// split by key; the keys of exclusive classes stay together.
    fn key_split(&self) -> Option<u128> {
        Some(self.bank.exclusive_keys)
    }
}

/// The sample-loop hazards of a bank at `sample_rate`: each preset zone that steps over its
/// whole loop in one output frame somewhere in its key range, on a channel with default tuning
/// and pitch-bend range (the pitch and modulation wheels at full throw, the zone's own pitch
/// modulation at its peak). Each entry names the preset, the sample and the lowest key that
/// overruns; [`SoundFontChannel`] refuses those notes. Empty for FluidR3_GM.sf2.
#[doc(hidden)]
pub fn loop_hazards(bank: &SoundFontBank, sample_rate: u32) -> Vec<String> {
    let font = bank.sound_font();
    let mut hazards = Vec::new();
    for preset in font.get_presets() {
        for pr in preset.get_regions() {
            let Some(instrument) = font.get_instruments().get(pr.get_instrument_id()) else {
                continue;
            };
            for ir in instrument.get_regions() {
                let low = pr
                    .get_key_range_start()
                    .max(ir.get_key_range_start())
                    .max(0);
                let high = pr.get_key_range_end().min(ir.get_key_range_end()).min(127);
                let overrun = (low..=high).find_map(|key| {
                    guard::overruns(font, pr, ir, key as f32, 2.5, sample_rate)
                        .map(|(step, len)| (key, step, len))
                });
                if let Some((key, step, loop_len)) = overrun {
                    let sample = &font.get_sample_headers()[ir.get_sample_id()];
                    hazards.push(format!(
                        "preset {}:{} '{}', sample '{}': its {loop_len}-sample loop overruns from \
                         key {key} ({step:.1} samples per frame)",
                        preset.get_bank_number(),
                        preset.get_patch_number(),
                        preset.get_name(),
                        sample.get_name(),
                    ));
                }
            }
        }
    }
    hazards
}
