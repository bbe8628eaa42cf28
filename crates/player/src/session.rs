//! Scripted sessions: what a game would do, written down, so a session renders offline and
//! deterministically (`leitmotif adapt STORY.toml --script SESSION.toml`). The format is
//! documented in docs/player.md:
//!
//! ```toml
//! duration = 180            # seconds of audio to render
//! [[at]]
//! time = 0                  # seconds from the start (or "1:10")
//! emotion = "mysterious"    # or valence = -0.2, arousal = -0.1
//! intensity = 0.3           # 0..1, reached over `over` seconds (default 0: at once)
//! focus = "kaito"           # a theme id
//! [[at]]
//! time = 70
//! stinger = "shade"
//! transition = "beat"       # beat | bar | phrase, for the changes that follow
//! ```
//!
//! Every problem is reported with file, line and column, and nothing is rendered.

// The error carries the whole source text so it can be rendered on its own (as a story's does).
#![allow(clippy::result_large_err)]

use crate::command::{Command, Mood, Quantize};
use crate::repertoire::Repertoire;
use leitmotif_story::time_value::parse_time;
use leitmotif_theory::NamedEmotion;
use serde::Deserialize;
use std::ops::Range;
use std::path::Path;
use toml::Spanned;

/// A session error: located in the script like a story error.
pub type SessionError = leitmotif_story::StoryError;

/// Longest session: a day of audio.
pub const MAX_SESSION_SECONDS: f64 = 86_400.0;

/// A validated session: commands at times, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    pub duration_seconds: f64,
    /// (seconds, command), in time order; commands of one entry in the order written above.
    pub commands: Vec<(f64, Command)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSession {
    duration: Spanned<TimeValue>,
    #[serde(default)]
    at: Vec<Spanned<RawAt>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAt {
    time: Spanned<TimeValue>,
    emotion: Option<Spanned<String>>,
    valence: Option<Spanned<f64>>,
    arousal: Option<Spanned<f64>>,
    intensity: Option<Spanned<f64>>,
    over: Option<Spanned<f64>>,
    focus: Option<Spanned<String>>,
    stinger: Option<Spanned<String>>,
    transition: Option<Spanned<String>>,
    pause: Option<Spanned<bool>>,
    resume: Option<Spanned<bool>>,
    stop: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TimeValue {
    Seconds(f64),
    Text(String),
}

struct Ctx<'a> {
    file: &'a str,
    source: &'a str,
}

impl Ctx<'_> {
    fn error(&self, span: Range<usize>, message: String, help: Option<String>) -> SessionError {
        SessionError::at(self.file, self.source, span, message, help)
    }

    fn seconds(&self, name: &str, value: &Spanned<TimeValue>) -> Result<f64, SessionError> {
        let seconds = match value.get_ref() {
            TimeValue::Seconds(s) => *s,
            TimeValue::Text(t) => parse_time(t).map_err(|reason| {
                self.error(
                    value.span(),
                    format!("`{name}` is not a valid time: {reason}"),
                    Some("write seconds (e.g. 70) or \"m:ss\" (e.g. \"1:10\")".into()),
                )
            })?,
        };
        if !seconds.is_finite() || seconds < 0.0 {
            return Err(self.error(
                value.span(),
                format!("`{name}` must be a time of 0 seconds or more, found {seconds}"),
                None,
            ));
        }
        Ok(seconds)
    }

    fn unit(&self, name: &str, v: &Spanned<f64>, lo: f64, hi: f64) -> Result<f64, SessionError> {
        let x = *v.get_ref();
        if x.is_finite() && (lo..=hi).contains(&x) {
            Ok(x)
        } else {
            Err(self.error(
                v.span(),
                format!("`{name}` must be between {lo} and {hi}, found {x}"),
                None,
            ))
        }
    }

    fn theme(
        &self,
        rep: &Repertoire,
        name: &str,
        v: &Spanned<String>,
    ) -> Result<String, SessionError> {
        let id = v.get_ref().trim();
        if rep.has_theme(id) {
            return Ok(id.to_string());
        }
        let known = rep.theme_ids();
        let close = known
            .iter()
            .min_by_key(|k| strsim::levenshtein(k, id))
            .filter(|k| strsim::levenshtein(k, id) <= 2);
        Err(self.error(
            v.span(),
            format!(
                "`{name}` = \"{id}\" is not a theme of this story: expected one of {}",
                known.join(", ")
            ),
            close.map(|c| format!("did you mean \"{c}\"?")),
        ))
    }
}

/// Parses and checks a session script against the story's themes.
pub fn parse_session(source: &str, file: &str, rep: &Repertoire) -> Result<Session, SessionError> {
    let ctx = Ctx { file, source };
    let raw: RawSession = toml::from_str(source).map_err(|e| {
        ctx.error(
            e.span().unwrap_or(0..0),
            format!("invalid session: {}", e.message()),
            Some(
                "a session has `duration = SECONDS` and [[at]] entries with `time` and one or \
                 more of emotion, valence/arousal, intensity, over, focus, stinger, transition, \
                 pause, resume, stop"
                    .into(),
            ),
        )
    })?;
    let duration = ctx.seconds("duration", &raw.duration)?;
    if duration <= 0.0 || duration > MAX_SESSION_SECONDS {
        return Err(ctx.error(
            raw.duration.span(),
            format!("`duration` must be more than 0 and at most {MAX_SESSION_SECONDS} seconds, found {duration}"),
            None,
        ));
    }
    let mut commands = Vec::new();
    let mut last = 0.0;
    for entry in &raw.at {
        let at = entry.get_ref();
        let time = ctx.seconds("time", &at.time)?;
        if time < last {
            return Err(ctx.error(
                at.time.span(),
                format!("`time` = {time} comes before the previous entry's {last}: entries must be in time order"),
                None,
            ));
        }
        if time >= duration {
            return Err(ctx.error(
                at.time.span(),
                format!("`time` = {time} is past the session's duration of {duration} seconds"),
                Some("raise `duration` or remove the entry".into()),
            ));
        }
        last = time;
        let mut here = Vec::new();
        if let Some(q) = &at.transition {
            let quantize = Quantize::parse(q.get_ref()).ok_or_else(|| {
                ctx.error(
                    q.span(),
                    format!(
                        "`transition` = \"{}\" is not a quantisation: expected beat, bar or phrase",
                        q.get_ref()
                    ),
                    None,
                )
            })?;
            here.push(Command::Transition(quantize));
        }
        match (&at.emotion, &at.valence, &at.arousal) {
            (Some(name), None, None) => {
                let mood = Mood::parse(name.get_ref()).ok_or_else(|| {
                    let known: Vec<&str> = NamedEmotion::ALL.iter().map(|e| e.name()).collect();
                    ctx.error(
                        name.span(),
                        format!(
                            "`emotion` = \"{}\" is not a known emotion: expected one of {}",
                            name.get_ref(),
                            known.join(", ")
                        ),
                        Some("or give `valence` and `arousal` (each -1..1) instead".into()),
                    )
                })?;
                here.push(Command::Emotion(mood));
            }
            (None, Some(v), Some(a)) => {
                let v = ctx.unit("valence", v, -1.0, 1.0)?;
                let a = ctx.unit("arousal", a, -1.0, 1.0)?;
                here.push(Command::Emotion(Mood::point(v, a)));
            }
            (None, None, None) => {}
            (Some(name), _, _) => {
                return Err(ctx.error(
                    name.span(),
                    "give either `emotion` or `valence` and `arousal`, not both".into(),
                    None,
                ))
            }
            (None, Some(x), None) | (None, None, Some(x)) => {
                return Err(ctx.error(
                    x.span(),
                    "`valence` and `arousal` go together: give both".into(),
                    None,
                ))
            }
        }
        if let Some(i) = &at.intensity {
            let value = ctx.unit("intensity", i, 0.0, 1.0)?;
            let seconds = match &at.over {
                Some(o) => ctx.unit("over", o, 0.0, 600.0)?,
                None => 0.0,
            };
            here.push(Command::Intensity { value, seconds });
        } else if let Some(o) = &at.over {
            return Err(ctx.error(
                o.span(),
                "`over` needs an `intensity` to glide to".into(),
                None,
            ));
        }
        if let Some(f) = &at.focus {
            here.push(Command::Focus(ctx.theme(rep, "focus", f)?));
        }
        if let Some(s) = &at.stinger {
            here.push(Command::Stinger(ctx.theme(rep, "stinger", s)?));
        }
        if at.pause.as_ref().is_some_and(|p| *p.get_ref()) {
            here.push(Command::Pause { seconds: 0.05 });
        }
        if at.resume.as_ref().is_some_and(|p| *p.get_ref()) {
            here.push(Command::Resume { seconds: 0.05 });
        }
        if let Some(s) = &at.stop {
            let seconds = ctx.unit("stop", s, 0.0, 60.0)?;
            here.push(Command::Stop { seconds });
        }
        if here.is_empty() {
            return Err(ctx.error(
                entry.span(),
                format!("the entry at {time} s does nothing"),
                Some(
                    "add emotion, intensity, focus, stinger, transition, pause, resume or stop"
                        .into(),
                ),
            ));
        }
        commands.extend(here.into_iter().map(|c| (time, c)));
    }
    Ok(Session {
        duration_seconds: duration,
        commands,
    })
}

/// Reads and checks a session file.
pub fn load_session(path: &Path, rep: &Repertoire) -> Result<Session, SessionError> {
    let file = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|e| {
        SessionError::unlocated(&file, format!("cannot read session `{file}`: {e}"), None)
    })?;
    parse_session(&source, &file, rep)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rep() -> Repertoire {
        let story = leitmotif_story::parse_story(
            "title = \"S\"\nseed = 1\n[[character]]\nid = \"kaito\"\nname = \"K\"\n\
             [[character]]\nid = \"shade\"\nname = \"S\"\n\
             [[scene]]\nid = \"a\"\nduration = 30\nemotion = \"calm\"\ncharacters = [\"kaito\"]\n",
            "s.toml",
        )
        .unwrap();
        Repertoire::new(story)
    }

    #[test]
    fn the_documented_example_parses_in_order() {
        let text = "duration = 180\n[[at]]\ntime = 0\nemotion = \"mysterious\"\nintensity = 0.3\n\
                    focus = \"kaito\"\n[[at]]\ntime = \"1:10\"\nstinger = \"shade\"\n";
        let s = parse_session(text, "s.toml", &rep()).unwrap();
        assert_eq!(s.duration_seconds, 180.0);
        assert_eq!(s.commands.len(), 4);
        assert_eq!(s.commands[3], (70.0, Command::Stinger("shade".into())));
        assert!(
            matches!(s.commands[0].1, Command::Emotion(m) if m.name == NamedEmotion::Mysterious)
        );
    }

    fn error(text: &str) -> SessionError {
        parse_session(text, "s.toml", &rep()).unwrap_err()
    }

    #[test]
    fn mistakes_are_located_and_explained() {
        let e = error("duration = 60\n[[at]]\ntime = 0\nfocus = \"kiato\"\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("not a theme"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("did you mean \"kaito\"?"));
        let e = error("duration = 60\n[[at]]\ntime = 0\nemotion = \"grumpy\"\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("not a known emotion"));
        let e = error(
            "duration = 60\n[[at]]\ntime = 30\nintensity = 1\n[[at]]\ntime = 10\nintensity = 0\n",
        );
        assert_eq!(e.line, 6);
        assert!(e.message.contains("time order"));
        let e = error("duration = 60\n[[at]]\ntime = 60\nintensity = 1\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("past the session's duration"));
        let e = error("duration = 60\n[[at]]\ntime = 1\nintensity = 1.5\n");
        assert_eq!(e.line, 4);
        let e = error("duration = 60\n[[at]]\ntime = 1\ntempo = 3\n");
        assert_eq!(e.line, 4, "{}", e.message);
        let e = error("duration = 60\n[[at]]\ntime = 1\nvalence = 0.3\n");
        assert!(e.message.contains("go together"));
        let e = error("[[at]]\ntime = 1\nintensity = 0.3\n");
        assert!(e.message.contains("duration"), "{}", e.message);
    }
}
