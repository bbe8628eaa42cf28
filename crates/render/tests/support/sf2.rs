//! A tiny SoundFont 2 file, written byte by byte, so the tests need no download.
//!
//! Layout (SoundFont 2.04 specification): `RIFF sfbk` holding `LIST INFO` (ifil, isng, INAM),
//! `LIST sdta` (smpl: one looped sine wave) and `LIST pdta` (phdr, pbag, pmod, pgen, inst, ibag,
//! imod, igen, shdr), with two presets: "Sine" (bank 0, program 0) and "Drum Sine" (bank 128,
//! program 0: the same sine an octave up, for the drum channel).

/// The parameters of the tiny SoundFont; `default()` is a 440 Hz sine recorded as key 69 (A4).
#[derive(Clone, Debug)]
pub struct TinySoundFont {
    /// The sample's rate in Hz.
    pub sample_rate: u32,
    /// The sine's period in samples (sample_rate / period is its frequency).
    pub period: usize,
    /// Periods in the sample.
    pub periods: usize,
    /// Where the loop starts, in samples; it ends at the end of the sample.
    pub loop_start: usize,
    /// The key the sample sounds at when played unshifted.
    pub root_key: u8,
    /// Volume-envelope release, in timecents (-1200 = 0.5 s).
    pub release_timecents: i16,
    /// Coarse tune of the drum preset's instrument, in semitones.
    pub drum_coarse_tune: i16,
}

impl Default for TinySoundFont {
    fn default() -> Self {
        TinySoundFont {
            sample_rate: 44_000,
            period: 100,
            periods: 20,
            loop_start: 400,
            root_key: 69,
            release_timecents: -1200,
            drum_coarse_tune: 12,
        }
    }
}

// Generator operators (SoundFont 2.04, section 8.1.2).
const GEN_COARSE_TUNE: u16 = 51;
const GEN_RELEASE_VOL_ENV: u16 = 38;
const GEN_INSTRUMENT: u16 = 41;
const GEN_SAMPLE_ID: u16 = 53;
const GEN_SAMPLE_MODES: u16 = 54;

impl TinySoundFont {
    /// The frequency of the sample played at its root key.
    pub fn frequency(&self) -> f32 {
        self.sample_rate as f32 / self.period as f32
    }

    /// The complete `.sf2` file.
    pub fn bytes(&self) -> Vec<u8> {
        let info = list(
            b"INFO",
            &[
                chunk(b"ifil", &[2, 0, 1, 0]), // version 2.01
                chunk(b"isng", &zstr("EMU8000", 8)),
                chunk(b"INAM", &zstr("Leitmotif Test", 16)),
            ],
        );

        let len = self.period * self.periods;
        let mut smpl = Vec::with_capacity((len + 46) * 2);
        for i in 0..len {
            let phase = (i % self.period) as f64 / self.period as f64;
            let v = (16_000.0 * (std::f64::consts::TAU * phase).sin()).round() as i16;
            smpl.extend_from_slice(&v.to_le_bytes());
        }
        smpl.extend_from_slice(&[0; 46 * 2]); // 46 zero points after each sample, per the spec
        let sdta = list(b"sdta", &[chunk(b"smpl", &smpl)]);

        let mut phdr = Vec::new();
        phdr.extend(preset_header("Sine", 0, 0, 0));
        phdr.extend(preset_header("Drum Sine", 0, 128, 1));
        phdr.extend(preset_header("EOP", 0, 0, 2));
        let pbag = records(&[[0, 0], [1, 0], [2, 0]]);
        let pgen = records(&[[GEN_INSTRUMENT, 0], [GEN_INSTRUMENT, 1], [0, 0]]);

        let mut inst = Vec::new();
        inst.extend(named("Sine", 0));
        inst.extend(named("Drum Sine", 1));
        inst.extend(named("EOI", 2));
        let ibag = records(&[[0, 0], [3, 0], [7, 0]]);
        let release = self.release_timecents as u16;
        let igen = records(&[
            [GEN_RELEASE_VOL_ENV, release],
            [GEN_SAMPLE_MODES, 1],
            [GEN_SAMPLE_ID, 0],
            [GEN_COARSE_TUNE, self.drum_coarse_tune as u16],
            [GEN_RELEASE_VOL_ENV, release],
            [GEN_SAMPLE_MODES, 1],
            [GEN_SAMPLE_ID, 0],
            [0, 0],
        ]);

        let mut shdr = Vec::new();
        shdr.extend(zstr("Sine", 20));
        for point in [0, len, self.loop_start, len] {
            shdr.extend_from_slice(&(point as u32).to_le_bytes());
        }
        shdr.extend_from_slice(&self.sample_rate.to_le_bytes());
        shdr.push(self.root_key);
        shdr.push(0); // pitch correction
        shdr.extend_from_slice(&0u16.to_le_bytes()); // link
        shdr.extend_from_slice(&1u16.to_le_bytes()); // mono sample
        shdr.extend(zstr("EOS", 46));

        let pdta = list(
            b"pdta",
            &[
                chunk(b"phdr", &phdr),
                chunk(b"pbag", &pbag),
                chunk(b"pmod", &[0; 10]),
                chunk(b"pgen", &pgen),
                chunk(b"inst", &inst),
                chunk(b"ibag", &ibag),
                chunk(b"imod", &[0; 10]),
                chunk(b"igen", &igen),
                chunk(b"shdr", &shdr),
            ],
        );

        let mut body = b"sfbk".to_vec();
        body.extend(info);
        body.extend(sdta);
        body.extend(pdta);
        chunk(b"RIFF", &body)
    }

    /// Where the `pdta` list starts in [`bytes`](Self::bytes).
    pub fn pdta_offset(&self) -> usize {
        let bytes = self.bytes();
        bytes
            .windows(8)
            .position(|w| &w[4..8] == b"pdta")
            .expect("pdta list")
            - 4
    }
}

/// A RIFF chunk: id, little-endian size, data, and a pad byte if the size is odd.
pub fn chunk(id: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = id.to_vec();
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
    if data.len() % 2 == 1 {
        out.push(0);
    }
    out
}

/// A RIFF `LIST` of the given type holding `chunks`.
pub fn list(kind: &[u8; 4], chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut data = kind.to_vec();
    for c in chunks {
        data.extend_from_slice(c);
    }
    chunk(b"LIST", &data)
}

/// `text` zero-padded to `len` bytes (at least one zero).
fn zstr(text: &str, len: usize) -> Vec<u8> {
    assert!(text.len() < len);
    let mut out = text.as_bytes().to_vec();
    out.resize(len, 0);
    out
}

fn preset_header(name: &str, program: u16, bank: u16, bag: u16) -> Vec<u8> {
    let mut out = zstr(name, 20);
    for v in [program, bank, bag] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&[0; 12]); // library, genre, morphology
    out
}

fn named(name: &str, bag: u16) -> Vec<u8> {
    let mut out = zstr(name, 20);
    out.extend_from_slice(&bag.to_le_bytes());
    out
}

fn records(pairs: &[[u16; 2]]) -> Vec<u8> {
    pairs
        .iter()
        .flat_map(|[a, b]| a.to_le_bytes().into_iter().chain(b.to_le_bytes()))
        .collect()
}
