//! A small XML writer: indented elements, escaped text and attributes, nothing else.
//!
//! Why not quick-xml: MusicXML export only *writes* a fixed vocabulary of elements, so all a
//! library would add is escaping, which is five characters. What it would not add is what
//! matters for a file another program must open: XML 1.0 forbids most control characters even
//! when escaped (`&#1;` is not well-formed), and a story title can contain anything. This writer
//! drops those characters, escapes the rest, and always produces the same bytes for the same
//! calls (two-space indentation, attributes in the order given), which the golden test relies on.

/// Builds an XML document in memory.
pub(crate) struct XmlWriter {
    out: String,
    open: Vec<&'static str>,
}

impl XmlWriter {
    pub(crate) fn new() -> Self {
        XmlWriter {
            out: String::with_capacity(1 << 16),
            open: Vec::new(),
        }
    }

    /// A line written as is (the XML declaration and DOCTYPE).
    pub(crate) fn raw_line(&mut self, line: &str) {
        self.out.push_str(line);
        self.out.push('\n');
    }

    fn indent(&mut self) {
        for _ in 0..self.open.len() {
            self.out.push_str("  ");
        }
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(tag);
        for (name, value) in attrs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape_into(&mut self.out, value, true);
            self.out.push('"');
        }
    }

    /// Opens an element whose children follow.
    pub(crate) fn open(&mut self, tag: &'static str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str(">\n");
        self.open.push(tag);
    }

    /// Closes the innermost open element.
    pub(crate) fn close(&mut self) {
        let tag = self.open.pop().expect("close() without a matching open()");
        self.indent();
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// An element holding only text: `<tag a="1">text</tag>`.
    pub(crate) fn leaf(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(tag, attrs);
        self.out.push('>');
        escape_into(&mut self.out, text, false);
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push_str(">\n");
    }

    /// A text element without attributes.
    pub(crate) fn text(&mut self, tag: &str, text: &str) {
        self.leaf(tag, &[], text);
    }

    /// An empty element: `<tag a="1"/>`.
    pub(crate) fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start_tag(tag, attrs);
        self.out.push_str("/>\n");
    }

    /// The document; every opened element must have been closed.
    pub(crate) fn finish(self) -> String {
        assert!(self.open.is_empty(), "unclosed elements: {:?}", self.open);
        self.out
    }
}

/// Whether XML 1.0 allows the character at all (even escaped).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` escaped for element content or (with `attribute`) a double-quoted attribute.
fn escape_into(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars().filter(|&c| allowed(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            // attribute-value normalisation would turn these into spaces
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

/// A decimal number with at most `places` decimals and no trailing zeros (`72`, `88.89`).
pub(crate) fn decimal(value: f64, places: usize) -> String {
    let text = format!("{value:.places$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        let mut w = XmlWriter::new();
        w.open("a", &[("title", "Tom & \"Jerry\"\n<3")]);
        w.text("b", "x < y & z > w \u{1}\u{FFFF}é ♭");
        w.empty("c", &[]);
        w.close();
        assert_eq!(
            w.finish(),
            "<a title=\"Tom &amp; &quot;Jerry&quot;&#10;&lt;3\">\n  <b>x &lt; y &amp; z &gt; w é ♭</b>\n  <c/>\n</a>\n"
        );
    }

    #[test]
    #[should_panic(expected = "unclosed")]
    fn unclosed_elements_are_a_bug() {
        let mut w = XmlWriter::new();
        w.open("a", &[]);
        w.finish();
    }

    #[test]
    fn decimals_are_short_and_stable() {
        assert_eq!(decimal(72.0, 2), "72");
        assert_eq!(decimal(88.888, 2), "88.89");
        assert_eq!(decimal(-0.001, 2), "0");
        assert_eq!(decimal(126.3, 3), "126.3");
    }
}
