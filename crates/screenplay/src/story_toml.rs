//! Writing a draft story as a story file (docs/story-format.md) a person can read and edit. Every
//! inferred value carries a comment saying how sure the import was and why.

use crate::build::{Draft, DraftEmotion, DraftScene};
use leitmotif_story::time_value::format_time;
use std::fmt::Write;

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| quote(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn num(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 {
        "0.0".into()
    } else {
        format!("{r:?}")
    }
}

fn inferred_comment(scene: &DraftScene, field: &str) -> String {
    scene
        .inferred
        .iter()
        .find(|i| i.field == field)
        .map(|i| {
            format!(
                "  # inferred (confidence {:.2}): {}",
                i.confidence,
                i.evidence.join("; ")
            )
        })
        .unwrap_or_default()
}

/// The story file text. `source` names the screenplay in the header comment.
pub fn to_toml(draft: &Draft, source: &str) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Imported from {source} by `leitmotif import`. Edit anything, then compose it:"
    );
    let _ = writeln!(t, "#   leitmotif compose <this file>");
    let _ = writeln!(t, "# Comments marked \"inferred\" say how sure the import was; docs/story-format.md has every field.");
    let _ = writeln!(t, "title = {}", quote(&draft.title));
    for (kind, entities) in [("character", &draft.characters), ("place", &draft.places)] {
        for e in entities {
            let _ = writeln!(
                t,
                "\n[[{kind}]]\nid = {}\nname = {}",
                quote(&e.id),
                quote(&e.name)
            );
        }
    }
    for s in &draft.scenes {
        let _ = writeln!(t, "\n[[scene]]  # script line {}", s.line);
        let _ = writeln!(t, "id = {}", quote(&s.id));
        let _ = writeln!(t, "title = {}", quote(&s.title));
        let _ = writeln!(
            t,
            "duration = {}{}",
            quote(&format_time(s.duration_seconds)),
            inferred_comment(s, "duration")
        );
        match s.emotion {
            DraftEmotion::Named(e) => {
                let _ = writeln!(t, "emotion = {}", quote(e.name()));
            }
            DraftEmotion::Point { valence, arousal } => {
                let nearest = leitmotif_theory::Emotion::new(valence, arousal).nearest_name();
                let _ = writeln!(
                    t,
                    "valence = {}{}",
                    num(valence),
                    inferred_comment(s, "emotion")
                );
                let _ = writeln!(
                    t,
                    "arousal = {}  # nearest named emotion: {}",
                    num(arousal),
                    nearest.name()
                );
            }
        }
        let (a, b) = s.intensity;
        let intensity = if (a - b).abs() < 0.005 {
            num(a)
        } else {
            format!("[{}, {}]", num(a), num(b))
        };
        let _ = writeln!(
            t,
            "intensity = {intensity}{}",
            inferred_comment(s, "intensity")
        );
        if !s.characters.is_empty() {
            let _ = writeln!(t, "characters = {}", list(&s.characters));
        }
        if let Some(p) = &s.place {
            let _ = writeln!(t, "place = {}", quote(p));
        }
        if !s.hits.is_empty() {
            let hits: Vec<String> = s
                .hits
                .iter()
                .map(|(at, k)| {
                    format!(
                        "{{ at = {}, kind = {} }}",
                        quote(&format_time(*at)),
                        quote(k.name())
                    )
                })
                .collect();
            let _ = writeln!(
                t,
                "hits = [{}]{}",
                hits.join(", "),
                inferred_comment(s, "hits")
            );
        }
        if let Some(style) = &s.style {
            let _ = writeln!(t, "style = {}", quote(style));
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(quote("He said \"hi\"\\"), "\"He said \\\"hi\\\"\\\\\"");
        assert_eq!(quote("a\u{1}b"), "\"a\\u0001b\"");
    }
}
