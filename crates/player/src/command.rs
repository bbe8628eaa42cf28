//! What a game can ask of the player.

use leitmotif_theory::{Emotion, NamedEmotion};
use serde::Serialize;

/// Where a change may take effect: the next beat, bar line or phrase (theme statement) boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Quantize {
    Beat,
    #[default]
    Bar,
    Phrase,
}

impl Quantize {
    pub fn name(self) -> &'static str {
        match self {
            Quantize::Beat => "beat",
            Quantize::Bar => "bar",
            Quantize::Phrase => "phrase",
        }
    }

    pub fn parse(text: &str) -> Option<Quantize> {
        match text.trim().to_ascii_lowercase().as_str() {
            "beat" => Some(Quantize::Beat),
            "bar" => Some(Quantize::Bar),
            "phrase" => Some(Quantize::Phrase),
            _ => None,
        }
    }
}

/// An emotion, by preset name or as a point on the valence/arousal plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mood {
    pub point: Emotion,
    /// The preset's name, or the nearest preset's for a custom point.
    pub name: NamedEmotion,
}

impl Mood {
    pub fn named(name: NamedEmotion) -> Mood {
        Mood {
            point: name.point(),
            name,
        }
    }

    /// A custom point (clamped to the plane); named after its nearest preset.
    pub fn point(valence: f64, arousal: f64) -> Mood {
        let point = Emotion::new(valence.clamp(-1.0, 1.0), arousal.clamp(-1.0, 1.0));
        Mood {
            point,
            name: point.nearest_name(),
        }
    }

    /// Parses a preset name.
    pub fn parse(text: &str) -> Option<Mood> {
        NamedEmotion::parse(text.trim()).map(Mood::named)
    }
}

/// One instruction to the player.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// The music moves to a new emotion at the next quantisation boundary, through a bridge.
    Emotion(Mood),
    /// Intensity 0..1, reached over `seconds` (0 = at once): layers enter and leave.
    Intensity { value: f64, seconds: f64 },
    /// Whose theme leads, from the next boundary.
    Focus(String),
    /// The theme's motif, harmonised to the sounding chord, at the next boundary.
    Stinger(String),
    /// The quantisation of the changes that follow.
    Transition(Quantize),
    /// Fades out over `seconds` and holds the music where it is.
    Pause { seconds: f64 },
    /// Fades back in over `seconds`.
    Resume { seconds: f64 },
    /// Fades out over `seconds` and ends.
    Stop { seconds: f64 },
}

impl Command {
    /// A short text for logs and the terminal: `emotion tense`, `intensity 0.8`.
    pub fn describe(&self) -> String {
        match self {
            Command::Emotion(m) => format!("emotion {}", m.name.name()),
            Command::Intensity { value, seconds } if *seconds > 0.0 => {
                format!("intensity {value:.2} over {seconds:.2}s")
            }
            Command::Intensity { value, .. } => format!("intensity {value:.2}"),
            Command::Focus(id) => format!("focus {id}"),
            Command::Stinger(id) => format!("stinger {id}"),
            Command::Transition(q) => format!("transition {}", q.name()),
            Command::Pause { .. } => "pause".into(),
            Command::Resume { .. } => "resume".into(),
            Command::Stop { .. } => "stop".into(),
        }
    }
}

/// One line typed at `leitmotif play`.
#[derive(Debug, Clone, PartialEq)]
pub enum Line {
    Command(Command),
    Quit,
    Empty,
}

/// Parses a typed line: `emotion tense`, `emotion 0.3 -0.2` (valence arousal), `intensity 0.8`,
/// `intensity 0.8 4` (over 4 s), `focus yuki`, `stinger shade`, `transition beat|bar|phrase`,
/// `pause`, `resume`, `stop`, `quit`. Theme ids are checked by the player, not here.
pub fn parse_line(line: &str) -> Result<Line, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let number = |w: &str, what: &str| -> Result<f64, String> {
        w.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("{what}: expected a number, found `{w}`"))
    };
    let command = match words.as_slice() {
        [] => return Ok(Line::Empty),
        ["quit"] | ["exit"] | ["q"] => return Ok(Line::Quit),
        ["emotion", name] => Command::Emotion(Mood::parse(name).ok_or_else(|| {
            let known: Vec<&str> = NamedEmotion::ALL.iter().map(|e| e.name()).collect();
            format!("unknown emotion `{name}`: expected one of {}", known.join(", "))
        })?),
        ["emotion", v, a] => {
            let (v, a) = (number(v, "valence")?, number(a, "arousal")?);
            if !(-1.0..=1.0).contains(&v) || !(-1.0..=1.0).contains(&a) {
                return Err("valence and arousal must be between -1 and 1".into());
            }
            Command::Emotion(Mood::point(v, a))
        }
        ["intensity", x] | ["intensity", x, _] => {
            let value = number(x, "intensity")?;
            if !(0.0..=1.0).contains(&value) {
                return Err(format!("intensity must be between 0 and 1, found {value}"));
            }
            let seconds = match words.get(2) {
                Some(s) => number(s, "seconds")?.clamp(0.0, 600.0),
                None => 0.0,
            };
            Command::Intensity { value, seconds }
        }
        ["focus", id] => Command::Focus(id.to_string()),
        ["stinger", id] => Command::Stinger(id.to_string()),
        ["transition", q] => Command::Transition(
            Quantize::parse(q).ok_or_else(|| format!("`{q}`: expected beat, bar or phrase"))?,
        ),
        ["pause"] => Command::Pause { seconds: 0.05 },
        ["resume"] => Command::Resume { seconds: 0.05 },
        ["stop"] => Command::Stop { seconds: 1.0 },
        _ => {
            return Err(format!(
                "`{}`: expected emotion NAME | emotion VALENCE AROUSAL | intensity X [SECONDS] | \
                 focus THEME | stinger THEME | transition beat|bar|phrase | pause | resume | stop | quit",
                line.trim()
            ))
        }
    };
    Ok(Line::Command(command))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_lines_become_commands_or_say_what_was_expected() {
        assert_eq!(parse_line("  "), Ok(Line::Empty));
        assert_eq!(parse_line("quit"), Ok(Line::Quit));
        assert_eq!(
            parse_line("emotion tense"),
            Ok(Line::Command(Command::Emotion(Mood::named(
                NamedEmotion::Tense
            ))))
        );
        assert_eq!(
            parse_line("intensity 0.8 2"),
            Ok(Line::Command(Command::Intensity {
                value: 0.8,
                seconds: 2.0
            }))
        );
        assert_eq!(
            parse_line("focus yuki"),
            Ok(Line::Command(Command::Focus("yuki".into())))
        );
        assert!(parse_line("emotion grumpy").unwrap_err().contains("tender"));
        assert!(parse_line("intensity 2").is_err());
        assert!(parse_line("intensity loud").is_err());
        assert!(parse_line("dance").unwrap_err().contains("expected"));
        assert!(matches!(
            parse_line("emotion 0.5 -0.5"),
            Ok(Line::Command(Command::Emotion(_)))
        ));
    }
}
