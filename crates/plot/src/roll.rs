//! The piano roll: every note of a cue against time in seconds (through the tempo map), one
//! colour per part, bar lines and section markers from the file, drums in a lane of their own.

use crate::draw::{self, Area, Axis, DrawResult, GRID, INK, MUTED};
use crate::midi::{self, MidiScore, Part};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The colour of a part: fixed by role so that a melody is the same red in every cue; parts
/// with other names take the remaining colours in turn.
pub(crate) fn part_colour(name: &str, index: usize) -> RGBColor {
    let role = name.split_whitespace().next().unwrap_or("").to_lowercase();
    match role.as_str() {
        "melody" => draw::hex(0xd62728),
        "counterline" => draw::hex(0xff7f0e),
        "harmony" => draw::hex(0x1f77b4),
        "arpeggio" => draw::hex(0x2ca02c),
        "pad" => draw::hex(0x9467bd),
        "bass" => draw::hex(0x8c564b),
        "timpani" => draw::hex(0xbcbd22),
        "drums" => draw::hex(0x555555),
        _ => [
            draw::hex(0xe377c2),
            draw::hex(0x17becf),
            draw::hex(0x1f77b4),
            draw::hex(0x2ca02c),
            draw::hex(0xff7f0e),
            draw::hex(0x9467bd),
            draw::hex(0x8c564b),
            draw::hex(0xd62728),
        ][index % 8],
    }
}

/// The colour of a note's outline: 35 % darker.
fn darker(c: RGBColor) -> RGBColor {
    let d = |v: u8| (f64::from(v) * 0.65).round() as u8;
    RGBColor(d(c.0), d(c.1), d(c.2))
}

/// Background parts first, the melody last (on top).
fn layer(name: &str) -> u8 {
    match name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_lowercase()
        .as_str()
    {
        "pad" => 0,
        "harmony" => 1,
        "arpeggio" => 2,
        "bass" => 3,
        "timpani" => 4,
        "counterline" => 5,
        "melody" => 6,
        _ => 3,
    }
}

/// Draws the piano roll of `score` under a title.
pub(crate) fn draw(
    root: &Area<'_>,
    score: &MidiScore,
    title: &str,
    subtitle: &str,
) -> DrawResult<()> {
    let area = draw::header(root, title, subtitle)?;
    let (width, height) = area.dim_in_pixel();
    let (chart_area, legend_area) = area.split_horizontally(width - 270);

    let pitched: Vec<(usize, &Part)> = score
        .parts
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.drums)
        .collect();
    let drums: Vec<&Part> = score.parts.iter().filter(|p| p.drums).collect();
    let mut drum_keys: Vec<u8> = drums
        .iter()
        .flat_map(|p| p.notes.iter().map(|n| n.pitch))
        .collect();
    drum_keys.sort_unstable();
    drum_keys.dedup();

    let end = score
        .end_seconds
        .max(
            score
                .parts
                .iter()
                .flat_map(|p| p.notes.iter().map(|n| n.end))
                .fold(0.0, f64::max),
        )
        .max(1.0);
    let step = draw::time_step(end, 14.0);
    let ticks = draw::time_ticks(end, step);

    let lane = if drum_keys.is_empty() {
        0
    } else {
        (drum_keys.len() as u32 * 20 + 60).clamp(130, height * 2 / 5)
    };
    let (roll_area, lane_area) = chart_area.split_vertically(height - lane);

    // Pitch range: the notes' range with a little room, at least two octaves.
    let (mut lo, mut hi) = pitched
        .iter()
        .flat_map(|(_, p)| p.notes.iter().map(|n| n.pitch))
        .fold((u8::MAX, 0u8), |(lo, hi), p| (lo.min(p), hi.max(p)));
    if lo > hi {
        (lo, hi) = (48, 72);
    }
    let (mut lo, mut hi) = (i32::from(lo) - 2, i32::from(hi) + 2);
    while hi - lo < 24 {
        lo -= 1;
        hi += 1;
    }
    let has_hits = score.markers.iter().any(|m| m.text.starts_with("Hit"));
    let (top, bottom, x_labels) = (
        if has_hits { 62 } else { 44 },
        if lane == 0 { 10 } else { 0 },
        if lane == 0 { 50 } else { 0 },
    );
    // Label every C; every white key too when the rows are tall enough to read them.
    let row_px = f64::from(
        roll_area
            .dim_in_pixel()
            .1
            .saturating_sub(top + bottom + x_labels),
    ) / f64::from(hi - lo + 1);
    let y_ticks: Vec<f64> = (lo..=hi)
        .filter(|p| match p.rem_euclid(12) {
            0 => true,
            2 | 4 | 5 | 7 | 9 | 11 => row_px >= 13.0,
            _ => false,
        })
        .map(f64::from)
        .collect();

    let mut chart = ChartBuilder::on(&roll_area)
        .margin_left(20)
        .margin_right(10)
        .margin_top(top)
        .margin_bottom(bottom)
        .x_label_area_size(x_labels)
        .y_label_area_size(130)
        .build_cartesian_2d(
            Axis::linear(0.0..end, ticks.clone()),
            Axis::linear(f64::from(lo) - 0.5..f64::from(hi) + 0.5, y_ticks),
        )?;
    let time_label = |x: &f64| draw::clock(*x, step);
    let pitch_label = |y: &f64| midi::note_name(*y as u8);
    let mut mesh = chart.configure_mesh();
    mesh.disable_mesh()
        .y_desc("pitch")
        .axis_desc_style(draw::text(16, MUTED))
        .label_style(draw::text(15, INK))
        .x_label_formatter(&time_label)
        .y_label_formatter(&pitch_label);
    if lane == 0 {
        mesh.x_desc("time (m:ss)");
    }
    mesh.draw()?;

    // Piano-key background: black-key rows shaded, a line under every C.
    chart.draw_series(
        (lo..=hi)
            .filter(|p| matches!(p.rem_euclid(12), 1 | 3 | 6 | 8 | 10))
            .map(|p| {
                let p = f64::from(p);
                Rectangle::new(
                    [(0.0, p - 0.5), (end, p + 0.5)],
                    draw::hex(0xf2f2f2).filled(),
                )
            }),
    )?;
    chart.draw_series((lo..=hi).filter(|p| p.rem_euclid(12) == 0).map(|p| {
        let y = f64::from(p) - 0.5;
        PathElement::new(vec![(0.0, y), (end, y)], draw::hex(0xcfcfcf))
    }))?;

    // Bar lines, numbered above the roll where there is room.
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let px_per_second = f64::from(xs.end - xs.start) / end;
    let bar_px = score
        .bars
        .windows(2)
        .map(|w| (w[1].seconds - w[0].seconds) * px_per_second)
        .fold(f64::INFINITY, f64::min);
    let every = [1u32, 2, 4, 8, 16, 32, 64]
        .into_iter()
        .find(|&k| f64::from(k) * bar_px >= 34.0)
        .unwrap_or(128);
    let x_px = |s: f64| xs.start + (s * px_per_second).round() as i32;
    for bar in &score.bars {
        let labelled = (bar.number - 1) % every == 0;
        if bar_px >= 4.0 || labelled {
            let colour = if labelled { draw::hex(0xc8c8c8) } else { GRID };
            chart.draw_series(std::iter::once(PathElement::new(
                vec![
                    (bar.seconds, f64::from(lo) - 0.5),
                    (bar.seconds, f64::from(hi) + 0.5),
                ],
                colour,
            )))?;
        }
        if labelled {
            root.draw(&Text::new(
                bar.number.to_string(),
                (x_px(bar.seconds), ys.start - 4),
                draw::text(12, MUTED).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
        }
    }
    if !score.bars.is_empty() {
        root.draw(&Text::new(
            "bar",
            (xs.start - 8, ys.start - 4),
            draw::text(12, MUTED).pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))?;
    }

    // Section markers (under the notes) and hit points (over them), labelled above the roll:
    // hits on the top row, sections under them, then bar numbers. A label that would run into
    // the previous one on its row is left out.
    let hit_colour = draw::hex(0xc0392b);
    let hits: Vec<(f64, String)> = score
        .markers
        .iter()
        .filter_map(|m| {
            let rest = m.text.strip_prefix("Hit")?;
            let kind = rest.trim_start_matches(':').split(" at ").next()?.trim();
            Some((m.seconds, kind.to_string()))
        })
        .collect();
    let sections = score.markers.iter().filter(|m| !m.text.starts_with("Hit"));
    let mut room = f64::NEG_INFINITY;
    for marker in sections {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (marker.seconds, f64::from(lo) - 0.5),
                (marker.seconds, f64::from(hi) + 0.5),
            ],
            ShapeStyle::from(&draw::hex(0x555555).mix(0.6)).stroke_width(1),
        )))?;
        let x = x_px(marker.seconds) + 3;
        let style = draw::bold(13, draw::hex(0x444444));
        if f64::from(x) >= room {
            let (w, _) = root.estimate_text_size(&marker.text, &style)?;
            root.draw(&Text::new(
                marker.text.clone(),
                (x, ys.start - 20),
                style.pos(Pos::new(HPos::Left, VPos::Bottom)),
            ))?;
            room = f64::from(x) + f64::from(w) + 8.0;
        }
    }

    // The notes, background parts first; louder notes are more opaque.
    let min_width = 2.0 / px_per_second;
    let mut order = pitched.clone();
    order.sort_by_key(|(i, p)| (layer(&p.name), *i));
    for (index, part) in order {
        let colour = part_colour(&part.name, index);
        let edge = darker(colour);
        chart.draw_series(part.notes.iter().flat_map(|n| {
            let alpha = 0.45 + 0.55 * f64::from(n.velocity) / 127.0;
            let p = f64::from(n.pitch);
            let corners = [
                (n.start, p - 0.42),
                (n.end.max(n.start + min_width), p + 0.42),
            ];
            // A darker outline keeps repeated notes apart.
            [
                Rectangle::new(corners, colour.mix(alpha).filled()),
                Rectangle::new(corners, edge.mix(0.9).stroke_width(1)),
            ]
        }))?;
    }
    let mut room = f64::NEG_INFINITY;
    for (seconds, kind) in &hits {
        chart.draw_series(std::iter::once(PathElement::new(
            vec![
                (*seconds, f64::from(lo) - 0.5),
                (*seconds, f64::from(hi) + 0.5),
            ],
            ShapeStyle::from(&hit_colour.mix(0.85)).stroke_width(2),
        )))?;
        let x = x_px(*seconds);
        let top = ys.start - 52;
        root.draw(&Polygon::new(
            vec![(x - 6, top), (x + 6, top), (x, top + 9)],
            hit_colour.filled(),
        ))?;
        let style = draw::text(13, hit_colour);
        if f64::from(x) >= room {
            let (w, _) = root.estimate_text_size(kind, &style)?;
            root.draw(&Text::new(
                kind.clone(),
                (x + 9, top - 3),
                style.pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
            room = f64::from(x) + f64::from(w) + 16.0;
        }
    }
    if score.parts.is_empty() {
        root.draw(&Text::new(
            "no notes",
            ((xs.start + xs.end) / 2, (ys.start + ys.end) / 2),
            draw::centred(draw::text(22, MUTED)),
        ))?;
    }

    // The drum lane: one row per drum sound.
    if lane > 0 {
        let rows = drum_keys.len();
        let mut lane_chart = ChartBuilder::on(&lane_area)
            .margin_left(20)
            .margin_right(10)
            .margin_top(8)
            .margin_bottom(10)
            .x_label_area_size(50)
            .y_label_area_size(130)
            .build_cartesian_2d(
                Axis::linear(0.0..end, ticks),
                Axis::linear(
                    -0.5..rows as f64 - 0.5,
                    (0..rows).map(|r| r as f64).collect(),
                ),
            )?;
        let names: Vec<String> = drum_keys.iter().map(|&k| midi::drum_name(k)).collect();
        let label_size = if rows > 8 { 11 } else { 13 };
        lane_chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("time (m:ss)")
            .axis_desc_style(draw::text(16, MUTED))
            .label_style(draw::text(15, INK))
            .y_label_style(draw::text(label_size, INK))
            .x_label_formatter(&|x| draw::clock(*x, step))
            .y_label_formatter(&|y| names.get(y.round() as usize).cloned().unwrap_or_default())
            .draw()?;
        lane_chart.draw_series((0..rows).filter(|r| r % 2 == 1).map(|r| {
            let y = r as f64;
            Rectangle::new(
                [(0.0, y - 0.5), (end, y + 0.5)],
                draw::hex(0xf5f5f5).filled(),
            )
        }))?;
        for bar in score.bars.iter().filter(|b| (b.number - 1) % every == 0) {
            lane_chart.draw_series(std::iter::once(PathElement::new(
                vec![(bar.seconds, -0.5), (bar.seconds, rows as f64 - 0.5)],
                GRID,
            )))?;
        }
        let drum_width = 3.0 / px_per_second;
        for part in &drums {
            let index = score
                .parts
                .iter()
                .position(|p| std::ptr::eq(p, *part))
                .unwrap_or(0);
            let colour = part_colour(&part.name, index);
            chart_notes_lane(&mut lane_chart, part, &drum_keys, colour, drum_width)?;
        }
    }

    legend(&legend_area, score)?;
    Ok(())
}

fn chart_notes_lane<X, Y>(
    chart: &mut ChartContext<'_, draw::Canvas<'_>, Cartesian2d<X, Y>>,
    part: &Part,
    keys: &[u8],
    colour: RGBColor,
    width: f64,
) -> DrawResult<()>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    chart.draw_series(part.notes.iter().map(|n| {
        let row = keys.binary_search(&n.pitch).unwrap_or(0) as f64;
        let alpha = 0.4 + 0.6 * f64::from(n.velocity) / 127.0;
        Rectangle::new(
            [(n.start, row - 0.35), (n.start + width, row + 0.35)],
            colour.mix(alpha).filled(),
        )
    }))?;
    Ok(())
}

/// The key: one swatch per part with its name, instrument and note count.
fn legend(area: &Area<'_>, score: &MidiScore) -> DrawResult<()> {
    let x = 16;
    let mut y = 52;
    area.draw(&Text::new("Parts", (x, y), draw::bold(17, INK)))?;
    y += 34;
    let (w, h) = area.dim_in_pixel();
    let per = if score.parts.len() > 8 { 40 } else { 56 };
    for (i, part) in score.parts.iter().enumerate() {
        if y + per > h as i32 {
            area.draw(&Text::new(
                format!("… and {} more", score.parts.len() - i),
                (x, y),
                draw::text(14, MUTED),
            ))?;
            break;
        }
        let colour = part_colour(&part.name, i);
        area.draw(&Rectangle::new(
            [(x, y + 1), (x + 18, y + 19)],
            colour.filled(),
        ))?;
        let name = draw::fit(area, &part.name, &draw::bold(16, INK), w - 60);
        area.draw(&Text::new(name, (x + 28, y + 1), draw::bold(16, INK)))?;
        let mut detail = part.instrument.clone().unwrap_or_default();
        if per > 40 {
            if !detail.is_empty() {
                detail.push_str(" · ");
            }
            let n = part.notes.len();
            detail.push_str(&format!("{n} {}", if n == 1 { "note" } else { "notes" }));
            let detail = draw::fit(area, &detail, &draw::text(14, MUTED), w - 60);
            area.draw(&Text::new(detail, (x + 28, y + 23), draw::text(14, MUTED)))?;
        }
        y += per;
    }
    Ok(())
}
