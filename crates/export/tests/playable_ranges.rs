//! Every note of every example cue is inside its instrument's range, so the MusicXML parts are
//! playable as written (the arranger folds notes into range; export only reports).

use leitmotif_export::musicxml::range_issues;
use std::path::Path;

#[test]
fn every_example_cue_is_playable() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut stories: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    stories.sort();
    assert!(stories.len() >= 3);
    let mut problems = Vec::new();
    for path in stories {
        let story = leitmotif_story::load_story(&path).unwrap();
        for cue in &leitmotif_compose::compose(&story).cues {
            for issue in range_issues(&cue.score) {
                problems.push(format!(
                    "{}: cue {}: {issue:?}",
                    path.display(),
                    cue.plan.number
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
