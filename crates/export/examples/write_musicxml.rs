//! Composes a story and writes every cue as MusicXML next to its MIDI file, for checking the
//! notation against the MIDI (see `scripts/check_musicxml.sh`).
//!
//! ```text
//! cargo run --release -p leitmotif-export --example write_musicxml -- examples/my-heart.toml out/
//! ```
//!
//! Writes `NN-<scene>.musicxml` and `NN-<scene>.mid` per cue and prints one line per cue (parts,
//! notes, notation compromises) and one `RANGE` line per note outside its instrument's range.

use leitmotif_export::manifest::cue_file_name;
use leitmotif_export::musicxml::{
    musicxml_file_name, range_issues, to_musicxml_with_stats, Heading,
};
use leitmotif_export::score_to_smf;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [story_path, out_dir] = args.as_slice() else {
        eprintln!("usage: write_musicxml <story.toml> <output-folder>");
        return ExitCode::from(2);
    };
    let story = match leitmotif_story::load_story(&PathBuf::from(story_path)) {
        Ok(story) => story,
        Err(e) => {
            eprintln!("{story_path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let soundtrack = leitmotif_compose::compose(&story);
    let out = PathBuf::from(out_dir);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for cue in &soundtrack.cues {
        let heading = Heading::for_cue(cue).in_work(&soundtrack.title);
        let (xml, stats) = to_musicxml_with_stats(&cue.score, &heading);
        let xml_path = out.join(musicxml_file_name(cue));
        let mid_path = out.join(cue_file_name(cue));
        let written = std::fs::write(&xml_path, xml)
            .and_then(|_| std::fs::write(&mid_path, score_to_smf(&cue.score)));
        if let Err(e) = written {
            eprintln!("{}: {e}", xml_path.display());
            return ExitCode::FAILURE;
        }
        let notes: usize = cue.score.parts.iter().map(|p| p.notes.len()).sum();
        let shortened: usize = stats.iter().map(|s| s.shortened).sum();
        let approximated: usize = stats.iter().map(|s| s.approximated).sum();
        let issues = range_issues(&cue.score);
        println!(
            "cue {}: {} parts, {notes} notes, {shortened} chords shortened, {approximated} values approximated, {} out of range",
            musicxml_file_name(cue),
            cue.score.parts.len(),
            issues.len()
        );
        for issue in issues {
            println!("RANGE {}: {issue}", musicxml_file_name(cue));
        }
    }
    ExitCode::SUCCESS
}
