//! Seamless loops for games: the cue's music from its first to its last bar line, with the
//! effects' tail (what rings after the last bar) folded back onto the head. Played end to end,
//! the tail of one pass sounds over the start of the next, as it would if the music really went
//! round, so there is no gap and no jump at the seam.
//!
//! Loop points go where engines look for them: the WAV's `smpl` chunk (the sampler chunk of the
//! RIFF spec, read by FMOD, Wwise, Unity and Godot importers) and LOOPSTART / LOOPLENGTH Vorbis
//! comments in the FLAC (the convention of RPG Maker and many engines).

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// The loop's samples: `music_frames` long, the tail beyond them added onto the start.
pub fn fold_tail(left: &[f32], right: &[f32], music_frames: usize) -> (Vec<f32>, Vec<f32>) {
    let n = music_frames.min(left.len());
    let mut l = left[..n].to_vec();
    let mut r = right[..n].to_vec();
    if n == 0 {
        return (l, r);
    }
    for (i, (tl, tr)) in left[n..].iter().zip(&right[n..]).enumerate() {
        // A tail longer than the loop wraps round more than once.
        l[i % n] += tl;
        r[i % n] += tr;
    }
    (l, r)
}

/// Appends a RIFF `smpl` chunk with one forward loop over frames `start..=end` to a finished WAV
/// and fixes the RIFF size.
pub fn append_smpl_chunk(
    path: &Path,
    sample_rate: u32,
    start: u32,
    end: u32,
) -> std::io::Result<()> {
    let mut chunk = Vec::with_capacity(68);
    chunk.extend_from_slice(b"smpl");
    chunk.extend_from_slice(&60u32.to_le_bytes());
    let words = [
        0u32,                        // manufacturer
        0,                           // product
        1_000_000_000 / sample_rate, // sample period in nanoseconds
        60,                          // MIDI unity note
        0,                           // pitch fraction
        0,                           // SMPTE format
        0,                           // SMPTE offset
        1,                           // number of loops
        0,                           // sampler data
        0,                           // loop: cue point id
        0,                           // loop: type (forward)
        start,                       // loop: start frame
        end,                         // loop: end frame (inclusive)
        0,                           // loop: fraction
        0,                           // loop: play count (0 = forever)
    ];
    for w in words {
        chunk.extend_from_slice(&w.to_le_bytes());
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?;
    let len = file.seek(SeekFrom::End(0))?;
    file.write_all(&chunk)?;
    let riff_size = (len + chunk.len() as u64 - 8) as u32;
    file.seek(SeekFrom::Start(4))?;
    file.write_all(&riff_size.to_le_bytes())?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tail_lands_on_the_head() {
        let left = [1.0, 2.0, 3.0, 4.0, 0.5, 0.25];
        let (l, r) = fold_tail(&left, &left, 4);
        assert_eq!(l, vec![1.5, 2.25, 3.0, 4.0]);
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn the_smpl_chunk_is_readable_after_the_audio() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 48_000,
            bits_per_sample: 24,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for i in 0..200 {
            w.write_sample(i).unwrap();
        }
        w.finalize().unwrap();
        append_smpl_chunk(&path, 48_000, 0, 99).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let riff = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        assert_eq!(riff + 8, bytes.len());
        let at = bytes.windows(4).position(|w| w == b"smpl").unwrap();
        let word = |k: usize| {
            u32::from_le_bytes(bytes[at + 8 + 4 * k..at + 12 + 4 * k].try_into().unwrap())
        };
        assert_eq!((word(7), word(11), word(12)), (1, 0, 99));
        // hound still reads the audio.
        let r = hound::WavReader::open(&path).unwrap();
        assert_eq!(r.len(), 200);
    }
}
