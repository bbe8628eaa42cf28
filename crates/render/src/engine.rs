//! The instrument engine a render uses: the built-in instruments, or a SoundFont.

use crate::builtin::BuiltinChannel;
use crate::channel::ChannelSynth;
use crate::error::RenderError;
use crate::performance::ChannelTrack;
use crate::soundfont::{SoundFontBank, SoundFontChannel};

/// Which instruments play.
#[derive(Clone, Default)]
pub enum Engine {
    /// Synthesised in code: no files, no downloads (the default).
    #[default]
    Builtin,
    /// A General MIDI SoundFont, shared by every channel.
    SoundFont(SoundFontBank),
}

impl Engine {
    /// A fresh instrument for one channel of a performance.
    pub fn channel(
        &self,
        track: &ChannelTrack,
        sample_rate: u32,
    ) -> Result<Box<dyn ChannelSynth>, RenderError> {
        let mut synth: Box<dyn ChannelSynth> = match self {
            Engine::Builtin => Box::new(BuiltinChannel::new(sample_rate, track.drums)),
            Engine::SoundFont(bank) => {
                Box::new(SoundFontChannel::new(bank, sample_rate, track.drums)?)
            }
        };
        synth.program_change(track.program);
        Ok(synth)
    }

    /// A short name for reports and the manifest.
    pub fn name(&self) -> &'static str {
        match self {
            Engine::Builtin => "built-in",
            Engine::SoundFont(_) => "soundfont",
        }
    }
}
