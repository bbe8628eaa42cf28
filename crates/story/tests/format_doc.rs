//! docs/story-format.md stays true: its example parses, and every name the loader accepts is listed.

use leitmotif_score::Instrument;
use leitmotif_story::{parse_story, HitKind, Style};
use leitmotif_theory::NamedEmotion;

fn doc() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/story-format.md");
    std::fs::read_to_string(path).expect("docs/story-format.md exists")
}

#[test]
fn the_documented_example_is_a_valid_story() {
    let doc = doc();
    let start = doc.find("```toml\n").expect("a toml example") + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let story = parse_story(&doc[start..end], "story-format.md").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(story.scenes.len(), 3);
    assert_eq!(story.scenes[1].title, "Night In The City");
}

#[test]
fn every_accepted_name_is_documented() {
    let doc = doc();
    let number = |x: f64| format!("{x}").replace('-', "−");
    for e in NamedEmotion::ALL {
        let p = e.point();
        let row = format!(
            "| `{}` | {} | {} | {} |",
            e.name(),
            number(p.valence),
            number(p.arousal),
            e.description()
        );
        assert!(doc.contains(&row), "missing emotion row: {row}");
    }
    for s in Style::ALL {
        let row = format!("| `{}` | {} |", s.name(), s.description());
        assert!(doc.contains(&row), "missing style row: {row}");
    }
    for k in HitKind::ALL {
        assert!(
            doc.contains(&format!("| `{}` |", k.name())),
            "missing hit kind {}",
            k.name()
        );
    }
    for name in Instrument::names() {
        assert!(
            doc.contains(&format!("`{name}`")),
            "missing instrument {name}"
        );
    }
}
