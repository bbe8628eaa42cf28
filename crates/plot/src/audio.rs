//! Reading WAV (hound) and FLAC (claxon) files as mono samples for the spectrogram.

use crate::PlotError;
use std::{
    fs::File,
    io::{BufReader, Read},
    path::Path,
};

/// An audio file mixed down to one channel.
#[derive(Debug, Clone)]
pub struct Audio {
    pub sample_rate: u32,
    /// Channels in the file (the samples are their average).
    pub channels: u16,
    /// Bits per sample in the file (32 for float WAV).
    pub bits: u16,
    /// `"WAV"` or `"FLAC"`.
    pub format: &'static str,
    /// Mono samples, full scale = ±1.
    pub samples: Vec<f32>,
}

impl Audio {
    pub fn duration(&self) -> f64 {
        self.samples.len() as f64 / f64::from(self.sample_rate.max(1))
    }
}

/// The container, from the first bytes (the extension is not trusted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudioFormat {
    Wav,
    Flac,
}

/// What the first bytes say: `Some` for WAV (`RIFF…WAVE`) and FLAC (`fLaC`).
pub fn sniff(head: &[u8]) -> Option<AudioFormat> {
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        Some(AudioFormat::Wav)
    } else if head.starts_with(b"fLaC") {
        Some(AudioFormat::Flac)
    } else {
        None
    }
}

fn format_of(path: &Path) -> Result<AudioFormat, PlotError> {
    let mut head = [0u8; 12];
    let mut file = File::open(path).map_err(|error| PlotError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let mut n = 0;
    while n < head.len() {
        match file.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(error) => {
                return Err(PlotError::Read {
                    path: path.to_path_buf(),
                    error,
                })
            }
        }
    }
    sniff(&head[..n]).ok_or_else(|| PlotError::Audio {
        path: path.to_path_buf(),
        why: "neither a WAV (RIFF/WAVE) nor a FLAC file".into(),
    })
}

/// Checks the header only (cheap): the format, and that it has at least one channel.
pub fn probe(path: &Path) -> Result<(), PlotError> {
    let bad = |why: String| PlotError::Audio {
        path: path.to_path_buf(),
        why,
    };
    match format_of(path)? {
        AudioFormat::Wav => {
            hound::WavReader::open(path).map_err(|e| bad(e.to_string()))?;
        }
        AudioFormat::Flac => {
            claxon::FlacReader::open(path).map_err(|e| bad(e.to_string()))?;
        }
    }
    Ok(())
}

/// Reads a whole WAV or FLAC file, mixed down to mono.
pub fn read(path: &Path) -> Result<Audio, PlotError> {
    let bad = |why: String| PlotError::Audio {
        path: path.to_path_buf(),
        why,
    };
    let audio = match format_of(path)? {
        AudioFormat::Wav => {
            let reader =
                hound::WavReader::new(BufReader::new(File::open(path).map_err(|error| {
                    PlotError::Read {
                        path: path.to_path_buf(),
                        error,
                    }
                })?))
                .map_err(|e| bad(e.to_string()))?;
            let spec = reader.spec();
            let channels = spec.channels.max(1);
            let samples = match spec.sample_format {
                hound::SampleFormat::Float => mix(
                    reader.into_samples::<f32>().map(|s| s.map(f64::from)),
                    channels,
                ),
                hound::SampleFormat::Int => {
                    let scale = 1.0 / f64::from(1u32 << (spec.bits_per_sample.clamp(1, 32) - 1));
                    mix(
                        reader
                            .into_samples::<i32>()
                            .map(|s| s.map(|v| f64::from(v) * scale)),
                        channels,
                    )
                }
            }
            .map_err(|e| bad(e.to_string()))?;
            Audio {
                sample_rate: spec.sample_rate,
                channels,
                bits: spec.bits_per_sample,
                format: "WAV",
                samples,
            }
        }
        AudioFormat::Flac => {
            let mut reader = claxon::FlacReader::open(path).map_err(|e| bad(e.to_string()))?;
            let info = reader.streaminfo();
            let channels = info.channels.max(1);
            let scale = 1.0
                / f64::from(1u32 << (info.bits_per_sample.clamp(1, 32) - 1))
                / f64::from(channels);
            let mut samples = Vec::with_capacity(info.samples.unwrap_or(0).min(1 << 28) as usize);
            let mut blocks = reader.blocks();
            let mut buffer = Vec::new();
            while let Some(block) = blocks
                .read_next_or_eof(buffer)
                .map_err(|e| bad(e.to_string()))?
            {
                for i in 0..block.duration() {
                    let sum: f64 = (0..block.channels())
                        .map(|c| f64::from(block.sample(c, i)))
                        .sum();
                    samples.push((sum * scale) as f32);
                }
                buffer = block.into_buffer();
            }
            Audio {
                sample_rate: info.sample_rate,
                channels: channels as u16,
                bits: info.bits_per_sample as u16,
                format: "FLAC",
                samples,
            }
        }
    };
    if audio.sample_rate == 0 {
        return Err(bad("the sample rate is 0".into()));
    }
    Ok(audio)
}

/// Averages interleaved samples into one channel.
fn mix<E>(samples: impl Iterator<Item = Result<f64, E>>, channels: u16) -> Result<Vec<f32>, E> {
    let mut out = Vec::new();
    let mut sum = 0.0;
    let mut count = 0;
    for s in samples {
        sum += s?;
        count += 1;
        if count == channels {
            out.push((sum / f64::from(channels)) as f32);
            sum = 0.0;
            count = 0;
        }
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A minimal FLAC encoder (verbatim subframes, fixed block size) so the reader can be tested
    /// without an encoder dependency. `channels[c][i]` are integer samples of `bits` bits.
    pub(crate) fn flac_bytes(sample_rate: u32, bits: u8, channels: &[Vec<i32>]) -> Vec<u8> {
        struct Bits {
            out: Vec<u8>,
            acc: u64,
            n: u32,
        }
        impl Bits {
            fn put(&mut self, value: u64, width: u32) {
                for i in (0..width).rev() {
                    self.acc = (self.acc << 1) | ((value >> i) & 1);
                    self.n += 1;
                    if self.n == 8 {
                        self.out.push(self.acc as u8);
                        self.acc = 0;
                        self.n = 0;
                    }
                }
            }
        }
        fn crc8(data: &[u8]) -> u8 {
            let mut crc = 0u8;
            for &b in data {
                crc ^= b;
                for _ in 0..8 {
                    crc = if crc & 0x80 != 0 {
                        (crc << 1) ^ 0x07
                    } else {
                        crc << 1
                    };
                }
            }
            crc
        }
        fn crc16(data: &[u8]) -> u16 {
            let mut crc = 0u16;
            for &b in data {
                crc ^= u16::from(b) << 8;
                for _ in 0..8 {
                    crc = if crc & 0x8000 != 0 {
                        (crc << 1) ^ 0x8005
                    } else {
                        crc << 1
                    };
                }
            }
            crc
        }
        let block = 4096usize;
        let total = channels[0].len();
        let nch = channels.len() as u64;
        let mut out = b"fLaC".to_vec();
        // STREAMINFO, last metadata block.
        let mut si = Bits {
            out: Vec::new(),
            acc: 0,
            n: 0,
        };
        si.put(1, 1);
        si.put(0, 7);
        si.put(34, 24);
        si.put(block as u64, 16);
        si.put(block as u64, 16);
        si.put(0, 24);
        si.put(0, 24);
        si.put(u64::from(sample_rate), 20);
        si.put(nch - 1, 3);
        si.put(u64::from(bits) - 1, 5);
        si.put(total as u64, 36);
        si.put(0, 64);
        si.put(0, 64);
        out.extend(si.out);
        for (frame, start) in (0..total).step_by(block).enumerate() {
            let len = block.min(total - start);
            let mut f = Bits {
                out: Vec::new(),
                acc: 0,
                n: 0,
            };
            f.put(0b11_1111_1111_1110, 14);
            f.put(0, 1);
            f.put(0, 1); // fixed block size
            f.put(0b0111, 4); // 16-bit block size - 1 at the end of the header
            let rate_code = match sample_rate {
                44_100 => 0b1001,
                48_000 => 0b1010,
                96_000 => 0b1011,
                _ => 0b0000, // from STREAMINFO
            };
            f.put(rate_code, 4);
            f.put(nch - 1, 4); // independent channels
            let bits_code = match bits {
                8 => 0b001,
                12 => 0b010,
                16 => 0b100,
                20 => 0b101,
                24 => 0b110,
                _ => panic!("unsupported test sample size {bits}"),
            };
            f.put(bits_code, 3);
            f.put(0, 1);
            assert!(frame < 128);
            f.put(frame as u64, 8); // UTF-8 frame number (< 128: one byte)
            f.put(len as u64 - 1, 16);
            let crc = crc8(&f.out);
            f.put(u64::from(crc), 8);
            for ch in channels {
                f.put(0, 1);
                f.put(0b000001, 6); // verbatim
                f.put(0, 1);
                for &s in &ch[start..start + len] {
                    f.put((s as i64 as u64) & ((1u64 << bits) - 1), u32::from(bits));
                }
            }
            while f.n != 0 {
                f.put(0, 1);
            }
            let crc = crc16(&f.out);
            f.put(u64::from(crc), 16);
            out.extend(f.out);
        }
        out
    }

    #[test]
    fn reads_24_bit_stereo_flac_as_mono() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("tone.flac");
        let full = (1 << 23) - 1;
        let left: Vec<i32> = (0..10_000)
            .map(|i| if i % 2 == 0 { full } else { 0 })
            .collect();
        let right: Vec<i32> = vec![-full / 2; 10_000];
        std::fs::write(&path, flac_bytes(48_000, 24, &[left, right])).unwrap();
        probe(&path).unwrap();
        let audio = read(&path).unwrap();
        assert_eq!(audio.format, "FLAC");
        assert_eq!(audio.sample_rate, 48_000);
        assert_eq!(audio.channels, 2);
        assert_eq!(audio.bits, 24);
        assert_eq!(audio.samples.len(), 10_000);
        assert!(
            (audio.samples[0] - 0.25).abs() < 1e-4,
            "{}",
            audio.samples[0]
        );
        assert!(
            (audio.samples[1] + 0.25).abs() < 1e-4,
            "{}",
            audio.samples[1]
        );
    }

    #[test]
    fn reads_16_bit_and_float_wav() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.wav");
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 44_100,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for s in [16384i16, -32768, 0] {
            w.write_sample(s).unwrap();
        }
        w.finalize().unwrap();
        let audio = read(&path).unwrap();
        assert_eq!(audio.samples, vec![0.5, -1.0, 0.0]);
        assert!((audio.duration() - 3.0 / 44_100.0).abs() < 1e-12);

        let path = dir.path().join("f.wav");
        let spec = hound::WavSpec {
            channels: 2,
            sample_rate: 48_000,
            bits_per_sample: 32,
            sample_format: hound::SampleFormat::Float,
        };
        let mut w = hound::WavWriter::create(&path, spec).unwrap();
        for s in [0.5f32, 0.25, -1.0, 1.0] {
            w.write_sample(s).unwrap();
        }
        w.finalize().unwrap();
        let audio = read(&path).unwrap();
        assert_eq!(audio.samples, vec![0.375, 0.0]);
    }

    #[test]
    fn rejects_what_is_not_audio() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.wav");
        std::fs::write(&path, b"hello, this is text").unwrap();
        let err = read(&path).unwrap_err();
        assert!(matches!(err, PlotError::Audio { .. }), "{err}");
        assert!(err.to_string().contains("x.wav"), "{err}");
        // A WAV header cut short.
        std::fs::write(&path, b"RIFF\x24\0\0\0WAVEfmt ").unwrap();
        assert!(matches!(read(&path), Err(PlotError::Audio { .. })));
        assert!(matches!(probe(&path), Err(PlotError::Audio { .. })));
        let missing = dir.path().join("missing.flac");
        assert!(matches!(read(&missing), Err(PlotError::Read { .. })));
    }
}
