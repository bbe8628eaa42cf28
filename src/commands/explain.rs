//! `leitmotif explain`: the plan of every cue, without composing or writing anything.

use super::compose::clock;
use crate::cli::ExplainArgs;
use crate::diagnostics::Failure;
use leitmotif_compose::ThemeOwner;

pub fn run(args: &ExplainArgs) -> Result<(), Failure> {
    let story = super::load(&args.story, args.seed)?;
    let (themes, plans) = leitmotif_compose::plan(&story);
    println!("{} (seed {})", story.title, story.seed);
    println!("\nThemes");
    for t in &themes.themes {
        let owner = match &t.owner {
            ThemeOwner::Character { id } => format!("character {id}"),
            ThemeOwner::Place { id } => format!("place {id}"),
            ThemeOwner::Relationship { ids } => format!("relationship {}", ids.join(" & ")),
            ThemeOwner::Story => "main title".to_string(),
        };
        let degrees: Vec<String> = t.notes.iter().map(|n| n.degree.to_string()).collect();
        let chords: Vec<String> = t.chords.iter().map(|c| c.roman()).collect();
        println!(
            "  {:<20} {:<28} {:<10} {}",
            t.id,
            owner,
            t.home_key.to_string(),
            degrees.join(" ")
        );
        println!("  {:<20} harmony: {}", "", chords.join(" | "));
    }
    println!("\nCues");
    for p in &plans {
        let bpm = p.fit.tempo.primary_bpm(p.fit.end_tick).0;
        println!(
            "  {:02} {} — \"{}\" ({}, starts {})",
            p.number,
            p.scene_id,
            p.title,
            clock(p.duration_seconds),
            clock(p.start_seconds)
        );
        println!(
            "     emotion {} (valence {:+.2}, arousal {:+.2}), intensity {:.2} -> {:.2}, style {}",
            p.emotion_name,
            p.emotion.valence,
            p.emotion.arousal,
            p.intensity.start,
            p.intensity.end,
            p.style
        );
        println!(
            "     key {}, {:.1} bpm, {} x {} bars, articulation {:?}",
            p.key, bpm, p.meter, p.fit.bars, p.intent.articulation
        );
        let mut themes_line = vec![format!("focus {}", p.focus)];
        themes_line.extend(p.secondary.iter().map(|s| format!("with {s}")));
        themes_line.extend(p.relationship.iter().map(|s| format!("relationship {s}")));
        themes_line.extend(p.place.iter().map(|s| format!("place {s}")));
        println!("     themes: {}", themes_line.join(", "));
        let palette: Vec<String> = p
            .palette
            .parts
            .iter()
            .map(|s| format!("{}={}", s.role.track_name(), s.instrument.id))
            .collect();
        println!("     palette: {}", palette.join(", "));
        let form: Vec<String> = p
            .sections
            .iter()
            .map(|s| format!("{} {}-{}", s.kind.name(), s.start_bar + 1, s.end_bar()))
            .collect();
        println!("     form: {}", form.join(" | "));
        for i in &p.inferred {
            println!(
                "     inferred {} (confidence {:.2}): {}",
                i.field,
                i.confidence,
                i.evidence.join("; ")
            );
        }
        for h in &p.fit.hits {
            println!(
                "     hit {} at {:.2}s -> bar {}:{} at {:.4}s (error {:+.3} ms)",
                h.kind.name(),
                h.requested_seconds,
                h.bar,
                h.beat,
                h.landed_seconds,
                h.error_ms
            );
        }
    }
    Ok(())
}
