//! Channel-level tests of the built-in instruments, with the helpers they share: rendering, a YIN
//! pitch detector, a spectral-peak finder for inharmonic instruments, level measurement and a
//! minimal WAV writer for listening.
//!
//! Renders are kept short (tenths of a second) because CI has two cores and runs debug builds.

mod demo;
mod drums;
mod levels;
mod midi;
mod pitch;
mod speed;

use super::envelope::AdsrSpec;
use super::patch::{FxSpec, Patch, Source};
use super::subtractive::{BrightSpec, NoiseSpec, OscSpec, WaveSpec};
use super::vibrato::VibratoSpec;
use super::wavetable::Waveform;
use super::{BuiltinChannel, BuiltinInstrument};
use crate::channel::ChannelSynth;

pub(super) const SR: u32 = 48_000;

/// Renders `seconds` of `ch` in uneven block sizes (as a renderer splitting at events would).
pub(super) fn render(ch: &mut BuiltinChannel, seconds: f32) -> (Vec<f32>, Vec<f32>) {
    render_frames(ch, (seconds * SR as f32) as usize)
}

pub(super) fn render_frames(ch: &mut BuiltinChannel, frames: usize) -> (Vec<f32>, Vec<f32>) {
    let mut left = vec![0.0; frames];
    let mut right = vec![0.0; frames];
    let sizes = [256usize, 17, 64, 1, 333, 128];
    let mut pos = 0;
    let mut i = 0;
    while pos < frames {
        let n = sizes[i % sizes.len()].min(frames - pos);
        ch.render(&mut left[pos..pos + n], &mut right[pos..pos + n]);
        pos += n;
        i += 1;
    }
    (left, right)
}

/// A channel playing `instrument`.
pub(super) fn channel(instrument: BuiltinInstrument) -> BuiltinChannel {
    let drums = instrument == BuiltinInstrument::DrumKit;
    let mut ch = BuiltinChannel::new(SR, drums);
    ch.set_instrument(instrument);
    ch
}

/// Every instrument that plays notes (all but the drum kit).
pub(super) fn melodic() -> impl Iterator<Item = BuiltinInstrument> {
    BuiltinInstrument::ALL
        .into_iter()
        .filter(|&i| i != BuiltinInstrument::DrumKit)
}

pub(super) fn peak(x: &[f32]) -> f32 {
    x.iter().fold(0.0f32, |m, v| m.max(v.abs()))
}

pub(super) fn rms(x: &[f32]) -> f32 {
    (x.iter().map(|v| (v * v) as f64).sum::<f64>() / x.len().max(1) as f64).sqrt() as f32
}

pub(super) fn db(x: f32) -> f32 {
    20.0 * x.max(1e-12).log10()
}

/// Largest second difference: steps and kinks (clicks) show up here, smooth tones barely do.
pub(super) fn max_kink(x: &[f32]) -> f32 {
    x.windows(3)
        .map(|w| (w[2] - 2.0 * w[1] + w[0]).abs())
        .fold(0.0, f32::max)
}

/// Fundamental frequency by YIN (de Cheveigné & Kawahara 2002), searching `lo..hi` Hz.
pub(super) fn yin(x: &[f32], sr: f32, lo: f32, hi: f32) -> Option<f32> {
    let tau_min = (sr / hi).floor().max(2.0) as usize;
    let tau_max = (sr / lo).ceil() as usize;
    if x.len() < 2 * tau_max + 2 {
        return None;
    }
    let w = x.len() - tau_max - 1;
    let mut d = vec![0.0f64; tau_max + 2];
    for (tau, slot) in d.iter_mut().enumerate().skip(1) {
        let mut s = 0.0f64;
        for j in 0..w {
            let e = (x[j] - x[j + tau]) as f64;
            s += e * e;
        }
        *slot = s;
    }
    // Cumulative mean normalised difference.
    let mut cmnd = vec![1.0f64; tau_max + 2];
    let mut running = 0.0;
    for tau in 1..=tau_max + 1 {
        running += d[tau];
        cmnd[tau] = if running > 0.0 {
            d[tau] * tau as f64 / running
        } else {
            1.0
        };
    }
    let mut best = None;
    for tau in tau_min..=tau_max {
        if cmnd[tau] < 0.15 {
            let mut t = tau;
            while t < tau_max && cmnd[t + 1] < cmnd[t] {
                t += 1;
            }
            best = Some(t);
            break;
        }
    }
    let t = best.unwrap_or_else(|| {
        (tau_min..=tau_max)
            .min_by(|&a, &b| cmnd[a].total_cmp(&cmnd[b]))
            .unwrap()
    });
    // Parabolic interpolation around the minimum.
    let (a, b, c) = (cmnd[t - 1], cmnd[t], cmnd[t + 1]);
    let denom = a - 2.0 * b + c;
    let shift = if denom.abs() > 1e-12 {
        0.5 * (a - c) / denom
    } else {
        0.0
    };
    Some(sr / (t as f64 + shift.clamp(-1.0, 1.0)) as f32)
}

/// Magnitude of `x` at `hz` (Goertzel), normalised to a sine's amplitude.
pub(super) fn goertzel(x: &[f32], hz: f32, sr: f32) -> f32 {
    let w = std::f64::consts::TAU * hz as f64 / sr as f64;
    let c = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &v in x {
        let s0 = v as f64 + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    ((s1 * s1 + s2 * s2 - c * s1 * s2).max(0.0).sqrt() / x.len() as f64 * 2.0) as f32
}

/// The strongest frequency in `lo..hi` Hz, scanned in 0.1 % steps with a Hann window.
pub(super) fn spectral_peak(x: &[f32], sr: f32, lo: f32, hi: f32) -> f32 {
    let n = x.len();
    let windowed: Vec<f32> = x
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let h = 0.5 - 0.5 * (std::f32::consts::TAU * i as f32 / n as f32).cos();
            v * h
        })
        .collect();
    let mut best = (lo, 0.0f32);
    let mut f = lo;
    while f <= hi {
        let m = goertzel(&windowed, f, sr);
        if m > best.1 {
            best = (f, m);
        }
        f *= 1.001;
    }
    best.0
}

/// Cents from `expected` to `measured`.
pub(super) fn cents(measured: f32, expected: f32) -> f32 {
    1200.0 * (measured / expected).log2()
}

/// A pure sine organ: makes clicks and pitch errors easy to see in tests.
pub(super) static TEST_SINE: Patch = Patch {
    gain: 0.2,
    vel_level: 1.0,
    amp: AdsrSpec {
        attack_s: 0.005,
        decay_s: 1.0,
        sustain: 1.0,
        release_s: 0.2,
        vel_attack: 0.0,
        key_scale: 0.0,
    },
    vibrato: VibratoSpec::NONE,
    source: Source::Wave(WaveSpec {
        oscs: &[OscSpec::new(Waveform::Sine, 1.0, 0.0, 1.0)],
        bright: BrightSpec {
            cutoff_hz: 1_000.0,
            key_track: 1.0,
            vel_track: 0.0,
            start: 1.0,
            peak: 1.0,
            attack_s: 0.0,
            settle_s: 0.1,
            release: 1.0,
            lfo_hz: 0.0,
            lfo_depth: 0.0,
            min_harmonics: 1.0,
        },
        noise: NoiseSpec::NONE,
        drift_cents: 0.0,
    }),
    fx: FxSpec::NONE,
};

/// A channel playing [`TEST_SINE`].
pub(super) fn sine_channel() -> BuiltinChannel {
    let mut ch = BuiltinChannel::new(SR, false);
    ch.set_patch(&TEST_SINE);
    ch
}

/// Writes a 16-bit stereo WAV (for listening to demos; no dependency needed).
pub(super) fn write_wav(
    path: &std::path::Path,
    sr: u32,
    left: &[f32],
    right: &[f32],
) -> std::io::Result<()> {
    let frames = left.len().min(right.len());
    let data_len = (frames * 4) as u32;
    let mut bytes = Vec::with_capacity(44 + data_len as usize);
    bytes.extend_from_slice(b"RIFF");
    bytes.extend_from_slice(&(36 + data_len).to_le_bytes());
    bytes.extend_from_slice(b"WAVEfmt ");
    bytes.extend_from_slice(&16u32.to_le_bytes());
    bytes.extend_from_slice(&1u16.to_le_bytes());
    bytes.extend_from_slice(&2u16.to_le_bytes());
    bytes.extend_from_slice(&sr.to_le_bytes());
    bytes.extend_from_slice(&(sr * 4).to_le_bytes());
    bytes.extend_from_slice(&4u16.to_le_bytes());
    bytes.extend_from_slice(&16u16.to_le_bytes());
    bytes.extend_from_slice(b"data");
    bytes.extend_from_slice(&data_len.to_le_bytes());
    for i in 0..frames {
        for v in [left[i], right[i]] {
            let s = (v.clamp(-1.0, 1.0) * 32_767.0).round() as i16;
            bytes.extend_from_slice(&s.to_le_bytes());
        }
    }
    std::fs::write(path, bytes)
}
