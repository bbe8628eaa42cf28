//! The soundtrack's arc: each cue's valence and arousal (its emotion) and intensity (as
//! composed, from start to end), against where the cue starts in the soundtrack.

use crate::draw::{self, Area, Axis, DrawResult, INK, MUTED};
use crate::manifest::{Cue, Manifest};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

pub(crate) const VALENCE: RGBColor = draw::hex(0x1f77b4);
pub(crate) const AROUSAL: RGBColor = draw::hex(0xd62728);
pub(crate) const INTENSITY: RGBColor = draw::hex(0x2ca02c);

/// The end of the soundtrack: the last cue's end (or the manifest's duration if longer).
fn total(manifest: &Manifest) -> f64 {
    manifest
        .cues
        .iter()
        .map(|c| c.start_seconds + c.duration_seconds)
        .fold(manifest.duration_seconds.unwrap_or(0.0), f64::max)
        .max(1.0)
}

/// Draws the arc under a title.
pub(crate) fn draw(root: &Area<'_>, manifest: &Manifest) -> DrawResult<()> {
    let end = total(manifest);
    let cues = &manifest.cues;
    let mut facts = vec![format!(
        "{} {}",
        cues.len(),
        if cues.len() == 1 { "cue" } else { "cues" }
    )];
    facts.push(draw::clock(end, 1.0));
    if let Some(k) = &manifest.home_key {
        facts.push(format!("home key {}", k.name));
    }
    let title = format!("{} · emotional arc", manifest.title);
    let area = draw::header(root, &title, &facts.join(" · "))?;
    legend(root)?;

    let (_, height) = area.dim_in_pixel();
    let strip = 58;
    let (_, charts) = area.split_vertically(strip);
    let top_height = (height - strip) * 58 / 100;
    let (top, bottom) = charts.split_vertically(top_height);

    let step = draw::time_step(end, 12.0);
    let ticks = draw::time_ticks(end, step);
    let left = 130;

    let mut emotion = ChartBuilder::on(&top)
        .margin_left(20)
        .margin_right(40)
        .margin_bottom(12)
        .y_label_area_size(left)
        .build_cartesian_2d(
            Axis::linear(0.0..end, ticks.clone()),
            Axis::linear(-1.1..1.1, vec![-1.0, -0.5, 0.0, 0.5, 1.0]),
        )?;
    emotion
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(draw::hex(0xe6e6e6))
        .y_desc("valence · arousal")
        .axis_desc_style(draw::text(16, MUTED))
        .label_style(draw::text(15, INK))
        .y_label_formatter(&|y| signed(*y))
        .x_label_formatter(&|_| String::new())
        .draw()?;
    bands(&mut emotion, cues, -1.1, 1.1)?;
    emotion.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, 0.0), (end, 0.0)],
        draw::hex(0x999999),
    )))?;
    for (value, colour) in [
        (
            &(|c: &Cue| c.emotion.valence) as &dyn Fn(&Cue) -> f64,
            VALENCE,
        ),
        (&|c: &Cue| c.emotion.arousal, AROUSAL),
    ] {
        let mut points = Vec::new();
        for c in cues {
            let v = value(c).clamp(-1.0, 1.0);
            points.push((c.start_seconds, v));
            points.push((c.start_seconds + c.duration_seconds, v));
        }
        emotion.draw_series(std::iter::once(PathElement::new(
            points,
            colour.stroke_width(3),
        )))?;
        emotion.draw_series(cues.iter().map(|c| {
            let v = value(c).clamp(-1.0, 1.0);
            Circle::new(
                (c.start_seconds + c.duration_seconds / 2.0, v),
                5,
                colour.filled(),
            )
        }))?;
    }

    let mut intensity = ChartBuilder::on(&bottom)
        .margin_left(20)
        .margin_right(40)
        .margin_bottom(10)
        .x_label_area_size(50)
        .y_label_area_size(left)
        .build_cartesian_2d(
            Axis::linear(0.0..end, ticks),
            Axis::linear(0.0..1.05, vec![0.0, 0.25, 0.5, 0.75, 1.0]),
        )?;
    intensity
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(draw::hex(0xe6e6e6))
        .y_desc("intensity")
        .x_desc("soundtrack time (m:ss)")
        .axis_desc_style(draw::text(16, MUTED))
        .label_style(draw::text(15, INK))
        .x_label_formatter(&|x| draw::clock(*x, step))
        .y_label_formatter(&|y| format!("{y:.2}"))
        .draw()?;
    bands(&mut intensity, cues, 0.0, 1.05)?;
    let mut line = Vec::new();
    for c in cues {
        line.push((c.start_seconds, c.intensity.start.clamp(0.0, 1.0)));
        line.push((
            c.start_seconds + c.duration_seconds,
            c.intensity.end.clamp(0.0, 1.0),
        ));
    }
    if let (Some(first), Some(last)) = (line.first().copied(), line.last().copied()) {
        let mut outline = vec![(first.0, 0.0)];
        outline.extend(line.iter().copied());
        outline.push((last.0, 0.0));
        intensity.draw_series(std::iter::once(Polygon::new(
            outline,
            INTENSITY.mix(0.18).filled(),
        )))?;
    }
    intensity.draw_series(std::iter::once(PathElement::new(
        line,
        INTENSITY.stroke_width(3),
    )))?;

    // Cue labels above the charts, each centred on its cue.
    let (xs, ys) = emotion.plotting_area().get_pixel_range();
    let px = |s: f64| xs.start + (s / end * f64::from(xs.end - xs.start)).round() as i32;
    for c in cues {
        let (a, b) = (
            px(c.start_seconds),
            px(c.start_seconds + c.duration_seconds),
        );
        let room = (b - a - 8).max(0) as u32;
        let centre = (a + b) / 2;
        let number = c.number.to_string();
        let full = format!("{number}  {}", c.title);
        let label = if draw::fit(root, &full, &draw::bold(15, INK), room) == full {
            full
        } else if room >= 60 {
            draw::fit(root, &full, &draw::bold(15, INK), room)
        } else {
            number
        };
        root.draw(&Text::new(
            label,
            (centre, ys.start - 30),
            draw::bold(15, INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
        let mood = draw::fit(root, &c.emotion.name, &draw::text(14, MUTED), room);
        root.draw(&Text::new(
            mood,
            (centre, ys.start - 10),
            draw::text(14, MUTED).pos(Pos::new(HPos::Center, VPos::Bottom)),
        ))?;
    }
    if cues.is_empty() {
        root.draw(&Text::new(
            "no cues",
            ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2),
            draw::centred(draw::text(22, MUTED)),
        ))?;
    }
    Ok(())
}

/// Alternate cues shaded, with a line where each cue starts.
fn bands<X, Y>(
    chart: &mut ChartContext<'_, draw::Canvas<'_>, Cartesian2d<X, Y>>,
    cues: &[Cue],
    lo: f64,
    hi: f64,
) -> DrawResult<()>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    chart.draw_series(cues.iter().filter(|c| c.number % 2 == 0).map(|c| {
        Rectangle::new(
            [
                (c.start_seconds, lo),
                (c.start_seconds + c.duration_seconds, hi),
            ],
            draw::hex(0xf4f4f4).filled(),
        )
    }))?;
    chart.draw_series(cues.iter().skip(1).map(|c| {
        PathElement::new(
            vec![(c.start_seconds, lo), (c.start_seconds, hi)],
            draw::hex(0xc8c8c8),
        )
    }))?;
    Ok(())
}

/// The key, top right: what each line is and which way is up.
fn legend(root: &Area<'_>) -> DrawResult<()> {
    let (width, _) = root.dim_in_pixel();
    let x = width as i32 - 470;
    let entries = [
        (VALENCE, "valence", "unpleasant −1 … +1 pleasant"),
        (AROUSAL, "arousal", "calm −1 … +1 excited"),
        (INTENSITY, "intensity", "0 … 1, as composed"),
    ];
    for (i, (colour, name, meaning)) in entries.into_iter().enumerate() {
        let y = 16 + 24 * i as i32;
        root.draw(&PathElement::new(
            vec![(x, y + 9), (x + 28, y + 9)],
            colour.stroke_width(3),
        ))?;
        root.draw(&Text::new(name, (x + 38, y), draw::bold(15, INK)))?;
        root.draw(&Text::new(meaning, (x + 125, y), draw::text(15, MUTED)))?;
    }
    Ok(())
}

/// `+0.5`, `0`, `−1` (with a real minus sign).
fn signed(v: f64) -> String {
    if v.abs() < 1e-9 {
        "0".into()
    } else if v > 0.0 {
        format!("+{}", trim(v))
    } else {
        format!("−{}", trim(-v))
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs() {
        assert_eq!(signed(0.5), "+0.5");
        assert_eq!(signed(-1.0), "−1");
        assert_eq!(signed(0.0), "0");
    }
}
