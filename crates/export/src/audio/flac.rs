//! A streaming FLAC writer: samples go to disk frame by frame, so a 30-minute album never sits in
//! memory, and the STREAMINFO block (total length, MD5) is patched in place at the end.
//!
//! flacenc encodes each frame; this file only frames the stream (the `fLaC` marker and metadata
//! blocks, including Vorbis-comment tags) and converts float samples to 24-bit integers.
//! The STREAMINFO MD5 is left zero ("not computed", which the format allows): it cost 4 % of a
//! whole soundtrack render, and the files are checked by decoding in the tests instead.
//!
//! The album does not encode the cues again: it is a variable-block-size stream (each frame
//! header gives its first sample rather than its frame number), so each cue's full frames can be
//! copied from the cue's own file with only their headers rewritten ([`FlacWriter::append_flac`]);
//! only each cue's last partial frame and the silences between cues are encoded. Encoding the
//! album again had been a quarter of the FLAC work, all of it on one thread between cues.

use super::cover::CoverImage;
use flacenc::bitsink::MemSink;
use flacenc::component::{BitRepr, Frame, StreamInfo};
use flacenc::config;
use flacenc::error::Verify;
use flacenc::source::{Fill, FrameBuf};
use rayon::prelude::*;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Frames (per channel) in one FLAC frame: the format's common default.
const BLOCK: usize = 4096;
/// FLAC frames encoded in parallel at a time (1.4 s at 48 kHz).
const BATCH: usize = 16;
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

/// Where one encoded frame sits in a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRecord {
    pub offset: u64,
    pub len: usize,
    /// Frames (per channel) of audio in it.
    pub samples: usize,
}

/// A written FLAC file and where its frames are, so another stream can copy them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlacIndex {
    pub path: PathBuf,
    pub frames: Vec<FrameRecord>,
}

/// Frame statistics of a variable-block-size stream, for its STREAMINFO.
#[derive(Debug, Clone, Copy)]
struct Stats {
    min_block: usize,
    max_block: usize,
    last_block: usize,
    min_bytes: usize,
    max_bytes: usize,
    samples: u64,
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
    /// A variable-block-size stream (the album), whose frames carry their first sample.
    variable: bool,
    stats: Stats,
    /// Bytes written so far (the next frame's offset).
    position: u64,
    index: Vec<FrameRecord>,
    /// Scratch for copied frames.
    copy: Vec<u8>,
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
        Self::create_with(path, sample_rate, tags, picture, false)
    }

    /// Like [`create`](Self::create), for a stream that [`append_flac`](Self::append_flac) can
    /// copy other files' frames into (a variable-block-size stream).
    pub fn create_album(
        path: &Path,
        sample_rate: u32,
        tags: &[(String, String)],
        picture: Option<&CoverImage>,
    ) -> std::io::Result<Self> {
        Self::create_with(path, sample_rate, tags, picture, true)
    }

    fn create_with(
        path: &Path,
        sample_rate: u32,
        tags: &[(String, String)],
        picture: Option<&CoverImage>,
        variable: bool,
    ) -> std::io::Result<Self> {
        let mut out = BufWriter::new(File::create(path).map_err(io(path))?);
        let mut position = 4 + 4 + 34;
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
        position += 4 + tags_block.len() as u64;
        if let Some(picture) = picture {
            let block = picture.flac_picture_block();
            write_block_header(&mut out, 6, true, block.len()).map_err(io(path))?;
            out.write_all(&block).map_err(io(path))?;
            position += 4 + block.len() as u64;
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
            variable,
            stats: Stats {
                min_block: usize::MAX,
                max_block: 0,
                last_block: 0,
                min_bytes: usize::MAX,
                max_bytes: 0,
                samples: 0,
            },
            position,
            index: Vec::new(),
            copy: Vec::new(),
        })
    }

    /// Appends stereo samples (floats in -1..1).
    ///
    /// Whole frames are encoded [`BATCH`] at a time on all cores (frames do not depend on each
    /// other) and written in order: the same bytes as encoding them one by one.
    pub fn write(&mut self, left: &[f32], right: &[f32]) -> std::io::Result<()> {
        let n = left.len().min(right.len());
        let (mut left, mut right) = (&left[..n], &right[..n]);
        // Complete a frame already begun.
        while !self.pending.is_empty() && !left.is_empty() {
            self.push(left[0], right[0])?;
            (left, right) = (&left[1..], &right[1..]);
        }
        if !self.variable {
            while left.len() >= BLOCK {
                let take = (left.len() / BLOCK).min(BATCH) * BLOCK;
                self.write_frames(&left[..take], &right[..take])?;
                (left, right) = (&left[take..], &right[take..]);
            }
        }
        for (l, r) in left.iter().zip(right) {
            self.push(*l, *r)?;
        }
        Ok(())
    }

    /// Adds one frame to the pending block, encoding it when full.
    fn push(&mut self, left: f32, right: f32) -> std::io::Result<()> {
        self.pending.push(to_i24(left));
        self.pending.push(to_i24(right));
        if self.pending.len() == BLOCK * 2 {
            self.flush_frame()?;
        }
        Ok(())
    }

    /// Encodes whole blocks of a fixed-block-size stream in parallel, then writes them in order.
    fn write_frames(&mut self, left: &[f32], right: &[f32]) -> std::io::Result<()> {
        debug_assert!(
            self.pending.is_empty() && !self.variable && left.len().is_multiple_of(BLOCK)
        );
        let first = self.frames_written;
        let (encoder, info) = (&self.encoder, &self.info);
        let encoded: Vec<Result<(Frame, MemSink<u8>), String>> = left
            .par_chunks(BLOCK)
            .zip(right.par_chunks(BLOCK))
            .enumerate()
            .map_init(
                || {
                    (
                        FrameBuf::with_size(2, BLOCK).ok(),
                        Vec::with_capacity(BLOCK * 2),
                    )
                },
                |(buf, samples), (i, (l, r))| {
                    let buf = buf.as_mut().ok_or("no frame buffer")?;
                    samples.clear();
                    for (l, r) in l.iter().zip(r) {
                        samples.push(to_i24(*l));
                        samples.push(to_i24(*r));
                    }
                    buf.fill_interleaved(samples).map_err(|e| e.to_string())?;
                    let frame = flacenc::encode_fixed_size_frame(encoder, buf, first + i, info)
                        .map_err(|e| e.to_string())?;
                    let mut sink = MemSink::new();
                    frame.write(&mut sink).map_err(|e| e.to_string())?;
                    Ok((frame, sink))
                },
            )
            .collect();
        for result in encoded {
            let (frame, sink) = result.map_err(|e| other(&self.path, e))?;
            self.info.update_frame_info(&frame);
            let bytes = sink.as_slice();
            self.out.write_all(bytes).map_err(io(&self.path))?;
            self.index.push(FrameRecord {
                offset: self.position,
                len: bytes.len(),
                samples: BLOCK,
            });
            self.position += bytes.len() as u64;
            self.frames_written += 1;
        }
        Ok(())
    }

    fn flush_frame(&mut self) -> std::io::Result<()> {
        let frames = self.pending.len() / 2;
        if frames == 0 {
            return Ok(());
        }
        // (An album stream has short frames between full ones: size the buffer every time.)
        if frames != BLOCK || self.variable {
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
        self.pending.clear();
        if self.variable {
            let bytes = std::mem::take(&mut self.sink);
            let result = self.put_variable_frame(bytes.as_slice(), frames);
            self.sink = bytes;
            return result;
        }
        self.out
            .write_all(self.sink.as_slice())
            .map_err(io(&path))?;
        self.index.push(FrameRecord {
            offset: self.position,
            len: self.sink.as_slice().len(),
            samples: frames,
        });
        self.position += self.sink.as_slice().len() as u64;
        self.frames_written += 1;
        Ok(())
    }

    /// Writes an encoded frame of `samples` frames into a variable-block-size stream, its header
    /// rewritten to start at the stream's current sample.
    fn put_variable_frame(&mut self, frame: &[u8], samples: usize) -> std::io::Result<()> {
        let bytes = restamp_frame(frame, self.stats.samples)
            .ok_or_else(|| other(&self.path, "an encoded frame has no valid header"))?;
        self.out.write_all(&bytes).map_err(io(&self.path))?;
        self.index.push(FrameRecord {
            offset: self.position,
            len: bytes.len(),
            samples,
        });
        self.position += bytes.len() as u64;
        self.frames_written += 1;
        let st = &mut self.stats;
        // The smallest block excludes the stream's last one (which may be short): fold the
        // previous frame in now.
        if st.last_block > 0 {
            st.min_block = st.min_block.min(st.last_block);
        }
        st.last_block = samples;
        st.max_block = st.max_block.max(samples);
        st.min_bytes = st.min_bytes.min(bytes.len());
        st.max_bytes = st.max_bytes.max(bytes.len());
        st.samples += samples as u64;
        Ok(())
    }

    /// Appends `left`/`right`, which `index` (another file this module wrote, holding exactly
    /// these samples) has already encoded: its full frames are copied with their headers
    /// rewritten, the rest is encoded. Falls back to encoding everything when copying cannot
    /// keep the stream valid (not an album stream, an index that does not match, or fewer
    /// than 16 samples waiting, which would make a frame shorter than FLAC allows).
    pub fn append_flac(
        &mut self,
        index: &FlacIndex,
        left: &[f32],
        right: &[f32],
    ) -> std::io::Result<()> {
        let full = index
            .frames
            .iter()
            .take_while(|f| f.samples == BLOCK)
            .count();
        let total: usize = index.frames.iter().map(|f| f.samples).sum();
        let waiting = self.pending.len() / 2;
        if !self.variable
            || full == 0
            || total != left.len().min(right.len())
            || (waiting > 0 && waiting < 16)
        {
            return self.write(left, right);
        }
        self.flush_frame()?;
        let mut file = File::open(&index.path).map_err(io(&index.path))?;
        let mut copy = std::mem::take(&mut self.copy);
        let result = (|| -> std::io::Result<()> {
            for record in &index.frames[..full] {
                copy.resize(record.len, 0);
                file.seek(SeekFrom::Start(record.offset))
                    .map_err(io(&index.path))?;
                std::io::Read::read_exact(&mut file, &mut copy).map_err(io(&index.path))?;
                self.put_variable_frame(&copy, record.samples)?;
            }
            Ok(())
        })();
        self.copy = copy;
        result?;
        let done = full * BLOCK;
        self.write(&left[done..], &right[done..])
    }

    /// Writes the last frame, patches STREAMINFO and flushes the file.
    pub fn finish(self) -> std::io::Result<()> {
        self.finish_indexed().map(|_| ())
    }

    /// [`finish`](Self::finish), returning where the file's frames are.
    pub fn finish_indexed(mut self) -> std::io::Result<FlacIndex> {
        self.flush_frame()?;
        let path = self.path.clone();
        if self.variable && self.frames_written > 0 {
            let st = self.stats;
            let min_block = if self.frames_written == 1 {
                st.last_block
            } else {
                st.min_block
            };
            self.info
                .set_block_sizes(min_block.max(16), st.max_block.max(16))
                .map_err(|e| other(&path, e))?;
            self.info
                .set_frame_sizes(st.min_bytes, st.max_bytes)
                .map_err(|e| other(&path, e))?;
            self.info.set_total_samples(st.samples as usize);
        } else if self.frames_written > 0 {
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
        self.out.flush().map_err(io(&path))?;
        Ok(FlacIndex {
            path,
            frames: self.index,
        })
    }
}

/// CRC-8 of FLAC frame headers (polynomial x^8 + x^2 + x + 1, initial 0: CRC-8/SMBUS).
fn crc8(bytes: &[u8]) -> u8 {
    const CRC8: crc::Crc<u8> = crc::Crc::<u8>::new(&crc::CRC_8_SMBUS);
    CRC8.checksum(bytes)
}

/// CRC-16 of FLAC frames (polynomial x^16 + x^15 + x^2 + 1, initial 0: CRC-16/UMTS), sixteen
/// bytes a step: the album recomputes it over every copied frame, and a byte-at-a-time table was
/// most of the album's time.
fn crc16(bytes: &[u8]) -> u16 {
    const CRC16: crc::Crc<u16, crc::Table<16>> =
        crc::Crc::<u16, crc::Table<16>>::new(&crc::CRC_16_UMTS);
    CRC16.checksum(bytes)
}

/// FLAC's "UTF-8" coding of a frame or sample number (up to 36 bits).
fn utf8_number(v: u64, out: &mut Vec<u8>) {
    if v < 0x80 {
        out.push(v as u8);
        return;
    }
    // The smallest length whose payload bits hold `v`: 11 bits in 2 bytes, then 5 more a byte.
    let bits = 64 - v.leading_zeros() as usize;
    let bytes = (2..=7).find(|n| bits <= 5 * n + 1).unwrap_or(7);
    let lead: u8 = !(0xFFu8 >> bytes);
    let lead_bits = 7 - bytes as u32; // payload bits in the first byte (0 for 7 bytes)
    let shift = 6 * (bytes - 1) as u32;
    out.push(lead | ((v >> shift) as u8 & ((1u16 << lead_bits) - 1) as u8));
    for k in (0..bytes - 1).rev() {
        out.push(0x80 | ((v >> (6 * k as u32)) & 0x3F) as u8);
    }
}

/// A frame (as this module's encoder writes it) restamped for a variable-block-size stream:
/// the blocking-strategy bit set, the frame number replaced by `start_sample`, both CRCs
/// recomputed. The subframes are untouched (they start on a byte boundary after the header).
/// None if `frame` does not start with a frame header.
fn restamp_frame(frame: &[u8], start_sample: u64) -> Option<Vec<u8>> {
    if frame.len() < 6 || frame[0] != 0xFF || frame[1] & 0xFE != 0xF8 {
        return None;
    }
    let (block_code, rate_code) = (frame[2] >> 4, frame[2] & 0x0F);
    // The coded number's length, from its first byte's leading ones.
    let lead = frame[4].leading_ones() as usize;
    let number_len = match lead {
        0 => 1,
        2..=7 => lead,
        _ => return None,
    };
    let mut pos = 4 + number_len;
    let extra_start = pos;
    pos += match block_code {
        6 => 1,
        7 => 2,
        _ => 0,
    };
    pos += match rate_code {
        12 => 1,
        13 | 14 => 2,
        _ => 0,
    };
    // The header's CRC-8 at `pos`, then the subframes, then the frame's CRC-16.
    if frame.len() < pos + 3 {
        return None;
    }
    let mut out = Vec::with_capacity(frame.len() + 6);
    out.extend_from_slice(&[0xFF, 0xF9, frame[2], frame[3]]);
    utf8_number(start_sample, &mut out);
    out.extend_from_slice(&frame[extra_start..pos]);
    out.push(crc8(&out));
    out.extend_from_slice(&frame[pos + 1..frame.len() - 2]);
    let crc = crc16(&out);
    out.extend_from_slice(&crc.to_be_bytes());
    Some(out)
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
    fn the_crcs_are_flacs() {
        // The catalogue's check values (the CRC of the ASCII digits 1 to 9).
        assert_eq!(crc8(b"123456789"), 0xF4);
        assert_eq!(crc16(b"123456789"), 0xFEE8);
    }

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

    fn tone(n: usize, f: f32) -> (Vec<f32>, Vec<f32>) {
        let l = (0..n).map(|i| (i as f32 * f).sin() * 0.5).collect();
        let r = (0..n).map(|i| (i as f32 * f * 1.3).cos() * 0.3).collect();
        (l, r)
    }

    fn decode(path: &Path) -> (claxon::metadata::StreamInfo, Vec<i32>) {
        let mut reader = claxon::FlacReader::open(path).unwrap();
        let info = reader.streaminfo();
        let samples = reader.samples().map(|s| s.unwrap()).collect();
        (info, samples)
    }

    #[test]
    fn the_album_copies_the_cues_frames_and_decodes_to_the_same_samples() {
        let dir = tempfile::tempdir().unwrap();
        // Gaps that leave 2808 samples waiting before the second cue (a short frame, then
        // copies) and 8 (too few for a frame: the second cue is encoded instead).
        for gap in [1_000usize, 2_296] {
            let cues = [tone(10_000, 0.01), tone(13_000, 0.02)];
            let mut indexes = Vec::new();
            for (i, (l, r)) in cues.iter().enumerate() {
                let path = dir.path().join(format!("cue{i}.flac"));
                let mut w = FlacWriter::create(&path, 48_000, &[], None).unwrap();
                w.write(l, r).unwrap();
                indexes.push(w.finish_indexed().unwrap());
            }
            assert_eq!(indexes[0].frames.len(), 3);
            let album = dir.path().join("album.flac");
            let mut w = FlacWriter::create_album(&album, 48_000, &[], None).unwrap();
            let silence = vec![0.0f32; gap];
            w.append_flac(&indexes[0], &cues[0].0, &cues[0].1).unwrap();
            w.write(&silence, &silence).unwrap();
            w.append_flac(&indexes[1], &cues[1].0, &cues[1].1).unwrap();
            let album_index = w.finish_indexed().unwrap();

            let (info, samples) = decode(&album);
            let total = 10_000 + gap + 13_000;
            assert_eq!(info.samples, Some(total as u64), "gap {gap}");
            assert!(info.min_block_size >= 16 && info.max_block_size == 4096);
            let mut expected = Vec::new();
            let push = |l: &[f32], r: &[f32], out: &mut Vec<i32>| {
                for (a, b) in l.iter().zip(r) {
                    out.extend([to_i24(*a), to_i24(*b)]);
                }
            };
            push(&cues[0].0, &cues[0].1, &mut expected);
            push(&silence, &silence, &mut expected);
            push(&cues[1].0, &cues[1].1, &mut expected);
            assert!(
                samples == expected,
                "gap {gap}: the album decodes to other samples"
            );
            // The first frame is the cue's, restamped: same subframes, new header and CRCs.
            let (cue_bytes, album_bytes) = (
                std::fs::read(&indexes[0].path).unwrap(),
                std::fs::read(&album).unwrap(),
            );
            let (c, a) = (indexes[0].frames[0], album_index.frames[0]);
            let cue_frame = &cue_bytes[c.offset as usize..c.offset as usize + c.len];
            let album_frame = &album_bytes[a.offset as usize..a.offset as usize + a.len];
            assert_eq!(cue_frame.len(), album_frame.len());
            assert_eq!(album_frame[1], 0xF9, "variable block size");
            assert_eq!(cue_frame[6..c.len - 2], album_frame[6..a.len - 2]);
        }
    }

    #[test]
    fn frame_numbers_are_coded_as_flac_wants() {
        let coded = |v: u64| {
            let mut out = Vec::new();
            utf8_number(v, &mut out);
            out
        };
        assert_eq!(coded(0x41), [0x41]);
        assert_eq!(coded(0x7FF), [0xDF, 0xBF]);
        assert_eq!(
            coded(4096 * 1000), // 0x3E8000: 22 bits, five bytes
            [0xF8, 0x80 | 0x0F, 0x80 | 0x28, 0x80, 0x80]
        );
        assert_eq!(coded(1 << 35).len(), 7);
        assert_eq!(crc8(b"123456789"), 0xF4);
        assert_eq!(crc16(b"123456789"), 0xFEE8);
    }
}
