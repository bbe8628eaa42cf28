//! A realistic Fountain script read into the exact element sequence expected.

use leitmotif_screenplay::{parse_fountain, Document, Element, ElementKind};

const SAMPLE: &str = include_str!("data/parser/sample.fountain");

fn heading(
    text: &str,
    prefix: Option<&str>,
    location: &str,
    time: Option<&str>,
    forced: bool,
    number: Option<&str>,
) -> ElementKind {
    ElementKind::SceneHeading {
        text: text.into(),
        prefix: prefix.map(Into::into),
        location: location.into(),
        time_of_day: time.map(Into::into),
        forced,
        number: number.map(Into::into),
    }
}

fn action(text: &str) -> ElementKind {
    ElementKind::Action {
        text: text.into(),
        centered: false,
    }
}

fn centered(text: &str) -> ElementKind {
    ElementKind::Action {
        text: text.into(),
        centered: true,
    }
}

fn cue(name: &str, extensions: &[&str], dual: bool) -> ElementKind {
    ElementKind::Character {
        name: name.into(),
        extensions: extensions.iter().map(|e| e.to_string()).collect(),
        dual,
    }
}

fn dialogue(text: &str) -> ElementKind {
    ElementKind::Dialogue(text.into())
}

fn note(text: &str) -> ElementKind {
    ElementKind::Note(text.into())
}

fn expected() -> Vec<(usize, ElementKind)> {
    vec![
        (
            10,
            ElementKind::Section {
                depth: 1,
                text: "ACT ONE".into(),
            },
        ),
        (
            12,
            ElementKind::Synopsis("Mina returns to the lighthouse her father kept.".into()),
        ),
        (14, action("FADE IN:")),
        (
            16,
            heading(
                "EXT. CLIFFTOP LIGHTHOUSE - NIGHT",
                Some("EXT."),
                "CLIFFTOP LIGHTHOUSE",
                Some("NIGHT"),
                false,
                Some("1"),
            ),
        ),
        (18, note("duration 1:30")),
        (
            20,
            action("Rain lashes the tower. The lamp is dark.\nA lone figure climbs the path."),
        ),
        (21, note("emotion grief")),
        (23, cue("MINA", &["V.O."], false)),
        (24, dialogue("He kept the light burning for forty years.")),
        (25, ElementKind::Parenthetical("(beat)".into())),
        (26, dialogue("I let it go out in one.")),
        (32, ElementKind::Transition("SMASH CUT TO:".into())),
        (
            34,
            heading(
                "INT. LIGHTHOUSE - LAMP ROOM - CONTINUOUS",
                Some("INT."),
                "LIGHTHOUSE - LAMP ROOM",
                Some("CONTINUOUS"),
                false,
                None,
            ),
        ),
        (36, action("Mina forces the door. Dust everywhere.")),
        (38, cue("OLD TOM", &["O.S."], false)),
        (39, dialogue("Who's there?")),
        (41, cue("MINA", &[], false)),
        (42, dialogue("It's me, Tom.")),
        (44, cue("OLD TOM", &["CONT'D"], true)),
        (45, dialogue("Mina? Is that you?")),
        (
            47,
            heading("THE STAIRWELL", None, "THE STAIRWELL", None, true, None),
        ),
        (49, action("Mina descends, one hand on the rail.")),
        (51, cue("MCGREGOR", &["on radio"], false)),
        (52, dialogue("Lighthouse, do you read?")),
        (52, note("emotion fear")),
        (54, centered("STATIC")),
        (56, ElementKind::Transition("CUT TO:".into())),
        (
            58,
            heading(
                "int. keeper's cottage - day",
                Some("INT."),
                "keeper's cottage",
                Some("day"),
                false,
                None,
            ),
        ),
        (
            60,
            ElementKind::Section {
                depth: 2,
                text: "The cottage".into(),
            },
        ),
        (62, action("Mina sings softly as she unpacks.")),
        (
            64,
            ElementKind::Lyrics(
                "Keep the light, keep the light,\nbring the boats home tonight.".into(),
            ),
        ),
        (67, note("emotion tender")),
        (69, ElementKind::PageBreak),
        (
            71,
            heading(
                "EXT. CLIFFTOP - DAWN",
                Some("EXT."),
                "CLIFFTOP",
                Some("DAWN"),
                false,
                None,
            ),
        ),
        (73, cue("MINA", &[], false)),
        (74, ElementKind::Parenthetical("(to herself)".into())),
        (75, dialogue("Goodbye, Dad.")),
        (77, ElementKind::Transition("FADE OUT.".into())),
        (79, centered("THE END")),
    ]
}

fn lines_and_kinds(doc: &Document) -> Vec<(usize, ElementKind)> {
    doc.elements
        .iter()
        .map(|Element { line, kind }| (*line, kind.clone()))
        .collect()
}

#[test]
fn sample_title_page() {
    let doc = parse_fountain(SAMPLE).unwrap();
    let pairs: Vec<(&str, &str)> = doc
        .title_page
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Title", "_**THE LAST LIGHTHOUSE**_\n*a ghost story*"),
            ("Credit", "Written by"),
            ("Author", "Ada Quill"),
            ("Draft date", "1 March 2026"),
            ("Contact", "ada@example.com"),
        ]
    );
    assert_eq!(
        doc.title().as_deref(),
        Some("THE LAST LIGHTHOUSE a ghost story")
    );
}

#[test]
fn sample_elements_in_order() {
    let doc = parse_fountain(SAMPLE).unwrap();
    let got = lines_and_kinds(&doc);
    let want = expected();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g, w, "element {i}");
    }
    assert_eq!(got.len(), want.len(), "element count; got {got:#?}");
    assert_eq!(doc.warnings, []);
}

#[test]
fn windows_line_endings_read_the_same() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    assert_eq!(
        parse_fountain(&crlf).unwrap(),
        parse_fountain(SAMPLE).unwrap()
    );
}

#[test]
fn trailing_whitespace_and_tabs_read_the_same() {
    let spaced: String = SAMPLE.lines().map(|l| format!("{l} \t\n")).collect();
    let doc = parse_fountain(&spaced).unwrap();
    assert_eq!(lines_and_kinds(&doc), expected());
    assert_eq!(
        doc.title().as_deref(),
        Some("THE LAST LIGHTHOUSE a ghost story")
    );
}
