//! `load_story` adds the errors only a file can have: missing, unreadable, binary, not UTF-8.

use leitmotif_story::load_story;
use std::fs;

const VALID: &str = "title = \"T\"\n[[scene]]\nid = \"a\"\nduration = 10\nemotion = \"calm\"\n";

#[test]
fn a_valid_file_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.toml");
    fs::write(&path, VALID).unwrap();
    let story = load_story(&path).unwrap();
    assert_eq!(story.title, "T");
}

#[test]
fn a_missing_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.toml");
    let e = load_story(&path).unwrap_err();
    assert_eq!((e.line, e.column, e.span.clone()), (1, 1, 0..0));
    assert_eq!(e.file, path.display().to_string());
    assert!(e.message.contains("not found"), "{e}");
    assert!(e.message.contains("nope.toml"), "{e}");
}

#[test]
fn a_directory_is_not_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let e = load_story(dir.path()).unwrap_err();
    assert!(e.message.contains("cannot read story file"), "{e}");
}

#[test]
fn an_empty_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("empty.toml", ""), ("comments.toml", "# nothing yet\n\n")] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let e = load_story(&path).unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("the story is empty"), "{e}");
    }
}

#[test]
fn a_binary_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("image.toml");
    fs::write(&path, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let e = load_story(&path).unwrap_err();
    assert!(e.message.contains("is a binary file"), "{e}");
    assert!(e.message.contains("NUL byte at byte offset 8"), "{e}");
    assert_eq!((e.line, e.column, e.span.clone()), (1, 1, 0..0));
    assert!(e.source_text.is_empty(), "binary data is not echoed");
}

#[test]
fn a_file_that_is_not_utf8_points_at_the_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    fs::write(&path, b"title = \"Caf\xe9\"\n").unwrap();
    let e = load_story(&path).unwrap_err();
    assert!(e.message.contains("not valid UTF-8"), "{e}");
    assert!(e.message.contains("0xE9"), "{e}");
    assert_eq!((e.line, e.column), (1, 13));
    assert_eq!(&e.source_text[e.span.clone()], "\u{FFFD}");
    assert_eq!(e.help.as_deref(), Some("save the file as UTF-8"));
}
