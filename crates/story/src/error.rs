//! The one error the story loader returns, located in the source so a user can fix it at once.
//!
//! Validation works on byte spans only (`Problem`); the public [`StoryError`] is made at the
//! edge, where the file name and the full text are known, so line and column are computed in one
//! place and always agree with the span a diagnostics renderer (miette) will underline.

use std::fmt;
use std::ops::Range;

/// A story could not be read or is invalid. Says where (file, line, column, byte span), what was
/// expected and what was found; `help` suggests a fix when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryError {
    /// The file name as given by the caller (or the path for [`crate::load_story`]).
    pub file: String,
    /// 1-based line of the start of `span`.
    pub line: usize,
    /// 1-based column (in characters) of the start of `span`.
    pub column: usize,
    /// Byte range in `source_text` of the offending key or value (may be empty).
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
    /// The text the span points into (empty when the file could not be read as text).
    pub source_text: String,
}

impl StoryError {
    /// An error located at `span` in `source`. The span is clamped into the text and onto
    /// character boundaries, so renderers can slice with it safely.
    pub fn at(
        file: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> StoryError {
        let span = clamp_span(source, span);
        let (line, column) = line_column(source, span.start);
        StoryError {
            file: file.to_string(),
            line,
            column,
            span,
            message: message.into(),
            help,
            source_text: source.to_string(),
        }
    }

    /// An error with no meaningful position (an unreadable file): line 1, column 1, empty span.
    pub fn unlocated(file: &str, message: impl Into<String>, help: Option<String>) -> StoryError {
        StoryError::at(file, "", 0..0, message, help)
    }
}

impl fmt::Display for StoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for StoryError {}

/// What validation reports before the file name is attached: a span, a message and maybe help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn new(span: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            span,
            message: message.into(),
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }

    pub fn maybe_help(mut self, help: Option<String>) -> Problem {
        self.help = help;
        self
    }

    pub fn into_error(self, file: &str, source: &str) -> StoryError {
        StoryError::at(file, source, self.span, self.message, self.help)
    }
}

/// Result of validation steps.
pub(crate) type Checked<T> = Result<T, Problem>;

/// Keeps a span inside `source` and on character boundaries.
fn clamp_span(source: &str, span: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(source.len());
        while !source.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    let end = floor(span.end.max(span.start)).max(start);
    start..end
}

/// 1-based line and character column of a byte offset.
pub(crate) fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = clamp_span(source, offset..offset).start;
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// 1-based line of a byte offset, for "first defined on line N" notes.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    line_column(source, offset).0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_from_one() {
        let src = "a = 1\nbé = \"x\"\n";
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 6), (2, 1));
        // "bé" is 3 bytes; the space after it is the third character.
        assert_eq!(line_column(src, 9), (2, 3));
        assert_eq!(line_column(src, 1000), (3, 1));
    }

    #[test]
    fn spans_are_clamped_to_the_text_and_char_boundaries() {
        let e = StoryError::at("f.toml", "é", 1..9, "m", None);
        assert_eq!(e.span, 0..2);
        let (start, end) = (5, 2);
        let e = StoryError::at("f.toml", "abc", start..end, "m", None);
        assert_eq!(e.span, 3..3);
    }

    #[test]
    fn display_is_file_line_column_message_and_help() {
        let e = StoryError::at("s.toml", "x\ny", 2..3, "bad", Some("fix it".into()));
        assert_eq!(e.to_string(), "s.toml:2:1: bad\n  help: fix it");
        let e = StoryError::unlocated("s.toml", "gone", None);
        assert_eq!(e.to_string(), "s.toml:1:1: gone");
    }
}
