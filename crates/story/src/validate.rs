//! From the parsed TOML tree to the checked [`Story`]: the top level, characters and places.
//! Scenes are in [`crate::scene`].
//!
//! Validation stops at the first problem (simple and deterministic). Within a table, entries are
//! checked in source order; characters and places are read before scenes, because scenes refer
//! to them wherever they are written in the file.

use crate::document::{describe, Field, Table};
use crate::error::{line_of, Checked, Problem};
use crate::fields;
use crate::ids::{is_valid_id, slug};
use crate::model::{Entity, EntityKind, Story};
use crate::scene::read_scene;
use crate::seed::fnv1a_64;
use crate::style::Style;
use crate::suggest::show;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

const TOP_KEYS: &[&str] = &[
    "title",
    "composer",
    "date",
    "cover",
    "seed",
    "style",
    "key",
    "character",
    "place",
    "scene",
];
const TOP_SYNONYMS: &[(&str, &str)] = &[
    ("name", "title"),
    ("genre", "style"),
    ("tonality", "key"),
    ("home-key", "key"),
    ("home_key", "key"),
    ("scenes", "scene"),
    ("cue", "scene"),
    ("cues", "scene"),
    ("characters", "character"),
    ("places", "place"),
    ("location", "place"),
    ("locations", "place"),
    ("artist", "composer"),
    ("author", "composer"),
    ("year", "date"),
    ("artwork", "cover"),
    ("cover-art", "cover"),
    ("cover_art", "cover"),
];
const ENTITY_KEYS: &[&str] = &["id", "name", "traits"];
const ENTITY_SYNONYMS: &[(&str, &str)] = &[
    ("title", "name"),
    ("trait", "traits"),
    ("tags", "traits"),
    ("personality", "traits"),
];
const SCENE_EXAMPLE: &str =
    "[[scene]] with id = \"opening\", duration = \"1:30\" and emotion = \"hopeful\"";

/// Validates a parsed document. `src` is the text it was parsed from (for spans and quotes).
pub(crate) fn validate(src: &str, doc: &DeTable<'_>) -> Checked<Story> {
    let top = Table::new(src, doc, 0..0, "the top level");
    if top.fields().is_empty() {
        return Err(Problem::new(
            0..0,
            "the story is empty: expected a `title` and at least one [[scene]]",
        )
        .help(format!(
            "start with: title = \"My Story\", then add a {SCENE_EXAMPLE}"
        )));
    }
    top.check_keys(TOP_KEYS, TOP_SYNONYMS)?;

    let mut title = None;
    let mut composer = None;
    let mut date = None;
    let mut cover = None;
    let mut seed = None;
    let mut style = None;
    let mut key = None;
    let mut entities = Entities::default();
    let mut scene_field = None;
    for field in top.fields() {
        match field.name {
            "title" => {
                title = Some(
                    field
                        .text("the story's title, a non-empty string like \"My Heart\"")?
                        .trim()
                        .to_string(),
                )
            }
            "composer" => {
                composer = Some(
                    field
                        .text("the composer credit, a non-empty string like \"Jane Doe\"")?
                        .trim()
                        .to_string(),
                )
            }
            "date" => date = Some(read_date(field)?),
            "cover" => cover = Some(read_cover(field)?),
            "seed" => seed = Some(read_seed(field, src)?),
            "style" => style = Some(fields::style(field)?),
            "key" => key = Some(fields::key(field)?),
            "character" => entities.read(field, src, EntityKind::Character)?,
            "place" => entities.read(field, src, EntityKind::Place)?,
            "scene" => scene_field = Some(field),
            _ => {}
        }
    }

    let title = title.ok_or_else(|| {
        Problem::new(
            0..0,
            "the story has no `title`: expected a non-empty string, e.g. title = \"My Heart\"",
        )
        .help("add a line such as title = \"My Heart\" at the top of the file")
    })?;
    let no_scenes = |span: Range<usize>| {
        Problem::new(
            span,
            "the story has no scenes: expected at least one [[scene]] table",
        )
        .help(format!("add a {SCENE_EXAMPLE}"))
    };
    let Some(scene_field) = scene_field else {
        return Err(no_scenes(src.len()..src.len()));
    };
    let scene_tables = tables_of(scene_field, src, "[[scene]]")?;
    if scene_tables.is_empty() {
        return Err(no_scenes(scene_field.span()));
    }
    let mut scene_ids = Vec::new();
    let mut scenes = Vec::with_capacity(scene_tables.len());
    for (index, table) in scene_tables.iter().enumerate() {
        scenes.push(read_scene(table, index, &entities, &mut scene_ids)?);
    }

    let seed = seed.unwrap_or_else(|| fnv1a_64(&title));
    let (characters, places) = entities.into_lists();
    Ok(Story {
        title,
        composer,
        date,
        cover,
        seed,
        style: style.unwrap_or(Style::Orchestral),
        key,
        characters,
        places,
        scenes,
    })
}

/// The release date: "YYYY", "YYYY-MM" or "YYYY-MM-DD" (what FLAC's DATE tag holds).
fn read_date(field: &Field<'_, '_>) -> Checked<String> {
    const EXPECTED: &str = "a date like \"2026\", \"2026-11\" or \"2026-11-21\"";
    let text = field.text(EXPECTED)?.trim().to_string();
    let parts: Vec<&str> = text.split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let in_range = |s: &str, hi: u32| s.parse::<u32>().is_ok_and(|v| (1..=hi).contains(&v));
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2) && in_range(m, 12),
        [y, m, d] => {
            digits(y, 4) && digits(m, 2) && digits(d, 2) && in_range(m, 12) && in_range(d, 31)
        }
        _ => false,
    };
    if ok {
        Ok(text)
    } else {
        Err(Problem::new(
            field.span(),
            format!("`date` is \"{text}\": expected {EXPECTED}"),
        ))
    }
}

/// The album cover: a PNG or JPEG path, relative to the story file.
fn read_cover(field: &Field<'_, '_>) -> Checked<String> {
    const EXPECTED: &str = "a PNG or JPEG file path like \"cover.png\", relative to the story";
    let text = field.text(EXPECTED)?.trim().to_string();
    let lower = text.to_ascii_lowercase();
    if [".png", ".jpg", ".jpeg"].iter().any(|e| lower.ends_with(e)) {
        Ok(text)
    } else {
        Err(Problem::new(
            field.span(),
            format!("`cover` is \"{text}\": expected {EXPECTED}"),
        ))
    }
}

fn read_seed(field: &Field<'_, '_>, src: &str) -> Checked<u64> {
    const EXPECTED: &str = "a non-negative integer like 7";
    let DeValue::Integer(n) = field.value.get_ref() else {
        return Err(field.type_error(EXPECTED));
    };
    u64::from_str_radix(n.as_str(), n.radix()).map_err(|_| {
        let written = fields::written(field, src);
        let why = if n.as_str().starts_with('-') {
            "seeds cannot be negative".to_string()
        } else {
            format!("the largest seed is {}", u64::MAX)
        };
        Problem::new(
            field.span(),
            format!("`seed` = {written} is out of range: expected {EXPECTED}; {why}"),
        )
    })
}

/// The tables of an array of tables (`[[scene]]`, or an inline array of `{ ... }`), each with
/// the span of its header.
pub(crate) fn tables_of<'a, 'i>(
    field: &Field<'a, 'i>,
    src: &'a str,
    kind: &'static str,
) -> Checked<Vec<Table<'a, 'i>>> {
    let expected = format!("an array of tables, written {kind}");
    let items = match field.value.get_ref() {
        DeValue::Array(items) => items,
        DeValue::Table(_) => {
            return Err(field
                .type_error(&expected)
                .help(format!("write {kind} with double brackets, once per entry")))
        }
        _ => return Err(field.type_error(&expected)),
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.get_ref() {
            DeValue::Table(t) => Ok(Table::new(src, t, item.span(), kind)),
            _ => Err(Problem::new(
                item.span(),
                format!(
                    "`{}` must be {expected}, but item {} is {}",
                    field.name,
                    i + 1,
                    describe(src, item)
                ),
            )),
        })
        .collect()
}

/// Checks an id's syntax: `[a-z0-9-]+`.
pub(crate) fn read_id<'a>(field: &Field<'a, '_>, what: &str) -> Checked<&'a str> {
    let expected = format!("{what} id: lower-case letters a-z, digits 0-9 and `-`");
    let id = field.string(&format!("{expected}, as a string"))?;
    if id.is_empty() {
        return Err(Problem::new(
            field.span(),
            format!("`id` is empty: expected {expected}"),
        ));
    }
    if !is_valid_id(id) {
        let help = match slug(id) {
            Some(s) => format!("try id = \"{s}\""),
            None => "for example id = \"hero\"".to_string(),
        };
        return Err(Problem::new(
            field.span(),
            format!("invalid id \"{}\": expected {expected}", show(id)),
        )
        .help(help));
    }
    Ok(id)
}

/// Characters and places, in source order, with where each id was defined.
#[derive(Default)]
pub(crate) struct Entities {
    list: Vec<(Entity, Range<usize>)>,
}

impl Entities {
    pub fn find(&self, id: &str) -> Option<&Entity> {
        self.list.iter().map(|(e, _)| e).find(|e| e.id == id)
    }

    pub fn ids(&self, kind: EntityKind) -> impl Iterator<Item = &str> + Clone {
        self.list
            .iter()
            .filter(move |(e, _)| e.kind == kind)
            .map(|(e, _)| e.id.as_str())
    }

    fn into_lists(self) -> (Vec<Entity>, Vec<Entity>) {
        self.list
            .into_iter()
            .map(|(e, _)| e)
            .partition(|e| e.kind == EntityKind::Character)
    }

    /// Reads every `[[character]]` (or `[[place]]`) table of one top-level field.
    fn read(&mut self, field: &Field<'_, '_>, src: &str, kind: EntityKind) -> Checked<()> {
        let what = kind_name(kind);
        let header: &'static str = match kind {
            EntityKind::Character => "[[character]]",
            EntityKind::Place => "[[place]]",
        };
        for table in tables_of(field, src, header)? {
            table.check_keys(ENTITY_KEYS, ENTITY_SYNONYMS)?;
            let mut id = None;
            let mut name = None;
            let mut traits = Vec::new();
            for f in table.fields() {
                match f.name {
                    "id" => {
                        let text = read_id(f, &format!("a {what}"))?;
                        self.check_unique(text, f.span(), src)?;
                        id = Some(text.to_string());
                    }
                    "name" => {
                        name = Some(
                            f.text(&format!("the {what}'s name, a non-empty string"))?
                                .trim()
                                .to_string(),
                        )
                    }
                    "traits" => {
                        for (word, span) in
                            f.string_list("a list of trait words like [\"shy\", \"hopeful\"]")?
                        {
                            if word.trim().is_empty() {
                                return Err(Problem::new(
                                    span,
                                    "empty trait: expected a word like \"brave\"",
                                ));
                            }
                            traits.push(word.trim().to_lowercase());
                        }
                    }
                    _ => {}
                }
            }
            let label = match &id {
                Some(id) => format!("{what} `{id}`"),
                None => format!("this {header}"),
            };
            let id = id.ok_or_else(|| {
                table.missing(
                    &label,
                    "id",
                    "an id of lower-case letters, digits and `-`",
                    &format!("add a line such as: id = \"{}\"", example_id(kind)),
                )
            })?;
            let name = name.ok_or_else(|| {
                table.missing(
                    &label,
                    "name",
                    &format!("the {what}'s display name"),
                    &format!("add a line such as: name = \"{}\"", example_name(kind)),
                )
            })?;
            let span = table.get("id").map(|f| f.span()).unwrap_or_default();
            self.list.push((
                Entity {
                    id,
                    name,
                    kind,
                    traits,
                },
                span,
            ));
        }
        Ok(())
    }

    fn check_unique(&self, id: &str, span: Range<usize>, src: &str) -> Checked<()> {
        match self.list.iter().find(|(e, _)| e.id == id) {
            Some((first, first_span)) => Err(Problem::new(
                span,
                format!(
                    "duplicate id `{id}`: the {} on line {} already uses it",
                    kind_name(first.kind),
                    line_of(src, first_span.start)
                ),
            )
            .help("ids must be unique across all characters and places")),
            None => Ok(()),
        }
    }
}

fn example_id(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Character => "mina",
        EntityKind::Place => "seoul-night",
    }
}

fn example_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Character => "Mina",
        EntityKind::Place => "Seoul at night",
    }
}

pub(crate) fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Character => "character",
        EntityKind::Place => "place",
    }
}
