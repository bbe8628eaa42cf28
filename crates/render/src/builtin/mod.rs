//! The built-in instruments: every General MIDI program and the percussion map, synthesised in
//! code, fast enough for the real-time player and for rendering whole soundtracks at hundreds of
//! times real time.
//!
//! [`BuiltinChannel`] implements [`crate::ChannelSynth`]. Program changes choose a
//! [`BuiltinInstrument`] through [`instrument_for_program`]; each instrument is a patch (in its
//! family's file) for one of five engines:
//!
//! | engine | file | instruments |
//! |---|---|---|
//! | band-limited wavetables with a brightness axis, breath noise | `subtractive` | strings, winds, brass, organ, choir, pads, synths |
//! | modal (decaying resonant modes in SIMD lanes) | `modal` | piano, celesta, glockenspiel, music box, vibraphone, marimba, bells, timpani |
//! | phase modulation | `fm` | electric piano |
//! | Karplus-Strong plucked string | `pluck` | guitars, basses, harp, harpsichord, pizzicato |
//! | drum recipes (swept sines, filtered noise, 808 metal) | `drum_voice`, `drum_kit` | the GM kit and orchestral percussion |
//!
//! Parts of a sound that do not depend on the note (instrument bodies, vowel formants, amplifier,
//! tremolo, ensemble chorus) run once per channel (`channel_fx`), not once per voice.
//!
//! Real-time rules: all memory (voice pool, plucked-string delay lines, chorus line) is allocated
//! in [`BuiltinChannel::new`]; afterwards nothing allocates, locks or does I/O. Voices are a
//! fixed pool with click-free stealing (`pool`); every onset ramps in over at least 1.5 ms, every
//! release decays to zero, denormals are flushed per block and the output is never NaN. Nothing
//! steps or has a click-like edge: bright wavetables and plucked-string excitations keep their
//! spectra but disperse their harmonics' phases (`wavetable`, `pluck`), brightness, bend and
//! controller changes glide, and `tests/no_clicks.rs` holds every instrument to the quality
//! harness's click detector.
//!
//! Level: a velocity-100 note at default controllers (volume 100, expression 127, centre pan)
//! peaks near -12 dBFS, so a mixer can balance instruments without knowing what they are.
//!
//! Speed: a few ns per voice-sample (`cargo bench -p leitmotif-render --bench builtin` prints
//! the table). What makes it cheap: control-rate work once per 64-sample block with linear gain
//! ramps; filters that do not depend on the note moved from the voices to the channel; a
//! brightness axis in the wavetables instead of a filter per voice; SIMD lanes for modes and
//! resonators; loops written without serial dependencies so they vectorise. fundsp supplies the
//! FFT that builds the wavetables, the noise generator, the filter designs and the SIMD type;
//! where a fundsp node was slower or allocates (oscillators, sine, state-variable filter, chorus,
//! plucked string) the component is hand-written, with the measurement in `tests/speed.rs`.

mod brass;
mod channel;
mod channel_fx;
mod drum_kit;
mod drum_voice;
mod envelope;
mod filter;
mod fm;
mod gm;
mod guitars;
mod keys;
mod mallets;
mod modal;
mod noise;
mod patch;
mod pluck;
mod pool;
mod strings;
mod subtractive;
mod synths;
mod vibrato;
mod voice;
mod voices;
mod wavetable;
mod winds;

#[cfg(test)]
mod tests;

pub use channel::BuiltinChannel;
pub use gm::{instrument_for_program, BuiltinInstrument};
