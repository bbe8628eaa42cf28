//! A Final Draft (`.fdx`) reader.
//!
//! An FDX file is XML: `<FinalDraft><Content>` holds `<Paragraph Type="...">` elements whose text
//! is in one or more `<Text>` runs; `<TitlePage><Content>` holds the title page paragraphs the
//! same way. Dual dialogue is a `<DualDialogue>` holding paragraphs, inside a paragraph.
//!
//! Malformed XML is an error (with its line); XML that is well formed but not what a screenplay
//! paragraph should be is read as best it can, with warnings.

use crate::document::{
    character_cue, check_size, scene_heading, Document, Element, ElementKind, ParseError, Warnings,
};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Parses Final Draft XML. `Err` for input over [`crate::MAX_INPUT_BYTES`] and for malformed XML.
pub fn parse_fdx(text: &str) -> Result<Document, ParseError> {
    check_size(text.len())?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut lines = LineCounter::new(text);
    let mut warnings = Warnings::default();
    let mut elements: Vec<Element> = Vec::new();
    let mut title_paragraphs: Vec<(bool, String)> = Vec::new();
    // open elements (local names), the paragraphs among them, and the open dual dialogues
    let mut stack: Vec<String> = Vec::new();
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut duals: Vec<Dual> = Vec::new();
    let mut root_seen = false;
    loop {
        let at = to_usize(reader.buffer_position());
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.line_at(to_usize(reader.error_position()).min(text.len()));
                return Err(ParseError::Xml {
                    line,
                    message: format!("malformed XML: {e}"),
                });
            }
        };
        match event {
            Event::Start(e) => {
                let line = lines.line_at(at);
                let name = start_tag(&e, &stack, root_seen, line)?;
                root_seen = true;
                stack.push(name);
                open_element(&e, &stack, line, &mut paragraphs, &mut duals)?;
            }
            Event::Empty(e) => {
                let line = lines.line_at(at);
                let name = start_tag(&e, &stack, root_seen, line)?;
                root_seen = true;
                // an empty element holds no text: only an empty paragraph's page break matters
                stack.push(name);
                open_element(&e, &stack, line, &mut paragraphs, &mut duals)?;
                close_element(
                    &mut stack,
                    &mut paragraphs,
                    &mut duals,
                    &mut elements,
                    &mut title_paragraphs,
                    &mut warnings,
                );
            }
            Event::End(_) => close_element(
                &mut stack,
                &mut paragraphs,
                &mut duals,
                &mut elements,
                &mut title_paragraphs,
                &mut warnings,
            ),
            Event::Text(e) => {
                if let Some(p) = text_target(&stack, &mut paragraphs) {
                    let t = e.xml_content().map_err(|err| xml_error(&lines, at, err))?;
                    p.text.push_str(&t);
                }
            }
            Event::CData(e) => {
                if let Some(p) = text_target(&stack, &mut paragraphs) {
                    let t = e.xml_content().map_err(|err| xml_error(&lines, at, err))?;
                    p.text.push_str(&t);
                }
            }
            Event::GeneralRef(e) => {
                if let Some(p) = text_target(&stack, &mut paragraphs) {
                    let name = e.decode().map_err(|err| xml_error(&lines, at, err))?;
                    match e.resolve_char_ref() {
                        Ok(Some(c)) => p.text.push(c),
                        Ok(None) => match resolve_predefined_entity(&name) {
                            Some(s) => p.text.push_str(s),
                            None => {
                                warnings.push(lines.line_at(at), format!("unknown entity `&{name};`: expected &amp; &lt; &gt; &quot; &apos; or a character reference; kept as written"));
                                p.text.push_str(&format!("&{name};"));
                            }
                        },
                        Err(err) => return Err(xml_error(&lines, at, err)),
                    }
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(ParseError::Xml {
            line: lines.line_at(text.len()),
            message: format!("the document ends inside <{open}>: expected </{open}>"),
        });
    }
    if !root_seen {
        return Err(ParseError::Xml {
            line: lines.line_at(text.len()),
            message: "expected a <FinalDraft> root element, found none".into(),
        });
    }
    Ok(Document {
        title_page: title_page(&title_paragraphs),
        elements,
        warnings: warnings.finish(),
    })
}

fn to_usize(pos: u64) -> usize {
    usize::try_from(pos).unwrap_or(usize::MAX)
}

fn xml_error(lines: &LineCounter<'_>, at: usize, err: impl std::fmt::Display) -> ParseError {
    ParseError::Xml {
        line: lines.line_at_const(at),
        message: format!("malformed XML: {err}"),
    }
}

/// Line numbers of byte offsets, counted incrementally (offsets mostly grow).
struct LineCounter<'a> {
    text: &'a [u8],
    pos: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        LineCounter {
            text: text.as_bytes(),
            pos: 0,
            line: 1,
        }
    }

    /// The 1-based line of byte offset `at` (clamped to the text).
    fn line_at(&mut self, at: usize) -> usize {
        let at = at.min(self.text.len());
        if at < self.pos {
            return self.line_at_const(at);
        }
        self.line += self.text[self.pos..at]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = at;
        self.line
    }

    fn line_at_const(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        1 + self.text[..at].iter().filter(|&&b| b == b'\n').count()
    }
}

/// A paragraph being read.
#[derive(Debug)]
struct Paragraph {
    /// Its index in the element stack.
    depth: usize,
    line: usize,
    kind: Option<String>,
    centered: bool,
    number: Option<String>,
    new_page: bool,
    place: Place,
    text: String,
    /// A character cue that is the second (or later) one of a dual dialogue.
    dual: bool,
}

/// Where a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Script,
    ScriptNote,
    TitlePage,
    /// Anywhere else (e.g. the ScriptNotes list or templates): ignored.
    Other,
}

/// An open `<DualDialogue>`: its index in the stack and the character cues seen in it.
#[derive(Debug)]
struct Dual {
    depth: usize,
    cues: usize,
}

/// Checks a start tag's place in the document and returns its local name.
fn start_tag(
    e: &BytesStart<'_>,
    stack: &[String],
    root_seen: bool,
    line: usize,
) -> Result<String, ParseError> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
    if stack.is_empty() {
        if root_seen {
            return Err(ParseError::Xml {
                line,
                message: format!(
                    "expected the end of the document after </FinalDraft>, found <{name}>"
                ),
            });
        }
        if name != "FinalDraft" {
            return Err(ParseError::Xml {
                line,
                message: format!("expected a <FinalDraft> root element, found <{name}>"),
            });
        }
    }
    Ok(name)
}

/// Reads an attribute's value.
fn attribute(e: &BytesStart<'_>, name: &str, line: usize) -> Result<Option<String>, ParseError> {
    let attr = e.try_get_attribute(name).map_err(|err| ParseError::Xml {
        line,
        message: format!("malformed attribute: {err}"),
    })?;
    match attr {
        None => Ok(None),
        Some(a) => {
            let v = a.unescape_value().map_err(|err| ParseError::Xml {
                line,
                message: format!("malformed `{name}` attribute: {err}"),
            })?;
            Ok(Some(v.into_owned()))
        }
    }
}

/// Bookkeeping for an element just pushed on the stack.
fn open_element(
    e: &BytesStart<'_>,
    stack: &[String],
    line: usize,
    paragraphs: &mut Vec<Paragraph>,
    duals: &mut Vec<Dual>,
) -> Result<(), ParseError> {
    let depth = stack.len() - 1;
    match stack[depth].as_str() {
        "Paragraph" => {
            let place = match (
                stack.get(1).map(String::as_str),
                stack.get(2).map(String::as_str),
            ) {
                _ if stack[..depth].iter().any(|s| s == "ScriptNote") => {
                    if stack.get(1).is_some_and(|s| s == "Content") {
                        Place::ScriptNote
                    } else {
                        Place::Other
                    }
                }
                (Some("Content"), _) => Place::Script,
                (Some("TitlePage"), Some("Content")) => Place::TitlePage,
                _ => Place::Other,
            };
            let kind = attribute(e, "Type", line)?;
            let dual = match duals.last_mut() {
                Some(d) if kind.as_deref() == Some("Character") => {
                    d.cues += 1;
                    d.cues > 1
                }
                _ => false,
            };
            paragraphs.push(Paragraph {
                depth,
                line,
                centered: attribute(e, "Alignment", line)?
                    .is_some_and(|a| a.eq_ignore_ascii_case("center")),
                number: attribute(e, "Number", line)?
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty()),
                new_page: attribute(e, "StartsNewPage", line)?
                    .is_some_and(|a| a.eq_ignore_ascii_case("yes")),
                kind,
                place,
                text: String::new(),
                dual,
            });
        }
        "DualDialogue" => duals.push(Dual { depth, cues: 0 }),
        _ => {}
    }
    Ok(())
}

/// The paragraph whose text a text event belongs to: the innermost open paragraph, when the
/// innermost open element is one of its `<Text>` runs.
fn text_target<'p>(stack: &[String], paragraphs: &'p mut [Paragraph]) -> Option<&'p mut Paragraph> {
    let p = paragraphs.last_mut()?;
    (stack.len() == p.depth + 2 && stack.last().is_some_and(|s| s == "Text")).then_some(p)
}

/// Pops the innermost element; a paragraph ending becomes an element.
fn close_element(
    stack: &mut Vec<String>,
    paragraphs: &mut Vec<Paragraph>,
    duals: &mut Vec<Dual>,
    elements: &mut Vec<Element>,
    title: &mut Vec<(bool, String)>,
    warnings: &mut Warnings,
) {
    let Some(_) = stack.pop() else { return };
    let depth = stack.len();
    if duals.last().is_some_and(|d| d.depth == depth) {
        duals.pop();
    }
    if paragraphs.last().is_some_and(|p| p.depth == depth) {
        if let Some(p) = paragraphs.pop() {
            finish_paragraph(p, elements, title, warnings);
        }
    }
}

/// The paragraph types read (others are action, with a warning).
const TYPES: &str = "Scene Heading, Action, Character, Parenthetical, Dialogue, Transition, Shot, General or Lyrics";

fn finish_paragraph(
    p: Paragraph,
    elements: &mut Vec<Element>,
    title: &mut Vec<(bool, String)>,
    warnings: &mut Warnings,
) {
    let text = p.text.replace("\r\n", "\n").trim().to_string();
    match p.place {
        Place::Other => return,
        Place::TitlePage => {
            if !text.is_empty() {
                title.push((p.centered, text));
            }
            return;
        }
        Place::ScriptNote => {
            if !text.is_empty() {
                elements.push(Element {
                    line: p.line,
                    kind: ElementKind::Note(text),
                });
            }
            return;
        }
        Place::Script => {}
    }
    if p.new_page && !elements.is_empty() {
        elements.push(Element {
            line: p.line,
            kind: ElementKind::PageBreak,
        });
    }
    if text.is_empty() {
        return;
    }
    let kind = match p.kind.as_deref() {
        Some("Scene Heading") => {
            let mut heading = scene_heading(&text, false);
            if let (ElementKind::SceneHeading { number, .. }, Some(n)) = (&mut heading, p.number) {
                *number = Some(n);
            }
            heading
        }
        Some("Action" | "General" | "Shot") => ElementKind::Action {
            text,
            centered: p.centered,
        },
        Some("Character") => match character_cue(&text) {
            Some(ElementKind::Character {
                name,
                extensions,
                dual,
            }) => ElementKind::Character {
                name,
                extensions,
                dual: dual || p.dual,
            },
            _ => {
                warnings.push(p.line, format!("expected a character name in the Character paragraph `{text}`; read as action"));
                ElementKind::Action {
                    text,
                    centered: false,
                }
            }
        },
        Some("Parenthetical") => ElementKind::Parenthetical(text),
        Some("Dialogue") => ElementKind::Dialogue(text),
        Some("Transition") => ElementKind::Transition(text),
        Some("Lyrics") => ElementKind::Lyrics(text),
        Some(other) => {
            warnings.push(
                p.line,
                format!("unknown paragraph type `{other}`: expected {TYPES}; read as action"),
            );
            ElementKind::Action {
                text,
                centered: p.centered,
            }
        }
        None => {
            warnings.push(
                p.line,
                format!("paragraph without a Type: expected {TYPES}; read as action"),
            );
            ElementKind::Action {
                text,
                centered: p.centered,
            }
        }
    };
    elements.push(Element { line: p.line, kind });
}

/// Best effort: the first centred paragraph is the title; a centred "written by"-like paragraph
/// is the credit and the centred one after it the author; the rest is left out.
fn title_page(paragraphs: &[(bool, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut centered = paragraphs
        .iter()
        .filter(|(c, _)| *c)
        .map(|(_, t)| t.as_str());
    let Some(title) = centered.next() else {
        return out;
    };
    out.push(("Title".into(), title.to_string()));
    let mut expect_author = false;
    for t in centered {
        let lower = t.to_lowercase();
        if expect_author {
            out.push(("Author".into(), t.to_string()));
            break;
        }
        if matches!(
            lower.trim_end_matches(':'),
            "by" | "written by" | "screenplay by" | "story by" | "teleplay by"
        ) {
            out.push(("Credit".into(), t.to_string()));
            expect_author = true;
        }
    }
    out
}
