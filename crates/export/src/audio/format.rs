//! Audio file formats Leitmotif writes.

use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AudioFormat {
    /// FLAC, 48 kHz 24-bit (the default: lossless and half the size of WAV).
    Flac,
    /// WAV (RIFF), 48 kHz 24-bit PCM.
    Wav,
}

impl AudioFormat {
    pub fn extension(self) -> &'static str {
        match self {
            AudioFormat::Flac => "flac",
            AudioFormat::Wav => "wav",
        }
    }

    /// The format a file name asks for, by extension.
    pub fn from_path(path: &std::path::Path) -> Option<AudioFormat> {
        path.extension()?.to_str()?.parse().ok()
    }
}

impl FromStr for AudioFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "flac" => Ok(AudioFormat::Flac),
            "wav" | "wave" => Ok(AudioFormat::Wav),
            other => Err(format!(
                "unknown audio format `{other}` (expected flac or wav)"
            )),
        }
    }
}
