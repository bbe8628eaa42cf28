//! The public entry points: text -> [`Story`], and file -> [`Story`].
//!
//! Reading is separated from parsing so the CLI, the tests and the web studio can all hand in
//! text; `load_story` adds only what a file can get wrong (missing, binary, not UTF-8).

// The error carries the whole source text so it can be rendered on its own; it is built once, on
// a cold path, so its size does not matter and the agreed API returns it unboxed.
#![allow(clippy::result_large_err)]

use crate::error::StoryError;
use crate::model::Story;
use crate::validate::validate;
use std::path::Path;
use toml::de::DeTable;

/// Parses and validates a story. `file_name` is used only in error messages.
pub fn parse_story(source: &str, file_name: &str) -> Result<Story, StoryError> {
    let doc = DeTable::parse(source).map_err(|e| syntax_error(&e, source, file_name))?;
    validate(source, doc.get_ref()).map_err(|p| p.into_error(file_name, source))
}

/// Reads a story file and parses it with [`parse_story`].
pub fn load_story(path: &Path) -> Result<Story, StoryError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => format!("story file `{file}` not found"),
            _ => format!("cannot read story file `{file}`: {e}"),
        };
        let help = (e.kind() == std::io::ErrorKind::NotFound)
            .then(|| "check the path; stories are TOML files such as story.toml".to_string());
        StoryError::unlocated(&file, message, help)
    })?;
    let text = decode(&bytes, &file)?;
    parse_story(&text, &file)
}

/// The file's text, or an error if it is binary or not UTF-8.
fn decode(bytes: &[u8], file: &str) -> Result<String, StoryError> {
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        // Binary data is not shown as source: it could garble the terminal.
        return Err(StoryError::unlocated(
            file,
            format!(
                "`{file}` is a binary file, not a TOML story: expected text, found a NUL byte at byte offset {at}"
            ),
            Some("a story is a UTF-8 text file written in TOML".to_string()),
        ));
    }
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => Ok(text),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // The lossy text keeps the valid prefix byte for byte, so `at` is still the offset of
            // the bad byte (now a 3-byte replacement character) in it.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
            let help = if utf16 {
                "the file looks like UTF-16; save it as UTF-8"
            } else {
                "save the file as UTF-8"
            };
            Err(StoryError::at(
                file,
                &lossy,
                at..at + '\u{FFFD}'.len_utf8(),
                format!(
                    "`{file}` is not valid UTF-8 text: found byte 0x{:02X} at byte offset {at}",
                    bytes[at]
                ),
                Some(help.to_string()),
            ))
        }
    }
}

/// A TOML syntax error, with a hint for the mistakes story writers make most.
fn syntax_error(e: &toml::de::Error, source: &str, file: &str) -> StoryError {
    let span = e.span().unwrap_or(0..0);
    let found = source.get(span.clone()).unwrap_or("");
    let raw = e.message().trim();
    let (message, help) = if raw == "duplicate key" {
        let first = earlier_line(source, span.start, found)
            .map(|line| format!(": it is already set on line {line}"))
            .unwrap_or_default();
        (
            format!(
                "invalid TOML: duplicate key `{}`{first}",
                crate::suggest::show(found)
            ),
            Some(
                "each key may appear once per table; use [[scene]] (double brackets) to start another scene"
                    .to_string(),
            ),
        )
    } else {
        let help = unquoted_text_hint(source, span.start).or_else(|| {
            (raw.contains("time") || raw.contains("date"))
                .then(|| "put times in quotes: duration = \"1:30\"".to_string())
        });
        (format!("invalid TOML: {raw}"), help)
    };
    StoryError::at(file, source, span, message, help)
}

/// The most common syntax error in a story is a word without quotes (`emotion = tender`), which
/// TOML reports in its own terms ("invalid boolean"). If the line at `offset` is `key = word...`,
/// suggest the quoted form.
fn unquoted_text_hint(source: &str, offset: usize) -> Option<String> {
    let offset = offset.min(source.len());
    let line_start = source.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let line = source.get(line_start..line_end)?;
    let (key, value) = line.split_once('=')?;
    // A comment needs a space before `#` in practice; `F# minor` keeps its sharp.
    let value = value.split(" #").next()?.trim();
    let key = key.trim();
    let bare_word = value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '#' | '/'));
    let literal = matches!(value, "true" | "false" | "inf" | "nan");
    (bare_word && !literal && !key.is_empty()).then(|| {
        format!(
            "put text in quotes: {} = \"{}\"",
            crate::suggest::show(key),
            crate::suggest::show(value)
        )
    })
}

/// The line of an earlier `key = ...` in the same table as the duplicate at `offset`, when a
/// simple backwards scan finds one (not for duplicate table headers or inline tables).
fn earlier_line(source: &str, offset: usize, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let line_start = source.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    if source[line_start..].trim_start().starts_with('[') {
        return None;
    }
    let before: Vec<&str> = source[..line_start].lines().collect();
    for (index, line) in before.iter().enumerate().rev() {
        let line = line.trim_start();
        if line.starts_with('[') {
            return None;
        }
        if let Some(rest) = line.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(index + 1);
            }
        }
    }
    None
}
