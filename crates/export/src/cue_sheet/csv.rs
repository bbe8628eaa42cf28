//! `cue-sheet.csv`: one header row, then one row per cue, as RFC 4180 says: fields separated by
//! commas, a field quoted (`"…"`, with `"` doubled inside) when it holds a comma, a quote, a
//! carriage return or a line feed, and every record ending in CRLF. UTF-8 without a byte-order
//! mark.

use super::CueSheet;

/// The header row, in column order.
pub const COLUMNS: [&str; 12] = [
    "cue",
    "reel",
    "scene",
    "title",
    "in",
    "out",
    "duration",
    "duration_seconds",
    "fps",
    "usage",
    "themes",
    "composer",
];

pub(super) fn render(sheet: &CueSheet) -> String {
    let mut out = String::new();
    record(&mut out, COLUMNS.iter().map(|c| c.to_string()));
    for cue in &sheet.cues {
        let themes: Vec<String> = cue.themes.iter().map(|t| t.describe()).collect();
        record(
            &mut out,
            [
                cue.code.to_string(),
                cue.code.reel.to_string(),
                cue.scene.clone(),
                cue.title.clone(),
                cue.timecode_in.to_string(),
                cue.timecode_out.to_string(),
                cue.duration.to_string(),
                format!("{:.3}", cue.duration_seconds),
                sheet.fps.to_string(),
                cue.usage.code().to_string(),
                themes.join("; "),
                sheet.composer.clone(),
            ],
        );
    }
    out
}

fn record(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&field));
    }
    out.push_str("\r\n");
}

/// A field as RFC 4180 writes it: as is, or quoted with inner quotes doubled.
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        let mut s = String::with_capacity(field.len() + 2);
        s.push('"');
        for c in field.chars() {
            if c == '"' {
                s.push('"');
            }
            s.push(c);
        }
        s.push('"');
        s
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(quote("Arrival"), "Arrival");
        assert_eq!(quote(""), "");
        assert_eq!(quote("Waltz, at Dawn"), "\"Waltz, at Dawn\"");
        assert_eq!(quote("The \"Harbour\""), "\"The \"\"Harbour\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(quote("cr\rhere"), "\"cr\rhere\"");
        assert_eq!(
            quote("ren: Ren (character); ivy+ren: Ivy & Ren (relationship)"),
            "ren: Ren (character); ivy+ren: Ivy & Ren (relationship)"
        );
    }

    #[test]
    fn records_end_in_crlf() {
        let mut out = String::new();
        record(
            &mut out,
            ["a".to_string(), "b,c".to_string(), String::new()],
        );
        assert_eq!(out, "a,\"b,c\",\r\n");
    }
}
