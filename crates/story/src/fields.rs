//! Readers for the kinds of value a story uses in more than one place (times, styles, keys,
//! meters, bounded numbers), so the same mistake gets the same message wherever it is made.

use crate::document::{number_in, Field};
use crate::error::{Checked, Problem};
use crate::style::Style;
use crate::suggest::{did_you_mean, list, show};
use crate::time_value::{check_seconds, format_time, parse_time};
use leitmotif_theory::{Key, Meter};
use toml::de::DeValue;

pub(crate) const TIME_EXPECTED: &str =
    "a time like \"1:30\" (m:ss), \"1:02:30\" (h:mm:ss) or a number of seconds like 95";
const TIME_HELP: &str =
    "write \"m:ss\" (e.g. \"1:30\"), \"h:mm:ss\" (e.g. \"1:02:30\") or seconds (e.g. 90 or \"90\")";

/// The source text of a field's value, shortened, for "`tempo` = 300 is out of range".
pub(crate) fn written(field: &Field<'_, '_>, src: &str) -> String {
    let text = src.get(field.span()).unwrap_or("");
    show(text.lines().next().unwrap_or(""))
}

/// A time in seconds: a string in time syntax, or a number of seconds.
pub(crate) fn time(field: &Field<'_, '_>, src: &str) -> Checked<f64> {
    let invalid = |reason: String| {
        Problem::new(
            field.span(),
            format!(
                "`{}` = {} is not a valid time: {reason}",
                field.name,
                written(field, src)
            ),
        )
        .help(TIME_HELP)
    };
    match field.value.get_ref() {
        DeValue::String(s) => parse_time(s).map_err(invalid),
        DeValue::Integer(_) | DeValue::Float(_) => {
            let n =
                number_in(src, field.value).map_err(|found| invalid(format!("found {found}")))?;
            check_seconds(n).map_err(invalid)
        }
        DeValue::Datetime(dt) => {
            let help = match (dt.date, dt.time, dt.offset) {
                (None, Some(t), None) => {
                    // `01:30` was almost certainly meant as m:ss; `00:01:30` as h:mm:ss.
                    let quoted = match (t.hour, t.second) {
                        (h, None) => format!("{h}:{:02}", t.minute),
                        (0, Some(sec)) => format!("{}:{sec:02}", t.minute),
                        (h, Some(sec)) => format!("{h}:{:02}:{sec:02}", t.minute),
                    };
                    format!(
                        "unquoted, TOML reads this as a time of day; quote it: {} = \"{quoted}\"",
                        field.name
                    )
                }
                _ => TIME_HELP.to_string(),
            };
            Err(field.type_error(TIME_EXPECTED).help(help))
        }
        _ => Err(field.type_error(TIME_EXPECTED).help(TIME_HELP)),
    }
}

/// A number that must lie in `[low, high]`; `unit` finishes "expected 30 to 240 <unit>".
pub(crate) fn bounded(
    field: &Field<'_, '_>,
    src: &str,
    low: f64,
    high: f64,
    unit: &str,
) -> Checked<f64> {
    let expected = format!("a number from {low} to {high}{unit}");
    let n = field.number(&expected)?;
    if !(low..=high).contains(&n) {
        return Err(Problem::new(
            field.span(),
            format!(
                "`{}` = {} is out of range: expected {low} to {high}{unit}",
                field.name,
                written(field, src)
            ),
        ));
    }
    Ok(n)
}

pub(crate) fn style(field: &Field<'_, '_>) -> Checked<Style> {
    let names = || Style::ALL.iter().map(|s| s.name());
    let text = field.string(&format!("a style name, one of {}", list(names())))?;
    Style::parse(text).ok_or_else(|| {
        Problem::new(
            field.span(),
            format!(
                "unknown style `{}`: expected one of {}",
                show(text),
                list(names())
            ),
        )
        .maybe_help(did_you_mean(text, names(), "styles"))
    })
}

pub(crate) fn key(field: &Field<'_, '_>) -> Checked<Key> {
    let text = field.string("a key like \"D major\", \"F# minor\" or \"Bb dorian\"")?;
    Key::parse(text).map_err(|e| {
        Problem::new(field.span(), e.to_string())
            .help("a key is a tonic (A-G, with # or b) and a mode: major, minor, dorian, phrygian, lydian, mixolydian (e.g. \"Eb major\")")
    })
}

pub(crate) fn meter(field: &Field<'_, '_>) -> Checked<Meter> {
    let text = field.string("a meter like \"4/4\", \"3/4\" or \"6/8\"")?;
    Meter::parse(text).map_err(|e| Problem::new(field.span(), e.to_string()))
}

/// Formats seconds for messages: "1:30".
pub(crate) fn at(seconds: f64) -> String {
    format_time(seconds)
}
