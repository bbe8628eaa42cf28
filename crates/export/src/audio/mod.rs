//! Audio files: mastered cues (FLAC and WAV), stems, and the album.
//!
//! - [`flac`]: a streaming 24-bit FLAC writer with Vorbis-comment tags (flacenc frames).
//! - [`wav`]: 24-bit WAV (hound).
//! - [`sink`]: one signal to several formats at once.
//! - [`cue`]: a performance through mixdown and mastering to files and stems.
//! - [`soundtrack`]: every cue of a soundtrack, in parallel, and the album.

pub mod cue;
pub mod flac;
pub mod format;
pub mod sink;
pub mod soundtrack;
pub mod wav;

pub use cue::{render_performance, write_audio, write_stems, AudioOptions, RenderedAudio};
pub use format::AudioFormat;
pub use soundtrack::{write_soundtrack_audio, AlbumReport, CueAudioReport};
