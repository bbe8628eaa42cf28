//! One `[[scene]]` table -> a checked [`Scene`]: length, emotion, intensity, who and where,
//! hit points and the hard overrides. The references to characters and places are resolved
//! here, so a typo in an id is reported at the scene that uses it.

use crate::document::{describe, number_in, Field, Table};
use crate::error::{line_of, Checked, Problem};
use crate::fields::{self, at};
use crate::ids::title_from_id;
use crate::model::{EntityKind, Hit, HitKind, Intensity, Overrides, Scene, SceneEmotion};
use crate::suggest::{did_you_mean, list, show};
use crate::validate::{kind_name, read_id, Entities};
use leitmotif_score::Instrument;
use leitmotif_theory::{Emotion, NamedEmotion};
use std::ops::Range;
use toml::de::DeValue;

const SCENE_KEYS: &[&str] = &[
    "id",
    "title",
    "duration",
    "emotion",
    "valence",
    "arousal",
    "intensity",
    "characters",
    "place",
    "hits",
    "key",
    "tempo",
    "meter",
    "instruments",
    "style",
];
const SCENE_SYNONYMS: &[(&str, &str)] = &[
    ("name", "title"),
    ("length", "duration"),
    ("duration_seconds", "duration"),
    ("seconds", "duration"),
    ("mood", "emotion"),
    ("feeling", "emotion"),
    ("energy", "intensity"),
    ("cast", "characters"),
    ("character", "characters"),
    ("who", "characters"),
    ("location", "place"),
    ("setting", "place"),
    ("places", "place"),
    ("hit", "hits"),
    ("cues", "hits"),
    ("sync", "hits"),
    ("bpm", "tempo"),
    ("tempo_bpm", "tempo"),
    ("time_signature", "meter"),
    ("time-signature", "meter"),
    ("signature", "meter"),
    ("instrument", "instruments"),
    ("instrumentation", "instruments"),
    ("genre", "style"),
];
const HIT_KEYS: &[&str] = &["at", "kind"];
const HIT_SYNONYMS: &[(&str, &str)] = &[
    ("time", "at"),
    ("start", "at"),
    ("when", "at"),
    ("type", "kind"),
];

/// Shortest and longest scene, in seconds.
pub const MIN_DURATION_SECONDS: f64 = 5.0;
pub const MAX_DURATION_SECONDS: f64 = 20.0 * 60.0;
/// Hits closer than this cannot both land on a downbeat at any sensible tempo.
pub const MIN_HIT_SPACING_SECONDS: f64 = 1.0;
/// Tempo overrides, in beats per minute.
pub const MIN_TEMPO_BPM: f64 = 30.0;
pub const MAX_TEMPO_BPM: f64 = 240.0;

/// Reads scene number `index` (0-based). `scene_ids` holds the ids of the scenes before it.
pub(crate) fn read_scene(
    table: &Table<'_, '_>,
    index: usize,
    entities: &Entities,
    scene_ids: &mut Vec<(String, Range<usize>)>,
) -> Checked<Scene> {
    let src = table.src();
    table.check_keys(SCENE_KEYS, SCENE_SYNONYMS)?;
    let label = match table.get("id").map(|f| f.value.get_ref()) {
        Some(DeValue::String(id)) => format!("scene `{}`", show(id)),
        _ => format!("[[scene]] number {}", index + 1),
    };

    let mut id = None;
    let mut title = None;
    let mut duration = None;
    let mut emotion = None;
    let mut valence = None;
    let mut arousal = None;
    let mut intensity = Intensity {
        start: 0.5,
        end: 0.5,
    };
    let mut characters = Vec::new();
    let mut place = None;
    let mut hits = Vec::new();
    let mut overrides = Overrides::default();
    for f in table.fields() {
        match f.name {
            "id" => {
                let text = read_id(f, "a scene")?;
                if let Some((_, first)) = scene_ids.iter().find(|(s, _)| s == text) {
                    return Err(Problem::new(
                        f.span(),
                        format!(
                            "duplicate scene id `{text}`: the scene on line {} already uses it",
                            line_of(src, first.start)
                        ),
                    )
                    .help("scene ids must be unique; they name the cues and their files"));
                }
                scene_ids.push((text.to_string(), f.span()));
                id = Some(text.to_string());
            }
            "title" => {
                title = Some(
                    f.text("the cue title, a non-empty string")?
                        .trim()
                        .to_string(),
                )
            }
            "duration" => duration = Some((read_duration(f, src)?, f.span())),
            "emotion" => emotion = Some(read_emotion(f)?),
            "valence" => {
                valence = Some((
                    fields::bounded(f, src, -1.0, 1.0, " (-1 unpleasant .. 1 pleasant)")?,
                    f.key_span.clone(),
                ))
            }
            "arousal" => {
                arousal = Some((
                    fields::bounded(f, src, -1.0, 1.0, " (-1 calm .. 1 excited)")?,
                    f.key_span.clone(),
                ))
            }
            "intensity" => intensity = read_intensity(f, src)?,
            "characters" => characters = read_characters(f, entities)?,
            "place" => place = Some(read_place(f, entities)?),
            "hits" => hits = read_hits(f, src)?,
            "key" => overrides.key = Some(fields::key(f)?),
            "tempo" => {
                overrides.tempo_bpm = Some(fields::bounded(
                    f,
                    src,
                    MIN_TEMPO_BPM,
                    MAX_TEMPO_BPM,
                    " beats per minute",
                )?)
            }
            "meter" => overrides.meter = Some(fields::meter(f)?),
            "instruments" => overrides.instruments = Some(read_instruments(f)?),
            "style" => overrides.style = Some(fields::style(f)?),
            _ => {}
        }
    }

    let id = id.ok_or_else(|| {
        table.missing(
            &label,
            "id",
            "a scene id of lower-case letters, digits and `-`",
            "add a line such as: id = \"first-meeting\"",
        )
    })?;
    let (duration_seconds, duration_span) = duration.ok_or_else(|| {
        table.missing(
            &label,
            "duration",
            "the scene length, from 5 s to 20 min",
            "add a line such as: duration = \"1:30\"",
        )
    })?;
    let emotion = scene_emotion(table, &label, emotion, valence, arousal)?;
    let hits = check_hits(hits, duration_seconds, &duration_span, src)?;
    Ok(Scene {
        title: title.unwrap_or_else(|| title_from_id(&id)),
        id,
        duration_seconds,
        emotion,
        intensity,
        characters,
        place,
        hits,
        overrides,
        inferred: Vec::new(),
    })
}

fn read_duration(f: &Field<'_, '_>, src: &str) -> Checked<f64> {
    let seconds = fields::time(f, src)?;
    let (problem, help) = if seconds < MIN_DURATION_SECONDS {
        ("too short", "a cue needs at least 5 s to state anything; join very short moments into the scene around them, or mark them as a hit")
    } else if seconds > MAX_DURATION_SECONDS {
        ("too long", "split a longer scene into several scenes")
    } else {
        return Ok(seconds);
    };
    Err(Problem::new(
        f.span(),
        format!(
            "scene duration {} is {problem}: expected 5 s to 20 min (\"0:05\" to \"20:00\")",
            at(seconds)
        ),
    )
    .help(help))
}

fn emotion_names() -> impl Iterator<Item = &'static str> + Clone {
    NamedEmotion::ALL.iter().map(|e| e.name())
}

fn read_emotion(f: &Field<'_, '_>) -> Checked<NamedEmotion> {
    let text =
        f.string("a named emotion like \"tender\" (or give `valence` and `arousal` instead)")?;
    NamedEmotion::parse(text).ok_or_else(|| {
        let help = did_you_mean(text, emotion_names(), "named emotions").unwrap_or_default();
        Problem::new(
            f.span(),
            format!(
                "unknown emotion `{}`: expected one of {}",
                show(text),
                list(emotion_names())
            ),
        )
        .help(format!(
            "{help} (or describe the emotion with `valence` and `arousal`, each from -1 to 1)"
        ))
    })
}

/// Combines the preset name and the valence/arousal pair, which must come together.
fn scene_emotion(
    table: &Table<'_, '_>,
    label: &str,
    name: Option<NamedEmotion>,
    valence: Option<(f64, Range<usize>)>,
    arousal: Option<(f64, Range<usize>)>,
) -> Checked<SceneEmotion> {
    match (name, valence, arousal) {
        (_, Some((v, _)), Some((a, _))) => Ok(SceneEmotion {
            name,
            point: Emotion::new(v, a),
        }),
        (_, Some((_, span)), None) => Err(Problem::new(
            span,
            "`valence` is given without `arousal`: expected both, each from -1 to 1",
        )
        .help("add arousal = 0.0 (-1 calm .. 1 excited), or remove valence and use a named emotion")),
        (_, None, Some((_, span))) => Err(Problem::new(
            span,
            "`arousal` is given without `valence`: expected both, each from -1 to 1",
        )
        .help("add valence = 0.0 (-1 unpleasant .. 1 pleasant), or remove arousal and use a named emotion")),
        (Some(named), None, None) => Ok(SceneEmotion {
            name: Some(named),
            point: named.point(),
        }),
        (None, None, None) => Err(Problem::new(
            table.span.clone(),
            format!(
                "{label} has no emotion: expected `emotion` (one of {}) or both `valence` and `arousal`",
                list(emotion_names())
            ),
        )
        .help("add a line such as: emotion = \"tender\"")),
    }
}

fn read_intensity(f: &Field<'_, '_>, src: &str) -> Checked<Intensity> {
    const EXPECTED: &str = "a number from 0 to 1, or a ramp [start, end] like [0.2, 0.9]";
    match f.value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            let n = fields::bounded(f, src, 0.0, 1.0, "")?;
            Ok(Intensity { start: n, end: n })
        }
        DeValue::Array(items) => {
            if items.len() != 2 {
                return Err(Problem::new(
                    f.span(),
                    format!(
                        "`intensity` ramp must be 2 numbers [start, end], found {} item{}",
                        items.len(),
                        if items.len() == 1 { "" } else { "s" }
                    ),
                )
                .help(
                    "write intensity = 0.4 for a constant level, or intensity = [0.2, 0.9] to ramp",
                ));
            }
            let mut ends = [0.0; 2];
            for (slot, (item, which)) in ends.iter_mut().zip(items.iter().zip(["start", "end"])) {
                let n = number_in(src, item).map_err(|found| {
                    Problem::new(
                        item.span(),
                        format!(
                            "`intensity` ramp {which} must be a number from 0 to 1, found {found}"
                        ),
                    )
                })?;
                if !(0.0..=1.0).contains(&n) {
                    return Err(Problem::new(
                        item.span(),
                        format!(
                            "`intensity` ramp {which} {} is out of range: expected 0 to 1",
                            show(src.get(item.span()).unwrap_or(""))
                        ),
                    ));
                }
                *slot = n;
            }
            Ok(Intensity {
                start: ends[0],
                end: ends[1],
            })
        }
        _ => Err(f.type_error(EXPECTED)),
    }
}

/// Help for an id that names nothing of the wanted kind.
fn unknown_reference_help(word: &str, entities: &Entities, kind: EntityKind) -> String {
    let what = kind_name(kind);
    let ids = entities.ids(kind);
    if ids.clone().next().is_none() {
        let header = format!("[[{what}]]");
        return format!(
            "no {what} is defined yet; add a {header} with id = \"{}\"",
            show(word)
        );
    }
    did_you_mean(word, ids, &format!("{what}s defined")).unwrap_or_default()
}

fn read_characters(f: &Field<'_, '_>, entities: &Entities) -> Checked<Vec<String>> {
    let mut out: Vec<(String, Range<usize>)> = Vec::new();
    for (id, span) in f.string_list("a list of character ids like [\"mina\", \"joon\"]")? {
        match entities.find(id) {
            Some(e) if e.kind == EntityKind::Character => {}
            Some(_) => {
                return Err(Problem::new(
                    span,
                    format!("`{id}` is a place, not a character: expected a [[character]] id"),
                )
                .help(format!(
                    "set it as the scene's place instead: place = \"{id}\""
                )))
            }
            None => {
                return Err(Problem::new(
                    span,
                    format!(
                        "unknown character `{}`: expected the id of a [[character]]",
                        show(id)
                    ),
                )
                .help(unknown_reference_help(id, entities, EntityKind::Character)))
            }
        }
        if out.iter().any(|(c, _)| c == id) {
            return Err(Problem::new(
                span,
                format!("character `{id}` is listed twice in this scene"),
            )
            .help("list each character once; the first is the scene's focus"));
        }
        out.push((id.to_string(), span));
    }
    Ok(out.into_iter().map(|(id, _)| id).collect())
}

fn read_place(f: &Field<'_, '_>, entities: &Entities) -> Checked<String> {
    let id = f.string("a place id like \"seoul-night\"")?;
    match entities.find(id) {
        Some(e) if e.kind == EntityKind::Place => Ok(id.to_string()),
        Some(_) => Err(Problem::new(
            f.span(),
            format!("`{id}` is a character, not a place: expected a [[place]] id"),
        )
        .help(format!(
            "list it among the scene's characters instead: characters = [\"{id}\"]"
        ))),
        None => Err(Problem::new(
            f.span(),
            format!(
                "unknown place `{}`: expected the id of a [[place]]",
                show(id)
            ),
        )
        .help(unknown_reference_help(id, entities, EntityKind::Place))),
    }
}

/// A hit as read, with the span of its `at` value for later checks.
struct ReadHit {
    hit: Hit,
    at_span: Range<usize>,
}

fn read_hits(f: &Field<'_, '_>, src: &str) -> Checked<Vec<ReadHit>> {
    const EXPECTED: &str = "a list of hits like [{ at = \"0:45\", kind = \"accent\" }]";
    let items = match f.value.get_ref() {
        DeValue::Array(items) => items,
        DeValue::Table(_) => {
            return Err(f
                .type_error(EXPECTED)
                .help("wrap it in a list: hits = [{ at = ... }]"))
        }
        _ => return Err(f.type_error(EXPECTED)),
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let DeValue::Table(hit) = item.get_ref() else {
            return Err(Problem::new(
                item.span(),
                format!(
                    "`hits` must be {EXPECTED}, but item {} is {}",
                    i + 1,
                    describe(src, item)
                ),
            ));
        };
        let table = Table::new(src, hit, item.span(), "a hit");
        table.check_keys(HIT_KEYS, HIT_SYNONYMS)?;
        let mut time = None;
        let mut kind = HitKind::Accent;
        for hf in table.fields() {
            match hf.name {
                "at" => time = Some((fields::time(hf, src)?, hf.span())),
                "kind" => kind = read_hit_kind(hf)?,
                _ => {}
            }
        }
        let (at_seconds, at_span) = time.ok_or_else(|| {
            table.missing(
                "this hit",
                "at",
                "the time of the hit from the start of the scene",
                "write the hit as { at = \"0:45\", kind = \"accent\" }",
            )
        })?;
        out.push(ReadHit {
            hit: Hit { at_seconds, kind },
            at_span,
        });
    }
    Ok(out)
}

fn read_hit_kind(f: &Field<'_, '_>) -> Checked<HitKind> {
    let names = || HitKind::ALL.iter().map(|k| k.name());
    let text = f.string(&format!("a hit kind, one of {}", list(names())))?;
    HitKind::parse(text).ok_or_else(|| {
        Problem::new(
            f.span(),
            format!(
                "unknown hit kind `{}`: expected one of {}",
                show(text),
                list(names())
            ),
        )
        .maybe_help(did_you_mean(text, names(), "hit kinds"))
    })
}

/// Every hit strictly inside the scene, sorted, at least a second apart.
fn check_hits(
    mut hits: Vec<ReadHit>,
    duration: f64,
    duration_span: &Range<usize>,
    src: &str,
) -> Checked<Vec<Hit>> {
    for h in &hits {
        let t = h.hit.at_seconds;
        if t <= 0.0 || t >= duration {
            return Err(Problem::new(
                h.at_span.clone(),
                format!(
                    "hit at {} is outside its scene: expected a time after 0:00 and before the scene ends at {}",
                    at(t),
                    at(duration)
                ),
            )
            .help(format!(
                "the scene's duration is set on line {}; hit times count from the start of the scene",
                line_of(src, duration_span.start)
            )));
        }
    }
    hits.sort_by(|a, b| a.hit.at_seconds.total_cmp(&b.hit.at_seconds));
    for pair in hits.windows(2) {
        let (first, second) = (&pair[0], &pair[1]);
        let gap = second.hit.at_seconds - first.hit.at_seconds;
        if gap < MIN_HIT_SPACING_SECONDS {
            // Point at whichever of the two was written later.
            let (later, other) = if second.at_span.start >= first.at_span.start {
                (second, first)
            } else {
                (first, second)
            };
            return Err(Problem::new(
                later.at_span.clone(),
                format!(
                    "hits at {} and {} are only {} s apart: expected at least {} s between hits",
                    at(first.hit.at_seconds),
                    at(second.hit.at_seconds),
                    trim_number(gap),
                    MIN_HIT_SPACING_SECONDS
                ),
            )
            .help(format!(
                "the other hit is on line {}; merge the two or move one",
                line_of(src, other.at_span.start)
            )));
        }
    }
    Ok(hits.into_iter().map(|h| h.hit).collect())
}

/// 0.5 -> "0.5", 0.25000001 -> "0.25", 0 -> "0".
fn trim_number(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn read_instruments(f: &Field<'_, '_>) -> Checked<Vec<&'static Instrument>> {
    let names = f.string_list("a list of instrument names like [\"piano\", \"strings\"]")?;
    if names.is_empty() {
        return Err(Problem::new(
            f.span(),
            "`instruments` is empty: expected at least one instrument name",
        )
        .help("leave `instruments` out to let the style choose the instruments"));
    }
    let mut out: Vec<(&'static Instrument, &str)> = Vec::new();
    for (name, span) in names {
        let Some(instrument) = Instrument::by_name(name) else {
            return Err(Problem::new(
                span,
                format!("unknown instrument `{}`: expected an instrument name such as `piano`, `strings` or `flute`", show(name)),
            )
            .maybe_help(did_you_mean(
                name,
                Instrument::names().collect::<Vec<_>>(),
                "instruments",
            )));
        };
        if let Some((_, first)) = out.iter().find(|(i, _)| i.id == instrument.id) {
            let also = if *first == name {
                String::new()
            } else {
                format!(
                    " (`{}` and `{}` are the same instrument)",
                    show(first),
                    show(name)
                )
            };
            return Err(Problem::new(
                span,
                format!("instrument `{}` is listed twice{also}", instrument.id),
            ));
        }
        out.push((instrument, name));
    }
    Ok(out.into_iter().map(|(i, _)| i).collect())
}
