//! The score: the symbolic hub every later stage reads (MIDI, MusicXML, audio, the player).
//!
//! A [`Score`] holds parts of notes in exact ticks plus the tempo, meter and key maps and the
//! markers for sections and hit points. It knows nothing about how it was composed.

pub mod gm_drums;
pub mod instrument;
pub mod part;
pub mod score;
pub mod tempo_map;

pub use gm_drums::gm_drum_name;
pub use instrument::{Family, Instrument};
pub use part::{Control, ControlKind, Note, Part};
pub use score::{KeyChange, Marker, MarkerKind, MeterChange, Score};
pub use tempo_map::{TempoChange, TempoMap};
