//! `leitmotif import`: a screenplay in, an editable story file out.

use crate::cli::ImportArgs;
use crate::diagnostics::Failure;
use leitmotif_screenplay::document::Warning;
use std::path::Path;

pub fn run(args: &ImportArgs) -> Result<(), Failure> {
    let imported =
        leitmotif_screenplay::import_file(&args.screenplay).map_err(Failure::Screenplay)?;
    print_warnings(&args.screenplay, &imported.warnings);
    match &args.output {
        None => print!("{}", imported.toml),
        Some(out) => {
            if out == &args.screenplay {
                return Err(Failure::Usage(format!(
                    "{}: the story would overwrite the screenplay; choose another -o",
                    out.display()
                )));
            }
            leitmotif_export::write_atomic(out, imported.toml.as_bytes()).map_err(|error| {
                Failure::Output(leitmotif_export::ExportError::Write {
                    path: out.clone(),
                    error,
                })
            })?;
            eprintln!(
                "wrote {} ({} scenes, {} characters)",
                out.display(),
                imported.story.scenes.len(),
                imported.story.characters.len()
            );
        }
    }
    Ok(())
}

/// Prints reader warnings as `file:line: warning: message`.
pub fn print_warnings(path: &Path, warnings: &[Warning]) {
    for w in warnings {
        eprintln!("{}:{}: warning: {}", path.display(), w.line, w.message);
    }
}
