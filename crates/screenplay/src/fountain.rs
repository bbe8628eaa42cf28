//! A Fountain (<https://fountain.io/syntax>) reader.
//!
//! The text is read in three passes over its lines, which keep their numbers throughout:
//!
//! 1. lines are split (`\n`, `\r\n`), and lines over [`MAX_LINE_CHARS`] characters truncated;
//! 2. boneyard (`/* ... */`, possibly over many lines) is removed, then notes (`[[ ... ]]`,
//!    possibly over lines but not over a blank line) are taken out of the text;
//! 3. the title page, then the elements are recognised line by line, looking one line ahead.
//!
//! Nothing is an error except input over [`MAX_INPUT_BYTES`](crate::document::MAX_INPUT_BYTES): what is not understood is action,
//! with a warning naming its line.

use crate::document::ParseError;
use crate::document::{
    character_cue, check_size, cue_name_part, heading_prefix, scene_heading, Document, Element,
    ElementKind, Warnings, MAX_LINE_CHARS,
};
use std::borrow::Cow;

/// Parses Fountain text. `Err` only for input over [`MAX_INPUT_BYTES`](crate::document::MAX_INPUT_BYTES).
pub fn parse_fountain(text: &str) -> Result<Document, ParseError> {
    check_size(text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut warnings = Warnings::default();
    let mut lines = split_lines(text, &mut warnings);
    let mut removed = vec![false; lines.len()];
    remove_boneyard(&mut lines, &mut removed, &mut warnings);
    let notes = take_notes(&mut lines, &mut removed, &mut warnings);
    // a line that held only boneyard or notes is gone (its notes are still emitted)
    let dropped: Vec<bool> = lines
        .iter()
        .zip(&removed)
        .map(|(l, &r)| r && l.trim().is_empty())
        .collect();
    let mut reader = Reader {
        lines: &lines,
        dropped: &dropped,
        notes,
        next_note: 0,
        out: Out::default(),
        warnings,
    };
    let (title_page, body) = reader.title_page();
    reader.body(body);
    let Reader {
        mut out, warnings, ..
    } = reader;
    out.flush();
    Ok(Document {
        title_page,
        elements: out.elements,
        warnings: warnings.finish(),
    })
}

/// Splits lines on `\n` (dropping a `\r` before it) and truncates very long lines.
fn split_lines<'a>(text: &'a str, warnings: &mut Warnings) -> Vec<Cow<'a, str>> {
    text.split('\n')
        .enumerate()
        .map(|(i, line)| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.len() > MAX_LINE_CHARS {
                if let Some((cut, _)) = line.char_indices().nth(MAX_LINE_CHARS) {
                    warnings.push(i + 1, format!("line is longer than {MAX_LINE_CHARS} characters; expected shorter lines, the rest was cut off"));
                    return Cow::Borrowed(&line[..cut]);
                }
            }
            Cow::Borrowed(line)
        })
        .collect()
}

/// Removes `/* ... */` boneyard (which may span lines, blank ones included). A `/*` with no `*/`
/// anywhere after it is kept as text, with a warning.
fn remove_boneyard(lines: &mut [Cow<'_, str>], removed: &mut [bool], warnings: &mut Warnings) {
    // the last `*/` of the text: an opener before it is closed, one after it never is
    let last_close = lines
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, l)| l.rfind("*/").map(|at| (i, at)));
    let mut inside = false;
    let mut warned = false;
    for (i, slot) in lines.iter_mut().enumerate() {
        let line: &str = slot;
        if !inside && !line.contains("/*") {
            continue;
        }
        let mut kept = String::new();
        let mut touched = inside;
        let mut pos = 0;
        loop {
            if inside {
                match line[pos..].find("*/") {
                    Some(at) => {
                        pos += at + 2;
                        inside = false;
                    }
                    None => break,
                }
            } else {
                match line[pos..].find("/*") {
                    Some(at) => {
                        let open = pos + at;
                        if last_close.is_some_and(|c| c >= (i, open + 2)) {
                            kept.push_str(&line[pos..open]);
                            touched = true;
                            inside = true;
                        } else {
                            if !warned {
                                warnings.push(i + 1, "unterminated boneyard: expected `*/` to close this `/*`; the text is kept");
                                warned = true;
                            }
                            kept.push_str(&line[pos..open + 2]);
                        }
                        pos = open + 2;
                    }
                    None => {
                        kept.push_str(&line[pos..]);
                        break;
                    }
                }
            }
        }
        if touched {
            removed[i] = true;
            *slot = Cow::Owned(kept);
        }
    }
}

/// A note: the index of the line its `[[` is on, and its text.
type Note = (usize, String);

/// Takes `[[ ... ]]` notes out of the lines. A note may go on over several lines but not over a
/// blank line (a line of two spaces is not blank); a `[[` with no `]]` before the next blank line
/// is kept as text, with a warning.
fn take_notes(
    lines: &mut [Cow<'_, str>],
    removed: &mut [bool],
    warnings: &mut Warnings,
) -> Vec<Note> {
    let is_blank = |l: &str| l.trim().is_empty() && l != "  ";
    let mut notes = Vec::new();
    // an open note: the line of its `[[` and its text so far
    let mut open: Option<Note> = None;
    // no `]]` before this line index (from a failed search), so openers before it are unclosed
    let mut unclosed_until = 0;
    for i in 0..lines.len() {
        if open.is_none() && !lines[i].contains("[[") {
            continue;
        }
        let mut kept = String::new();
        let mut pos = 0;
        let mut touched = open.is_some();
        let mut warned_this_line = false;
        {
            let line: &str = &lines[i];
            loop {
                if let Some((_, buf)) = open.as_mut() {
                    match line[pos..].find("]]") {
                        Some(at) => {
                            buf.push_str(&line[pos..pos + at]);
                            pos += at + 2;
                            let (at_line, text) = open.take().unwrap_or_default();
                            notes.push((at_line, text.trim().to_string()));
                        }
                        None => {
                            buf.push_str(&line[pos..]);
                            buf.push('\n');
                            break;
                        }
                    }
                } else {
                    match line[pos..].find("[[") {
                        Some(at) => {
                            let start = pos + at;
                            let body = start + 2;
                            let closed = line[body..].contains("]]")
                                || (i >= unclosed_until
                                    && closes_later(lines, i, &mut unclosed_until, is_blank));
                            if closed {
                                kept.push_str(&line[pos..start]);
                                touched = true;
                                open = Some((i, String::new()));
                            } else {
                                if !warned_this_line {
                                    warnings.push(i + 1, "unterminated note: expected `]]` to close this `[[` before the next blank line; the text is kept");
                                    warned_this_line = true;
                                }
                                kept.push_str(&line[pos..body]);
                            }
                            pos = body;
                        }
                        None => {
                            kept.push_str(&line[pos..]);
                            break;
                        }
                    }
                }
            }
        }
        if touched {
            removed[i] = true;
            lines[i] = Cow::Owned(kept);
        }
    }
    notes
}

/// Whether a `]]` comes on the lines after `i`, before the next blank line. On failure, remembers
/// where the search stopped so that later openers in the same paragraph are not searched again.
fn closes_later(
    lines: &[Cow<'_, str>],
    i: usize,
    unclosed_until: &mut usize,
    is_blank: impl Fn(&str) -> bool,
) -> bool {
    for (j, line) in lines.iter().enumerate().skip(i + 1) {
        if is_blank(line) {
            *unclosed_until = j;
            return false;
        }
        if line.contains("]]") {
            return true;
        }
    }
    *unclosed_until = lines.len();
    false
}

/// What the next line that is still there is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    End,
    Blank,
    Text,
}

/// A multi-line element being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Action { centered: bool },
    Dialogue,
    Lyrics,
}

#[derive(Debug)]
struct Pending {
    kind: Open,
    /// The line of its first non-empty line.
    line: Option<usize>,
    /// Its lines so far, each ended by `\n`, without leading empty lines.
    text: String,
    notes: Vec<Note>,
}

impl Pending {
    fn push_line(&mut self, line: usize, text: &str) {
        if self.text.is_empty() && text.is_empty() {
            return;
        }
        self.line.get_or_insert(line);
        self.text.push_str(text);
        self.text.push('\n');
    }
}

/// The elements read so far, and the multi-line element still being read.
#[derive(Debug, Default)]
struct Out {
    elements: Vec<Element>,
    pending: Option<Pending>,
}

impl Out {
    fn push_notes(&mut self, notes: Vec<Note>) {
        self.elements
            .extend(notes.into_iter().map(|(i, text)| Element {
                line: i + 1,
                kind: ElementKind::Note(text),
            }));
    }

    /// Ends the multi-line element being read, if any.
    fn flush(&mut self) {
        let Some(Pending {
            kind,
            line,
            mut text,
            notes,
        }) = self.pending.take()
        else {
            return;
        };
        if let Some(line) = line {
            text.truncate(text.trim_end_matches('\n').len());
            let kind = match kind {
                Open::Action { centered } => ElementKind::Action { text, centered },
                Open::Dialogue => ElementKind::Dialogue(text),
                Open::Lyrics => ElementKind::Lyrics(text),
            };
            self.elements.push(Element { line, kind });
        }
        self.push_notes(notes);
    }

    /// Adds a line to the element being read if it is of the same kind, else starts a new one.
    fn add_line(&mut self, kind: Open, line: usize, text: &str, notes: Vec<Note>) {
        if !self.pending.as_ref().is_some_and(|p| p.kind == kind) {
            self.flush();
            self.pending = Some(Pending {
                kind,
                line: None,
                text: String::new(),
                notes: Vec::new(),
            });
        }
        if let Some(p) = &mut self.pending {
            p.push_line(line, text);
            p.notes.extend(notes);
        }
    }

    /// A one-line element, followed by its notes.
    fn push(&mut self, line: usize, kind: ElementKind, notes: Vec<Note>) {
        self.flush();
        self.elements.push(Element { line, kind });
        self.push_notes(notes);
    }

    /// Notes of a line that held nothing else: they go with the element being read, if any.
    fn add_notes(&mut self, notes: Vec<Note>) {
        match &mut self.pending {
            Some(p) => p.notes.extend(notes),
            None => self.push_notes(notes),
        }
    }
}

struct Reader<'l, 'a> {
    lines: &'l [Cow<'a, str>],
    dropped: &'l [bool],
    /// All notes, in order of their lines.
    notes: Vec<Note>,
    next_note: usize,
    out: Out,
    warnings: Warnings,
}

impl Reader<'_, '_> {
    /// The notes that start on line index `i` (lines are visited in order).
    fn notes_of(&mut self, i: usize) -> Vec<Note> {
        let start = self.next_note;
        while self
            .notes
            .get(self.next_note)
            .is_some_and(|(at, _)| *at <= i)
        {
            self.next_note += 1;
        }
        self.notes[start..self.next_note].to_vec()
    }

    fn is_blank(&self, i: usize) -> bool {
        self.lines[i].trim().is_empty()
    }

    /// What follows line index `i`, skipping lines that held only boneyard or notes. A line of two
    /// spaces counts as blank here.
    fn next(&self, i: usize) -> Next {
        match (i + 1..self.lines.len()).find(|&j| !self.dropped[j]) {
            None => Next::End,
            Some(j) if self.is_blank(j) => Next::Blank,
            Some(_) => Next::Text,
        }
    }

    /// Reads the title page (the first block of `Key: value` lines, with indented continuation
    /// lines). Returns it and the index of the first line after it.
    fn title_page(&mut self) -> (Vec<(String, String)>, usize) {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let Some(first) = (0..self.lines.len()).find(|&i| !self.dropped[i] && !self.is_blank(i))
        else {
            return (pairs, 0);
        };
        // an unknown upper-case key is more likely a transition (`FADE IN:`) than a title page
        let starts = title_key(&self.lines[first]).is_some_and(|(key, _)| {
            !is_upper(key) || TITLE_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        });
        if !starts {
            return (pairs, 0);
        }
        // notes before the title page
        for i in 0..first {
            let notes = self.notes_of(i);
            self.out.push_notes(notes);
        }
        let mut i = first;
        while i < self.lines.len() {
            let notes = self.notes_of(i);
            self.out.push_notes(notes);
            if self.dropped[i] {
                i += 1;
                continue;
            }
            let line: &str = &self.lines[i];
            if line.trim().is_empty() {
                break;
            }
            let continuation = line.starts_with([' ', '\t']);
            match title_key(line) {
                Some((key, value)) if !continuation => {
                    pairs.push((key.to_string(), value.to_string()))
                }
                _ => {
                    if !continuation {
                        self.warnings.push(i + 1, "expected `Key: value` or an indented continuation line in the title page; read as part of the previous value");
                    }
                    if let Some((_, value)) = pairs.last_mut() {
                        if !value.is_empty() {
                            value.push('\n');
                        }
                        value.push_str(line.trim());
                    }
                }
            }
            i += 1;
        }
        (pairs, i)
    }

    /// Reads the elements from line index `start` on.
    fn body(&mut self, start: usize) {
        let mut prev_blank = true;
        let mut in_dialogue = false;
        for i in start..self.lines.len() {
            let notes = self.notes_of(i);
            if self.dropped[i] {
                self.out.add_notes(notes);
                continue;
            }
            let n = i + 1;
            let raw: &str = &self.lines[i];
            let t = raw.trim();
            if t.is_empty() {
                // a line of exactly two spaces keeps dialogue or action together
                let keep = raw == "  "
                    && (in_dialogue
                        || matches!(
                            self.out.pending,
                            Some(Pending {
                                kind: Open::Action { centered: false },
                                ..
                            })
                        ));
                if keep {
                    let kind = if in_dialogue {
                        Open::Dialogue
                    } else {
                        Open::Action { centered: false }
                    };
                    self.out.add_line(kind, n, "", notes);
                } else {
                    self.out.flush();
                    self.out.add_notes(notes);
                    prev_blank = true;
                    in_dialogue = false;
                }
                continue;
            }
            if in_dialogue {
                if t.starts_with('(') && t.ends_with(')') {
                    self.out
                        .push(n, ElementKind::Parenthetical(t.to_string()), notes);
                } else if let Some(lyric) = t.strip_prefix('~') {
                    self.out.add_line(Open::Lyrics, n, lyric.trim(), notes);
                } else {
                    self.out.add_line(Open::Dialogue, n, t, notes);
                }
                continue;
            }
            let was_blank = prev_blank;
            prev_blank = false;
            let next = self.next(i);
            if t.len() >= 3 && t.bytes().all(|b| b == b'=') {
                self.out.push(n, ElementKind::PageBreak, notes);
                prev_blank = was_blank;
            } else if t.starts_with('#') {
                let depth = t.bytes().take_while(|&b| b == b'#').count();
                self.out.push(
                    n,
                    ElementKind::Section {
                        depth,
                        text: t[depth..].trim().to_string(),
                    },
                    notes,
                );
                prev_blank = was_blank;
            } else if let Some(synopsis) = t.strip_prefix('=') {
                self.out
                    .push(n, ElementKind::Synopsis(synopsis.trim().to_string()), notes);
                prev_blank = was_blank;
            } else if let Some(lyric) = t.strip_prefix('~') {
                self.out.add_line(Open::Lyrics, n, lyric.trim(), notes);
            } else if let Some(forced) = t.strip_prefix('!') {
                self.out
                    .add_line(Open::Action { centered: false }, n, forced, notes);
            } else if t.len() >= 2 && t.starts_with('>') && t.ends_with('<') {
                self.out.add_line(
                    Open::Action { centered: true },
                    n,
                    t[1..t.len() - 1].trim(),
                    notes,
                );
            } else if let Some(forced) = t.strip_prefix('>') {
                if forced.trim().is_empty() {
                    self.warnings
                        .push(n, "expected a transition after `>`; read as action");
                    self.out
                        .add_line(Open::Action { centered: false }, n, raw.trim_end(), notes);
                } else {
                    self.out
                        .push(n, ElementKind::Transition(forced.trim().to_string()), notes);
                    prev_blank = true;
                }
            } else if was_blank
                && t.strip_prefix('.')
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_alphanumeric)
            {
                self.out.push(n, scene_heading(&t[1..], true), notes);
                // a heading ends its block even without the blank line it should have after it
                prev_blank = true;
            } else if was_blank && heading_prefix(t).is_some() {
                self.out.push(n, scene_heading(t, false), notes);
                prev_blank = true;
            } else if was_blank && is_transition(t) {
                if next == Next::Text {
                    self.warnings.push(
                        n,
                        format!("expected a blank line after the transition `{t}`"),
                    );
                }
                self.out
                    .push(n, ElementKind::Transition(t.to_string()), notes);
                prev_blank = true;
            } else if was_blank && t.starts_with('@') {
                match character_cue(&t[1..]) {
                    Some(cue) if next == Next::Text => {
                        self.out.push(n, cue, notes);
                        in_dialogue = true;
                    }
                    Some(_) => {
                        self.warnings.push(n, format!("expected dialogue on the line after the character cue `{t}`; read as action"));
                        self.out.add_line(
                            Open::Action { centered: false },
                            n,
                            raw.trim_end(),
                            notes,
                        );
                    }
                    None => {
                        self.warnings
                            .push(n, "expected a character name after `@`; read as action");
                        self.out.add_line(
                            Open::Action { centered: false },
                            n,
                            raw.trim_end(),
                            notes,
                        );
                    }
                }
            } else if was_blank && looks_like_cue(t) && next == Next::Text {
                match character_cue(t) {
                    Some(cue) => {
                        self.out.push(n, cue, notes);
                        in_dialogue = true;
                    }
                    None => self.out.add_line(
                        Open::Action { centered: false },
                        n,
                        raw.trim_end(),
                        notes,
                    ),
                }
            } else {
                // a cue with extensions or `^` but no dialogue after it (plain upper-case action such
                // as `THE END` or `BOOM.` is common and not warned about)
                if was_blank && looks_like_cue(t) && cue_name_part(t) != t {
                    let why = if next == Next::End {
                        "the script ends after it"
                    } else {
                        "a blank line follows it"
                    };
                    self.warnings.push(n, format!("`{t}` looks like a character cue but {why}: expected dialogue on the next line; read as action"));
                }
                self.out
                    .add_line(Open::Action { centered: false }, n, raw.trim_end(), notes);
            }
        }
    }
}

/// Title page keys recognised in upper case on the first line of a script.
const TITLE_KEYS: [&str; 12] = [
    "Title",
    "Credit",
    "Author",
    "Authors",
    "Source",
    "Draft date",
    "Date",
    "Contact",
    "Copyright",
    "Notes",
    "Revision",
    "Episode",
];

/// `Key: value` at the start of a title page line (the key starts with a letter and holds letters,
/// digits, spaces, `-`, `_` and `'`; a scene heading is not a key).
fn title_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = line[..colon].trim_end();
    let ok = key.chars().next().is_some_and(char::is_alphabetic)
        && key.chars().count() <= 60
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '\''))
        && heading_prefix(line).is_none();
    ok.then(|| (key, line[colon + 1..].trim()))
}

/// Upper case: at least one letter and no lower-case letter.
fn is_upper(text: &str) -> bool {
    text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_lowercase)
}

/// An unforced transition: upper case and ending in `TO:`, or one of the fade outs.
fn is_transition(t: &str) -> bool {
    is_upper(t)
        && (t.ends_with("TO:")
            || matches!(
                t,
                "FADE OUT."
                    | "FADE OUT"
                    | "FADE TO BLACK."
                    | "FADE TO BLACK"
                    | "CUT TO BLACK."
                    | "CUT TO BLACK"
            ))
}

/// An unforced character cue: the line without its parenthesised extensions and `^` is upper
/// case (the extensions may be lower case) and does not end with `:` (so `FADE IN:` stays action).
/// `SAM (20s) walks in.` is not a cue: outside the parentheses it is not upper case.
fn looks_like_cue(t: &str) -> bool {
    let t = t.strip_suffix('^').unwrap_or(t);
    let mut outside = String::with_capacity(t.len());
    let mut depth = 0usize;
    for c in t.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    let outside = outside.trim();
    is_upper(cue_name_part(t)) && is_upper(outside) && !outside.ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, ElementKind)> {
        parse_fountain(text)
            .unwrap()
            .elements
            .into_iter()
            .map(|e| (e.line, e.kind))
            .collect()
    }

    #[test]
    fn notes_and_boneyard_keep_line_numbers() {
        let k = kinds(
            "[[label x]]\nINT. A - DAY\n\n/* gone\n\nstill gone */\nShe waits. [[emotion grief]]\n",
        );
        assert!(matches!(&k[0], (1, ElementKind::Note(n)) if n == "label x"));
        assert!(matches!(&k[1], (2, ElementKind::SceneHeading { .. })));
        assert_eq!(
            k[2],
            (
                7,
                ElementKind::Action {
                    text: "She waits.".into(),
                    centered: false
                }
            )
        );
        assert_eq!(k[3], (7, ElementKind::Note("emotion grief".into())));
        assert_eq!(k.len(), 4);
    }

    #[test]
    fn two_space_line_keeps_dialogue_together() {
        let k = kinds("\nMINA\nOne.\n  \nTwo.\n");
        assert_eq!(k[1], (3, ElementKind::Dialogue("One.\n\nTwo.".into())));
    }
}
