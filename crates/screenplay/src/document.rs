//! The screenplay document model shared by the Fountain and Final Draft readers, and the pieces of
//! parsing both formats share (scene heading and character cue splitting, limits, warnings).

use thiserror::Error;

/// The largest input either reader accepts, in bytes (a feature script is about 200 KB).
pub const MAX_INPUT_BYTES: usize = 5 * 1024 * 1024;

/// Longer lines are truncated to this many characters (with a warning) before they are read.
pub const MAX_LINE_CHARS: usize = 10_000;

/// At most this many warnings are kept; one more warning says how many were left out.
pub const MAX_WARNINGS: usize = 1_000;

/// A parsed screenplay.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Title-page key/values in order (keys as written, e.g. "Title", "Credit", "Author").
    /// Multi-line values keep their lines, joined with `\n`.
    pub title_page: Vec<(String, String)>,
    pub elements: Vec<Element>,
    pub warnings: Vec<Warning>,
}

impl Document {
    /// The "Title" title-page value (key matched case-insensitively), with Fountain emphasis
    /// markers (`*`, `**`, `_`) stripped and its lines joined by single spaces. `None` when there is
    /// no title or it is blank.
    ///
    /// Returns an owned string because the stored value is cleaned up, not borrowed as is.
    pub fn title(&self) -> Option<String> {
        let (_, value) = self
            .title_page
            .iter()
            .find(|(k, _)| k.trim().eq_ignore_ascii_case("title"))?;
        let clean = strip_emphasis(value);
        let joined = clean.split_whitespace().collect::<Vec<_>>().join(" ");
        (!joined.is_empty()).then_some(joined)
    }
}

/// One screenplay element.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// 1-based line where it starts (for FDX: the XML line of the paragraph).
    pub line: usize,
    pub kind: ElementKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ElementKind {
    /// INT. KITCHEN - NIGHT  → prefix Some("INT."), location "KITCHEN", time Some("NIGHT"); forced ".KITCHEN" → prefix None, forced true.
    /// Scene numbers like "#12#" at the end are stripped into `number`.
    ///
    /// `text` is the heading as written without the forcing `.` and the scene number; `prefix` is
    /// upper-cased; the time of day is what follows the last ` - ` (also ` -- `, ` – `, ` — `).
    SceneHeading {
        text: String,
        prefix: Option<String>,
        location: String,
        time_of_day: Option<String>,
        forced: bool,
        number: Option<String>,
    },
    /// Action lines of one paragraph, joined with `\n` (Fountain keeps the writer's indentation).
    /// `centered` for Fountain `> text <` (and FDX action paragraphs aligned to the centre).
    Action { text: String, centered: bool },
    /// name is normalised: upper-case, extensions removed: "MINA (V.O.)" → name "MINA", extensions ["V.O."]; "(CONT'D)" also removed into extensions; forced "@McCLANE" → name "MCCLANE"; dual dialogue marker "^" sets dual = true.
    ///
    /// Only the cue carrying `^` (the second speaker of a dual dialogue) has `dual` set.
    Character {
        name: String,
        extensions: Vec<String>,
        dual: bool,
    },
    /// As written, parentheses included: "(beat)".
    Parenthetical(String),
    /// Consecutive dialogue lines joined with `\n`.
    Dialogue(String),
    /// CUT TO:, SMASH CUT TO:, FADE OUT., forced "> TEXT" (but "> TEXT <" is centered action).
    Transition(String),
    /// Consecutive `~` lines joined with `\n`, without the `~`.
    Lyrics(String),
    /// `#` sections: depth is the number of `#`.
    Section { depth: usize, text: String },
    /// `=` synopsis text.
    Synopsis(String),
    /// `===`.
    PageBreak,
    /// The text of a `[[note]]` (notes may be inline in other elements or standalone; standalone note lines become Note elements; inline notes are removed from the host text and ALSO emitted as Note elements right after it, same line).
    ///
    /// The line of a note is the line where its `[[` is (the host's line for a one-line host).
    /// Multi-line notes keep their lines, joined with `\n`.
    Note(String),
}

/// Something the reader did not understand (the text is still kept, usually as action).
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// 1-based line (for FDX: the XML line).
    pub line: usize,
    pub message: String,
}

/// Why a screenplay could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ParseError {
    #[error("the screenplay is {bytes} bytes: expected at most {limit} bytes (5 MB)")]
    TooLarge { bytes: usize, limit: usize },
    /// Malformed Final Draft XML. The message does not repeat the line (see [`ParseError::line`]).
    #[error("{message}")]
    Xml { line: usize, message: String },
}

impl ParseError {
    /// The 1-based line the error is about, if it is about a line.
    pub fn line(&self) -> Option<usize> {
        match self {
            ParseError::TooLarge { .. } => None,
            ParseError::Xml { line, .. } => Some(*line),
        }
    }
}

/// Refuses inputs over [`MAX_INPUT_BYTES`].
pub(crate) fn check_size(bytes: usize) -> Result<(), ParseError> {
    if bytes > MAX_INPUT_BYTES {
        return Err(ParseError::TooLarge {
            bytes,
            limit: MAX_INPUT_BYTES,
        });
    }
    Ok(())
}

/// Collects warnings, keeping at most [`MAX_WARNINGS`].
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    list: Vec<Warning>,
    left_out: usize,
    last_left_out_line: usize,
}

impl Warnings {
    pub(crate) fn push(&mut self, line: usize, message: impl Into<String>) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(Warning {
                line,
                message: message.into(),
            });
        } else {
            self.left_out += 1;
            self.last_left_out_line = line;
        }
    }

    pub(crate) fn finish(mut self) -> Vec<Warning> {
        if self.left_out > 0 {
            let message = format!(
                "{} more warnings were left out (at most {MAX_WARNINGS} are reported)",
                self.left_out
            );
            self.list.push(Warning {
                line: self.last_left_out_line,
                message,
            });
        }
        self.list
    }
}

/// Removes Fountain emphasis markers (`*`, `_`); `\*` and `\_` stay as literal characters.
fn strip_emphasis(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('*' | '_')) => out.extend(chars.next()),
            '*' | '_' => {}
            c => out.push(c),
        }
    }
    out
}

/// Scene heading prefixes, longest first (matched case-insensitively, then followed by `.` or
/// white space).
const HEADING_PREFIXES: [&str; 9] = [
    "INT./EXT", "EXT./INT", "INT/EXT", "EXT/INT", "I/E", "E/I", "INT", "EXT", "EST",
];

/// Splits a scene heading prefix off: `("INT.", rest)`. `None` when the text does not start with
/// one of INT, EXT, EST, INT./EXT, INT/EXT, I/E (any case) followed by a dot or white space.
pub(crate) fn heading_prefix(text: &str) -> Option<(String, &str)> {
    for p in HEADING_PREFIXES {
        let Some(head) = text.get(..p.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(p) {
            continue;
        }
        let after = &text[p.len()..];
        match after.chars().next() {
            Some('.') => return Some((format!("{p}."), after[1..].trim())),
            Some(c) if c.is_whitespace() => return Some((p.to_string(), after.trim())),
            _ => {}
        }
    }
    None
}

/// Separators before the time of day; the last one in the heading wins.
const TIME_SEPARATORS: [&str; 4] = [" - ", " -- ", " – ", " — "];

/// Splits a scene heading (without a forcing `.`) into its parts. Used by both readers.
pub(crate) fn scene_heading(text: &str, forced: bool) -> ElementKind {
    let mut text = text.trim();
    let mut number = None;
    if let Some(body) = text.strip_suffix('#') {
        if let Some(open) = body.rfind('#') {
            let n = &body[open + 1..];
            if !n.is_empty()
                && n.chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.')
            {
                number = Some(n.to_string());
                text = body[..open].trim_end();
            }
        }
    }
    let (prefix, rest) = match heading_prefix(text) {
        Some((p, rest)) => (Some(p), rest),
        None => (None, text),
    };
    let split = TIME_SEPARATORS
        .iter()
        .filter_map(|sep| rest.rfind(sep).map(|at| (at, sep.len())))
        .max_by_key(|&(at, _)| at);
    let (location, time_of_day) = match split {
        Some((at, len)) => {
            let time = rest[at + len..].trim();
            (
                rest[..at].trim(),
                (!time.is_empty()).then(|| time.to_string()),
            )
        }
        None => (rest.trim(), None),
    };
    ElementKind::SceneHeading {
        text: text.to_string(),
        prefix,
        location: location.to_string(),
        time_of_day,
        forced,
        number,
    }
}

/// The part of a cue before its extensions and dual marker.
pub(crate) fn cue_name_part(text: &str) -> &str {
    let text = text.trim();
    let text = text.strip_suffix('^').unwrap_or(text).trim_end();
    text.find('(').map_or(text, |at| &text[..at]).trim()
}

/// Reads a character cue (without a forcing `@`): the name upper-cased with its white space
/// collapsed, the parenthesised extensions, and a trailing `^`. `None` when there is no name.
pub(crate) fn character_cue(text: &str) -> Option<ElementKind> {
    let text = text.trim();
    let (text, dual) = match text.strip_suffix('^') {
        Some(t) => (t.trim_end(), true),
        None => (text, false),
    };
    let name_end = text.find('(').unwrap_or(text.len());
    let name = text[..name_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if name.is_empty() {
        return None;
    }
    let mut extensions = Vec::new();
    let mut rest = text[name_end..].trim_start();
    while !rest.is_empty() {
        let (ext, next) = match rest.strip_prefix('(') {
            Some(inner) => match inner.find(')') {
                Some(close) => (&inner[..close], &inner[close + 1..]),
                None => (inner, ""),
            },
            None => match rest.find('(') {
                Some(open) => (&rest[..open], &rest[open..]),
                None => (rest, ""),
            },
        };
        let ext = ext.trim();
        if !ext.is_empty() {
            extensions.push(ext.to_string());
        }
        rest = next.trim_start();
    }
    Some(ElementKind::Character {
        name,
        extensions,
        dual,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_split() {
        assert_eq!(
            scene_heading("INT. KITCHEN - NIGHT", false),
            ElementKind::SceneHeading {
                text: "INT. KITCHEN - NIGHT".into(),
                prefix: Some("INT.".into()),
                location: "KITCHEN".into(),
                time_of_day: Some("NIGHT".into()),
                forced: false,
                number: None
            }
        );
        let ElementKind::SceneHeading {
            prefix,
            location,
            time_of_day,
            number,
            text,
            ..
        } = scene_heading("int./ext. st. mary's - room 12 - day #12A#", false)
        else {
            panic!()
        };
        assert_eq!(prefix.as_deref(), Some("INT./EXT."));
        assert_eq!(location, "st. mary's - room 12");
        assert_eq!(time_of_day.as_deref(), Some("day"));
        assert_eq!(number.as_deref(), Some("12A"));
        assert_eq!(text, "int./ext. st. mary's - room 12 - day");
        assert!(heading_prefix("INTERIOR").is_none());
        assert!(heading_prefix("ÉST").is_none());
        assert_eq!(
            heading_prefix("I/E car").map(|p| p.0),
            Some("I/E".to_string())
        );
    }

    #[test]
    fn cues_split() {
        assert_eq!(
            character_cue("Mina  Lee (V.O.) (cont'd) ^"),
            Some(ElementKind::Character {
                name: "MINA LEE".into(),
                extensions: vec!["V.O.".into(), "cont'd".into()],
                dual: true
            })
        );
        assert_eq!(character_cue("(V.O.)"), None);
        assert_eq!(
            character_cue("BOB (O.S."),
            Some(ElementKind::Character {
                name: "BOB".into(),
                extensions: vec!["O.S.".into()],
                dual: false
            })
        );
        assert_eq!(cue_name_part("BOB (O.S.) ^"), "BOB");
    }

    #[test]
    fn title_strips_emphasis() {
        let doc = Document {
            title_page: vec![(
                "TITLE".into(),
                "_**BRICK & STEEL**_\n*FULL \\*RETIRED*".into(),
            )],
            ..Default::default()
        };
        assert_eq!(doc.title().as_deref(), Some("BRICK & STEEL FULL *RETIRED"));
        assert_eq!(Document::default().title(), None);
    }
}
