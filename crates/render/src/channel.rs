//! The one interface every instrument engine implements: a MIDI channel that turns events into audio.
//!
//! The renderer drives one [`ChannelSynth`] per part (or per MIDI channel of a file), so parts can
//! render in parallel and be written as stems. Both engines implement it: the built-in instruments
//! ([`crate::builtin`]) and SoundFonts ([`crate::soundfont`]).
//!
//! Real-time rule: after construction, no method may allocate, lock, block or do I/O, because the
//! adaptive player calls them on the audio thread. Voices come from a fixed pool and are stolen
//! when the pool is full.

/// A MIDI channel's worth of instrument: note, controller and program events in, stereo audio out.
///
/// Events take effect at the start of the next [`render`](ChannelSynth::render) call; the renderer
/// splits blocks at event times so every event is sample-accurate.
pub trait ChannelSynth: Send {
    /// Starts a note. `velocity` is 1..=127 (a velocity of 0 is a note-off, as in MIDI).
    fn note_on(&mut self, key: u8, velocity: u8);
    /// Releases a note (it keeps sounding while the sustain pedal is down).
    fn note_off(&mut self, key: u8);
    /// A MIDI control change. Engines honour at least 7 (volume), 10 (pan), 11 (expression),
    /// 64 (sustain pedal), 120 (all sound off), 121 (reset controllers) and 123 (all notes off).
    fn control_change(&mut self, controller: u8, value: u8);
    /// A General MIDI program change (0..=127).
    fn program_change(&mut self, program: u8);
    /// Pitch bend, 0..=16383 with 8192 the centre (±2 semitones).
    fn pitch_bend(&mut self, value: u16);
    /// Renders the next `left.len()` frames, overwriting both slices (which have equal length).
    fn render(&mut self, left: &mut [f32], right: &mut [f32]);
    /// True when nothing is sounding (all voices finished, including release tails).
    fn is_silent(&self) -> bool;

    /// Whether the renderer may play this channel on several instances of it, each given a
    /// disjoint set of keys, and sum their outputs: `Some(linked)` if so, where the keys in the
    /// `linked` bit set (bit `k` for key `k`) must all share one instance; `None` (the default)
    /// if not.
    ///
    /// When split, every instance comes from the same factory, a key's note-ons and note-offs go
    /// to the instance that owns the key, and every other event (controllers, program changes,
    /// pitch bend) goes to all of them, so each instance's channel state is the whole channel's.
    /// That is only the same sound if the output is a sum of per-note voices that do not
    /// interact except through those channel events: true of a SoundFont channel with its
    /// effects off (keys of one exclusive class, such as the hi-hats that cut each other off,
    /// are linked), false of the built-in instruments, whose channel effects (overdrive, chorus,
    /// body resonance) act on the whole chord. Splitting lets one busy part use several cores.
    fn key_split(&self) -> Option<u128> {
        None
    }
}
