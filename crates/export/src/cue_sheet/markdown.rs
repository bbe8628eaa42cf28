//! `cue-sheet.md`: the sheet for people: a heading, the settings the timecodes depend on, and a
//! table with one row per cue. Text from the story (titles, names) is escaped so it cannot break
//! the table or turn into formatting.

use super::{reel::REEL_SECONDS, CueSheet};
use std::fmt::Write;

pub(super) fn render(sheet: &CueSheet) -> String {
    let mut out = String::new();
    let composer = if sheet.composer.trim().is_empty() {
        "(not given)".to_string()
    } else {
        escape(&sheet.composer)
    };
    let total = sheet.total_duration();
    let _ = writeln!(out, "# Music cue sheet: {}", escape(&sheet.title));
    out.push('\n');
    let _ = writeln!(out, "- Composer: {composer}");
    let _ = writeln!(
        out,
        "- Frame rate: {}; programme start {}",
        sheet.fps.describe(),
        sheet.start
    );
    let _ = writeln!(
        out,
        "- Total music: {} ({:.3} s) in {} cue{}",
        total,
        sheet.total_seconds(),
        sheet.cues.len(),
        if sheet.cues.len() == 1 { "" } else { "s" }
    );
    let _ = writeln!(
        out,
        "- Cue numbers: reel and cue (`1M2` is reel 1, music cue 2); a reel is {} minutes of \
         soundtrack time",
        (REEL_SECONDS / 60.0) as u32
    );
    let _ = writeln!(out, "- Usage: BI = background instrumental");
    out.push('\n');
    out.push_str("| Cue | Title | Scene | In | Out | Duration | Seconds | Usage | Themes |\n");
    out.push_str("|---|---|---|---|---|---|---:|---|---|\n");
    for cue in &sheet.cues {
        let themes: Vec<String> = cue.themes.iter().map(|t| escape(&t.describe())).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {:.3} | {} | {} |",
            cue.code,
            escape(&cue.title),
            escape(&cue.scene),
            cue.timecode_in,
            cue.timecode_out,
            cue.duration,
            cue.duration_seconds,
            cue.usage.code(),
            themes.join("<br>"),
        );
    }
    out
}

/// Text safe inside a Markdown table cell: line breaks become spaces, and characters Markdown
/// would read as a cell border, emphasis, code, a link or HTML are backslash-escaped.
pub fn escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' | '\n' => s.push(' '),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '~' => {
                s.push('\\');
                s.push(c);
            }
            _ => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn story_text_cannot_break_the_table() {
        assert_eq!(escape("Waltz at Dawn"), "Waltz at Dawn");
        assert_eq!(escape("Night | Day"), "Night \\| Day");
        assert_eq!(escape("*Storm* _rising_"), "\\*Storm\\* \\_rising\\_");
        assert_eq!(escape("two\nlines"), "two lines");
        assert_eq!(escape("<b>[x]</b>"), "\\<b\\>\\[x\\]\\</b\\>");
        assert_eq!(escape("a\\b"), "a\\\\b");
    }
}
