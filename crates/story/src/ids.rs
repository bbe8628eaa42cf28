//! Ids name characters, places and scenes. They end up in file names, manifests and cue sheets,
//! so they are restricted to `[a-z0-9-]+`, and a readable title can be derived from them.

/// Whether `id` is non-empty and uses only `a-z`, `0-9` and `-`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The nearest valid id to some text ("Mina Park" -> "mina-park", "HAN'S BAKERY" -> "hans-bakery"):
/// for "try `...`" help, output folder names and ids made from screenplay headings. `None` when
/// nothing usable is left (a title in another script, say).
pub fn slug(text: &str) -> Option<String> {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // apostrophes join the word: "HAN'S" -> "hans"
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    (!out.is_empty()).then_some(out)
}

/// "first-meeting" -> "First Meeting": the default cue title.
pub(crate) fn title_from_id(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lower_kebab() {
        assert!(is_valid_id("first-meeting"));
        assert!(is_valid_id("ep2"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Mina"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id("é"));
    }

    #[test]
    fn slugs_suggest_a_valid_id() {
        assert_eq!(slug("Mina Park").as_deref(), Some("mina-park"));
        assert_eq!(slug("seoul_night!").as_deref(), Some("seoul-night"));
        assert_eq!(slug("!!"), None);
    }

    #[test]
    fn titles_come_from_ids() {
        assert_eq!(title_from_id("first-meeting"), "First Meeting");
        assert_eq!(title_from_id("ep-2--end"), "Ep 2 End");
    }
}
