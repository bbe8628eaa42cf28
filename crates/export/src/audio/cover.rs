//! The album cover: a PNG or JPEG read from disk, checked, and described for FLAC's PICTURE block.

use std::path::Path;

/// FLAC metadata blocks hold at most 2^24 - 1 bytes; the picture block adds ~50 bytes of header.
const MAX_COVER_BYTES: usize = (1 << 24) - 1024;

/// A cover image ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverImage {
    pub mime: &'static str,
    pub width: u32,
    pub height: u32,
    /// Bits per pixel.
    pub depth: u32,
    pub data: Vec<u8>,
}

impl CoverImage {
    /// Reads and checks a cover image. The error says which file and what was wrong.
    pub fn load(path: &Path) -> Result<CoverImage, String> {
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("{}: cannot read the cover image: {e}", path.display()))?;
        if meta.len() as usize > MAX_COVER_BYTES {
            return Err(format!(
                "{}: the cover image is {} bytes; FLAC pictures hold at most 16 MB",
                path.display(),
                meta.len()
            ));
        }
        let data = std::fs::read(path)
            .map_err(|e| format!("{}: cannot read the cover image: {e}", path.display()))?;
        Self::from_bytes(data)
            .map_err(|why| format!("{}: not a usable cover image: {why}", path.display()))
    }

    /// Checks the bytes are a PNG or a JPEG and reads their size.
    pub fn from_bytes(data: Vec<u8>) -> Result<CoverImage, String> {
        if data.starts_with(b"\x89PNG\r\n\x1a\n") {
            // IHDR is the first chunk: width, height (big-endian), bit depth, colour type.
            if data.len() < 33 || &data[12..16] != b"IHDR" {
                return Err("a PNG without its IHDR header (truncated?)".into());
            }
            let be =
                |i: usize| u32::from_be_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
            let channels = match data[25] {
                0 => 1,
                2 => 3,
                3 => 1,
                4 => 2,
                6 => 4,
                _ => return Err("a PNG with an unknown colour type".into()),
            };
            let (width, height, depth) = (be(16), be(20), data[24] as u32 * channels);
            if width == 0 || height == 0 {
                return Err("a PNG of zero size".into());
            }
            return Ok(CoverImage {
                mime: "image/png",
                width,
                height,
                depth,
                data,
            });
        }
        if data.starts_with(&[0xFF, 0xD8]) {
            let (width, height, depth) = jpeg_size(&data)
                .ok_or("a JPEG without a frame header (truncated or not baseline/progressive?)")?;
            return Ok(CoverImage {
                mime: "image/jpeg",
                width,
                height,
                depth,
                data,
            });
        }
        Err("expected a PNG or JPEG image".into())
    }

    /// The body of a FLAC PICTURE metadata block (type 3, front cover).
    pub fn flac_picture_block(&self) -> Vec<u8> {
        let mut b = Vec::with_capacity(self.data.len() + 64);
        let u32be = |b: &mut Vec<u8>, v: u32| b.extend_from_slice(&v.to_be_bytes());
        u32be(&mut b, 3);
        u32be(&mut b, self.mime.len() as u32);
        b.extend_from_slice(self.mime.as_bytes());
        let description = b"Cover";
        u32be(&mut b, description.len() as u32);
        b.extend_from_slice(description);
        u32be(&mut b, self.width);
        u32be(&mut b, self.height);
        u32be(&mut b, self.depth);
        u32be(&mut b, 0); // not an indexed-colour image
        u32be(&mut b, self.data.len() as u32);
        b.extend_from_slice(&self.data);
        b
    }
}

/// Width, height and bits per pixel from a JPEG's start-of-frame marker.
fn jpeg_size(data: &[u8]) -> Option<(u32, u32, u32)> {
    let mut i = 2;
    while i + 9 < data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xD8 || (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            i += 2;
            continue;
        }
        let len = u16::from_be_bytes([data[i + 2], data[i + 3]]) as usize;
        let is_sof = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_sof {
            let precision = data[i + 4] as u32;
            let height = u16::from_be_bytes([data[i + 5], data[i + 6]]) as u32;
            let width = u16::from_be_bytes([data[i + 7], data[i + 8]]) as u32;
            let components = data[i + 9] as u32;
            return (width > 0 && height > 0).then_some((width, height, precision * components));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid PNG header: signature + IHDR of a 2×3 RGBA image.
    pub fn tiny_png() -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend_from_slice(&13u32.to_be_bytes());
        png.extend_from_slice(b"IHDR");
        png.extend_from_slice(&2u32.to_be_bytes());
        png.extend_from_slice(&3u32.to_be_bytes());
        png.extend_from_slice(&[8, 6, 0, 0, 0]);
        png.extend_from_slice(&[0, 0, 0, 0]); // CRC (not checked by readers of the size)
        png
    }

    #[test]
    fn reads_png_and_jpeg_sizes_and_refuses_other_files() {
        let png = CoverImage::from_bytes(tiny_png()).unwrap();
        assert_eq!(
            (png.mime, png.width, png.height, png.depth),
            ("image/png", 2, 3, 32)
        );
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00,
            0x40, 0x00, 0x80, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let j = CoverImage::from_bytes(jpeg.to_vec()).unwrap();
        assert_eq!(
            (j.mime, j.width, j.height, j.depth),
            ("image/jpeg", 128, 64, 24)
        );
        assert!(CoverImage::from_bytes(b"GIF89a".to_vec())
            .unwrap_err()
            .contains("PNG or JPEG"));
        assert!(CoverImage::from_bytes(tiny_png()[..20].to_vec()).is_err());
        let err = CoverImage::load(Path::new("/no/such/cover.png")).unwrap_err();
        assert!(err.contains("/no/such/cover.png"), "{err}");
    }
}
