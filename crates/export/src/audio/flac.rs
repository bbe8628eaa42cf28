//! A streaming FLAC writer: samples go to disk frame by frame, so a 30-minute album never sits in
//! memory, and the STREAMINFO block (total length, MD5) is patched in place at the end.
//!
//! flacenc encodes each frame; this file only frames the stream (the `fLaC` marker and metadata
//! blocks, including Vorbis-comment tags) and converts float samples to 24-bit integers.
//! The STREAMINFO MD5 is left zero ("not computed", which the format allows): it cost 4 % of a
//! whole soundtrack render, and the files are checked by decoding in the tests instead.

use super::cover::CoverImage;
use flacenc::bitsink::MemSink;
use flacenc::component::{BitRepr, StreamInfo};
use flacenc::config;
use flacenc::error::Verify;
use flacenc::source::{Fill, FrameBuf};
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Frames (per channel) in one FLAC frame: the format's common default.
const BLOCK: usize = 4096;
/// 24-bit output.
pub const BITS: usize = 24;
const FULL_SCALE: f32 = ((1 << (BITS - 1)) - 1) as f32;

/// Converts a float sample to 24-bit (rounded half away from zero, clamped: mastering keeps peaks
/// under full scale anyway). Written with a truncating cast rather than `f32::round`, which is a
/// libm call on baseline x86-64 and showed up in profiles.
#[inline]
pub fn to_i24(x: f32) -> i32 {
    let v = x.clamp(-1.0, 1.0) * FULL_SCALE;
    (v + if v >= 0.0 { 0.5 } else { -0.5 }) as i32
}

/// Writes a stereo 24-bit FLAC file.
pub struct FlacWriter {
    path: PathBuf,
    out: BufWriter<File>,
    encoder: flacenc::error::Verified<config::Encoder>,
    info: StreamInfo,
    frame: FrameBuf,
    pending: Vec<i32>,
    sink: MemSink<u8>,
    frames_written: usize,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> std::io::Error + '_ {
    move |e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

fn other(path: &Path, what: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("{}: FLAC encoding failed: {what}", path.display()))
}

impl FlacWriter {
    /// Creates the file and writes its header. `tags` are Vorbis comments (NAME, value).
    /// `picture` is embedded as the front cover.
    pub fn create(
        path: &Path,
        sample_rate: u32,
        tags: &[(String, String)],
        picture: Option<&CoverImage>,
    ) -> std::io::Result<Self> {
        let mut out = BufWriter::new(File::create(path).map_err(io(path))?);
        let mut encoder = config::Encoder::default();
        encoder.block_size = BLOCK;
        encoder.multithread = false;
        // Fixed predictors only (like `flac -2`): LPC analysis tripled the encoding time (it
        // leans on fused multiply-add, emulated in software on baseline x86-64) for files only
        // about 5 % smaller.
        encoder.subframe_coding.use_lpc = false;
        let encoder = encoder.into_verified().map_err(|(_, e)| other(path, e))?;
        let info = StreamInfo::new(sample_rate as usize, 2, BITS).map_err(|e| other(path, e))?;
        out.write_all(b"fLaC").map_err(io(path))?;
        let tags_block = vorbis_comment(tags);
        write_block_header(&mut out, 0, false, 34).map_err(io(path))?;
        out.write_all(&[0u8; 34]).map_err(io(path))?; // STREAMINFO, patched in finish()
        write_block_header(&mut out, 4, picture.is_none(), tags_block.len()).map_err(io(path))?;
        out.write_all(&tags_block).map_err(io(path))?;
        if let Some(picture) = picture {
            let block = picture.flac_picture_block();
            write_block_header(&mut out, 6, true, block.len()).map_err(io(path))?;
            out.write_all(&block).map_err(io(path))?;
        }
        Ok(FlacWriter {
            path: path.to_path_buf(),
            out,
            encoder,
            info,
            frame: FrameBuf::with_size(2, BLOCK).map_err(|e| other(path, e))?,
            pending: Vec::with_capacity(BLOCK * 2),
            sink: MemSink::new(),
            frames_written: 0,
        })
    }

    /// Appends stereo samples (floats in -1..1).
    pub fn write(&mut self, left: &[f32], right: &[f32]) -> std::io::Result<()> {
        for (l, r) in left.iter().zip(right) {
            self.pending.push(to_i24(*l));
            self.pending.push(to_i24(*r));
            if self.pending.len() == BLOCK * 2 {
                self.flush_frame()?;
            }
        }
        Ok(())
    }

    fn flush_frame(&mut self) -> std::io::Result<()> {
        let frames = self.pending.len() / 2;
        if frames == 0 {
            return Ok(());
        }
        if frames != BLOCK {
            self.frame.resize(frames);
        }
        let path = self.path.clone();
        self.frame
            .fill_interleaved(&self.pending)
            .map_err(|e| other(&path, e))?;
        let frame = flacenc::encode_fixed_size_frame(
            &self.encoder,
            &self.frame,
            self.frames_written,
            &self.info,
        )
        .map_err(|e| other(&path, e))?;
        self.info.update_frame_info(&frame);
        self.sink.clear();
        frame.write(&mut self.sink).map_err(|e| other(&path, e))?;
        self.out
            .write_all(self.sink.as_slice())
            .map_err(io(&path))?;
        self.frames_written += 1;
        self.pending.clear();
        Ok(())
    }

    /// Writes the last frame, patches STREAMINFO and flushes the file.
    pub fn finish(mut self) -> std::io::Result<()> {
        self.flush_frame()?;
        let path = self.path.clone();
        if self.frames_written > 0 {
            self.info
                .set_block_sizes(BLOCK, BLOCK)
                .map_err(|e| other(&path, e))?;
        } else {
            self.info
                .set_block_sizes(16, 16)
                .map_err(|e| other(&path, e))?;
        }
        self.sink.clear();
        self.info
            .write(&mut self.sink)
            .map_err(|e| other(&path, e))?;
        let body = self.sink.as_slice().to_vec();
        self.out.seek(SeekFrom::Start(8)).map_err(io(&path))?;
        self.out.write_all(&body).map_err(io(&path))?;
        // No fsync: the output folder appears atomically by rename, and syncing every audio file
        // measured slower than encoding it on a busy disk.
        self.out.flush().map_err(io(&path))
    }
}

fn write_block_header(
    out: &mut impl Write,
    kind: u8,
    last: bool,
    len: usize,
) -> std::io::Result<()> {
    let first = kind | if last { 0x80 } else { 0 };
    let len = len as u32;
    out.write_all(&[first, (len >> 16) as u8, (len >> 8) as u8, len as u8])
}

/// A VORBIS_COMMENT block body: vendor string, then NAME=value comments (lengths little-endian).
fn vorbis_comment(tags: &[(String, String)]) -> Vec<u8> {
    let mut body = Vec::new();
    let vendor = concat!("Leitmotif ", env!("CARGO_PKG_VERSION"));
    body.extend_from_slice(&(vendor.len() as u32).to_le_bytes());
    body.extend_from_slice(vendor.as_bytes());
    body.extend_from_slice(&(tags.len() as u32).to_le_bytes());
    for (name, value) in tags {
        let entry = format!("{}={}", name.to_ascii_uppercase(), value);
        body.extend_from_slice(&(entry.len() as u32).to_le_bytes());
        body.extend_from_slice(entry.as_bytes());
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_file_claxon_reads_back_sample_for_sample() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.flac");
        let n = 10_000usize; // not a multiple of the block: the last frame is short
        let left: Vec<f32> = (0..n).map(|i| (i as f32 * 0.01).sin() * 0.5).collect();
        let right: Vec<f32> = (0..n).map(|i| (i as f32 * 0.013).cos() * 0.25).collect();
        let tags = vec![("TITLE".to_string(), "First Meeting".to_string())];
        let mut w = FlacWriter::create(&path, 48_000, &tags, None).unwrap();
        w.write(&left[..3000], &right[..3000]).unwrap();
        w.write(&left[3000..], &right[3000..]).unwrap();
        w.finish().unwrap();

        let mut reader = claxon::FlacReader::open(&path).unwrap();
        let info = reader.streaminfo();
        assert_eq!(
            (info.sample_rate, info.channels, info.bits_per_sample),
            (48_000, 2, 24)
        );
        assert_eq!(info.samples, Some(n as u64));
        assert_eq!(reader.get_tag("TITLE").next(), Some("First Meeting"));
        let samples: Vec<i32> = reader.samples().map(|s| s.unwrap()).collect();
        assert_eq!(samples.len(), 2 * n);
        // It compresses: tonal audio takes well under the 6 bytes per frame of raw 24-bit PCM.
        let size = std::fs::metadata(&path).unwrap().len() as usize;
        assert!(size < 6 * n * 6 / 10, "{size} bytes for {n} frames");
        for i in 0..n {
            assert_eq!(samples[2 * i], to_i24(left[i]));
            assert_eq!(samples[2 * i + 1], to_i24(right[i]));
        }
    }
}
