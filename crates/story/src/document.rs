//! Typed, located access to the parsed TOML tree.
//!
//! The loader reads `toml`'s spanned document ([`DeTable`]) by hand instead of deriving serde
//! structs: that way every message can name the key, quote what was written, say what was
//! expected, and point at the exact value, and unknown keys get a "did you mean" in any table.
//! Entries are visited in source order (the tree itself is sorted by key), so the first error
//! reported is the first one in the file.

use crate::error::{Checked, Problem};
use crate::suggest::{did_you_mean, show};
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub(crate) type Value<'i> = Spanned<DeValue<'i>>;

/// A table of the story (the top level, a `[[scene]]`, an inline hit) with entries in source order.
pub(crate) struct Table<'a, 'i> {
    src: &'a str,
    /// The header (`[[scene]]`), the inline table, or an empty span for the top level: where
    /// "missing key" errors point.
    pub span: Range<usize>,
    /// What kind of table this is, for "unknown key `x` in [[scene]]".
    pub kind: &'static str,
    fields: Vec<Field<'a, 'i>>,
}

/// One `key = value` entry.
pub(crate) struct Field<'a, 'i> {
    src: &'a str,
    pub name: &'a str,
    pub key_span: Range<usize>,
    pub value: &'a Value<'i>,
}

impl<'a, 'i> Table<'a, 'i> {
    pub fn new(
        src: &'a str,
        table: &'a DeTable<'i>,
        span: Range<usize>,
        kind: &'static str,
    ) -> Self {
        let mut fields: Vec<Field<'a, 'i>> = table
            .iter()
            .map(|(k, v)| Field {
                src,
                name: k.get_ref().as_ref(),
                key_span: k.span(),
                value: v,
            })
            .collect();
        fields.sort_by_key(|f| (f.key_span.start, f.key_span.end));
        Table {
            src,
            span,
            kind,
            fields,
        }
    }

    pub fn fields(&self) -> &[Field<'a, 'i>] {
        &self.fields
    }

    pub fn get(&self, name: &str) -> Option<&Field<'a, 'i>> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Rejects the first key not in `allowed`, suggesting the closest allowed key (or a known
    /// synonym from `synonyms`, e.g. `bpm` -> `tempo`), or listing them all.
    pub fn check_keys(&self, allowed: &[&str], synonyms: &[(&str, &str)]) -> Checked<()> {
        for field in &self.fields {
            if allowed.contains(&field.name) {
                continue;
            }
            let lower = field.name.to_ascii_lowercase();
            let help = match synonyms.iter().find(|(from, _)| *from == lower) {
                Some((_, to)) => Some(format!("did you mean `{to}`?")),
                None => did_you_mean(
                    field.name,
                    allowed.iter().copied(),
                    &format!("keys allowed in {}", self.kind),
                ),
            };
            return Err(Problem::new(
                field.key_span.clone(),
                format!("unknown key `{}` in {}", show(field.name), self.kind),
            )
            .maybe_help(help));
        }
        Ok(())
    }

    /// "`label` is missing `name`": points at the table header; `help` shows how to add it.
    pub fn missing(&self, label: &str, name: &str, expected: &str, help: &str) -> Problem {
        Problem::new(
            self.span.clone(),
            format!("{label} is missing `{name}`: expected {expected}"),
        )
        .help(help)
    }

    pub fn src(&self) -> &'a str {
        self.src
    }
}

impl<'a, 'i> Field<'a, 'i> {
    pub fn span(&self) -> Range<usize> {
        self.value.span()
    }

    /// "`key` must be <expected>, found <what was written>".
    pub fn type_error(&self, expected: &str) -> Problem {
        Problem::new(
            self.span(),
            format!(
                "`{}` must be {expected}, found {}",
                show(self.name),
                describe(self.src, self.value)
            ),
        )
    }

    pub fn string(&self, expected: &str) -> Checked<&'a str> {
        match self.value.get_ref() {
            DeValue::String(s) => Ok(s.as_ref()),
            _ => Err(self.type_error(expected)),
        }
    }

    /// A string with something other than whitespace in it.
    pub fn text(&self, expected: &str) -> Checked<&'a str> {
        let s = self.string(expected)?;
        if s.trim().is_empty() {
            return Err(Problem::new(
                self.span(),
                format!("`{}` is empty: expected {expected}", self.name),
            ));
        }
        Ok(s)
    }

    /// An integer or float, finite.
    pub fn number(&self, expected: &str) -> Checked<f64> {
        number_in(self.src, self.value).map_err(|found| {
            Problem::new(
                self.span(),
                format!("`{}` must be {expected}, found {found}", show(self.name)),
            )
        })
    }

    /// A list of strings, each with its span. A lone string gets a "wrap it in a list" hint.
    pub fn string_list(&self, expected: &str) -> Checked<Vec<(&'a str, Range<usize>)>> {
        let items = match self.value.get_ref() {
            DeValue::Array(a) => a,
            DeValue::String(s) => {
                return Err(self.type_error(expected).help(format!(
                    "wrap it in a list: {} = [\"{}\"]",
                    self.name,
                    show(s)
                )))
            }
            _ => return Err(self.type_error(expected)),
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| match item.get_ref() {
                DeValue::String(s) => Ok((s.as_ref(), item.span())),
                _ => Err(Problem::new(
                    item.span(),
                    format!(
                        "`{}` must be {expected}, but item {} is {}",
                        show(self.name),
                        i + 1,
                        describe(self.src, item)
                    ),
                )),
            })
            .collect()
    }
}

/// A number from an integer or float value; on failure, what was found instead.
pub(crate) fn number_in(src: &str, value: &Value<'_>) -> Result<f64, String> {
    let n = match value.get_ref() {
        DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|n| n as f64),
        DeValue::Float(f) => f.as_str().parse::<f64>().ok(),
        _ => return Err(describe(src, value)),
    };
    match n {
        Some(n) if n.is_finite() => Ok(n),
        _ => Err(format!(
            "`{}`, which is not a finite number",
            snippet(src, value)
        )),
    }
}

/// How a value is named in "found ...": its type and, when short, what was written.
pub(crate) fn describe(src: &str, value: &Value<'_>) -> String {
    let text = snippet(src, value);
    match value.get_ref() {
        DeValue::Table(_) => "a table".to_string(),
        DeValue::Array(_) if text.starts_with("[[") => "an array of tables".to_string(),
        DeValue::Array(a) if a.is_empty() => "an empty array `[]`".to_string(),
        other => {
            let kind = other.type_str();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind} `{text}`")
        }
    }
}

/// What the source says at a value's span: first line only, shortened.
fn snippet(src: &str, value: &Value<'_>) -> String {
    let span = value.span();
    let text = src.get(span).unwrap_or("");
    let first = text.lines().next().unwrap_or("");
    let mut out = show(first);
    if first.len() < text.len() && !out.ends_with('…') {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Spanned<DeTable<'_>> {
        DeTable::parse(src).unwrap()
    }

    #[test]
    fn fields_come_in_source_order() {
        let src = "zeta = 1\nalpha = 2\nmid = 3\n";
        let doc = parse(src);
        let t = Table::new(src, doc.get_ref(), 0..0, "the top level");
        let names: Vec<&str> = t.fields().iter().map(|f| f.name).collect();
        assert_eq!(names, ["zeta", "alpha", "mid"]);
    }

    #[test]
    fn describes_what_was_found() {
        let src = "a = true\nb = 1.5\nc = [1, 2]\nd = { x = 1 }\ne = \"s\"\nf = 7\n";
        let doc = parse(src);
        let t = Table::new(src, doc.get_ref(), 0..0, "the top level");
        let d = |k: &str| describe(src, t.get(k).unwrap().value);
        assert_eq!(d("a"), "a boolean `true`");
        assert_eq!(d("b"), "a float `1.5`");
        assert_eq!(d("c"), "an array `[1, 2]`");
        assert_eq!(d("d"), "a table");
        assert_eq!(d("e"), "a string `\"s\"`");
        assert_eq!(d("f"), "an integer `7`");
    }

    #[test]
    fn numbers_accept_integers_and_floats_but_not_infinity() {
        let src = "a = 0x10\nb = -2.5e1\nc = inf\nd = \"1\"\n";
        let doc = parse(src);
        let t = Table::new(src, doc.get_ref(), 0..0, "the top level");
        assert_eq!(t.get("a").unwrap().number("n"), Ok(16.0));
        assert_eq!(t.get("b").unwrap().number("n"), Ok(-25.0));
        assert!(t.get("c").unwrap().number("n").is_err());
        let e = t.get("d").unwrap().number("a number").unwrap_err();
        assert_eq!(e.message, "`d` must be a number, found a string `\"1\"`");
    }
}
