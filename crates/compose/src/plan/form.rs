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
/// bars where a new section must begin.
pub fn layout(bars: u32, theme_bars: u32, intensity: Intensity, cuts: &[u32]) -> Vec<Section> {
    let mut kinds: Vec<(SectionKind, u32)> = Vec::new();
    if bars <= theme_bars {
        // too short for an intro: the theme in compressed form is the whole cue
        kinds.push((SectionKind::Statement, bars));
    } else {
        let intro = if bars < 16 {
            1
        } else if bars < 40 {
            2
        } else {
            4
        };
        let outro = if bars < 14 {
            1
        } else if bars < 32 {
            2
        } else {
            4
        };
        let middle = bars - intro - outro;
        kinds.push((SectionKind::Intro, intro));
        let statement = middle.min(theme_bars);
        kinds.push((SectionKind::Statement, statement));
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
        kinds.push((SectionKind::Outro, outro));
    }
    let mut sections = Vec::new();
    let mut at = 0;
    for (kind, n) in kinds {
        sections.push(Section {
            kind,
            start_bar: at,
            bars: n,
        });
        at += n;
    }
    mark_climax(&mut sections, bars, intensity);
    for &cut in cuts {
        split_at(&mut sections, cut);
    }
    sections
}

/// The theme statement with the highest intensity (after the first, when there are several)
/// becomes the climax.
fn mark_climax(sections: &mut [Section], bars: u32, intensity: Intensity) {
    let statements: Vec<usize> = sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SectionKind::Statement)
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

fn split_at(sections: &mut Vec<Section>, cut: u32) {
    if let Some(i) = sections
        .iter()
        .position(|s| s.start_bar < cut && cut < s.end_bar())
    {
        let s = sections[i];
        let first = Section {
            bars: cut - s.start_bar,
            ..s
        };
        let kind = match s.kind {
            SectionKind::Intro | SectionKind::Statement => SectionKind::Development,
            k => k,
        };
        let second = Section {
            kind,
            start_bar: cut,
            bars: s.end_bar() - cut,
        };
        sections[i] = first;
        sections.insert(i + 1, second);
    }
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
}
