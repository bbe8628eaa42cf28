//! Writing a PNG atomically: into a hidden temporary file in the destination folder, then renamed
//! over the destination, so a reader never sees half a picture and a failure leaves nothing.

use crate::PlotError;
use std::{
    fs,
    io::{BufWriter, Write},
    path::Path,
};

/// Encodes an RGB buffer (`width × height × 3` bytes) as `path`.
pub fn write_png(path: &Path, width: u32, height: u32, rgb: &[u8]) -> Result<(), PlotError> {
    let fail = |error: std::io::Error| PlotError::Write {
        path: path.to_path_buf(),
        error,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    {
        let mut out = BufWriter::new(temp.as_file());
        let mut encoder = png::Encoder::new(&mut out, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder
            .write_header()
            .map_err(|e| fail(std::io::Error::other(e)))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| fail(std::io::Error::other(e)))?;
        writer
            .finish()
            .map_err(|e| fail(std::io::Error::other(e)))?;
        out.flush().map_err(fail)?;
    }
    temp.as_file().sync_all().map_err(fail)?;
    // The temporary file is created private (0600); a picture is for anyone who can read the
    // folder, like the other files Leitmotif writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(temp.path(), fs::Permissions::from_mode(0o644));
    }
    temp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_png_of_the_right_size_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("x.png");
        let rgb: Vec<u8> = (0..7 * 5 * 3).map(|i| i as u8).collect();
        write_png(&path, 7, 5, &rgb).unwrap();
        let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (7, 5));
        let mut back = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut back).unwrap();
        assert_eq!(back, rgb);
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["x.png"]);
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.png");
        // Too few bytes for the size: the encoder refuses.
        assert!(matches!(
            write_png(&path, 10, 10, &[0; 5]),
            Err(PlotError::Write { .. })
        ));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
