//! Crash-safe output: single files written atomically, and whole output folders staged and then
//! swapped in.
//!
//! A compose run writes many files (MIDI per cue, audio, a manifest). If it fails or is killed
//! half-way, the user must be left with either the previous complete output or the new complete
//! output, never a mix: a manifest pointing at missing files, or a truncated MIDI file a DAW
//! refuses, is worse than no output. So every file is written to a temporary sibling and renamed
//! over its target (a rename within one directory is atomic on POSIX and replaces on Windows), and
//! a whole folder is written into a hidden staging sibling that replaces the output folder only
//! after everything in it was written.

use std::{
    fs,
    io::{self, Write},
    path::{Component, Path, PathBuf},
};
use tempfile::{Builder, TempDir};

/// Writes `bytes` to `path` atomically: readers see the old content or the new, never a part.
///
/// The bytes go to a hidden temporary file in the same directory, are flushed and synced to disk,
/// and the file is then renamed over `path`. The directory must exist. If anything fails the
/// temporary file is removed and `path` is untouched.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let name = file_name(path)?;
    let prefix = format!(".{name}.");
    let mut builder = Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        // Temporary files are private (0600) by default; an output file should get the same
        // permissions as any newly created file (0666 narrowed by the umask).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.flush()?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

/// A hidden staging folder next to an output folder, swapped in place of it by [`commit`].
///
/// Write everything into the staging folder with [`write`](StagedDir::write) (or directly under
/// [`path`](StagedDir::path)), then call [`commit`](StagedDir::commit): an existing output folder
/// is replaced as a whole, and only after everything was written, so a failed run never leaves it
/// half-updated. Dropping a `StagedDir` without committing deletes the staging folder and leaves
/// any existing output folder untouched.
///
/// [`commit`]: StagedDir::commit
#[derive(Debug)]
pub struct StagedDir {
    staging: TempDir,
    final_dir: PathBuf,
}

impl StagedDir {
    /// Creates the staging folder `.<name>.tmp-XXXXXX` next to `final_dir`, creating
    /// `final_dir`'s parent if needed. Staging in the same parent keeps the final swap a rename on
    /// one file system.
    pub fn new(final_dir: &Path) -> io::Result<StagedDir> {
        let parent = parent_dir(final_dir);
        let name = file_name(final_dir)?;
        fs::create_dir_all(parent)?;
        let staging = dir_builder(&format!(".{name}.tmp-")).tempdir_in(parent)?;
        Ok(StagedDir {
            staging,
            final_dir: final_dir.to_path_buf(),
        })
    }

    /// The staging folder to write into.
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// The folder that [`commit`](StagedDir::commit) will replace.
    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Writes a file at `relative` inside the staging folder, creating its subfolders, atomically.
    /// `relative` must stay inside the folder: absolute paths and `..` are rejected.
    pub fn write(&self, relative: &Path, bytes: &[u8]) -> io::Result<()> {
        let inside = relative
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
            && relative.components().next().is_some();
        if !inside {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "`{}` is not a relative path inside the output folder: expected names \
                     separated by `/`, without `..` or a leading `/`",
                    relative.display()
                ),
            ));
        }
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        write_atomic(&path, bytes)
    }

    /// Replaces `final_dir` with the staged folder.
    ///
    /// An existing `final_dir` is first renamed aside to a hidden sibling, the staged folder is
    /// renamed to `final_dir`, and only then is the old folder deleted. If the swap fails the old
    /// folder is moved back and the staged folder deleted, so `final_dir` holds the old output.
    /// (Between the two renames `final_dir` briefly does not exist; two renames are the best
    /// portable approximation of an atomic folder swap.)
    pub fn commit(self) -> io::Result<()> {
        let parent = parent_dir(&self.final_dir);
        let name = file_name(&self.final_dir)?;
        // The old folder is moved *into* a fresh temporary folder, which gives it a unique name
        // and deletes it (recursively) when dropped.
        let aside = match fs::symlink_metadata(&self.final_dir) {
            Ok(_) => {
                let holder = dir_builder(&format!(".{name}.old-")).tempdir_in(parent)?;
                let old = holder.path().join(name);
                fs::rename(&self.final_dir, &old)?;
                Some((holder, old))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        if let Err(e) = fs::rename(self.staging.path(), &self.final_dir) {
            if let Some((holder, old)) = aside {
                if let Err(restore) = fs::rename(&old, &self.final_dir) {
                    // Never delete the only copy of the old output: keep the holder and say where.
                    let _ = holder.keep();
                    return Err(io::Error::new(
                        e.kind(),
                        format!(
                            "{e}; moving the previous output back also failed ({restore}), \
                             it is kept at `{}`",
                            old.display()
                        ),
                    ));
                }
            }
            return Err(e);
        }
        // The staged folder now *is* final_dir: stop the TempDir from deleting it.
        let _ = self.staging.keep();
        sync_dir(parent);
        drop(aside);
        Ok(())
    }
}

/// A builder for staging folders; on Unix they get ordinary folder permissions rather than the
/// private 0700 of temporary folders, since they become the output folder.
fn dir_builder(prefix: &str) -> Builder<'_, 'static> {
    let mut builder = Builder::new();
    builder.prefix(prefix).rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o777));
    }
    builder
}

/// The directory holding `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The last component of `path`, which must be a real name (not `/`, `.` or `..`).
fn file_name(path: &Path) -> io::Result<&str> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("`{}` does not end in a file or folder name", path.display()),
        )
    })?;
    // Only used to name temporary siblings, so a lossy rendering is fine; but keep it a &str.
    Ok(name.to_str().unwrap_or("output"))
}

/// Makes a rename in `dir` durable (POSIX needs the directory itself synced). Best effort: not
/// every platform or file system supports syncing a directory, and the data is already safe.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names in a directory, sorted.
    fn listing(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn write_atomic_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cue.mid");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        assert_eq!(listing(dir.path()), ["cue.mid"]);
    }

    #[test]
    fn write_atomic_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        // the target is a non-empty folder, so the rename must fail
        let target = dir.path().join("taken");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("keep"), b"x").unwrap();
        assert!(write_atomic(&target, b"data").is_err());
        assert_eq!(listing(dir.path()), ["taken"]);
        assert_eq!(listing(&target), ["keep"]);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        write_atomic(&path, b"{}").unwrap();
        let plain = dir.path().join("plain");
        fs::write(&plain, b"{}").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn commit_replaces_an_existing_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("album");
        fs::create_dir_all(out.join("old-sub")).unwrap();
        fs::write(out.join("old.mid"), b"old").unwrap();
        fs::write(out.join("old-sub").join("x"), b"old").unwrap();

        let staged = StagedDir::new(&out).unwrap();
        assert_eq!(staged.path().parent(), Some(root.path()));
        let staged_name = staged.path().file_name().unwrap().to_string_lossy();
        assert!(staged_name.starts_with(".album.tmp-"), "{staged_name}");
        staged.write(Path::new("cue-01.mid"), b"new").unwrap();
        staged
            .write(Path::new("stems/cue-01/strings.wav"), b"wav")
            .unwrap();
        // nothing visible before commit
        assert_eq!(listing(&out), ["old-sub", "old.mid"]);
        staged.commit().unwrap();

        assert_eq!(listing(&out), ["cue-01.mid", "stems"]);
        assert_eq!(fs::read(out.join("cue-01.mid")).unwrap(), b"new");
        assert_eq!(
            fs::read(out.join("stems/cue-01/strings.wav")).unwrap(),
            b"wav"
        );
        // no staging or set-aside folders remain
        assert_eq!(listing(root.path()), ["album"]);
    }

    #[test]
    fn commit_creates_a_missing_folder_and_its_parent() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("renders").join("album");
        let staged = StagedDir::new(&out).unwrap();
        assert_eq!(staged.final_dir(), out);
        staged.write(Path::new("a.txt"), b"a").unwrap();
        staged.commit().unwrap();
        assert_eq!(listing(&out), ["a.txt"]);
        assert_eq!(listing(&root.path().join("renders")), ["album"]);
    }

    #[test]
    fn drop_without_commit_cleans_up_and_keeps_the_old_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("album");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.mid"), b"old").unwrap();
        {
            let staged = StagedDir::new(&out).unwrap();
            staged.write(Path::new("half.mid"), b"half").unwrap();
            assert!(staged.path().exists());
        }
        assert_eq!(listing(root.path()), ["album"]);
        assert_eq!(listing(&out), ["old.mid"]);
        assert_eq!(fs::read(out.join("old.mid")).unwrap(), b"old");
    }

    #[test]
    fn write_rejects_paths_outside_the_folder() {
        let root = tempfile::tempdir().unwrap();
        let staged = StagedDir::new(&root.path().join("album")).unwrap();
        for bad in ["../escape.txt", "/etc/passwd", "", "a/../../b", "./"] {
            let err = staged.write(Path::new(bad), b"x").unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::InvalidInput, "{bad}");
        }
        assert!(listing(staged.path()).is_empty());
    }

    #[test]
    fn new_rejects_paths_without_a_name() {
        assert!(StagedDir::new(Path::new("/")).is_err());
        assert!(StagedDir::new(Path::new("out/..")).is_err());
    }
}
