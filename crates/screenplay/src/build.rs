//! From a parsed screenplay to a story: scenes from scene headings, characters from character cues
//! (and from their names in the action), places from heading locations (a place that recurs gets a
//! theme), durations from length (the industry rule: a page of about 55 lines plays in about a
//! minute) or from `[[duration 1:30]]` notes, and emotion and intensity inferred from the text
//! unless a note such as `[[emotion grief]]` says otherwise. Every inferred field is recorded with
//! its confidence and evidence.

use crate::affect::{infer_affect, infer_intensity, SceneText};
use crate::document::{Document, ElementKind, Warning};
use crate::notes::{parse_note, NoteCommand};
use leitmotif_story::{HitKind, Inference};
use leitmotif_theory::NamedEmotion;

/// Lines per minute of screen time (a page is about 55 lines and plays in about a minute).
pub const LINES_PER_MINUTE: f64 = 55.0;

/// A character found in the script.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftEntity {
    pub id: String,
    pub name: String,
}

/// How a scene's emotion was decided.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftEmotion {
    Named(NamedEmotion),
    Point { valence: f64, arousal: f64 },
}

/// One scene of the draft story, before validation.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftScene {
    pub id: String,
    pub title: String,
    /// The line of the scene heading in the script.
    pub line: usize,
    pub duration_seconds: f64,
    pub emotion: DraftEmotion,
    pub intensity: (f64, f64),
    pub characters: Vec<String>,
    pub place: Option<String>,
    pub hits: Vec<(f64, HitKind)>,
    pub style: Option<String>,
    pub inferred: Vec<Inference>,
}

/// The story a screenplay implies, as plain data the TOML writer turns into a story file.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub title: String,
    pub characters: Vec<DraftEntity>,
    pub places: Vec<DraftEntity>,
    pub scenes: Vec<DraftScene>,
    pub warnings: Vec<Warning>,
}

/// Lower-case ASCII words joined by hyphens, as story ids must be (empty when nothing is left).
pub fn slug(text: &str) -> String {
    leitmotif_story::ids::slug(text).unwrap_or_default()
}

/// "MRS. KIM" -> "Mrs. Kim".
pub fn title_case(text: &str) -> String {
    text.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn unique(base: String, taken: &mut Vec<String>, fallback: &str) -> String {
    let base = if base.is_empty() {
        fallback.to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.push(id.clone());
    id
}

/// Screen lines an element takes, by the standard layout (action about 60 characters a line,
/// dialogue about 35, parentheticals about 25, a blank line after blocks).
fn screen_lines(kind: &ElementKind) -> f64 {
    let wrapped = |text: &str, width: f64| -> f64 {
        text.lines()
            .map(|l| (l.chars().count() as f64 / width).ceil().max(1.0))
            .sum::<f64>()
    };
    match kind {
        ElementKind::SceneHeading { .. } => 2.0,
        ElementKind::Action { text, .. } => wrapped(text, 60.0) + 1.0,
        ElementKind::Character { .. } => 1.0,
        ElementKind::Parenthetical(t) => wrapped(t, 25.0),
        ElementKind::Dialogue(t) => wrapped(t, 35.0) + 1.0,
        ElementKind::Transition(_) => 2.0,
        ElementKind::Lyrics(t) => wrapped(t, 35.0),
        _ => 0.0,
    }
}

/// Builds the draft story of a document. `fallback_title` names the story when the title page
/// has none (the file name).
pub fn build(doc: &Document, fallback_title: &str) -> Draft {
    let mut warnings = doc.warnings.clone();
    // scenes: element index ranges between headings
    let heads: Vec<usize> = doc
        .elements
        .iter()
        .enumerate()
        .filter(|(_, e)| matches!(e.kind, ElementKind::SceneHeading { .. }))
        .map(|(i, _)| i)
        .collect();
    // characters: every speaker, in order of first appearance
    let mut taken: Vec<String> = Vec::new();
    let mut characters: Vec<(String, DraftEntity)> = Vec::new();
    for e in &doc.elements {
        if let ElementKind::Character { name, .. } = &e.kind {
            if !characters.iter().any(|(n, _)| n == name) {
                let id = unique(slug(name), &mut taken, "character");
                characters.push((
                    name.clone(),
                    DraftEntity {
                        id,
                        name: title_case(name),
                    },
                ));
            }
        }
    }
    // places: locations that recur in two scenes or more
    let location_of = |i: usize| -> Option<String> {
        match &doc.elements[i].kind {
            ElementKind::SceneHeading { location, .. } => {
                let l = location.trim().to_uppercase();
                (!l.is_empty()).then_some(l)
            }
            _ => None,
        }
    };
    let mut counts: Vec<(String, usize)> = Vec::new();
    for &h in &heads {
        if let Some(l) = location_of(h) {
            match counts.iter_mut().find(|(x, _)| *x == l) {
                Some(c) => c.1 += 1,
                None => counts.push((l, 1)),
            }
        }
    }
    let places: Vec<(String, DraftEntity)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(l, _)| {
            let id = unique(slug(&l), &mut taken, "place");
            (
                l.clone(),
                DraftEntity {
                    id,
                    name: title_case(&l),
                },
            )
        })
        .collect();
    let mut scene_ids: Vec<String> = Vec::new();
    let mut scenes = Vec::new();
    for (k, &h) in heads.iter().enumerate() {
        let end = heads.get(k + 1).copied().unwrap_or(doc.elements.len());
        let head = &doc.elements[h];
        let ElementKind::SceneHeading {
            text,
            location,
            time_of_day,
            number,
            ..
        } = &head.kind
        else {
            continue;
        };
        let heading_text = match number {
            Some(n) => text.replace(&format!("#{n}#"), ""),
            None => text.clone(),
        };
        let id = unique(slug(&heading_text), &mut scene_ids, "scene");
        let title = if location.trim().is_empty() {
            title_case(&heading_text)
        } else {
            title_case(location)
        };
        // the transition that leads into this scene
        let transition_in = doc.elements[..h]
            .iter()
            .rev()
            .take_while(|e| !matches!(e.kind, ElementKind::SceneHeading { .. }))
            .find_map(|e| match &e.kind {
                ElementKind::Transition(t) => Some(t.as_str()),
                _ => None,
            });
        let body = &doc.elements[h + 1..end];
        let mut text = SceneText {
            heading_time: time_of_day.as_deref(),
            action: Vec::new(),
            dialogue: Vec::new(),
            parentheticals: Vec::new(),
            transition_in,
        };
        let mut speakers: Vec<(String, usize)> = Vec::new();
        let mut commands: Vec<(usize, NoteCommand)> = Vec::new();
        let mut lines = screen_lines(&head.kind);
        for e in body {
            lines += screen_lines(&e.kind);
            match &e.kind {
                ElementKind::Action { text: t, .. } => text.action.push(t),
                ElementKind::Dialogue(t) => text.dialogue.push(t),
                ElementKind::Parenthetical(t) => text.parentheticals.push(t),
                ElementKind::Character { name, .. } => {
                    match speakers.iter_mut().find(|(n, _)| n == name) {
                        Some(s) => s.1 += 1,
                        None => speakers.push((name.clone(), 1)),
                    }
                }
                ElementKind::Note(n) => match parse_note(n) {
                    Ok(Some(c)) => commands.push((e.line, c)),
                    Ok(None) => {}
                    Err(why) => warnings.push(Warning {
                        line: e.line,
                        message: why,
                    }),
                },
                _ => {}
            }
        }
        // who is in the scene: speakers (most lines first), then characters named in the action
        speakers.sort_by_key(|s| std::cmp::Reverse(s.1));
        let mut cast: Vec<String> = speakers
            .iter()
            .filter_map(|(n, _)| {
                characters
                    .iter()
                    .find(|(m, _)| m == n)
                    .map(|(_, e)| e.id.clone())
            })
            .collect();
        let action_words: Vec<String> = text.action.iter().flat_map(|a| words(a)).collect();
        for (upper, entity) in &characters {
            let name_words = words(upper);
            if !cast.contains(&entity.id)
                && !name_words.is_empty()
                && action_words
                    .windows(name_words.len())
                    .any(|w| w == name_words.as_slice())
            {
                cast.push(entity.id.clone());
            }
        }
        let place = location_of(h).and_then(|l| {
            places
                .iter()
                .find(|(m, _)| *m == l)
                .map(|(_, e)| e.id.clone())
        });
        let mut inferred = Vec::new();
        // duration
        let mut duration = (lines / LINES_PER_MINUTE * 60.0).clamp(8.0, 1200.0);
        duration = (duration * 10.0).round() / 10.0;
        let mut duration_given = false;
        let mut emotion = None;
        let mut valence = None;
        let mut arousal = None;
        let mut intensity = None;
        let mut hits: Vec<(f64, HitKind)> = Vec::new();
        let mut style = None;
        for (_, c) in &commands {
            match c {
                NoteCommand::Duration(s) => {
                    duration = *s;
                    duration_given = true;
                }
                NoteCommand::Emotion(e) => emotion = Some(*e),
                NoteCommand::Valence(v) => valence = Some(*v),
                NoteCommand::Arousal(a) => arousal = Some(*a),
                NoteCommand::Intensity(a, b) => intensity = Some((*a, *b)),
                NoteCommand::Hit(at, kind) => hits.push((*at, *kind)),
                NoteCommand::Style(s) => style = Some(s.clone()),
            }
        }
        if !duration_given {
            inferred.push(Inference {
                field: "duration".into(),
                confidence: 0.5,
                evidence: vec![format!(
                    "{lines:.0} screen lines at {LINES_PER_MINUTE:.0} lines a minute"
                )],
            });
        }
        let affect = infer_affect(&text);
        let draft_emotion = match (emotion, valence, arousal) {
            (Some(e), None, None) => DraftEmotion::Named(e),
            (e, v, a) if v.is_some() || a.is_some() => {
                let base = e
                    .map(|e| e.point())
                    .unwrap_or(leitmotif_theory::Emotion::new(
                        affect.valence,
                        affect.arousal,
                    ));
                DraftEmotion::Point {
                    valence: v.unwrap_or(base.valence),
                    arousal: a.unwrap_or(base.arousal),
                }
            }
            _ => {
                inferred.push(Inference {
                    field: "emotion".into(),
                    confidence: affect.confidence,
                    evidence: affect.evidence.clone(),
                });
                DraftEmotion::Point {
                    valence: affect.valence,
                    arousal: affect.arousal,
                }
            }
        };
        let intensity = intensity.unwrap_or_else(|| {
            let (a, b) = infer_intensity(&text);
            inferred.push(Inference {
                field: "intensity".into(),
                confidence: affect.confidence.min(0.8),
                evidence: vec![format!("from arousal and pace: {a:.2} -> {b:.2}")],
            });
            (a, b)
        });
        if let Some(t) = transition_in {
            if t.to_uppercase().contains("SMASH") && duration >= 4.0 {
                hits.push((1.0, HitKind::Accent));
                inferred.push(Inference {
                    field: "hits".into(),
                    confidence: 0.7,
                    evidence: vec![format!(
                        "\"{t}\" into the scene: an accent on its first downbeat"
                    )],
                });
            }
        }
        // hits must lie inside the scene and a second apart
        hits.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut kept: Vec<(f64, HitKind)> = Vec::new();
        for (at, kind) in hits {
            if at <= 0.0 || at >= duration {
                warnings.push(Warning { line: head.line, message: format!("scene `{id}`: hit at {at:.1} s is outside the scene ({duration:.1} s); dropped") });
            } else if kept.last().map(|k| at - k.0 < 1.0).unwrap_or(false) {
                warnings.push(Warning { line: head.line, message: format!("scene `{id}`: hit at {at:.1} s is less than 1 s after the previous one; dropped") });
            } else {
                kept.push((at, kind));
            }
        }
        if !cast.is_empty() {
            inferred.push(Inference {
                field: "characters".into(),
                confidence: 0.9,
                evidence: vec!["speakers, then characters named in the action".into()],
            });
        }
        scenes.push(DraftScene {
            id,
            title,
            line: head.line,
            duration_seconds: duration.clamp(5.0, 1200.0),
            emotion: draft_emotion,
            intensity,
            characters: cast,
            place,
            hits: kept,
            style,
            inferred,
        });
    }
    let title = doc
        .title()
        .map(|t| t.to_string())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| fallback_title.to_string());
    Draft {
        title,
        characters: characters.into_iter().map(|(_, e)| e).collect(),
        places: places.into_iter().map(|(_, e)| e).collect(),
        scenes,
        warnings,
    }
}

/// Lower-case words of a text (letters, digits and apostrophes).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_titles() {
        assert_eq!(
            slug("INT. MINA'S KITCHEN - NIGHT"),
            "int-minas-kitchen-night"
        );
        assert_eq!(title_case("MRS. KIM"), "Mrs. Kim");
        let mut taken = vec!["kitchen".to_string()];
        assert_eq!(unique("kitchen".into(), &mut taken, "scene"), "kitchen-2");
        assert_eq!(unique(String::new(), &mut taken, "scene"), "scene");
    }
}
