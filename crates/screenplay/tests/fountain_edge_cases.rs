//! Fountain edge cases: what is and is not a heading, cue or transition, boneyard and notes,
//! malformed input (kept as action, with warnings) and the limits.

use leitmotif_screenplay::{
    parse_fountain, Document, ElementKind, ParseError, MAX_INPUT_BYTES, MAX_LINE_CHARS,
};

fn doc(text: &str) -> Document {
    parse_fountain(text).expect("Fountain text always parses")
}

fn kinds(text: &str) -> Vec<(usize, ElementKind)> {
    doc(text)
        .elements
        .into_iter()
        .map(|e| (e.line, e.kind))
        .collect()
}

fn action(text: &str) -> ElementKind {
    ElementKind::Action {
        text: text.into(),
        centered: false,
    }
}

fn cue(name: &str, extensions: &[&str], dual: bool) -> ElementKind {
    ElementKind::Character {
        name: name.into(),
        extensions: extensions.iter().map(|e| e.to_string()).collect(),
        dual,
    }
}

fn warning_lines(text: &str) -> Vec<usize> {
    doc(text).warnings.iter().map(|w| w.line).collect()
}

#[test]
fn empty_and_blank_input() {
    assert_eq!(doc(""), Document::default());
    assert_eq!(doc("\n\n   \n\t\n"), Document::default());
    assert_eq!(doc("\u{feff}"), Document::default());
}

#[test]
fn heading_needs_a_blank_line_before_it() {
    assert_eq!(
        kinds("She stops.\nINT. HOUSE - DAY\n"),
        [(1, action("She stops.\nINT. HOUSE - DAY"))]
    );
    // at the start of the script there is nothing before it
    assert!(matches!(
        kinds("INT. HOUSE - DAY\n")[..],
        [(1, ElementKind::SceneHeading { .. })]
    ));
}

#[test]
fn heading_prefixes() {
    for (line, prefix) in [
        ("INT. A", "INT."),
        ("ext. a", "EXT."),
        ("EST. A", "EST."),
        ("INT./EXT. A", "INT./EXT."),
        ("INT/EXT A", "INT/EXT"),
        ("I/E A", "I/E"),
        ("int a", "INT"),
    ] {
        match &kinds(line)[..] {
            [(
                1,
                ElementKind::SceneHeading {
                    prefix: Some(p),
                    location,
                    forced: false,
                    ..
                },
            )] => {
                assert_eq!(p, prefix, "{line}");
                assert_eq!(location.to_uppercase(), "A", "{line}");
            }
            other => panic!("{line}: {other:?}"),
        }
    }
    // words that merely start like a prefix are not headings
    assert_eq!(
        kinds("INTERIOR DECORATORS arrive."),
        [(1, action("INTERIOR DECORATORS arrive."))]
    );
}

#[test]
fn forced_heading_and_ellipsis() {
    assert_eq!(
        kinds("\n.KITCHEN - LATER #7A#\n"),
        [(
            2,
            ElementKind::SceneHeading {
                text: "KITCHEN - LATER".into(),
                prefix: None,
                location: "KITCHEN".into(),
                time_of_day: Some("LATER".into()),
                forced: true,
                number: Some("7A".into())
            }
        )]
    );
    assert_eq!(
        kinds("\n...and then nothing.\n"),
        [(2, action("...and then nothing."))]
    );
    assert_eq!(
        kinds("She waits.\n.KITCHEN\n"),
        [(1, action("She waits.\n.KITCHEN"))]
    );
}

#[test]
fn all_caps_line_followed_by_a_blank_line_is_action() {
    let d = doc("BOOM!\n\nThe house shakes.\n");
    assert_eq!(
        d.elements
            .iter()
            .map(|e| (e.line, e.kind.clone()))
            .collect::<Vec<_>>(),
        [(1, action("BOOM!")), (3, action("The house shakes."))]
    );
    assert_eq!(d.warnings, []);
    // followed by a line, it is a cue (the Fountain rule)
    assert_eq!(
        kinds("BOOM!\nThe house shakes.\n")[0],
        (1, cue("BOOM!", &[], false))
    );
}

#[test]
fn character_cue_without_dialogue() {
    // with extensions it is clearly a cue: action, with a warning
    let d = doc("She waits.\n\nMINA (V.O.)");
    assert_eq!(
        d.elements.last().map(|e| (e.line, e.kind.clone())),
        Some((3, action("MINA (V.O.)")))
    );
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [3]);
    assert!(
        d.warnings[0].message.contains("expected dialogue"),
        "{}",
        d.warnings[0].message
    );
    assert_eq!(warning_lines("MINA ^\n\nHello.\n"), [1]);
    assert_eq!(warning_lines("\n@Mina\n"), [2]);
    assert_eq!(kinds("\n@Mina\n"), [(2, action("@Mina"))]);
    // a character introduced in action is not a cue
    let d = doc("\nSAM (20s) stands by the door.\nHe waits.\n\nNADIA (40s) sits.\n");
    assert_eq!(
        d.elements
            .iter()
            .map(|e| (e.line, e.kind.clone()))
            .collect::<Vec<_>>(),
        [
            (2, action("SAM (20s) stands by the door.\nHe waits.")),
            (5, action("NADIA (40s) sits."))
        ]
    );
    assert_eq!(d.warnings, []);
    // plain upper-case action at the end is not warned about
    assert_eq!(
        warning_lines("She leaves.\n\nTHE END\n"),
        Vec::<usize>::new()
    );
    assert_eq!(warning_lines("\n@\nHello.\n"), [2]);
}

#[test]
fn cues_extensions_dual_and_forced() {
    let text = "\nBRICK (O.S.) (cont'd)\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n\n@McCLANE\nYippee-ki-yay.\n\nDR. ÉLODIE\nBonjour.\n";
    let k = kinds(text);
    assert_eq!(k[0], (2, cue("BRICK", &["O.S.", "cont'd"], false)));
    assert_eq!(k[2], (5, cue("STEEL", &[], true)));
    assert_eq!(k[4], (8, cue("MCCLANE", &[], false)));
    assert_eq!(k[5], (9, ElementKind::Dialogue("Yippee-ki-yay.".into())));
    assert_eq!(k[6], (11, cue("DR. ÉLODIE", &[], false)));
    // `FADE IN:` is not a cue even with a line after it
    assert_eq!(
        kinds("FADE IN:\nThe sea.\n"),
        [(1, action("FADE IN:\nThe sea."))]
    );
}

#[test]
fn dialogue_blocks() {
    let k =
        kinds("\nMINA\n(softly)\nLine one,\nline two.\n(beat)\n~A song line\nLast.\n\nAfter.\n");
    assert_eq!(
        k,
        [
            (2, cue("MINA", &[], false)),
            (3, ElementKind::Parenthetical("(softly)".into())),
            (4, ElementKind::Dialogue("Line one,\nline two.".into())),
            (6, ElementKind::Parenthetical("(beat)".into())),
            (7, ElementKind::Lyrics("A song line".into())),
            (8, ElementKind::Dialogue("Last.".into())),
            (10, action("After.")),
        ]
    );
}

#[test]
fn transitions() {
    assert_eq!(
        kinds("\nDISSOLVE TO:\n\nx\n")[0],
        (2, ElementKind::Transition("DISSOLVE TO:".into()))
    );
    assert_eq!(
        kinds("\nFADE TO BLACK.\n")[0],
        (2, ElementKind::Transition("FADE TO BLACK.".into()))
    );
    assert_eq!(
        kinds("> Burn to white.\n")[0],
        (1, ElementKind::Transition("Burn to white.".into()))
    );
    assert_eq!(
        kinds(">THE END<\n")[0],
        (
            1,
            ElementKind::Action {
                text: "THE END".into(),
                centered: true
            }
        )
    );
    // not preceded by a blank line: action
    assert_eq!(
        kinds("She leaves.\nCUT TO:\n"),
        [(1, action("She leaves.\nCUT TO:"))]
    );
    // followed by text: still a transition, with a warning, and the next line starts a block
    let d = doc("\nCUT TO:\nINT. HOUSE - DAY\n");
    assert_eq!(
        d.elements[0],
        leitmotif_screenplay::Element {
            line: 2,
            kind: ElementKind::Transition("CUT TO:".into())
        }
    );
    assert!(matches!(
        d.elements[1].kind,
        ElementKind::SceneHeading { .. }
    ));
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [2]);
    // lower case is not a transition
    assert_eq!(
        kinds("She leaves.\n\nCut to:\n\n")[1],
        (3, action("Cut to:"))
    );
    // an empty forced transition is action, with a warning
    assert_eq!(warning_lines(">\n"), [1]);
}

#[test]
fn boneyard() {
    assert_eq!(
        kinds("She runs./* not this */\n"),
        [(1, action("She runs."))]
    );
    // over lines, blank ones included; lines inside it are gone
    assert_eq!(
        kinds("One.\n/* gone\n\nMINA\nHi.\n*/\nTwo.\n"),
        [(1, action("One.\nTwo."))]
    );
    // unterminated: a warning and the text is kept
    let d = doc("Action.\n\n/* never closed\nMore.\n");
    assert_eq!(
        d.elements
            .iter()
            .map(|e| (e.line, e.kind.clone()))
            .collect::<Vec<_>>(),
        [
            (1, action("Action.")),
            (3, action("/* never closed\nMore."))
        ]
    );
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [3]);
    assert!(d.warnings[0].message.contains("expected `*/`"));
    // a closed one before an unclosed one
    assert_eq!(kinds("a /* x */ b /* y\n"), [(1, action("a  b /* y"))]);
}

#[test]
fn notes() {
    // a standalone note line, an inline note, and a note between a cue and its dialogue
    let k = kinds("[[label valence=+]]\nINT. A - DAY\n\nShe waits. [[emotion grief]] Long.\n\nMINA\n[[aside]]\nHi.\n");
    assert_eq!(
        k,
        [
            (1, ElementKind::Note("label valence=+".into())),
            (
                2,
                ElementKind::SceneHeading {
                    text: "INT. A - DAY".into(),
                    prefix: Some("INT.".into()),
                    location: "A".into(),
                    time_of_day: Some("DAY".into()),
                    forced: false,
                    number: None
                }
            ),
            (4, action("She waits.  Long.")),
            (4, ElementKind::Note("emotion grief".into())),
            (6, cue("MINA", &[], false)),
            (7, ElementKind::Note("aside".into())),
            (8, ElementKind::Dialogue("Hi.".into())),
        ]
    );
    // a note over two lines; notes of a multi-line element come after it
    assert_eq!(
        kinds("She waits. [[a note\nover two lines]]\nStill. [[second]]\n"),
        [
            (1, action("She waits.\nStill.")),
            (1, ElementKind::Note("a note\nover two lines".into())),
            (3, ElementKind::Note("second".into()))
        ]
    );
    // unterminated (a blank line comes first): a warning and the text is kept
    let d = doc("She waits. [[no end\n\nNext.]]\n");
    assert_eq!(d.elements[0].kind, action("She waits. [[no end"));
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [1]);
    // a note inside boneyard is gone with it
    assert_eq!(kinds("/* [[hidden]] */\nShown.\n"), [(2, action("Shown."))]);
}

#[test]
fn sections_synopses_page_breaks_lyrics() {
    assert_eq!(
        kinds("# Act\n## Sequence\n### Beat\n= What happens.\n\n===\n\n~La la\n~la.\n"),
        [
            (
                1,
                ElementKind::Section {
                    depth: 1,
                    text: "Act".into()
                }
            ),
            (
                2,
                ElementKind::Section {
                    depth: 2,
                    text: "Sequence".into()
                }
            ),
            (
                3,
                ElementKind::Section {
                    depth: 3,
                    text: "Beat".into()
                }
            ),
            (4, ElementKind::Synopsis("What happens.".into())),
            (6, ElementKind::PageBreak),
            (8, ElementKind::Lyrics("La la\nla.".into())),
        ]
    );
    // a section does not stop the heading after it from being one
    assert!(matches!(
        kinds("\n# Act\nINT. A\n")[1],
        (3, ElementKind::SceneHeading { .. })
    ));
}

#[test]
fn action_details() {
    // line breaks and indentation kept, emphasis left as written, `!` forces action
    assert_eq!(
        kinds("*Bold* and _under_.\n    Indented.\n"),
        [(1, action("*Bold* and _under_.\n    Indented."))]
    );
    assert_eq!(
        kinds("\n!SCANNING THE AISLES\nNothing.\n"),
        [(2, action("SCANNING THE AISLES\nNothing."))]
    );
    // a line of two spaces keeps an action paragraph together
    assert_eq!(kinds("One.\n  \nTwo.\n"), [(1, action("One.\n\nTwo."))]);
}

#[test]
fn title_page() {
    let d = doc("Title: *Sea* _Glass_\nAuthor: A\n   and B\nstray line\n\nINT. A\n");
    assert_eq!(d.title().as_deref(), Some("Sea Glass"));
    assert_eq!(
        d.title_page[1],
        ("Author".to_string(), "A\nand B\nstray line".to_string())
    );
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [4]);
    assert!(matches!(
        d.elements[..],
        [leitmotif_screenplay::Element {
            line: 6,
            kind: ElementKind::SceneHeading { .. }
        }]
    ));
    // no `Key:` on the first line: no title page
    let d = doc("She waits.\nTitle: not a title page\n");
    assert!(d.title_page.is_empty());
    assert_eq!(d.title(), None);
    // a heading is not a key
    assert!(doc("INT. HOUSE: DAY\n").title_page.is_empty());
}

#[test]
fn long_lines_are_cut_with_a_warning() {
    let long = "é".repeat(MAX_LINE_CHARS + 500);
    let d = doc(&format!("\n{long}\n"));
    assert_eq!(d.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [2]);
    match &d.elements[..] {
        [e] => match &e.kind {
            ElementKind::Action { text, .. } => assert_eq!(text.chars().count(), MAX_LINE_CHARS),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn too_large_input_is_refused() {
    let big = "a".repeat(MAX_INPUT_BYTES + 1);
    assert_eq!(
        parse_fountain(&big),
        Err(ParseError::TooLarge {
            bytes: MAX_INPUT_BYTES + 1,
            limit: MAX_INPUT_BYTES
        })
    );
    assert_eq!(parse_fountain(&big).unwrap_err().line(), None);
    assert!(parse_fountain(&big[..MAX_INPUT_BYTES]).is_ok());
}

#[test]
fn many_warnings_are_capped() {
    let text = "\nMINA (V.O.)\n".repeat(3000);
    let d = doc(&text);
    assert_eq!(
        d.warnings.len(),
        leitmotif_screenplay::document::MAX_WARNINGS + 1
    );
    assert!(d.warnings.last().unwrap().message.contains("left out"));
}
