//! Render: scores and MIDI files to mastered audio.
//!
//! The pipeline, one module per stage:
//! - [`performance`]: a score or a Standard MIDI File as timed MIDI events per channel, in frames.
//! - [`channel`]: the [`ChannelSynth`] interface; [`builtin`] (the default instruments, synthesised
//!   in code) and [`soundfont`] (any General MIDI SoundFont, via rustysynth) implement it.
//! - [`mix`]: channel strips (gain, pan, EQ, reverb and delay sends), the effect returns, and the
//!   [`MixPlan`] that sets them from the scene's mood.
//! - [`mixdown`]: runs the channels block by block (in parallel) into a pre-master mix and stems.
//! - [`master`]: bus compression, loudness normalisation (EBU R128), true-peak limiting, DC
//!   removal and fades.

pub mod analysis;
pub mod builtin;
pub mod channel;
pub mod engine;
pub mod error;
pub mod master;
pub mod mix;
pub mod mixdown;
pub mod performance;
pub(crate) mod reduce;
pub mod soundfont;

pub use channel::ChannelSynth;
pub use error::RenderError;
pub use master::{master, MasterReport, MasterSettings};
pub use mix::{MixPlan, Mood};
pub use mixdown::{mixdown, Mixdown, Stem};
pub use performance::{ChannelTrack, Event, EventKind, Performance};
