//! `leitmotif compose`: story in, soundtrack folder out.

use crate::cli::ComposeArgs;
use crate::diagnostics::Failure;
use crate::slug::slug;
use leitmotif_export::write_soundtrack;
use std::path::PathBuf;
use std::time::Instant;

pub fn run(args: &ComposeArgs) -> Result<(), Failure> {
    let started = Instant::now();
    let story = super::load(&args.story, args.seed)?;
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join(slug(&story.title)));
    let soundtrack = leitmotif_compose::compose(&story);
    let written = write_soundtrack(&soundtrack, &out)?;
    if !args.quiet {
        println!(
            "{} — {} cues, {} themes (seed {})",
            soundtrack.title,
            soundtrack.cues.len(),
            soundtrack.themes.themes.len(),
            soundtrack.seed
        );
        for cue in &soundtrack.cues {
            let p = &cue.plan;
            let bpm = p.fit.tempo.primary_bpm(p.fit.end_tick).0;
            let worst = p
                .fit
                .hits
                .iter()
                .map(|h| h.error_ms.abs())
                .fold(0.0, f64::max);
            println!(
                "  {:02}-{:<24} {:>5}  {:<10} {:>5.1} bpm {:>4}  {:<13} {}{}",
                p.number,
                p.scene_id,
                clock(p.duration_seconds),
                p.key.to_string(),
                bpm,
                p.meter.to_string(),
                p.style.name(),
                cue.themes_used.join(", "),
                if p.fit.hits.is_empty() {
                    String::new()
                } else {
                    format!("  ({} hits, worst {:.2} ms)", p.fit.hits.len(), worst)
                }
            );
        }
        println!(
            "wrote {} files to {} in {:.0} ms",
            written.len(),
            out.display(),
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
    Ok(())
}

/// m:ss
pub fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    format!("{}:{:02}", s / 60, s % 60)
}
