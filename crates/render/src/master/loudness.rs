//! Loudness and true-peak measurement (EBU R128 / ITU-R BS.1770 via the ebur128 crate).

use ebur128::{EbuR128, Mode};

/// What the meter read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Integrated loudness in LUFS (`-inf` for silence).
    pub integrated_lufs: f64,
    /// True peak in dBTP (4× oversampled), when asked for.
    pub true_peak_dbtp: Option<f64>,
}

/// Measures a stereo signal. True peak costs a 4× oversampling pass, so it is optional.
pub fn measure(left: &[f32], right: &[f32], sample_rate: u32, true_peak: bool) -> Reading {
    let mode = if true_peak {
        Mode::I | Mode::TRUE_PEAK
    } else {
        Mode::I
    };
    // Both constructor and add_frames fail only for invalid channel counts or rates, which the
    // renderer never produces; a failure reads as silence rather than aborting a render.
    let Ok(mut meter) = EbuR128::new(2, sample_rate, mode) else {
        return silence();
    };
    const CHUNK: usize = 1 << 16;
    for (l, r) in left.chunks(CHUNK).zip(right.chunks(CHUNK)) {
        if meter.add_frames_planar_f32(&[l, r]).is_err() {
            return silence();
        }
    }
    let integrated_lufs = meter.loudness_global().unwrap_or(f64::NEG_INFINITY);
    let true_peak_dbtp = true_peak.then(|| {
        let peak = (0..2)
            .filter_map(|c| meter.true_peak(c).ok())
            .fold(0.0f64, f64::max);
        20.0 * peak.max(1e-12).log10()
    });
    Reading {
        integrated_lufs,
        true_peak_dbtp,
    }
}

fn silence() -> Reading {
    Reading {
        integrated_lufs: f64::NEG_INFINITY,
        true_peak_dbtp: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_scale_1k_sine_reads_about_minus_three_lufs_per_channel_pair() {
        // BS.1770: a 0 dBFS 997 Hz sine in both channels of a stereo pair reads +0.0 LUFS... minus
        // 3.01 dB for one channel; in both channels it is about 0 LUFS. Use -20 dBFS: -20 LUFS.
        let sr = 48_000u32;
        let x: Vec<f32> = (0..sr as usize * 3)
            .map(|i| 0.1 * (i as f32 * 997.0 * std::f32::consts::TAU / sr as f32).sin())
            .collect();
        let r = measure(&x, &x, sr, true);
        assert!(
            (r.integrated_lufs + 20.0).abs() < 0.1,
            "{}",
            r.integrated_lufs
        );
        let tp = r.true_peak_dbtp.unwrap();
        assert!((tp + 20.0).abs() < 0.1, "{tp}");
    }
}
