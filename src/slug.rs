//! Folder names from titles: the story crate's id slug ("My Heart!" -> "my-heart"), or
//! "soundtrack" when a title has nothing usable in it.

pub fn slug(title: &str) -> String {
    leitmotif_story::ids::slug(title).unwrap_or_else(|| "soundtrack".to_string())
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
