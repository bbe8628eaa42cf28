//! The readers never panic, and every line they report is a line of the input (or the one after
//! the last, for the end of the text).

use leitmotif_screenplay::{parse_fdx, parse_fountain, Document};
use proptest::prelude::*;

const FOUNTAIN: &str = include_str!("data/parser/sample.fountain");
const FDX: &str = include_str!("data/parser/sample.fdx");

/// Pieces of Fountain and XML syntax that mutations insert.
const SNIPPETS: &[&str] = &[
    "[[",
    "]]",
    "/*",
    "*/",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    "INT. ",
    "EXT ",
    ".",
    "..",
    "@",
    "^",
    "(",
    ")",
    "> ",
    " <",
    "~",
    "#",
    "##",
    "=",
    "===",
    "  ",
    "\t",
    "!",
    ":",
    "Title: ",
    "    ",
    "CUT TO:",
    "MINA",
    "(V.O.)",
    "#12#",
    " - ",
    "é",
    "🎬",
    "\u{feff}",
    "\0",
    "<",
    ">",
    "</",
    "/>",
    "&",
    "&amp;",
    "&#",
    ";",
    "\"",
    "<Paragraph Type=\"Character\">",
    "</Paragraph>",
    "<Text>",
    "</Text>",
    "<DualDialogue>",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?",
    "?>",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Swap(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
    ]
}

/// Applies mutations to the text, character-wise (so the result stays a string).
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let len = chars.len();
        match *m {
            Mutation::Insert(at, s) => {
                let at = at % (len + 1);
                chars.splice(at..at, SNIPPETS[s].chars());
            }
            Mutation::Delete(at, n) if len > 0 => {
                let at = at % len;
                chars.drain(at..(at + n).min(len));
            }
            Mutation::Duplicate(at, n) if len > 0 => {
                let at = at % len;
                let piece: Vec<char> = chars[at..(at + n).min(len)].to_vec();
                chars.splice(at..at, piece);
            }
            Mutation::Swap(a, b) if len > 0 => chars.swap(a % len, b % len),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Every element and warning line is within 1..=lines+1.
fn lines_in_range(text: &str, doc: &Document) -> Result<(), TestCaseError> {
    let max = text.lines().count() + 1;
    for e in &doc.elements {
        prop_assert!(
            (1..=max).contains(&e.line),
            "element line {} not in 1..={max}: {e:?}",
            e.line
        );
    }
    for w in &doc.warnings {
        prop_assert!(
            (1..=max).contains(&w.line),
            "warning line {} not in 1..={max}: {w:?}",
            w.line
        );
    }
    Ok(())
}

fn check_fountain(text: &str) -> Result<(), TestCaseError> {
    let doc = parse_fountain(text).expect("Fountain under the size limit always parses");
    lines_in_range(text, &doc)
}

fn check_fdx(text: &str) -> Result<(), TestCaseError> {
    match parse_fdx(text) {
        Ok(doc) => lines_in_range(text, &doc),
        Err(e) => {
            let max = text.lines().count() + 1;
            if let Some(line) = e.line() {
                prop_assert!(
                    (1..=max).contains(&line),
                    "error line {line} not in 1..={max}: {e}"
                );
            }
            Ok(())
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn fountain_arbitrary_strings(text in any::<String>()) {
        check_fountain(&text)?;
    }

    #[test]
    fn fountain_syntax_soup(text in "([\\[\\]/*\n\r\t #=~!>.<@^():A-Z a-z_-]|INT\\. |CUT TO:|\n\n|  ){0,300}") {
        check_fountain(&text)?;
    }

    #[test]
    fn fountain_mutated_sample(mutations in prop::collection::vec(mutation(), 1..24)) {
        check_fountain(&mutate(FOUNTAIN, &mutations))?;
    }

    #[test]
    fn fdx_arbitrary_strings(text in any::<String>()) {
        check_fdx(&text)?;
    }

    #[test]
    fn fdx_mutated_sample(mutations in prop::collection::vec(mutation(), 1..24)) {
        check_fdx(&mutate(FDX, &mutations))?;
    }

    #[test]
    fn fountain_reader_reads_fdx_and_back(mutations in prop::collection::vec(mutation(), 0..8)) {
        // each reader given the other's format: never a panic
        check_fountain(&mutate(FDX, &mutations))?;
        check_fdx(&mutate(FOUNTAIN, &mutations))?;
    }
}

#[test]
fn the_samples_themselves() {
    check_fountain(FOUNTAIN).unwrap();
    check_fdx(FDX).unwrap();
}
