//! WAV output (hound): 24-bit PCM, the same samples as the FLAC.

use super::flac::to_i24;
use std::path::Path;

/// Writes a stereo 24-bit WAV file.
pub struct WavWriter {
    inner: hound::WavWriter<std::io::BufWriter<std::fs::File>>,
}

fn err(path: &Path, e: hound::Error) -> std::io::Error {
    match e {
        hound::Error::IoError(io) => {
            std::io::Error::new(io.kind(), format!("{}: {io}", path.display()))
        }
        other => std::io::Error::other(format!("{}: {other}", path.display())),
    }
}

impl WavWriter {
    pub fn create(path: &Path, sample_rate: u32) -> std::io::Result<WavWriter> {
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate,
            bits_per_sample: 24,
            sample_format: hound::SampleFormat::Int,
        };
        Ok(WavWriter {
            inner: hound::WavWriter::create(path, spec).map_err(|e| err(path, e))?,
        })
    }

    pub fn write(&mut self, left: &[f32], right: &[f32], path: &Path) -> std::io::Result<()> {
        for (l, r) in left.iter().zip(right) {
            self.inner
                .write_sample(to_i24(*l))
                .map_err(|e| err(path, e))?;
            self.inner
                .write_sample(to_i24(*r))
                .map_err(|e| err(path, e))?;
        }
        Ok(())
    }

    pub fn finish(self, path: &Path) -> std::io::Result<()> {
        self.inner.finalize().map_err(|e| err(path, e))
    }
}
