//! Whatever text it is given, the loader returns a story or a well-formed error: it never panics,
//! and every error points inside the text.

use leitmotif_story::parse_story;
use proptest::prelude::*;

const VALID: &str = r#"title = "My Heart"
seed = 7
style = "kdrama-ballad"
key = "D major"

[[character]]
id = "mina"
name = "Mina"
traits = ["shy", "hopeful"]

[[place]]
id = "seoul-night"
name = "Seoul at night"

[[scene]]
id = "first-meeting"
duration = "1:30"
emotion = "tender"
valence = 0.6
arousal = -0.3
intensity = [0.2, 0.9]
characters = ["mina"]
place = "seoul-night"
hits = [{ at = "0:45", kind = "accent" }, { at = 60 }]
key = "F# minor"
tempo = 72
meter = "3/4"
instruments = ["piano", "strings"]
style = "jazz"
"#;

fn check(source: &str) -> Result<(), TestCaseError> {
    if let Err(e) = parse_story(source, "fuzz.toml") {
        prop_assert!(e.line >= 1 && e.column >= 1, "{e}");
        prop_assert!(
            e.span.start <= e.span.end && e.span.end <= source.len(),
            "{e}: {:?}",
            e.span
        );
        prop_assert!(source.is_char_boundary(e.span.start) && source.is_char_boundary(e.span.end));
        prop_assert!(!e.message.is_empty());
        prop_assert_eq!(&e.source_text, source);
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, u8),
    Replace(usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Bytes a story is made of, so mutations stay near-valid and reach the validator.
    let byte = prop::sample::select(b"abcdemnrstuz019-_.:=\"'[]{},# \n\t\x00\xc3\xa9".to_vec());
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), byte.clone()).prop_map(|(i, b)| Edit::Insert(i, b)),
        (any::<usize>(), byte).prop_map(|(i, b)| Edit::Replace(i, b)),
    ]
}

fn apply(edits: &[Edit]) -> String {
    let mut bytes = VALID.as_bytes().to_vec();
    for e in edits {
        let len = bytes.len().max(1);
        match *e {
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % len);
            }
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Replace(i, b) if !bytes.is_empty() => bytes[i % len] = b,
            _ => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn the_base_story_is_valid() {
    parse_story(VALID, "fuzz.toml").unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(source in any::<String>()) {
        check(&source)?;
    }

    #[test]
    fn toml_ish_text_never_panics(source in "[a-z\\[\\]=\"{},.:0-9 \n#-]{0,200}") {
        check(&source)?;
    }

    #[test]
    fn mutated_stories_never_panic(edits in prop::collection::vec(edit(), 1..8)) {
        check(&apply(&edits))?;
    }
}
