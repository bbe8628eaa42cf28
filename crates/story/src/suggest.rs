//! "Did you mean ...?" for misspelt keys, ids and names. Most story mistakes are typos, and the
//! fastest fix is the right word, so every "unknown X" error offers the closest known one.

/// The known word closest to `word`, if any is close enough to be a plausible typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Long inputs are never typos of short words; skip the quadratic similarity on them.
    if word.is_empty() || word.len() > 64 {
        return None;
    }
    let w = word.to_lowercase();
    let mut best: Option<(&'a str, f64)> = None;
    for c in candidates {
        let score = if c.eq_ignore_ascii_case(&w) {
            2.0
        } else {
            strsim::jaro_winkler(&w, c).max(strsim::normalized_damerau_levenshtein(&w, c))
        };
        if score >= 0.8 && best.is_none_or(|(_, s)| score > s) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| c)
}

/// Help text: "did you mean `x`?", or the whole list of allowed words when nothing is close.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> Option<String> {
    match closest(word, candidates.clone()) {
        Some(c) => Some(format!("did you mean `{c}`?")),
        None => {
            let list = list(candidates);
            if list.is_empty() {
                None
            } else {
                Some(format!("{what}: {list}"))
            }
        }
    }
}

/// `a`, `b`, `c` — a backticked, comma-separated list.
pub(crate) fn list<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    items
        .into_iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A user-written word made safe to quote in a one-line message: control characters escaped,
/// long text shortened.
pub(crate) fn show(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_find_their_word() {
        let keys = ["id", "title", "duration", "emotion", "characters"];
        assert_eq!(closest("durration", keys), Some("duration"));
        assert_eq!(closest("emotoin", keys), Some("emotion"));
        assert_eq!(closest("character", keys), Some("characters"));
        assert_eq!(closest("Title", keys), Some("title"));
        assert_eq!(closest("xyzzy", keys), None);
    }

    #[test]
    fn help_lists_everything_when_nothing_is_close() {
        assert_eq!(
            did_you_mean("zzz", ["a", "b"], "allowed"),
            Some("allowed: `a`, `b`".to_string())
        );
        assert_eq!(did_you_mean("zzz", [], "allowed"), None);
    }

    #[test]
    fn show_escapes_and_shortens() {
        assert_eq!(show("a\nb"), "a\\nb");
        assert_eq!(show(&"x".repeat(50)).chars().count(), 41);
    }
}
