//! The spectrogram: a short-time Fourier transform (Hann window) of the mono mix, reduced to one
//! column per pixel, drawn on a logarithmic frequency axis with a dB colour scale.

use crate::draw::{self, Area, Axis, DrawResult, INK, MUTED};
use plotters::prelude::*;
use rustfft::{num_complex::Complex, FftPlanner};

/// Analysis settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stft {
    /// Window length in samples (a power of two is fastest).
    pub window: usize,
    /// Samples between frames.
    pub hop: usize,
}

impl Default for Stft {
    /// 4096-sample windows every 1024 samples: 11.7 Hz per bin at 48 kHz, so the bass lines stay
    /// apart on a logarithmic axis; 21 ms between frames is finer than a pixel column for any
    /// cue longer than half a minute.
    fn default() -> Self {
        Stft {
            window: 4096,
            hop: 1024,
        }
    }
}

/// Power spectra over time, one column per picture column.
#[derive(Debug, Clone)]
pub struct Grid {
    pub columns: usize,
    /// Bins kept per column (0 Hz up to the highest frequency asked for).
    pub bins: usize,
    /// Hz per bin.
    pub bin_hz: f64,
    /// Column-major: `power[column * bins + bin]`, linear power relative to a full-scale sine
    /// (1.0 = 0 dBFS).
    pub power: Vec<f32>,
}

impl Grid {
    pub fn column(&self, c: usize) -> &[f32] {
        &self.power[c * self.bins..(c + 1) * self.bins]
    }

    /// The loudest bin of all, in dBFS.
    pub fn peak_db(&self) -> f64 {
        db(self.power.iter().copied().fold(0.0f32, f32::max))
    }
}

/// Decibels of a power relative to full scale, floored at -200 dB.
pub fn db(power: f32) -> f64 {
    10.0 * f64::from(power).max(1e-20).log10()
}

/// The short-time power spectrum of `samples`, reduced to `columns` columns over the duration:
/// each column keeps, bin by bin, the strongest of the frames centred in it (a column no frame
/// is centred in takes the frame at its middle). Frames are centred on multiples of the hop,
/// zero-padded at both ends.
pub fn analyse(samples: &[f32], sample_rate: u32, stft: Stft, columns: usize, max_hz: f64) -> Grid {
    let n = stft.window.max(16);
    let hop = stft.hop.max(1);
    let columns = columns.max(1);
    let bin_hz = f64::from(sample_rate) / n as f64;
    let bins = ((max_hz / bin_hz).ceil() as usize + 1).min(n / 2 + 1);
    let fft = FftPlanner::<f32>::new().plan_fft_forward(n);
    let hann: Vec<f32> = (0..n)
        .map(|i| (0.5 - 0.5 * (2.0 * std::f64::consts::PI * i as f64 / n as f64).cos()) as f32)
        .collect();
    // |X| of a full-scale sine through a Hann window is n/4.
    let norm = 1.0 / (n as f32 / 4.0).powi(2);
    let mut buffer = vec![Complex::new(0.0f32, 0.0); n];
    let mut scratch = vec![Complex::new(0.0f32, 0.0); fft.get_inplace_scratch_len()];
    let mut spectrum = |centre: usize, out: &mut [f32]| {
        for (i, slot) in buffer.iter_mut().enumerate() {
            let at = (centre + i).checked_sub(n / 2);
            let s = at.and_then(|a| samples.get(a)).copied().unwrap_or(0.0);
            *slot = Complex::new(s * hann[i], 0.0);
        }
        fft.process_with_scratch(&mut buffer, &mut scratch);
        for (o, x) in out.iter_mut().zip(&buffer) {
            *o = o.max(x.norm_sqr() * norm);
        }
    };
    let len = samples.len().max(1);
    let column_of = |sample: usize| (sample * columns / len).min(columns - 1);
    let mut power = vec![0.0f32; columns * bins];
    let mut filled = vec![false; columns];
    let mut centre = 0;
    while centre < len {
        let c = column_of(centre);
        spectrum(centre, &mut power[c * bins..(c + 1) * bins]);
        filled[c] = true;
        centre += hop;
    }
    for c in 0..columns {
        if !filled[c] {
            let middle = ((2 * c + 1) * len / (2 * columns)).min(len - 1);
            spectrum(middle, &mut power[c * bins..(c + 1) * bins]);
        }
    }
    Grid {
        columns,
        bins,
        bin_hz,
        power,
    }
}

/// The colour scale (perceptually uniform, dark = quiet): matplotlib's "inferno".
const INFERNO: [RGBColor; 11] = [
    draw::hex(0x000004),
    draw::hex(0x160b39),
    draw::hex(0x420a68),
    draw::hex(0x6a176e),
    draw::hex(0x932667),
    draw::hex(0xbc3754),
    draw::hex(0xdd513a),
    draw::hex(0xf37819),
    draw::hex(0xfca50a),
    draw::hex(0xf6d746),
    draw::hex(0xfcffa4),
];

/// The lowest and highest frequency shown.
pub const MIN_HZ: f64 = 30.0;
pub const MAX_HZ: f64 = 12_000.0;
/// Dynamic range of the colour scale.
pub const RANGE_DB: f64 = 90.0;

/// Draws the spectrogram of `samples` under a title.
pub(crate) fn draw(
    root: &Area<'_>,
    samples: &[f32],
    sample_rate: u32,
    title: &str,
    subtitle: &str,
) -> DrawResult<()> {
    let duration = samples.len() as f64 / f64::from(sample_rate.max(1));
    let top_hz = MAX_HZ.min(f64::from(sample_rate) / 2.0);
    let area = draw::header(root, title, subtitle)?;
    let (plot, bar) = area.split_horizontally(area.dim_in_pixel().0 - 120);

    let step = draw::time_step(duration, 12.0);
    let x_ticks = draw::time_ticks(duration, step);
    let y_ticks: Vec<f64> = [50.0, 100.0, 200.0, 500.0, 1e3, 2e3, 5e3, 10e3]
        .into_iter()
        .filter(|&f| (MIN_HZ..=top_hz).contains(&f))
        .collect();
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(20)
        .margin_right(10)
        .margin_bottom(10)
        .x_label_area_size(50)
        .y_label_area_size(90)
        .build_cartesian_2d(
            Axis::linear(0.0..duration.max(1e-3), x_ticks),
            Axis::log(MIN_HZ..top_hz, y_ticks),
        )?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc("time (m:ss)")
        .y_desc("frequency (Hz)")
        .axis_desc_style(draw::text(16, MUTED))
        .label_style(draw::text(15, INK))
        .x_label_formatter(&|x| draw::clock(*x, step))
        .y_label_formatter(&|y| hz_label(*y))
        .draw()?;

    // The picture itself, pixel by pixel.
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let (w, h) = (
        (xs.end - xs.start).max(1) as usize,
        (ys.end - ys.start).max(1) as usize,
    );
    let grid = analyse(samples, sample_rate, Stft::default(), w, top_hz);
    let hi = (grid.peak_db() / 10.0).ceil() * 10.0;
    let hi = hi.clamp(-60.0, 0.0);
    let lo = hi - RANGE_DB;
    let mut rgb = vec![0u8; w * h * 3];
    let ratio = (top_hz / MIN_HZ).ln();
    // Frequencies at the bottom/top edges of each pixel row, top row first.
    let edge = |r: f64| MIN_HZ * (ratio * r / h as f64).exp();
    for x in 0..w {
        let column = grid.column(x);
        for y in 0..h {
            let (f_lo, f_hi) = (edge((h - y - 1) as f64), edge((h - y) as f64));
            let value = row_power(column, grid.bin_hz, f_lo, f_hi);
            let t = (db(value) - lo) / (hi - lo);
            let c = draw::gradient(&INFERNO, t);
            let i = (y * w + x) * 3;
            rgb[i..i + 3].copy_from_slice(&[c.0, c.1, c.2]);
        }
    }
    root.draw(
        &plotters::element::BitMapElement::with_owned_buffer(
            (xs.start, ys.start),
            (w as u32, h as u32),
            rgb,
        )
        .ok_or("the spectrogram buffer has the wrong size")?,
    )?;

    // The colour bar.
    let mut scale = ChartBuilder::on(&bar)
        .margin_top(0)
        .margin_bottom(10 + 50)
        .margin_right(70)
        .build_cartesian_2d(0.0..1.0, lo..hi)?;
    scale
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .disable_y_axis()
        .draw()?;
    let steps = 180;
    scale.draw_series((0..steps).map(|i| {
        let a = lo + (hi - lo) * i as f64 / steps as f64;
        let b = lo + (hi - lo) * (i + 1) as f64 / steps as f64;
        let c = draw::gradient(&INFERNO, (i as f64 + 0.5) / steps as f64);
        Rectangle::new([(0.0, a), (1.0, b)], c.filled())
    }))?;
    let (bx, by) = scale.plotting_area().get_pixel_range();
    for k in 0..=(RANGE_DB / 10.0) as i32 {
        let v = lo + f64::from(k) * 10.0;
        let y = by.end - ((v - lo) / (hi - lo) * f64::from(by.end - by.start)).round() as i32;
        let label = format!("{v:.0} dB");
        root.draw(&Text::new(
            label,
            (bx.end + 8, y),
            draw::text(14, INK).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Left,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))?;
    }
    root.draw(&Text::new(
        "dBFS",
        (bx.start, by.start - 24),
        draw::text(14, MUTED),
    ))?;
    Ok(())
}

/// The power a pixel row shows: the strongest bin centred in `[f_lo, f_hi)`, or, where rows are
/// finer than bins, the power interpolated (in dB) between the two nearest bins.
fn row_power(column: &[f32], bin_hz: f64, f_lo: f64, f_hi: f64) -> f32 {
    let first = (f_lo / bin_hz).ceil() as usize;
    let last = (f_hi / bin_hz).ceil() as usize; // exclusive
    if last > first {
        return column[first.min(column.len())..last.min(column.len())]
            .iter()
            .copied()
            .fold(0.0, f32::max);
    }
    let at = (f_lo * f_hi).sqrt() / bin_hz;
    let i = (at.floor() as usize).min(column.len().saturating_sub(2));
    let f = (at - i as f64).clamp(0.0, 1.0);
    let (a, b) = (db(column[i]), db(column[i + 1]));
    10f64.powf((a + (b - a) * f) / 10.0) as f32
}

/// `125 Hz`, `2 kHz`.
fn hz_label(hz: f64) -> String {
    if hz >= 1000.0 {
        format!("{} kHz", hz / 1000.0)
    } else {
        format!("{} Hz", hz.round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(hz: f64, amplitude: f64, sample_rate: u32, seconds: f64) -> Vec<f32> {
        let n = (seconds * f64::from(sample_rate)) as usize;
        (0..n)
            .map(|i| {
                (amplitude
                    * (2.0 * std::f64::consts::PI * hz * i as f64 / f64::from(sample_rate)).sin())
                    as f32
            })
            .collect()
    }

    fn peak_bin(column: &[f32]) -> usize {
        (0..column.len())
            .max_by(|&a, &b| column[a].total_cmp(&column[b]))
            .unwrap()
    }

    #[test]
    fn a_sine_peaks_at_its_bin_and_level() {
        // 1500 Hz at 48 kHz with a 4096 window: exactly bin 128.
        let samples = sine(1500.0, 0.5, 48_000, 1.0);
        let grid = analyse(&samples, 48_000, Stft::default(), 10, 12_000.0);
        assert_eq!(grid.columns, 10);
        assert!((grid.bin_hz - 11.71875).abs() < 1e-9);
        assert_eq!(grid.bins, 1025);
        // Away from the zero-padded edges, every column peaks at bin 128, at -6 dBFS.
        for c in 1..9 {
            let column = grid.column(c);
            assert_eq!(peak_bin(column), 128, "column {c}");
            assert!(
                (db(column[128]) - (-6.02)).abs() < 0.1,
                "{}",
                db(column[128])
            );
            // Far from the tone: more than 100 dB down.
            assert!(db(column[400]) < -100.0);
        }
        assert!((grid.peak_db() + 6.02).abs() < 0.1);
    }

    #[test]
    fn the_peak_follows_the_window_size() {
        // 440 Hz with a 2048 window at 44.1 kHz: 440 / 21.53 = bin 20.4, so bin 20.
        let samples = sine(440.0, 1.0, 44_100, 0.5);
        let stft = Stft {
            window: 2048,
            hop: 512,
        };
        let grid = analyse(&samples, 44_100, stft, 4, 5_000.0);
        assert_eq!(peak_bin(grid.column(2)), 20);
        assert_eq!(grid.bins, (5000.0 / grid.bin_hz).ceil() as usize + 1);
    }

    #[test]
    fn more_columns_than_frames_are_all_filled() {
        let samples = sine(1000.0, 1.0, 8_000, 0.05); // 400 samples
        let grid = analyse(&samples, 8_000, Stft::default(), 50, 4_000.0);
        for c in 0..50 {
            assert!(grid.column(c).iter().any(|&p| p > 1e-6), "column {c} empty");
        }
    }

    #[test]
    fn silence_and_empty_input_do_not_fail() {
        let grid = analyse(&[], 48_000, Stft::default(), 3, 12_000.0);
        assert!(grid.power.iter().all(|&p| p == 0.0));
        assert!(grid.peak_db() <= -199.0);
    }

    #[test]
    fn rows_take_the_strongest_bin_or_interpolate() {
        let column = [1.0, 0.01, 0.1, 1e-4];
        assert_eq!(row_power(&column, 10.0, 5.0, 25.0), 0.1); // bins 1 and 2
        let mid = row_power(&column, 10.0, 4.9, 5.1); // between bin 0 (0 dB) and 1 (-20 dB)
        assert!((db(mid) + 10.0).abs() < 0.5, "{}", db(mid));
        assert_eq!(hz_label(2000.0), "2 kHz");
        assert_eq!(hz_label(50.0), "50 Hz");
    }
}
