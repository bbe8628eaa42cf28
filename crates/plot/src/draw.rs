//! What the three kinds of plot share: an in-memory RGB canvas, the text styles, the colours and
//! the time axis.

use crate::font;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    FontStyle as BackendFontStyle,
};
use std::error::Error;

pub(crate) type Area<'a> = DrawingArea<Canvas<'a>, Shift>;
pub(crate) type DrawResult<T> = Result<T, Box<dyn Error>>;

/// The family name labels ask for (every label is set in the embedded font whatever it asks).
const FAMILY: &str = "sans-serif";

/// plotters' bitmap backend with the text drawn by [`font`].
pub(crate) struct Canvas<'a>(BitMapBackend<'a>);

type CanvasError<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for Canvas<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), CanvasError<'a>> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), CanvasError<'a>> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), CanvasError<'a>> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), CanvasError<'a>> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), CanvasError<'a>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), CanvasError<'a>> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), CanvasError<'a>> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), CanvasError<'a>> {
        self.0.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (w, h): (u32, u32),
        src: &[u8],
    ) -> Result<(), CanvasError<'a>> {
        self.0.blit_bitmap(pos, (w, h), src)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), CanvasError<'a>> {
        Ok(font::measure(is_bold(style), style.size(), text))
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), CanvasError<'a>> {
        let bold = is_bold(style);
        let (w, h) = font::measure(bold, style.size(), text);
        let (w, h) = (w as i32, h as i32);
        let anchor = style.anchor();
        let dx = match anchor.h_pos {
            HPos::Left => 0,
            HPos::Center => -w / 2,
            HPos::Right => -w,
        };
        let dy = match anchor.v_pos {
            VPos::Top => 0,
            VPos::Center => -h / 2,
            VPos::Bottom => -h,
        };
        let transform = style.transform();
        let color = style.color();
        let mut result = Ok(());
        font::rasterise(bold, style.size(), text, |x, y, coverage| {
            if result.is_ok() && coverage > 0.0 {
                let (tx, ty) = transform.transform(x + dx, y + dy);
                result = self.0.draw_pixel(
                    (pos.0 + tx, pos.1 + ty),
                    BackendColor {
                        alpha: color.alpha * f64::from(coverage),
                        rgb: color.rgb,
                    },
                );
            }
        });
        result
    }
}

fn is_bold<T: BackendTextStyle>(style: &T) -> bool {
    matches!(style.style(), BackendFontStyle::Bold)
}

/// Text colour.
pub(crate) const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Secondary text (subtitles, axis descriptions).
pub(crate) const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// An RGB picture drawn by `draw`: `width × height × 3` bytes, white to start with.
pub(crate) fn render<F>(width: u32, height: u32, draw: F) -> Result<Vec<u8>, String>
where
    F: FnOnce(&Area<'_>) -> DrawResult<()>,
{
    let mut buffer = vec![255u8; width as usize * height as usize * 3];
    {
        let root =
            Canvas(BitMapBackend::with_buffer(&mut buffer, (width, height))).into_drawing_area();
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(buffer)
}

/// A numeric axis with the labels placed where asked (plotters' own key-point wrapper loses its
/// default formatter), linear or logarithmic.
#[derive(Debug, Clone)]
pub(crate) struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    log: bool,
}

impl Axis {
    pub(crate) fn linear(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Axis {
        Axis {
            lo: range.start,
            hi: range.end,
            ticks,
            log: false,
        }
    }

    /// `range.start` must be positive.
    pub(crate) fn log(range: std::ops::Range<f64>, ticks: Vec<f64>) -> Axis {
        Axis {
            lo: range.start,
            hi: range.end,
            ticks,
            log: true,
        }
    }

    /// Where `v` falls between the ends, 0 to 1.
    fn fraction(&self, v: f64) -> f64 {
        if self.log {
            let lo = self.lo.ln();
            (v.max(f64::MIN_POSITIVE).ln() - lo) / (self.hi.ln() - lo)
        } else {
            (v - self.lo) / (self.hi - self.lo)
        }
    }
}

impl Ranged for Axis {
    type ValueType = f64;
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let t = self.fraction(*value);
        limit.0 + (t * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// Regular text.
pub(crate) fn text(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// Bold text.
pub(crate) fn bold(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size)
        .into_font()
        .style(FontStyle::Bold)
        .color(&color)
}

/// Draws a title (bold) and a subtitle at the top left and returns the area below them.
pub(crate) fn header<'a>(root: &Area<'a>, title: &str, subtitle: &str) -> DrawResult<Area<'a>> {
    let (width, _) = root.dim_in_pixel();
    let max = width.saturating_sub(60);
    let title = fit(root, title, &bold(28, INK), max);
    root.draw(&Text::new(title, (30, 18), bold(28, INK)))?;
    let subtitle = fit(root, subtitle, &text(17, MUTED), max);
    root.draw(&Text::new(subtitle, (31, 58), text(17, MUTED)))?;
    Ok(root.clone().split_vertically(90).1)
}

/// `text`, shortened with an ellipsis until it fits in `max` pixels.
pub(crate) fn fit(area: &Area<'_>, text: &str, style: &TextStyle<'_>, max: u32) -> String {
    let width = |s: &str| area.estimate_text_size(s, style).map_or(0, |(w, _)| w);
    if width(text) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if width(&candidate) <= max {
            return candidate;
        }
    }
    String::new()
}

/// A text anchored by its centre.
pub(crate) fn centred(style: TextStyle<'static>) -> TextStyle<'static> {
    style.pos(Pos::new(HPos::Center, VPos::Center))
}

/// `m:ss` (or `m:ss.s` when the step between labels is under a second).
pub(crate) fn clock(seconds: f64, step: f64) -> String {
    let negative = seconds < -1e-9;
    let s = seconds.abs();
    let sign = if negative { "-" } else { "" };
    if step < 1.0 {
        let tenths = (s * 10.0).round() as u64;
        format!(
            "{sign}{}:{:02}.{}",
            tenths / 600,
            (tenths / 10) % 60,
            tenths % 10
        )
    } else {
        let whole = s.round() as u64;
        format!("{sign}{}:{:02}", whole / 60, whole % 60)
    }
}

/// A step between time labels that gives about `target` labels over `duration` seconds, from the
/// steps a clock reads naturally (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10 min…).
pub(crate) fn time_step(duration: f64, target: f64) -> f64 {
    const STEPS: [f64; 17] = [
        0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0,
        1800.0, 3600.0,
    ];
    let ideal = duration / target.max(1.0);
    STEPS
        .iter()
        .copied()
        .find(|&s| s >= ideal)
        .unwrap_or(3600.0)
}

/// Label positions from 0 to `duration` every `step` seconds.
pub(crate) fn time_ticks(duration: f64, step: f64) -> Vec<f64> {
    let n = (duration / step + 1e-9).floor() as usize;
    (0..=n).map(|i| i as f64 * step).collect()
}

/// `RGBColor` from `0xRRGGBB`.
pub(crate) const fn hex(rgb: u32) -> RGBColor {
    RGBColor((rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8)
}

/// Linear interpolation between colour stops spread evenly over 0..1.
pub(crate) fn gradient(stops: &[RGBColor], t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0) * (stops.len() - 1) as f64;
    let i = (t.floor() as usize).min(stops.len() - 2);
    let f = t - i as f64;
    let (a, b) = (stops[i], stops[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clocks() {
        assert_eq!(clock(0.0, 10.0), "0:00");
        assert_eq!(clock(65.4, 10.0), "1:05");
        assert_eq!(clock(3.5, 0.5), "0:03.5");
        assert_eq!(time_step(90.0, 12.0), 10.0);
        assert_eq!(time_step(470.0, 12.0), 60.0);
        assert_eq!(time_step(3.0, 12.0), 0.5);
        assert_eq!(time_ticks(25.0, 10.0), vec![0.0, 10.0, 20.0]);
    }

    #[test]
    fn gradients() {
        let stops = [RGBColor(0, 0, 0), RGBColor(200, 100, 0)];
        assert_eq!(gradient(&stops, 0.5), RGBColor(100, 50, 0));
        assert_eq!(gradient(&stops, 2.0), RGBColor(200, 100, 0));
        assert_eq!(gradient(&stops, -1.0), RGBColor(0, 0, 0));
    }
}
