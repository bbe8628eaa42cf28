//! Golden test: the small score's MusicXML must match the checked-in file after normalising (the
//! software version line, line endings, trailing spaces). A diff of the golden file shows
//! exactly what a change to the exporter does to real output.
//!
//! Run with `UPDATE_GOLDEN=1` to rewrite the golden file after an intended change, then read the
//! diff before keeping it. Opening `tests/golden/small_score.musicxml` in MuseScore shows what a
//! player would see.

#[path = "common/small_score.rs"]
mod small_score;

use leitmotif_export::musicxml::{to_musicxml, to_musicxml_with_stats, Heading};
use std::path::PathBuf;

fn heading() -> Heading {
    let mut h = Heading::new("Small Score").in_work("Leitmotif Tests");
    h.movement_number = Some(1);
    h.fields = vec![("scene".into(), "small-score".into())];
    h
}

/// The comparable form of a document: no version-dependent line, `\n` line ends, no trailing
/// spaces.
fn normalise(xml: &str) -> String {
    xml.replace("\r\n", "\n")
        .lines()
        .filter(|l| !l.trim_start().starts_with("<software>"))
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn small_score_matches_golden_musicxml() {
    let actual = to_musicxml(&small_score::small_score(), &heading());
    let golden =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/small_score.musicxml");
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(&golden, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}; run with UPDATE_GOLDEN=1 to create it",
            golden.display()
        )
    });
    let (actual, expected) = (normalise(&actual), normalise(&expected));
    // line by line first, so a failure points at the first differing line
    for (i, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "line {} of {} differs", i + 1, golden.display());
    }
    assert_eq!(
        actual,
        expected,
        "{} differs (rerun with UPDATE_GOLDEN=1 if the change is intended)",
        golden.display()
    );
}

#[test]
fn output_is_byte_identical_and_needs_no_compromise() {
    let score = small_score::small_score();
    let (a, stats) = to_musicxml_with_stats(&score, &heading());
    let (b, _) = to_musicxml_with_stats(&score, &heading());
    assert_eq!(a, b);
    assert!(
        stats
            .iter()
            .all(|s| s.shortened == 0 && s.approximated == 0),
        "{stats:?}"
    );
}

/// Composes every example story and checks that notation needed no compromise. Notes out of
/// their instrument's range are printed (they are the arranger's to fix; `scripts/check_musicxml.sh`
/// fails on them). Slow in debug builds: `cargo test -p leitmotif-export --release -- --ignored`.
#[test]
#[ignore]
fn composed_examples_write_exact_notation() {
    use leitmotif_export::musicxml::range_issues;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut problems = Vec::new();
    for name in ["my-heart.toml", "lantern-keep.toml", "eight-colours.toml"] {
        let story = leitmotif_story::load_story(&root.join(name)).unwrap();
        let soundtrack = leitmotif_compose::compose(&story);
        for cue in &soundtrack.cues {
            let (xml, stats) = to_musicxml_with_stats(&cue.score, &Heading::for_cue(cue));
            assert!(xml.contains("<score-partwise version=\"4.0\">"));
            for (part, s) in cue.score.parts.iter().zip(&stats) {
                if s.shortened > 0 || s.approximated > 0 {
                    problems.push(format!(
                        "{name} cue {} {}: {s:?}",
                        cue.plan.number, part.name
                    ));
                }
            }
            for issue in range_issues(&cue.score) {
                eprintln!("out of range: {name} cue {}: {issue}", cue.plan.number);
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
