//! Audio files: mastered cues (FLAC and WAV), stems, and the album.
//!
//! - [`flac`]: a streaming 24-bit FLAC writer with Vorbis-comment tags (flacenc frames).
//! - [`wav`]: 24-bit WAV (hound).
//! - [`sink`]: one signal to several formats at once.
//! - [`cover`]: the album cover for FLAC PICTURE blocks; [`seamless_loop`]: loops for games.
//! - [`cue`]: a performance through mixdown and mastering to files and stems.
//! - [`soundtrack`]: every cue of a soundtrack, in parallel, and the album.

pub mod cover;
pub mod cue;
pub mod flac;
pub mod format;
pub mod seamless_loop;
pub mod sink;
pub mod soundtrack;
pub mod wav;

pub use cover::CoverImage;
pub use cue::{
    render_performance, write_audio, write_loop, write_stems, AudioOptions, Credits, LoopPoints,
    RenderedAudio,
};
pub use format::AudioFormat;
pub use soundtrack::{write_soundtrack_audio, AlbumReport, CueAudioReport, LoopReport};
