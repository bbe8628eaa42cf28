//! Turning failures into messages a user can act on: story errors are rendered by miette with the
//! offending line underlined; output errors say which path failed and why.

use leitmotif_export::ExportError;
use leitmotif_story::StoryError;
use miette::{Diagnostic, LabeledSpan, NamedSource, Report};
use std::fmt;

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The story is unreadable or invalid (exit code 2).
    Story(Box<StoryError>),
    /// Output could not be written (exit code 1).
    Output(ExportError),
    /// A screenplay could not be read or has no scenes (exit code 2).
    Screenplay(leitmotif_screenplay::ImportError),
    /// The arguments contradict each other (exit code 2).
    Usage(String),
    /// A MIDI file or SoundFont given to render is unusable (exit code 2).
    Render(leitmotif_render::RenderError),
    /// The adaptive player failed: a story or session error is reported as one (exit code 2),
    /// a write or device failure with its cause (exit code 1).
    Player(leitmotif_player::PlayerError),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Story(_) | Failure::Screenplay(_) | Failure::Usage(_) | Failure::Render(_) => {
                2
            }
            Failure::Output(_) => 1,
            Failure::Player(leitmotif_player::PlayerError::Write { .. })
            | Failure::Player(leitmotif_player::PlayerError::Device(_)) => 1,
            Failure::Player(_) => 2,
        }
    }
}

impl From<StoryError> for Failure {
    fn from(e: StoryError) -> Self {
        Failure::Story(Box::new(e))
    }
}

impl From<ExportError> for Failure {
    fn from(e: ExportError) -> Self {
        Failure::Output(e)
    }
}

/// A story error as a miette diagnostic.
#[derive(Debug)]
struct StoryDiagnostic {
    error: StoryError,
}

impl fmt::Display for StoryDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.error.file, self.error.line, self.error.column, self.error.message
        )
    }
}

impl std::error::Error for StoryDiagnostic {}

impl Diagnostic for StoryDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new("leitmotif::story"))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.error
            .help
            .as_ref()
            .map(|h| Box::new(h.clone()) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.error.source_text.is_empty() {
            return None;
        }
        let span = self.error.span.clone();
        let len = span.end.saturating_sub(span.start);
        Some(Box::new(std::iter::once(LabeledSpan::new(
            Some("here".into()),
            span.start,
            len,
        ))))
    }
}

/// Sets up the diagnostics renderer: no line wrapping, so `file:line:column` always stays on one
/// line that editors and scripts can match, whatever the path length or terminal width.
pub fn install() {
    let _ = miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }));
}

/// Prints the failure to standard error.
pub fn report(failure: &Failure) {
    match failure {
        Failure::Story(e) => {
            let source = NamedSource::new(e.file.clone(), e.source_text.clone());
            let report = Report::new(StoryDiagnostic {
                error: (**e).clone(),
            })
            .with_source_code(source);
            eprintln!("{report:?}");
        }
        Failure::Output(e) => eprintln!("error: {e}"),
        Failure::Screenplay(leitmotif_screenplay::ImportError::Invalid { error, .. }) => {
            report(&Failure::Story(error.clone()))
        }
        Failure::Screenplay(e) => eprintln!("error: {e}"),
        Failure::Usage(m) => eprintln!("error: {m}"),
        Failure::Render(e) => eprintln!("error: {e}"),
        Failure::Player(leitmotif_player::PlayerError::Source(e)) => {
            report(&Failure::Story(e.clone()))
        }
        Failure::Player(e) => eprintln!("error: {e}"),
    }
}
