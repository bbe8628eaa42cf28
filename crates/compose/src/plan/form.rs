//! Form: which section each bar belongs to. A cue opens with an intro, states its theme, develops
//! it in fragments, returns to it at the climax where intensity peaks, and releases in an outro.
//! Cut hits force a new section at their bar. Lengths follow the 8-bar theme.

use leitmotif_story::Intensity;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    Intro,
    Statement,
    Development,
    Climax,
    Outro,
}

impl SectionKind {
    pub fn name(self) -> &'static str {
        match self {
            SectionKind::Intro => "intro",
            SectionKind::Statement => "statement",
            SectionKind::Development => "development",
            SectionKind::Climax => "climax",
            SectionKind::Outro => "outro",
        }
    }

    /// How the section shifts the scene's intensity (an arc inside the cue).
    pub fn intensity_offset(self) -> f64 {
        match self {
            SectionKind::Intro => -0.15,
            SectionKind::Statement => 0.0,
            SectionKind::Development => 0.05,
            SectionKind::Climax => 0.18,
            SectionKind::Outro => -0.2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Section {
    pub kind: SectionKind,
    /// 0-based first bar.
    pub start_bar: u32,
    pub bars: u32,
}

impl Section {
    pub fn end_bar(&self) -> u32 {
        self.start_bar + self.bars
    }
}

/// Lays out sections over `bars`, with the theme sections `theme_bars` long. `cuts` are 0-based
/// bars where a new section must begin: the stretch between two cuts is laid out as a block of its
/// own (intro only in the first block, outro only in the last), so a cut restarts the music
/// instead of truncating a theme statement.
pub fn layout(bars: u32, theme_bars: u32, intensity: Intensity, cuts: &[u32]) -> Vec<Section> {
    let mut edges: Vec<u32> = cuts
        .iter()
        .copied()
        .filter(|c| *c > 0 && *c < bars)
        .collect();
    edges.sort_unstable();
    edges.dedup();
    let mut starts = vec![0];
    starts.extend(edges);
    let mut sections = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(bars);
        let first = k == 0;
        let last = k + 1 == starts.len();
        let mut at = start;
        for (kind, n) in block(end - start, theme_bars, bars, first, last) {
            sections.push(Section {
                kind,
                start_bar: at,
                bars: n,
            });
            at += n;
        }
    }
    mark_climax(&mut sections, bars, theme_bars, intensity);
    sections
}

/// The sections of one block of `len` bars (of a cue of `total` bars).
fn block(
    len: u32,
    theme_bars: u32,
    total: u32,
    intro: bool,
    outro: bool,
) -> Vec<(SectionKind, u32)> {
    let mut kinds: Vec<(SectionKind, u32)> = Vec::new();
    let intro_n = if !intro || len <= theme_bars {
        0
    } else if total < 16 {
        1
    } else if total < 40 {
        2
    } else {
        4
    };
    let outro_n = if !outro || len < theme_bars + intro_n + 1 {
        0
    } else if total < 14 {
        1
    } else if total < 32 {
        2
    } else {
        4
    };
    if intro_n > 0 {
        kinds.push((SectionKind::Intro, intro_n));
    }
    let middle = len - intro_n - outro_n;
    let statement = middle.min(theme_bars);
    if statement > 0 {
        kinds.push((SectionKind::Statement, statement));
    }
    let mut rest = middle - statement;
    while rest > 0 {
        if rest >= theme_bars + 4 {
            let dev = (rest - theme_bars).min(8);
            kinds.push((SectionKind::Development, dev));
            kinds.push((SectionKind::Statement, theme_bars));
            rest -= dev + theme_bars;
        } else {
            kinds.push((SectionKind::Development, rest));
            rest = 0;
        }
    }
    if outro_n > 0 {
        kinds.push((SectionKind::Outro, outro_n));
    }
    kinds
}

/// The full theme statement with the highest intensity (after the first, when there are several)
/// becomes the climax.
fn mark_climax(sections: &mut [Section], bars: u32, theme_bars: u32, intensity: Intensity) {
    // only full statements: the first one states the theme, a later one may be the climax
    let statements: Vec<usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SectionKind::Statement && s.bars >= theme_bars)
        .map(|(i, _)| i)
        .collect();
    if statements.len() < 2 {
        return;
    }
    let mid =
        |s: &Section| intensity.at((s.start_bar as f64 + s.bars as f64 / 2.0) / bars.max(1) as f64);
    let best = statements[1..]
        .iter()
        .copied()
        .max_by(|a, b| {
            mid(&sections[*a])
                .total_cmp(&mid(&sections[*b]))
                .then(b.cmp(a))
        })
        .unwrap_or(statements[1]);
    sections[best].kind = SectionKind::Climax;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(x: f64) -> Intensity {
        Intensity { start: x, end: x }
    }

    fn covers(sections: &[Section], bars: u32) {
        let mut at = 0;
        for s in sections {
            assert_eq!(s.start_bar, at);
            assert!(s.bars > 0);
            at += s.bars;
        }
        assert_eq!(at, bars);
    }

    #[test]
    fn sections_cover_every_bar() {
        for bars in 1..120 {
            let s = layout(bars, 8, flat(0.5), &[]);
            covers(&s, bars);
        }
    }

    #[test]
    fn climax_follows_the_intensity_ramp() {
        let rising = layout(
            48,
            8,
            Intensity {
                start: 0.1,
                end: 1.0,
            },
            &[],
        );
        let climax = rising
            .iter()
            .position(|s| s.kind == SectionKind::Climax)
            .unwrap();
        let last_statement = rising
            .iter()
            .rposition(|s| matches!(s.kind, SectionKind::Statement | SectionKind::Climax))
            .unwrap();
        assert_eq!(climax, last_statement);
    }

    #[test]
    fn cuts_start_sections() {
        let s = layout(40, 8, flat(0.5), &[13]);
        covers(&s, 40);
        assert!(s.iter().any(|x| x.start_bar == 13));
    }

    #[test]
    fn an_early_cut_does_not_truncate_the_statement() {
        // a cut four bars in: the music restarts there with a full statement
        let s = layout(21, 8, flat(0.5), &[4]);
        covers(&s, 21);
        assert!(
            s.iter()
                .any(|x| x.kind == SectionKind::Statement && x.bars == 8),
            "{s:?}"
        );
        for bars in [9, 17, 30, 64] {
            for cut in 1..bars {
                covers(&layout(bars, 8, flat(0.4), &[cut]), bars);
            }
        }
    }
}
