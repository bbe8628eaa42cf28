//! What the control side tells the audio thread, and what the audio thread hands back.
//!
//! Messages travel through wait-free single-producer queues (rtrb). Everything in them is plain
//! data except [`ToAudio::Room`], which carries an effects unit built on the control side; the
//! audio thread swaps it in and sends the old one back as [`FromAudio::Retired`], so it is
//! dropped (freed) off the audio thread.

use leitmotif_render::mix::effects::EffectReturns;

/// One instruction for the audio thread. Frames count from the start of playback.
pub enum ToAudio {
    /// Play a note on a strip: note-on at `frame`, note-off `length` frames later.
    Note {
        strip: u8,
        frame: u64,
        key: u8,
        velocity: u8,
        length: u32,
    },
    /// A General MIDI program change on a strip at `frame` (before notes at the same frame).
    Program { strip: u8, frame: u64, program: u8 },
    /// Release every note of a strip at `frame` (the music it played is being left).
    Release { strip: u8, frame: u64 },
    /// Forget everything scheduled at or after `from` on every strip: the control side is about
    /// to compose that stretch again.
    Cancel { from: u64 },
    /// A strip's fader (linear) and effect sends, reached smoothly.
    Mix {
        strip: u8,
        gain: f32,
        reverb_send: f32,
        delay_send: f32,
    },
    /// Glide the intensity (0..1) to `target` over `frames`.
    Intensity { target: f32, frames: u32 },
    /// A new room (reverb and echo) for the new mood; the old one rings out and is sent back.
    Room(Box<EffectReturns>),
    /// Fade the output to silence over `frames` and hold (pause), or stop for good.
    FadeOut { frames: u32, stop: bool },
    /// Fade back in over `frames` from where playback paused.
    FadeIn { frames: u32 },
}

/// Objects the audio thread is done with; the control side drops them.
pub enum FromAudio {
    Retired(Box<EffectReturns>),
}
