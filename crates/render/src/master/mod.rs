//! Mastering: the last stage, turning a cue's mix into a finished file's samples.
//!
//! Order: DC removal → reference level → bus compression → loudness normalisation to the target
//! (EBU R128 integrated) → look-ahead true-peak limiting → fades. Limiting lowers loudness a
//! little, so normalisation and limiting repeat (at most a few times) until the integrated
//! loudness is within 0.25 LU of the target; the final true peak is measured (4× oversampled) and
//! the limiter ceiling lowered if an inter-sample over slipped through.

pub mod compressor;
pub mod dc;
pub mod fades;
pub mod limiter;
pub mod loudness;
pub mod true_peak;

pub use compressor::CompressorSettings;
pub use loudness::{measure, KMeter, Reading};

/// Targets for the finished audio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MasterSettings {
    /// Integrated loudness target (streaming platforms normalise to -14 LUFS).
    pub target_lufs: f64,
    /// Highest allowed true peak, dBTP.
    pub true_peak_ceiling_dbtp: f64,
    /// Glue compression on the mix bus; None skips it.
    pub compressor: Option<CompressorSettings>,
    /// Fade-in and fade-out lengths in milliseconds.
    pub fade_in_ms: f64,
    pub fade_out_ms: f64,
}

impl Default for MasterSettings {
    fn default() -> Self {
        MasterSettings {
            target_lufs: -14.0,
            true_peak_ceiling_dbtp: -1.0,
            compressor: Some(CompressorSettings::default()),
            fade_in_ms: 4.0,
            fade_out_ms: 60.0,
        }
    }
}

/// What mastering did and measured, for the manifest and the tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MasterReport {
    /// Static gain applied after compression (the loudness normalisation), dB.
    pub gain_db: f64,
    /// Largest limiter gain reduction, dB.
    pub limiter_db: f64,
    /// Measured on the finished audio.
    pub integrated_lufs: f64,
    pub true_peak_dbtp: f64,
}

/// The loudest gain normalisation may apply: a near-silent cue is not raised into noise.
const MAX_GAIN_DB: f64 = 40.0;
/// Head-room kept under the true-peak ceiling: other meters oversample differently (a 4×
/// polyphase resampler read one cue 0.05 dB higher than ebur128), and a file must pass them too.
const TRUE_PEAK_MARGIN_DB: f64 = 0.3;
/// How close to the target the loop stops: a quarter of the ±0.5 LU the deliverables allow, so
/// one limiting round usually suffices (each round costs an EBU R128 and true-peak pass).
const LOUDNESS_TOLERANCE_LU: f64 = 0.25;
/// The reference loudness the compressor's threshold is set for.
const REFERENCE_LUFS: f64 = -20.0;

/// A gain in dB as the linear factor [`scale`] multiplies by.
fn linear(gain_db: f64) -> f32 {
    10f64.powf(gain_db / 20.0) as f32
}

fn scale(left: &mut [f32], right: &mut [f32], gain_db: f64) {
    let g = linear(gain_db);
    left.iter_mut()
        .chain(right.iter_mut())
        .for_each(|x| *x *= g);
}

/// Masters a stereo cue in place and reports what it measured.
///
/// `stem_gain_db` in the report (`gain_db`) is the gain that, applied to the pre-master mix after
/// compression, normalised it: stems are written with the same static gain.
pub fn master(
    left: &mut Vec<f32>,
    right: &mut Vec<f32>,
    sample_rate: u32,
    settings: &MasterSettings,
) -> MasterReport {
    dc::remove_dc(left, right, sample_rate, 5.0);
    let mut pre_gain_db = 0.0;
    if let Some(comp) = &settings.compressor {
        // Only the compressor's working level depends on this, so a plain RMS estimate will do
        // (an EBU R128 pass here cost as much as the limiter).
        let before = rms_dbfs(left, right);
        if before.is_finite() {
            pre_gain_db = (REFERENCE_LUFS - before).clamp(-MAX_GAIN_DB, MAX_GAIN_DB);
            scale(left, right, pre_gain_db);
            compress(left, right, sample_rate, comp);
        }
    }
    let meter = KMeter::new(left, right, sample_rate);
    let compressed = meter.integrated();
    if !compressed.is_finite() {
        // Silence: nothing to normalise; only the fades apply.
        fade(left, right, sample_rate, settings);
        return MasterReport {
            gain_db: 0.0,
            limiter_db: 0.0,
            integrated_lufs: f64::NEG_INFINITY,
            true_peak_dbtp: f64::NEG_INFINITY,
        };
    }
    let mut gain_db = (settings.target_lufs - compressed).clamp(-MAX_GAIN_DB, MAX_GAIN_DB);
    // The sample ceiling starts 0.5 dB under the true-peak target (inter-sample overs of
    // band-limited music rarely exceed that) and drops if the final measurement disagrees.
    let mut ceiling_db = settings.true_peak_ceiling_dbtp - TRUE_PEAK_MARGIN_DB - 0.5;
    let mut reading = Reading {
        integrated_lufs: compressed,
        true_peak_dbtp: None,
    };
    let frames = left.len().min(right.len());
    let ms = |ms: f64| (ms * 0.001 * sample_rate as f64) as usize;
    let (fade_in, fade_out) = (ms(settings.fade_in_ms), ms(settings.fade_out_ms));
    // The curve and gain the finished audio is made with.
    let mut applied: Option<(limiter::GainCurve, f32)> = None;
    // Each round limits the mix at the current gain and measures its loudness; the gain moves by
    // the loudness error (usually one or two rounds: the limiter only trims a little). The
    // costlier true-peak measurement runs once the loudness is right, and sends the loop round
    // again (with a lower ceiling) only if an inter-sample peak got through. A round never makes
    // the limited audio whole: the meter and the true-peak check make what they read a stretch
    // at a time (the meter only where the limiter or the fades changed the mix), and the mix is
    // limited in place once the gain is final. Mastering used to hold a limited copy of the cue
    // beside the mix: a tenth of a SoundFont render's time went on touching its fresh pages.
    for _ in 0..8 {
        let g = linear(gain_db);
        let ceiling = 10f64.powf(ceiling_db / 20.0) as f32;
        let curve = limiter::gain_curve(left, right, sample_rate, ceiling, g);
        let source = [left.as_slice(), right.as_slice()];
        let fill = |range: std::ops::Range<usize>, l: &mut [f32], r: &mut [f32]| {
            let start = range.start;
            curve.fill(source, g, range, l, r);
            fades::apply_fades_at(l, r, start, frames, fade_in, fade_out);
        };
        let unchanged = |range: std::ops::Range<usize>| {
            curve.unity_over(range.clone()) && !fades::fades_touch(range, frames, fade_in, fade_out)
        };
        reading = Reading {
            integrated_lufs: meter.integrated_with(g, unchanged, fill),
            true_peak_dbtp: None,
        };
        let loudness_error = settings.target_lufs - reading.integrated_lufs;
        if reading.integrated_lufs.is_finite() && loudness_error.abs() > LOUDNESS_TOLERANCE_LU {
            // Aim a hair above the target: the next round's limiting takes a little back.
            gain_db = (gain_db + loudness_error + 0.03).clamp(-MAX_GAIN_DB, MAX_GAIN_DB);
            applied = Some((curve, g));
            continue;
        }
        let allowed_dbtp = settings.true_peak_ceiling_dbtp - TRUE_PEAK_MARGIN_DB;
        // Only samples within 6 dB of the allowed peak can carry an inter-sample over.
        let near = 10f64.powf((allowed_dbtp - 6.0) / 20.0) as f32;
        let tp = true_peak::true_peak_with(frames, near, fill);
        reading.true_peak_dbtp = Some(20.0 * f64::from(tp.max(1e-12)).log10());
        let peak_over = reading.true_peak_dbtp.unwrap_or(0.0) - allowed_dbtp;
        applied = Some((curve, g));
        if peak_over <= 0.0 {
            break;
        }
        ceiling_db -= peak_over + 0.05;
    }
    let mut limiter_db = 0.0f32;
    if let Some((curve, g)) = applied {
        limiter_db = curve.reduction_db();
        curve.apply(left, right, g);
    }
    fade(left, right, sample_rate, settings);
    // The high-pass leaves the mean of the finished file a hair off zero (limiting and fades are
    // not symmetric); take out what remains, tapered at the ends so they stay silent.
    rayon::join(|| dc::remove_mean(left), || dc::remove_mean(right));
    if reading.true_peak_dbtp.is_none() {
        let tp = true_peak::true_peak(left, right, 0.0);
        reading.true_peak_dbtp = Some(20.0 * f64::from(tp.max(1e-12)).log10());
    }
    MasterReport {
        gain_db: pre_gain_db + gain_db,
        limiter_db: limiter_db as f64,
        integrated_lufs: reading.integrated_lufs,
        true_peak_dbtp: reading.true_peak_dbtp.unwrap_or(f64::NEG_INFINITY),
    }
}

/// The mean level of a stereo signal in dBFS (RMS over both channels); -inf for silence.
fn rms_dbfs(left: &[f32], right: &[f32]) -> f64 {
    let n = left.len() + right.len();
    if n == 0 {
        return f64::NEG_INFINITY;
    }
    let energy = crate::reduce::sum_squares(left) + crate::reduce::sum_squares(right);
    let ms = energy / n as f64;
    if ms <= 1e-20 {
        f64::NEG_INFINITY
    } else {
        10.0 * ms.log10()
    }
}

fn compress(left: &mut [f32], right: &mut [f32], sample_rate: u32, comp: &CompressorSettings) {
    compressor::compress(left, right, sample_rate, comp);
}

fn fade(left: &mut [f32], right: &mut [f32], sample_rate: u32, settings: &MasterSettings) {
    let frames = |ms: f64| (ms * 0.001 * sample_rate as f64) as usize;
    fades::apply_fades(
        left,
        right,
        frames(settings.fade_in_ms),
        frames(settings.fade_out_ms),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A loud, peaky test signal: a chord with drum-like bursts.
    fn music(sr: u32, seconds: f32, level: f32) -> (Vec<f32>, Vec<f32>) {
        let n = (sr as f32 * seconds) as usize;
        let l: Vec<f32> = (0..n)
            .map(|i| {
                let t = i as f32 / sr as f32;
                let chord = [220.0, 277.2, 329.6]
                    .iter()
                    .map(|f| (t * f * std::f32::consts::TAU).sin())
                    .sum::<f32>()
                    / 3.0;
                let beat = (t * 2.0).fract();
                let burst = (-beat * 30.0).exp() * (t * 60.0 * std::f32::consts::TAU).sin();
                level * (0.5 * chord + burst)
            })
            .collect();
        let r = l.iter().map(|x| x * 0.8).collect();
        (l, r)
    }

    #[test]
    fn hits_the_loudness_target_under_the_true_peak_ceiling_from_any_level() {
        for level in [0.02f32, 0.3, 3.0] {
            let (mut l, mut r) = music(48_000, 6.0, level);
            let report = master(&mut l, &mut r, 48_000, &MasterSettings::default());
            assert!(
                (report.integrated_lufs + 14.0).abs() <= 0.5,
                "level {level}: {report:?}"
            );
            assert!(report.true_peak_dbtp <= -1.0, "level {level}: {report:?}");
            assert!(l.iter().chain(&r).all(|x| x.abs() < 0.9999));
            assert!(l[0].abs() < 1e-3 && l[l.len() - 1].abs() < 1e-3);
        }
    }

    #[test]
    fn silence_stays_silent() {
        let mut l = vec![0.0f32; 48_000];
        let mut r = vec![0.0f32; 48_000];
        let report = master(&mut l, &mut r, 48_000, &MasterSettings::default());
        assert!(report.integrated_lufs.is_infinite());
        assert!(l.iter().all(|x| *x == 0.0));
    }
}
