//! Helpers shared by the render crate's integration tests.
#![allow(dead_code)]

pub mod sf2;

use std::path::PathBuf;

/// A fresh, empty directory for one test's files, under Cargo's per-target temporary directory.
pub fn temp_dir(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("leitmotif-render-tests")
        .join(format!("{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test's temporary directory");
    dir
}

/// The fundamental frequency of `signal` in Hz, by normalised autocorrelation (searching 40 Hz
/// to 4 kHz) refined with parabolic interpolation around the chosen lag.
pub fn fundamental(signal: &[f32], sample_rate: f32) -> f32 {
    let min_lag = (sample_rate / 4000.0) as usize;
    let max_lag = (sample_rate / 40.0) as usize;
    assert!(
        signal.len() > 2 * max_lag,
        "signal too short for pitch detection"
    );
    let n = signal.len() - max_lag - 1;
    let corr = |lag: usize| -> f64 {
        let (mut xy, mut xx, mut yy) = (0.0f64, 0.0f64, 0.0f64);
        for i in 0..n {
            let (x, y) = (f64::from(signal[i]), f64::from(signal[i + lag]));
            xy += x * y;
            xx += x * x;
            yy += y * y;
        }
        if xx == 0.0 || yy == 0.0 {
            0.0
        } else {
            xy / (xx * yy).sqrt()
        }
    };
    let r: Vec<f64> = (0..=max_lag + 1).map(corr).collect();
    let best = r[min_lag..=max_lag]
        .iter()
        .cloned()
        .fold(f64::MIN, f64::max);
    // The first peak close to the best one: the period, not a multiple of it.
    let lag = (min_lag..=max_lag)
        .find(|&l| r[l] >= 0.9 * best && r[l] >= r[l - 1] && r[l] >= r[l + 1])
        .expect("an autocorrelation peak");
    let (a, b, c) = (r[lag - 1], r[lag], r[lag + 1]);
    let denom = a - 2.0 * b + c;
    let shift = if denom.abs() > 1e-12 {
        0.5 * (a - c) / denom
    } else {
        0.0
    };
    sample_rate / (lag as f64 + shift) as f32
}

/// The largest absolute sample value.
pub fn peak(signal: &[f32]) -> f32 {
    signal.iter().fold(0.0f32, |m, x| m.max(x.abs()))
}
