//! A small Final Draft file read into the expected elements, and malformed XML refused with its
//! line.

use leitmotif_screenplay::{parse_fdx, ElementKind, ParseError, MAX_INPUT_BYTES};

const SAMPLE: &str = include_str!("data/parser/sample.fdx");

fn heading(
    text: &str,
    prefix: &str,
    location: &str,
    time: &str,
    number: Option<&str>,
) -> ElementKind {
    ElementKind::SceneHeading {
        text: text.into(),
        prefix: Some(prefix.into()),
        location: location.into(),
        time_of_day: Some(time.into()),
        forced: false,
        number: number.map(Into::into),
    }
}

fn cue(name: &str, extensions: &[&str], dual: bool) -> ElementKind {
    ElementKind::Character {
        name: name.into(),
        extensions: extensions.iter().map(|e| e.to_string()).collect(),
        dual,
    }
}

#[test]
fn sample_elements() {
    let doc = parse_fdx(SAMPLE).unwrap();
    let got: Vec<(usize, ElementKind)> = doc
        .elements
        .iter()
        .map(|e| (e.line, e.kind.clone()))
        .collect();
    let want = vec![
        (
            4,
            heading(
                "INT. HARBOUR OFFICE - NIGHT",
                "INT.",
                "HARBOUR OFFICE",
                "NIGHT",
                Some("1"),
            ),
        ),
        (
            8,
            ElementKind::Action {
                text: "Mina reads the letter again & again\u{2026}".into(),
                centered: false,
            },
        ),
        (11, cue("MINA", &["V.O."], false)),
        (14, ElementKind::Parenthetical("(quietly)".into())),
        (
            17,
            ElementKind::Dialogue("He never wrote to me. Not once.".into()),
        ),
        (20, ElementKind::Transition("CUT TO:".into())),
        (23, ElementKind::PageBreak),
        (
            23,
            heading("EXT. PIER - CONTINUOUS", "EXT.", "PIER", "CONTINUOUS", None),
        ),
        (
            26,
            ElementKind::Action {
                text: "CLOSE ON the water.".into(),
                centered: false,
            },
        ),
        (31, cue("MINA", &[], false)),
        (32, ElementKind::Dialogue("Tom!".into())),
        (33, cue("OLD TOM", &[], true)),
        (34, ElementKind::Dialogue("Mina!".into())),
        (
            37,
            ElementKind::Action {
                text: "MINA, OLD TOM".into(),
                centered: false,
            },
        ),
        (
            40,
            ElementKind::Action {
                text: "THE END".into(),
                centered: true,
            },
        ),
    ];
    assert_eq!(got, want);
    assert_eq!(
        doc.warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
        [37]
    );
    assert!(
        doc.warnings[0].message.contains("Cast List"),
        "{}",
        doc.warnings[0].message
    );
    let pairs: Vec<(&str, &str)> = doc
        .title_page
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("Title", "THE LAST LIGHTHOUSE"),
            ("Credit", "Written by"),
            ("Author", "Ada Quill")
        ]
    );
    assert_eq!(doc.title().as_deref(), Some("THE LAST LIGHTHOUSE"));
}

#[test]
fn windows_line_endings_keep_lines() {
    let crlf = SAMPLE.replace('\n', "\r\n");
    assert_eq!(parse_fdx(&crlf).unwrap(), parse_fdx(SAMPLE).unwrap());
}

fn xml_error_line(text: &str) -> (usize, String) {
    match parse_fdx(text) {
        Err(ParseError::Xml { line, message }) => (line, message),
        other => panic!("expected an XML error, got {other:?}"),
    }
}

#[test]
fn malformed_xml_is_an_error_with_its_line() {
    let (line, message) = xml_error_line("<FinalDraft>\n<Content>\n<Paragraph Type=\"Action\">\n<Text>oops</Paragraph>\n</Content>\n</FinalDraft>\n");
    assert_eq!(line, 4, "{message}");
    assert!(message.contains("expected"), "{message}");
    // cut off in the middle
    let cut = &SAMPLE[..SAMPLE.find("<Paragraph Type=\"Dialogue\">").unwrap()];
    let (line, message) = xml_error_line(cut);
    assert!(message.contains("expected </"), "{message}");
    assert_eq!(line, cut.lines().count());
    // a tag cut in half
    let (line, _) = xml_error_line("<FinalDraft>\n<Content>\n<Paragraph Type=\"Act");
    assert_eq!(line, 3);
    // not a Final Draft file
    let (line, message) = xml_error_line("<?xml version=\"1.0\"?>\n<html><body/></html>");
    assert_eq!(line, 2);
    assert!(message.contains("expected a <FinalDraft>"), "{message}");
    let (_, message) = xml_error_line("INT. KITCHEN - NIGHT\n");
    assert!(message.contains("expected a <FinalDraft>"), "{message}");
    assert_eq!(xml_error_line("").0, 1);
    // two roots
    assert_eq!(xml_error_line("<FinalDraft/>\n<FinalDraft/>").0, 2);
    // a bad attribute
    assert_eq!(
        xml_error_line(
            "<FinalDraft>\n<Content>\n<Paragraph Type=Action>\n</Paragraph></Content></FinalDraft>"
        )
        .0,
        3
    );
}

#[test]
fn well_formed_oddities_are_warnings() {
    let text = "<FinalDraft><Content>\n<Paragraph><Text>No type.</Text></Paragraph>\n<Paragraph Type=\"Character\"><Text>(V.O.)</Text></Paragraph>\n<Paragraph Type=\"Action\"><Text>&bogus; <![CDATA[<raw>]]></Text></Paragraph>\n</Content></FinalDraft>";
    let doc = parse_fdx(text).unwrap();
    let got: Vec<(usize, ElementKind)> = doc
        .elements
        .iter()
        .map(|e| (e.line, e.kind.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                2,
                ElementKind::Action {
                    text: "No type.".into(),
                    centered: false
                }
            ),
            (
                3,
                ElementKind::Action {
                    text: "(V.O.)".into(),
                    centered: false
                }
            ),
            (
                4,
                ElementKind::Action {
                    text: "&bogus; <raw>".into(),
                    centered: false
                }
            ),
        ]
    );
    assert_eq!(
        doc.warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
        [2, 3, 4]
    );
}

#[test]
fn too_large_input_is_refused() {
    let big = " ".repeat(MAX_INPUT_BYTES + 1);
    assert!(
        matches!(parse_fdx(&big), Err(ParseError::TooLarge { bytes, limit }) if bytes == MAX_INPUT_BYTES + 1 && limit == MAX_INPUT_BYTES)
    );
}
