//! One mastered stereo signal written to every requested format at once.

use super::cover::CoverImage;
use super::flac::{FlacIndex, FlacWriter};
use super::format::AudioFormat;
use super::wav::WavWriter;
use std::path::{Path, PathBuf};

enum Writer {
    Flac(Box<FlacWriter>),
    Wav(WavWriter, PathBuf),
}

/// Writers for the same audio in several formats (`<stem>.flac`, `<stem>.wav`, ...).
pub struct AudioSink {
    writers: Vec<Writer>,
}

impl AudioSink {
    /// Creates `<base>.<ext>` for each format. Tags go into the FLAC's Vorbis comments.
    pub fn create(
        base: &Path,
        formats: &[AudioFormat],
        sample_rate: u32,
        tags: &[(String, String)],
        picture: Option<&CoverImage>,
    ) -> std::io::Result<AudioSink> {
        Self::create_with(base, formats, sample_rate, tags, picture, false)
    }

    /// Like [`create`](Self::create), for an album: its FLAC can copy the cues' encoded frames
    /// ([`append`](Self::append)).
    pub fn create_album(
        base: &Path,
        formats: &[AudioFormat],
        sample_rate: u32,
        tags: &[(String, String)],
        picture: Option<&CoverImage>,
    ) -> std::io::Result<AudioSink> {
        Self::create_with(base, formats, sample_rate, tags, picture, true)
    }

    fn create_with(
        base: &Path,
        formats: &[AudioFormat],
        sample_rate: u32,
        tags: &[(String, String)],
        picture: Option<&CoverImage>,
        album: bool,
    ) -> std::io::Result<AudioSink> {
        let mut writers = Vec::new();
        for format in formats {
            let path = base.with_extension(format.extension());
            writers.push(match format {
                AudioFormat::Flac if album => Writer::Flac(Box::new(FlacWriter::create_album(
                    &path,
                    sample_rate,
                    tags,
                    picture,
                )?)),
                AudioFormat::Flac => Writer::Flac(Box::new(FlacWriter::create(
                    &path,
                    sample_rate,
                    tags,
                    picture,
                )?)),
                AudioFormat::Wav => Writer::Wav(WavWriter::create(&path, sample_rate)?, path),
            });
        }
        Ok(AudioSink { writers })
    }

    pub fn write(&mut self, left: &[f32], right: &[f32]) -> std::io::Result<()> {
        for w in &mut self.writers {
            match w {
                Writer::Flac(f) => f.write(left, right)?,
                Writer::Wav(f, path) => f.write(left, right, path)?,
            }
        }
        Ok(())
    }

    /// Writes audio whose FLAC encoding `flac` already holds (when given): the FLAC writer
    /// copies those frames instead of encoding them again.
    pub fn append(
        &mut self,
        flac: Option<&FlacIndex>,
        left: &[f32],
        right: &[f32],
    ) -> std::io::Result<()> {
        for w in &mut self.writers {
            match (w, flac) {
                (Writer::Flac(f), Some(index)) => f.append_flac(index, left, right)?,
                (Writer::Flac(f), None) => f.write(left, right)?,
                (Writer::Wav(f, path), _) => f.write(left, right, path)?,
            }
        }
        Ok(())
    }

    pub fn write_silence(&mut self, frames: usize) -> std::io::Result<()> {
        let zeros = vec![0.0f32; frames.min(1 << 16)];
        let mut left = frames;
        while left > 0 {
            let n = left.min(zeros.len());
            self.write(&zeros[..n], &zeros[..n])?;
            left -= n;
        }
        Ok(())
    }

    pub fn finish(self) -> std::io::Result<()> {
        self.finish_indexed().map(|_| ())
    }

    /// [`finish`](Self::finish), returning where the FLAC file's frames are (if one was written).
    pub fn finish_indexed(self) -> std::io::Result<Option<FlacIndex>> {
        let mut index = None;
        for w in self.writers {
            match w {
                Writer::Flac(f) => index = Some(f.finish_indexed()?),
                Writer::Wav(f, path) => f.finish(&path)?,
            }
        }
        Ok(index)
    }
}
