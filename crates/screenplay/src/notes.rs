//! Notes that steer the import: `[[duration 1:30]]`, `[[emotion grief]]`, `[[valence -0.4]]`,
//! `[[arousal 0.6]]`, `[[intensity 0.8]]` or `[[intensity 0.2 0.9]]`, `[[hit 0:45 accent]]`,
//! `[[style jazz]]`. Any other note is the writer's own and is ignored.

use leitmotif_story::{time_value::parse_time, HitKind, Style};
use leitmotif_theory::NamedEmotion;

#[derive(Debug, Clone, PartialEq)]
pub enum NoteCommand {
    Duration(f64),
    Emotion(NamedEmotion),
    Valence(f64),
    Arousal(f64),
    Intensity(f64, f64),
    Hit(f64, HitKind),
    Style(String),
}

/// Reads a note. `Ok(None)`: not a command (an ordinary note). `Err`: a command that is malformed,
/// with what was expected.
pub fn parse_note(text: &str) -> Result<Option<NoteCommand>, String> {
    let mut words = text.split_whitespace();
    let Some(head) = words.next() else {
        return Ok(None);
    };
    let rest: Vec<&str> = words.collect();
    let unit = |what: &str, x: &str, lo: f64, hi: f64| -> Result<f64, String> {
        x.parse::<f64>()
            .ok()
            .filter(|v| (lo..=hi).contains(v))
            .ok_or_else(|| format!("[[{what} {x}]]: expected a number from {lo} to {hi}"))
    };
    let cmd = match (head.to_ascii_lowercase().as_str(), rest.as_slice()) {
        ("duration", [t]) => {
            let s = parse_time(t).map_err(|e| format!("[[duration {t}]]: {e}"))?;
            if !(5.0..=1200.0).contains(&s) {
                return Err(format!("[[duration {t}]]: expected 5 s to 20 min"));
            }
            NoteCommand::Duration(s)
        }
        ("emotion", [e]) => NoteCommand::Emotion(NamedEmotion::parse(e).ok_or_else(|| {
            format!("[[emotion {e}]]: unknown emotion; expected one of {}", NamedEmotion::ALL.iter().map(|e| e.name()).collect::<Vec<_>>().join(", "))
        })?),
        ("valence", [v]) => NoteCommand::Valence(unit("valence", v, -1.0, 1.0)?),
        ("arousal", [a]) => NoteCommand::Arousal(unit("arousal", a, -1.0, 1.0)?),
        ("intensity", [x]) => {
            let v = unit("intensity", x, 0.0, 1.0)?;
            NoteCommand::Intensity(v, v)
        }
        ("intensity", [x, y]) => NoteCommand::Intensity(unit("intensity", x, 0.0, 1.0)?, unit("intensity", y, 0.0, 1.0)?),
        ("hit", [t]) | ("hit", [t, _]) => {
            let at = parse_time(t).map_err(|e| format!("[[hit {t}]]: {e}"))?;
            let kind = match rest.get(1) {
                Some(k) => HitKind::parse(k).ok_or_else(|| format!("[[hit {t} {k}]]: unknown hit kind; expected accent, stinger, cut or silence"))?,
                None => HitKind::Accent,
            };
            NoteCommand::Hit(at, kind)
        }
        ("style", [s]) => NoteCommand::Style(Style::parse(s).ok_or_else(|| format!("[[style {s}]]: unknown style"))?.name().to_string()),
        ("duration" | "emotion" | "valence" | "arousal" | "intensity" | "hit" | "style", _) => {
            return Err(format!("[[{text}]]: malformed; expected e.g. [[duration 1:30]], [[emotion grief]], [[intensity 0.2 0.9]], [[hit 0:45 accent]]"))
        }
        _ => return Ok(None),
    };
    Ok(Some(cmd))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_and_plain_notes() {
        assert_eq!(
            parse_note("duration 1:30"),
            Ok(Some(NoteCommand::Duration(90.0)))
        );
        assert_eq!(
            parse_note("emotion grief"),
            Ok(Some(NoteCommand::Emotion(NamedEmotion::Grief)))
        );
        assert_eq!(
            parse_note("intensity 0.2 0.9"),
            Ok(Some(NoteCommand::Intensity(0.2, 0.9)))
        );
        assert_eq!(
            parse_note("hit 0:45 stinger"),
            Ok(Some(NoteCommand::Hit(45.0, HitKind::Stinger)))
        );
        assert_eq!(parse_note("fix this line later"), Ok(None));
        assert!(parse_note("emotion sleepy")
            .unwrap_err()
            .contains("unknown emotion"));
        assert!(parse_note("duration 2").is_err());
        assert!(parse_note("intensity 3").is_err());
    }
}
