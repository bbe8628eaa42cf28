//! The offline backend: a scripted session rendered to a buffer or a file, deterministically.
//!
//! Commands are applied between internal blocks, at the first block boundary at or after their
//! scripted time (a block is 128 frames, 2.7 ms at 48 kHz), so the same story, session and
//! settings always give the same samples.

use crate::audio::BLOCK;
use crate::error::PlayerError;
use crate::log::LogEntry;
use crate::player::Player;
use crate::session::Session;
use std::path::Path;

/// Length of the fade at the very end of a session render, so the file does not end in a click.
pub const END_FADE_SECONDS: f64 = 0.05;

/// Renders a session block by block, handing each block to `sink` (left, right).
pub fn render_session(
    player: &mut Player,
    session: &Session,
    mut sink: impl FnMut(&[f32], &[f32]) -> Result<(), PlayerError>,
) -> Result<(), PlayerError> {
    let sr = player.sample_rate() as f64;
    let total = (session.duration_seconds * sr).round() as u64;
    let fade = ((END_FADE_SECONDS * sr) as u64).min(total);
    let mut next = 0;
    let mut left = [0.0f32; BLOCK];
    let mut right = [0.0f32; BLOCK];
    let mut done = 0u64;
    while done < total {
        while let Some((time, command)) = session.commands.get(next) {
            if ((time * sr).round() as u64) > done {
                break;
            }
            player.command(command.clone());
            next += 1;
        }
        let n = (BLOCK as u64).min(total - done) as usize;
        player.render(&mut left[..n], &mut right[..n]);
        for k in 0..n {
            let from_end = total - (done + k as u64);
            if from_end <= fade {
                let g = (from_end as f32 - 1.0).max(0.0) / fade.max(1) as f32;
                left[k] *= g;
                right[k] *= g;
            }
        }
        sink(&left[..n], &right[..n])?;
        done += n as u64;
    }
    Ok(())
}

/// A session rendered into memory.
pub struct SessionAudio {
    pub left: Vec<f32>,
    pub right: Vec<f32>,
    pub log: Vec<LogEntry>,
}

/// Renders a session into memory.
pub fn render_session_to_buffers(
    player: &mut Player,
    session: &Session,
) -> Result<SessionAudio, PlayerError> {
    let frames = (session.duration_seconds * player.sample_rate() as f64).round() as usize;
    let mut left = Vec::with_capacity(frames);
    let mut right = Vec::with_capacity(frames);
    render_session(player, session, |l, r| {
        left.extend_from_slice(l);
        right.extend_from_slice(r);
        Ok(())
    })?;
    Ok(SessionAudio {
        left,
        right,
        log: player.log().to_vec(),
    })
}

/// Renders a session to a 24-bit WAV file, written beside the target and renamed into place
/// when complete (a failure leaves no file).
pub fn render_session_to_wav(
    player: &mut Player,
    session: &Session,
    path: &Path,
) -> Result<(), PlayerError> {
    let write_error = |error: std::io::Error| PlayerError::Write {
        path: path.to_path_buf(),
        error,
    };
    let hound_error = |e: hound::Error| match e {
        hound::Error::IoError(error) => write_error(error),
        other => write_error(std::io::Error::other(other.to_string())),
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".leitmotif-adapt-")
        .suffix(".wav")
        .tempfile_in(&dir)
        .map_err(write_error)?;
    let spec = hound::WavSpec {
        channels: 2,
        sample_rate: player.sample_rate(),
        bits_per_sample: 24,
        sample_format: hound::SampleFormat::Int,
    };
    let mut writer = hound::WavWriter::new(
        std::io::BufWriter::new(temp.reopen().map_err(write_error)?),
        spec,
    )
    .map_err(hound_error)?;
    render_session(player, session, |l, r| {
        for (a, b) in l.iter().zip(r) {
            writer.write_sample(to_i24(*a)).map_err(hound_error)?;
            writer.write_sample(to_i24(*b)).map_err(hound_error)?;
        }
        Ok(())
    })?;
    writer.finalize().map_err(hound_error)?;
    temp.persist(path).map_err(|e| write_error(e.error))?;
    Ok(())
}

fn to_i24(x: f32) -> i32 {
    (x.clamp(-1.0, 1.0) * 8_388_607.0).round() as i32
}
