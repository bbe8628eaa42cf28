//! Render: scores and MIDI files to mastered audio.
//!
//! The pipeline, one module per stage:
//! - [`performance`]: a score or a Standard MIDI File as timed MIDI events per channel, in frames.
//! - [`channel`]: the [`ChannelSynth`] interface; [`builtin`] (the default instruments, synthesised
//!   in code) and [`soundfont`] (any General MIDI SoundFont, via rustysynth) implement it.
//! - `mix`: channel strips (gain, pan, EQ, reverb and delay sends), the effect returns, the bus.
//! - `master`: bus compression, loudness normalisation (EBU R128), true-peak limiting, DC removal, fades.

pub mod builtin;
pub mod channel;
pub mod error;
pub mod soundfont;

pub use channel::ChannelSynth;
pub use error::RenderError;
