//! Folder names from titles: lower-case ASCII words joined by hyphens ("My Heart!" -> "my-heart").

pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(|c| c.to_lowercase()) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c == '\'' || c == '\u{2019}' {
            // apostrophes join: "HAN'S" -> "hans"
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "soundtrack".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs() {
        assert_eq!(slug("My Heart"), "my-heart");
        assert_eq!(slug("  Lantern Keep: Part 2! "), "lantern-keep-part-2");
        assert_eq!(slug("사랑"), "soundtrack");
    }
}
