//! Leitmotif's adaptive player: music that follows a game.
//!
//! It keeps composing, bar by bar, from a story's own leitmotifs with the same theme and
//! composition code as the offline soundtrack, and follows the emotion, intensity and focus the
//! game asks for. The map:
//! - [`Player`] and [`PlayerHandle`] ([`player`]): build a player on a backend and control it
//!   from any thread;
//! - [`conductor`]: the control side, composing about a bar ahead of the audio clock;
//! - [`audio`]: the audio side (strips, effects, limiter), free of allocation, locks and I/O;
//! - [`backend`]: the offline backend (to a buffer or a file) and, with the `device` feature,
//!   the default audio device (cpal);
//! - [`session`]: scripted sessions (`leitmotif adapt --script`), [`log`]: the event log.

pub mod audio;
pub mod backend;
pub mod command;
pub mod conductor;
pub mod error;
pub mod log;
pub mod player;
pub mod repertoire;
pub mod session;

pub use command::{Command, Mood, Quantize};
pub use error::PlayerError;
pub use log::LogEntry;
pub use player::{Player, PlayerConfig, PlayerHandle, Status};
pub use repertoire::Repertoire;
