//! Band-limited wavetables with a brightness axis, and the sine table.
//!
//! Why wavetables with a *brightness* axis instead of "oscillator into a per-voice lowpass filter":
//! a resonant filter per voice is a long loop-carried dependency chain (about 20 cycles per
//! sample for a state-variable filter), which alone would eat most of the per-voice budget. But a
//! lowpass whose cutoff is given in *harmonics* of the note (a key-tracked filter) is nothing more
//! than a weighting of the harmonics, so it can be baked into the table. Each waveform is a family
//! of tables `T_j` whose harmonic `n` is weighted by a 2-pole lowpass response at cutoff
//! `c_j = 2^(j/4)` harmonics and which holds no harmonic at or above `2.5 c_j`. While the
//! brightness moves, a voice reads two neighbouring tables and crossfades them: a smooth filter
//! sweep at the cost of two table reads and no feedback; once it settles it reads one. Because
//! table `j` has no harmonics above `2.5 c_j`, choosing `j` from the note's frequency also
//! band-limits the oscillator: high notes never alias.
//!
//! Waveforms with strong upper harmonics (saw, square, pulse, reed, glottal pulse) are stored with
//! *dispersed* phases: harmonic `n` is shifted by `DISPERSION * (n - 3)^2` radians (a chirp, like
//! the phase response of a stiff string or of an instrument body). The magnitude spectrum, and so
//! the timbre of a held note, is unchanged, but the harmonics no longer line up into one sharp
//! edge per period: an aligned bright sawtooth or pulse has a second difference at its edge 20-30
//! times its median, which a click detector reads as a click every period. All tables of a family
//! share the phases, so brightness crossfades stay coherent, and a family is normalised by the
//! peak it would have with aligned phases, so loudness is as before (peaks are a little higher:
//! an aligned sawtooth or square happens to have a very low crest factor).
//!
//! The tables are built once per process (first `BuiltinChannel::new`) with fundsp's FFT and are
//! shared read-only by every channel. The reader is hand-written (a `u32` phase accumulator and
//! linear interpolation into 2048-sample tables, so the top harmonic is oversampled about 4x and
//! indexing needs no bounds checks) rather than fundsp's `WaveSynth`: fundsp's reader interpolates
//! two tables with a 4-point polynomial each and searches for the table on every sample, several
//! times slower (see `tests/speed.rs`, `fundsp_comparison`).

use std::sync::OnceLock;

/// Brightness steps per waveform family, a quarter octave apart: cutoff 1 .. 2^(31/4) = 215
/// harmonics.
pub(crate) const TABLES: usize = 32;
/// Brightness steps per octave.
const STEPS_PER_OCTAVE: f32 = 4.0;
/// Highest harmonic in table `j` is below `HARMONIC_SPAN * c_j`.
const HARMONIC_SPAN: f32 = 2.5;
/// Every table has `2^TABLE_BITS` samples plus a guard sample, so indexing needs no bounds check
/// and the top table (537 harmonics) is still oversampled almost 4x.
const TABLE_BITS: u32 = 11;
const TABLE_LEN: usize = 1 << TABLE_BITS;
/// Length of the sine table (power of two); one guard sample follows.
const SINE_BITS: u32 = 12;
const SINE_LEN: usize = 1 << SINE_BITS;
/// A brightness change smaller than this per block (in steps) counts as settled.
const SETTLED: f32 = 0.02;
/// How fast a settled brightness glides to the nearest whole step (steps per block).
const GLIDE: f32 = 0.02;
/// Phase dispersion of the edgy waveforms: harmonic `n` is shifted by
/// `DISPERSION * (n - ALIGNED)^2` radians (the first `ALIGNED` harmonics keep their phases).
/// 0.3 spreads every edge over the period for any number of harmonics, odd-only spectra included
/// (larger values alias the chirp on the odd harmonics of a square wave and bunch them again).
pub(crate) const DISPERSION: f32 = 0.3;
/// Harmonics left in phase: they carry most of the amplitude and little of the second difference,
/// and keeping them aligned keeps the waveform's crest factor close to the original's (a
/// sawtooth's is only 1.7; fully dispersed it would peak 30 % higher for the same loudness).
const ALIGNED: usize = 3;

type TableData = [f32; TABLE_LEN + 1];

/// The waveform families the instruments draw on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Waveform {
    /// All harmonics at 1/n: bowed strings, brass, synth.
    Saw,
    /// Saw through a resonant (Q 2.5) lowpass: synth leads, plucks and basses.
    SawResonant,
    /// Odd harmonics at 1/n.
    Square,
    /// 25 % pulse, the chiptune lead.
    Pulse25,
    /// Odd harmonics at 1/n^2.
    Triangle,
    /// Odd harmonics strong, even ones weak: the cylindrical bore of a clarinet.
    Clarinet,
    /// Hammond-like drawbars 8', 4', 2 2/3', 2', 1 3/5', 1'.
    Organ,
    /// Harmonics at 1/n^1.6: a glottal pulse for the choir, and a soft flute-like tone.
    Vocal,
    /// A pure sine (all brightness steps identical).
    Sine,
}

impl Waveform {
    const ALL: [Waveform; 9] = [
        Waveform::Saw,
        Waveform::SawResonant,
        Waveform::Square,
        Waveform::Pulse25,
        Waveform::Triangle,
        Waveform::Clarinet,
        Waveform::Organ,
        Waveform::Vocal,
        Waveform::Sine,
    ];

    fn index(self) -> usize {
        self as usize
    }

    /// Amplitude and phase (in cycles) of harmonic `n` before the brightness filter.
    fn harmonic(self, n: usize) -> (f32, f32) {
        let nf = n as f32;
        let odd = n % 2 == 1;
        match self {
            Waveform::Saw | Waveform::SawResonant => (1.0 / nf, 0.0),
            Waveform::Square => (if odd { 1.0 / nf } else { 0.0 }, 0.0),
            Waveform::Pulse25 => {
                // Fourier series of a pulse of duty d: sin(pi n d) / n.
                let a = (std::f32::consts::PI * nf * 0.25).sin() / nf;
                (a.abs(), (if a < 0.0 { 0.5 } else { 0.0 }) + 0.25)
            }
            Waveform::Triangle => {
                if odd {
                    (1.0 / (nf * nf), if n % 4 == 3 { 0.5 } else { 0.0 })
                } else {
                    (0.0, 0.0)
                }
            }
            Waveform::Clarinet => (if odd { 1.0 / nf } else { 0.12 / nf }, 0.0),
            Waveform::Organ => {
                let a = match n {
                    1 => 1.0,
                    2 => 0.75,
                    3 => 0.55,
                    4 => 0.5,
                    5 => 0.2,
                    6 => 0.25,
                    8 => 0.3,
                    _ => 0.0,
                };
                (a, 0.0)
            }
            Waveform::Vocal => (1.0 / nf.powf(1.6), 0.0),
            Waveform::Sine => (if n == 1 { 1.0 } else { 0.0 }, 0.0),
        }
    }

    /// Whether the harmonics are stored with dispersed phases (see the module docs): every
    /// waveform whose harmonics fall slower than 1/n^2, i.e. that has edges or corners.
    fn dispersed(self) -> bool {
        matches!(
            self,
            Waveform::Saw
                | Waveform::SawResonant
                | Waveform::Square
                | Waveform::Pulse25
                | Waveform::Clarinet
                | Waveform::Vocal
        )
    }

    /// Filter response applied to harmonic `n` in the table with cutoff `c` harmonics.
    fn filter(self, x: f32) -> f32 {
        match self {
            Waveform::Sine => 1.0,
            Waveform::SawResonant => {
                let q = 2.5;
                1.0 / ((1.0 - x * x).powi(2) + (x / q).powi(2)).sqrt()
            }
            _ => 1.0 / (1.0 + x.powi(4)).sqrt(),
        }
    }
}

/// All brightness steps of one waveform: single-cycle tables whose guard sample closes the cycle.
pub(crate) struct WaveFamily {
    tables: Vec<TableData>,
}

/// Every waveform family plus the sine table, built once per process.
pub(crate) struct Wavetables {
    families: Vec<WaveFamily>,
    sine: Box<[f32]>,
}

/// The shared tables (built on first use; call from constructors, never from the audio path).
pub(crate) fn wavetables() -> &'static Wavetables {
    static TABLES_CELL: OnceLock<Wavetables> = OnceLock::new();
    TABLES_CELL.get_or_init(Wavetables::build)
}

impl Wavetables {
    fn build() -> Wavetables {
        let families = Waveform::ALL.iter().map(|&w| build_family(w)).collect();
        let sine = (0..=SINE_LEN)
            .map(|i| (std::f64::consts::TAU * i as f64 / SINE_LEN as f64).sin() as f32)
            .collect();
        Wavetables { families, sine }
    }

    pub(crate) fn family(&self, wave: Waveform) -> &WaveFamily {
        &self.families[wave.index()]
    }

    /// Sine of a `u32` phase (a full cycle is 2^32), linearly interpolated.
    #[inline(always)]
    pub(crate) fn sine(&self, phase: u32) -> f32 {
        sine_at(&self.sine, phase)
    }

    /// The raw sine table, for loops that want to hoist the lookup.
    pub(crate) fn sine_table(&self) -> &[f32] {
        &self.sine
    }
}

/// Sine of a `u32` phase from the table returned by [`Wavetables::sine_table`].
#[inline(always)]
pub(crate) fn sine_at(table: &[f32], phase: u32) -> f32 {
    let i = (phase >> (32 - SINE_BITS)) as usize;
    let frac = ((phase << SINE_BITS) >> 9) as f32 * (1.0 / 8_388_608.0);
    let a = table[i];
    let b = table[i + 1];
    a + (b - a) * frac
}

/// Cutoff (in harmonics) of brightness step `j`.
fn step_cutoff(j: usize) -> f32 {
    (j as f32 / STEPS_PER_OCTAVE).exp2()
}

fn build_family(wave: Waveform) -> WaveFamily {
    let family_peak = |tables: &[TableData]| {
        tables
            .iter()
            .flat_map(|t| t.iter())
            .fold(0.0f32, |m, &x| m.max(x.abs()))
    };
    let mut tables: Vec<TableData> = (0..TABLES)
        .map(|j| build_table(wave, j, wave.dispersed()))
        .collect();
    // One normalisation for the whole family, so darker steps are quieter, as behind a real filter.
    // A dispersed family is scaled as its aligned-phase twin would be, so it is exactly as loud;
    // its peaks are somewhat higher (about 1.2 times for a saw, up to 1.6 for the square, whose
    // aligned crest factor is 1), which the level calibration allows for.
    let peak = if wave.dispersed() {
        let aligned: Vec<TableData> = (0..TABLES).map(|j| build_table(wave, j, false)).collect();
        family_peak(&aligned)
    } else {
        family_peak(&tables)
    };
    if peak > 0.0 {
        for t in &mut tables {
            t.iter_mut().for_each(|x| *x /= peak);
        }
    }
    WaveFamily { tables }
}

fn build_table(wave: Waveform, j: usize, dispersed: bool) -> TableData {
    let c = step_cutoff(j);
    let top = HARMONIC_SPAN * c;
    let harmonics = (top.ceil() as usize).max(1);
    let len = TABLE_LEN;
    let mut amps = vec![(0.0f32, 0.0f32); harmonics + 1];
    let mut power = 0.0f64;
    for (n, slot) in amps.iter_mut().enumerate().skip(1) {
        let x = n as f32 / c;
        let (a, phase) = wave.harmonic(n);
        // Fade the top octave of the table smoothly to zero.
        let edge = n as f32 / top;
        let window = if edge <= 0.5 {
            1.0
        } else if edge >= 1.0 {
            0.0
        } else {
            let t = (edge - 0.5) * 2.0;
            0.5 + 0.5 * (std::f32::consts::PI * t).cos()
        };
        let a = if wave == Waveform::Sine {
            a
        } else {
            a * wave.filter(x) * window
        };
        let phase = if dispersed {
            let m = n.saturating_sub(ALIGNED) as f64;
            let turns = DISPERSION as f64 * m * m / std::f64::consts::TAU;
            phase + turns.fract() as f32
        } else {
            phase
        };
        *slot = (a, phase);
        power += 0.5 * (a as f64) * (a as f64);
    }
    let data = synthesize(&amps, len);
    // Parseval: rescale to the analytic RMS so tables of different lengths agree whatever the FFT's
    // normalisation convention.
    let rms = (data.iter().map(|&x| (x as f64) * (x as f64)).sum::<f64>() / len as f64).sqrt();
    let scale = if rms > 0.0 {
        (power.sqrt() / rms) as f32
    } else {
        0.0
    };
    let mut table = [0.0f32; TABLE_LEN + 1];
    for (t, &x) in table.iter_mut().zip(data.iter()) {
        *t = x * scale;
    }
    table[TABLE_LEN] = table[0];
    table
}

/// Sum of `a_n sin(2 pi (n k / len + phase_n))` for `k` in `0..len`, via fundsp's FFT.
///
/// fundsp does not re-export its complex type, so the complex buffer is borrowed from
/// `real_fft` on a scratch buffer of twice the length and then overwritten.
fn synthesize(amps: &[(f32, f32)], len: usize) -> Vec<f32> {
    let mut scratch = vec![0.0f32; 2 * len];
    let spectrum = fundsp::fft::real_fft(&mut scratch);
    debug_assert_eq!(spectrum.len(), len);
    for bin in spectrum.iter_mut() {
        bin.re = 0.0;
        bin.im = 0.0;
    }
    for (n, &(a, phase)) in amps.iter().enumerate().skip(1) {
        if n < len / 2 && a != 0.0 {
            let p = std::f32::consts::TAU * phase;
            spectrum[n].re = a * p.cos();
            spectrum[n].im = a * p.sin();
        }
    }
    fundsp::fft::inverse_fft(spectrum);
    spectrum.iter().map(|z| z.im).collect()
}

/// A band-limited oscillator reading one [`WaveFamily`]: phase accumulator plus table choice.
///
/// While the brightness moves (envelopes, sweeps) the oscillator crossfades two neighbouring
/// steps; once it settles it glides to the nearest step and reads a single table, which halves
/// its cost for the sustained part of a note. A quarter octave of cutoff is below what one
/// hears as a change of timbre, and the glide takes about 40 ms, so the switch is inaudible.
///
/// The crossfade weight moves at most [`MAX_MOVE`] steps per sample and, unless it moves only a
/// little ([`SMALL_MOVE`]), is ramped across each block from where the last block ended: a
/// pitch-bend jump or a fast brightness sweep changes the tables' mix smoothly instead of
/// splicing two waveforms.
#[derive(Clone, Copy, Default)]
pub(crate) struct WaveOsc {
    pub phase: u32,
    inc: u32,
    /// Brightness position (in steps) reached at the end of the last block, and the last one
    /// asked for.
    position: f32,
    wanted: f32,
    /// The pair of tables this block reads (`lo`, `lo + 1`) and the weight of the upper one at the
    /// start and at the end of the block.
    lo: usize,
    w0: f32,
    w1: f32,
    started: bool,
}

/// Largest change of the crossfade weight in one block that is applied as a step rather than
/// ramped (a slow brightness envelope moves by less; a bend jump or a snapping filter by more).
const SMALL_MOVE: f32 = 0.04;
/// Fastest brightness movement, in steps per sample (half a step per 64-sample block: a quarter
/// octave of cutoff per 1.3 ms, faster than any envelope; only jumps are slowed).
const MAX_MOVE: f32 = 1.0 / 128.0;

/// `u32` phase increment for `hz` at `sample_rate`.
#[inline]
pub(crate) fn phase_inc(hz: f32, sample_rate: f32) -> u32 {
    let cycles = (hz / sample_rate).clamp(0.0, 0.499);
    (cycles as f64 * 4_294_967_296.0) as u32
}

/// Base-2 logarithm to about 0.01, from the float's bits: table selection does not need more,
/// and it runs for every oscillator on every block.
#[inline]
pub(crate) fn fast_log2(x: f32) -> f32 {
    let bits = x.max(1e-30).to_bits();
    let exponent = ((bits >> 23) & 0xff) as f32 - 128.0;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    exponent + (-0.344_848_43 * m + 2.024_665_8) * m - 0.674_877_6
}

impl WaveOsc {
    /// Sets frequency and brightness for the next block of `samples`. `cutoff_harmonics` is the
    /// wanted lowpass cutoff as a multiple of the oscillator frequency; it is lowered as needed so
    /// no harmonic reaches Nyquist (after a sudden upward bend, within a block or two).
    #[inline]
    pub(crate) fn set(&mut self, hz: f32, sample_rate: f32, cutoff_harmonics: f32, samples: usize) {
        self.inc = phase_inc(hz, sample_rate);
        // Upper table j+1 holds harmonics below 2.5 * c_(j+1); keep them under 0.49 fs.
        let limit =
            STEPS_PER_OCTAVE * fast_log2(0.49 * sample_rate / (HARMONIC_SPAN * hz.max(1.0))) - 1.0;
        let want = STEPS_PER_OCTAVE * fast_log2(cutoff_harmonics.max(1.0));
        let want = want.min(limit).clamp(0.0, (TABLES - 2) as f32);
        let prev = self.position;
        // (Rounding by casts: positions are never negative, and `floor` and `round` are library
        // calls on baseline x86-64, too slow for a per-oscillator, per-block path.)
        let mut next = if !self.started || (want - self.wanted).abs() > SETTLED {
            want
        } else {
            // Settled: glide to the nearest whole step that is still band-limited.
            let mut target = (want + 0.5) as usize as f32;
            if target > want && target > limit {
                target = want as usize as f32;
            }
            let d = target - prev;
            // Land exactly on the step (a float sum might miss it by an ulp).
            if d.abs() <= GLIDE {
                target
            } else {
                prev + GLIDE.copysign(d)
            }
        };
        next = next.min(limit.max(0.0)).max(0.0);
        self.wanted = want;
        if !self.started {
            // A new note starts where it wants to be (its attack ramp hides the choice).
            self.started = true;
            self.position = next;
            self.lo = (next as usize).min(TABLES - 2);
            self.w0 = next - self.lo as f32;
            self.w1 = self.w0;
            return;
        }
        // Move at most MAX_MOVE per sample, within one pair of tables per block: the pair the
        // last block ended in, or its neighbour when it ended on their shared step and the move
        // goes that way (the next block continues from the step).
        let max = MAX_MOVE * samples as f32;
        let next = next.clamp(prev - max, prev + max);
        let (mut lo, mut w0) = (self.lo, self.w1);
        if w0 >= 1.0 && next >= prev && lo + 2 < TABLES {
            lo += 1;
            w0 = 0.0;
        } else if w0 <= 0.0 && next < prev && lo > 0 {
            lo -= 1;
            w0 = 1.0;
        }
        let w1 = (next - lo as f32).clamp(0.0, 1.0);
        self.lo = lo;
        self.w0 = w0;
        self.w1 = w1;
        self.position = lo as f32 + w1;
    }

    /// True when the oscillator reads a single table for the whole block.
    #[inline(always)]
    fn single(&self) -> bool {
        self.w0 == 0.0 && self.w1 == 0.0
    }

    /// Adds `level * osc` into `out`, advancing the phase.
    ///
    /// Works four samples at a time (four phases a step apart) so the index and interpolation
    /// arithmetic runs in SIMD; only the table loads are scalar.
    #[inline(always)]
    pub(crate) fn add_to(&mut self, family: &WaveFamily, level: f32, out: &mut [f32]) {
        let j = self.lo;
        let inc = self.inc;
        let lo = &family.tables[j];
        let hi = &family.tables[(j + 1).min(TABLES - 1)];
        let mut ph = [0u32; 4];
        for (k, p) in ph.iter_mut().enumerate() {
            *p = self.phase.wrapping_add(inc.wrapping_mul(k as u32));
        }
        let inc4 = inc.wrapping_mul(4);
        let n = out.len();
        if self.single() {
            let mut chunks = out.chunks_exact_mut(4);
            for chunk in &mut chunks {
                let v = read4(lo, &ph);
                for k in 0..4 {
                    chunk[k] += level * v[k];
                    ph[k] = ph[k].wrapping_add(inc4);
                }
            }
            let mut phase = ph[0];
            for o in chunks.into_remainder() {
                *o += level * read(lo, phase);
                phase = phase.wrapping_add(inc);
            }
            self.phase = phase;
        } else if (self.w1 - self.w0).abs() <= SMALL_MOVE {
            // A slow move (an envelope, a drift): hold the block's end weight. The step between
            // blocks is at most SMALL_MOVE times the difference of neighbouring tables (under a
            // quarter of the peak), far below anything audible or detectable.
            let (la, lb) = (level * (1.0 - self.w1), level * self.w1);
            let mut chunks = out.chunks_exact_mut(4);
            for chunk in &mut chunks {
                let va = read4(lo, &ph);
                let vb = read4(hi, &ph);
                for k in 0..4 {
                    chunk[k] += la * va[k] + lb * vb[k];
                    ph[k] = ph[k].wrapping_add(inc4);
                }
            }
            let mut phase = ph[0];
            for o in chunks.into_remainder() {
                *o += la * read(lo, phase) + lb * read(hi, phase);
                phase = phase.wrapping_add(inc);
            }
            self.phase = phase;
        } else {
            // Levels of the two tables, the upper one's weight ramped from w0 to w1 across the
            // block: both are linear in the sample index, so they are stepped, four lanes at a
            // time, rather than recomputed.
            let dw = level * (self.w1 - self.w0) / n as f32;
            let mut lb = [0.0f32; 4];
            let mut la = [0.0f32; 4];
            for k in 0..4 {
                lb[k] = level * self.w0 + dw * (k + 1) as f32;
                la[k] = level - lb[k];
            }
            let dw4 = 4.0 * dw;
            let mut chunks = out.chunks_exact_mut(4);
            for chunk in &mut chunks {
                let va = read4(lo, &ph);
                let vb = read4(hi, &ph);
                for k in 0..4 {
                    chunk[k] += la[k] * va[k] + lb[k] * vb[k];
                    ph[k] = ph[k].wrapping_add(inc4);
                    la[k] -= dw4;
                    lb[k] += dw4;
                }
            }
            let mut phase = ph[0];
            let (mut a, mut b) = (la[0], lb[0]);
            for o in chunks.into_remainder() {
                *o += a * read(lo, phase) + b * read(hi, phase);
                phase = phase.wrapping_add(inc);
                a -= dw;
                b += dw;
            }
            self.phase = phase;
        }
    }
}

/// Adds two settled oscillators of one family in a single pass over `out` (the common case of a
/// detuned pair holding a note), saving a pass of loads and stores. Returns false, doing nothing,
/// unless both read a single table.
#[inline(always)]
pub(crate) fn add_settled_pair(
    a: &mut WaveOsc,
    b: &mut WaveOsc,
    family: &WaveFamily,
    levels: (f32, f32),
    out: &mut [f32],
) -> bool {
    if !a.single() || !b.single() {
        return false;
    }
    let ta = &family.tables[a.lo];
    let tb = &family.tables[b.lo];
    let (la, lb) = levels;
    let mut pa = [0u32; 4];
    let mut pb = [0u32; 4];
    for k in 0..4 {
        pa[k] = a.phase.wrapping_add(a.inc.wrapping_mul(k as u32));
        pb[k] = b.phase.wrapping_add(b.inc.wrapping_mul(k as u32));
    }
    let (ia, ib) = (a.inc.wrapping_mul(4), b.inc.wrapping_mul(4));
    let mut chunks = out.chunks_exact_mut(4);
    for chunk in &mut chunks {
        let va = read4(ta, &pa);
        let vb = read4(tb, &pb);
        for k in 0..4 {
            chunk[k] += la * va[k] + lb * vb[k];
            pa[k] = pa[k].wrapping_add(ia);
            pb[k] = pb[k].wrapping_add(ib);
        }
    }
    let (mut qa, mut qb) = (pa[0], pb[0]);
    for o in chunks.into_remainder() {
        *o += la * read(ta, qa) + lb * read(tb, qb);
        qa = qa.wrapping_add(a.inc);
        qb = qb.wrapping_add(b.inc);
    }
    a.phase = qa;
    b.phase = qb;
    true
}

#[inline(always)]
fn read(table: &TableData, phase: u32) -> f32 {
    let i = (phase >> (32 - TABLE_BITS)) as usize;
    let frac = ((phase << TABLE_BITS) >> 9) as f32 * (1.0 / 8_388_608.0);
    let a = table[i];
    let b = table[i + 1];
    a + (b - a) * frac
}

#[inline(always)]
fn read4(table: &TableData, ph: &[u32; 4]) -> [f32; 4] {
    let mut a = [0.0f32; 4];
    let mut b = [0.0f32; 4];
    let mut frac = [0.0f32; 4];
    for k in 0..4 {
        let i = (ph[k] >> (32 - TABLE_BITS)) as usize;
        a[k] = table[i];
        b[k] = table[i + 1];
        frac[k] = ((ph[k] << TABLE_BITS) >> 9) as i32 as f32 * (1.0 / 8_388_608.0);
    }
    let mut v = [0.0f32; 4];
    for k in 0..4 {
        v[k] = a[k] + (b[k] - a[k]) * frac[k];
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(wave: Waveform, hz: f32, cutoff: f32, sr: f32, n: usize) -> Vec<f32> {
        let t = wavetables();
        let mut osc = WaveOsc::default();
        osc.set(hz, sr, cutoff, 32);
        let mut out = vec![0.0; n];
        osc.add_to(t.family(wave), 1.0, &mut out);
        out
    }

    /// Magnitude of the DFT of `x` at `hz` (Goertzel).
    fn goertzel(x: &[f32], hz: f32, sr: f32) -> f32 {
        let w = std::f32::consts::TAU * hz / sr;
        let c = 2.0 * w.cos();
        let (mut s1, mut s2) = (0.0f64, 0.0f64);
        for &v in x {
            let s0 = v as f64 + c as f64 * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        ((s1 * s1 + s2 * s2 - c as f64 * s1 * s2).max(0.0).sqrt() / x.len() as f64 * 2.0) as f32
    }

    #[test]
    fn tables_are_bounded_and_closed() {
        let t = wavetables();
        for &w in &Waveform::ALL {
            for table in &t.family(w).tables {
                assert_eq!(table[TABLE_LEN], table[0]);
                assert!(table.iter().all(|x| x.is_finite() && x.abs() <= 2.0));
            }
        }
        assert!((t.sine(1 << 30) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn fast_log2_is_close() {
        for x in [0.3f32, 1.0, 1.5, 2.0, 7.7, 100.0, 12_345.0] {
            assert!((fast_log2(x) - x.log2()).abs() < 0.01, "{x}");
        }
    }

    #[test]
    fn settled_pair_matches_two_single_oscillators() {
        let t = wavetables();
        let fam = t.family(Waveform::Saw);
        let mut a = WaveOsc::default();
        let mut b = WaveOsc {
            phase: 12_345_678,
            ..WaveOsc::default()
        };
        for _ in 0..100 {
            a.set(220.0, 48_000.0, 6.0, 32);
            b.set(223.0, 48_000.0, 6.0, 32);
        }
        let (mut a2, mut b2) = (a, b);
        let mut fused = [0.0f32; 61];
        assert!(add_settled_pair(
            &mut a,
            &mut b,
            fam,
            (0.5, 0.25),
            &mut fused
        ));
        let mut apart = [0.0f32; 61];
        a2.add_to(fam, 0.5, &mut apart);
        b2.add_to(fam, 0.25, &mut apart);
        for (x, y) in fused.iter().zip(&apart) {
            assert!((x - y).abs() < 1e-6);
        }
        assert_eq!((a.phase, b.phase), (a2.phase, b2.phase));
    }

    #[test]
    fn settled_brightness_reads_one_table() {
        let mut osc = WaveOsc::default();
        for _ in 0..100 {
            osc.set(220.0, 48_000.0, 5.3, 32);
        }
        assert_eq!(osc.position.fract(), 0.0);
        assert!(osc.single());
        assert!((osc.position - 4.0 * 5.3f32.log2()).abs() <= 0.5);
    }

    #[test]
    fn saw_has_expected_harmonics_and_no_alias() {
        let sr = 48_000.0;
        let hz = 3_000.0; // harmonics 8+ would alias
        let x = render(Waveform::Saw, hz, 1000.0, sr, 48_000);
        let h1 = goertzel(&x, hz, sr);
        let h2 = goertzel(&x, 2.0 * hz, sr);
        assert!(h1 > 0.1, "fundamental {h1}");
        assert!(
            h2 > 0.2 * h1 && h2 < 0.8 * h1,
            "second harmonic {h2} vs {h1}"
        );
        // Aliases of harmonic 9 (27 kHz) would land on 21 kHz: nothing there but what the
        // interpolation leaves.
        let alias = goertzel(&x, 21_000.0, sr);
        assert!(alias < 1e-3 * h1, "alias {alias}");
    }

    #[test]
    fn brightness_axis_darkens() {
        let sr = 48_000.0;
        let bright = render(Waveform::Saw, 220.0, 20.0, sr, 24_000);
        let dark = render(Waveform::Saw, 220.0, 2.0, sr, 24_000);
        let hb = goertzel(&bright, 220.0 * 8.0, sr);
        let hd = goertzel(&dark, 220.0 * 8.0, sr);
        assert!(hd < 0.05 * hb, "8th harmonic bright {hb} dark {hd}");
    }
}
