//! Text, set in a typeface embedded in the binary so that plots look the same on every machine
//! and need no system fonts (see docs/plot.md): a subset of DejaVu Sans and DejaVu Sans Bold
//! (Latin, Latin-1, Latin Extended-A, typographic punctuation, arrows and the musical ♭ ♮ ♯
//! signs), about 78 KB for both weights. Licence: `fonts/LICENSE-DejaVu.txt`.
//!
//! Glyphs are rasterised with ab_glyph at their exact (sub-pixel) positions with kerning;
//! plotters' own ab_glyph text snaps every glyph to a whole pixel, which spaces letters unevenly,
//! and cannot set bold.

use ab_glyph::{point, Font, FontRef, PxScale, ScaleFont};
use std::sync::OnceLock;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans-subset.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold-subset.ttf");

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        // Both files are parsed by a unit test, so these cannot fail in a release.
        regular: FontRef::try_from_slice(REGULAR).expect("the embedded regular font is valid"),
        bold: FontRef::try_from_slice(BOLD).expect("the embedded bold font is valid"),
    })
}

fn face(bold: bool) -> &'static FontRef<'static> {
    let f = faces();
    if bold {
        &f.bold
    } else {
        &f.regular
    }
}

/// The pen position of every glyph of `text` (kerned), and the advance width of the whole.
fn layout(bold: bool, size: f64, text: &str) -> (Vec<ab_glyph::Glyph>, f32) {
    let font = face(bold);
    let scale = PxScale::from(size as f32);
    let scaled = font.as_scaled(scale);
    let mut x = 0.0f32;
    let mut previous = None;
    let mut glyphs = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            x += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(scale, point(x, scaled.ascent())));
        x += scaled.h_advance(id);
        previous = Some(id);
    }
    (glyphs, x)
}

/// Width and height in pixels of `text` at `size` (the height of the font's ascent to descent).
pub fn measure(bold: bool, size: f64, text: &str) -> (u32, u32) {
    let (_, width) = layout(bold, size, text);
    let scaled = face(bold).as_scaled(PxScale::from(size as f32));
    (
        width.ceil().max(0.0) as u32,
        (scaled.ascent() - scaled.descent()).ceil().max(0.0) as u32,
    )
}

/// Calls `put(x, y, coverage)` for every pixel `text` covers, relative to the top left of its
/// box (the ascent line at y = 0); coverage is 0 to 1.
pub fn rasterise(bold: bool, size: f64, text: &str, mut put: impl FnMut(i32, i32, f32)) {
    let font = face(bold);
    let (glyphs, _) = layout(bold, size, text);
    for glyph in glyphs {
        if let Some(outline) = font.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
            outline.draw(|x, y, coverage| put(left + x as i32, top + y as i32, coverage.min(1.0)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_parse_and_are_small() {
        assert!(FontRef::try_from_slice(REGULAR).is_ok());
        assert!(FontRef::try_from_slice(BOLD).is_ok());
        assert!(REGULAR.len() + BOLD.len() < 150_000);
    }

    #[test]
    fn measures_and_draws() {
        let (w, h) = measure(false, 20.0, "Cue 3 · The Letter");
        assert!((120..220).contains(&w), "{w}");
        assert!((18..=24).contains(&h), "{h}");
        let (bold_w, _) = measure(true, 20.0, "Cue 3 · The Letter");
        assert!(bold_w > w);
        assert_eq!(measure(false, 20.0, "").0, 0);
        let mut inked = 0;
        let mut inside = true;
        rasterise(false, 20.0, "♯ é", |x, y, c| {
            inked += usize::from(c > 0.5);
            inside &= (-2..40).contains(&x) && (-2..26).contains(&y);
        });
        assert!(inked > 20 && inside, "{inked} {inside}");
    }
}
