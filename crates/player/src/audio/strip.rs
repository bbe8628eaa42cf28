//! A live channel strip: an instrument fed by scheduled notes instead of a finished event list.
//!
//! Notes arrive ahead of time from the conductor and wait in a fixed-capacity queue sorted by
//! frame; note-offs wait in a second one. Both are allocated once, at construction: when a queue
//! is full the newest event is dropped and counted (the conductor schedules about two bars
//! ahead, far below the capacity), never grown on the audio thread.

use leitmotif_render::mix::eq::StereoBiquad;
use leitmotif_render::mix::strip::{eq_chain, StripSettings};
use leitmotif_render::ChannelSynth;

/// Internal block length in frames: events are sample-accurate inside it.
pub const BLOCK: usize = 128;
/// Scheduled events a strip can hold (about 20 bars of busy sixteenths).
pub const PENDING_CAPACITY: usize = 1024;
/// Notes a strip can hold down at once.
pub const HELD_CAPACITY: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Action {
    On { key: u8, velocity: u8, length: u32 },
    Program(u8),
    Release,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Pending {
    frame: u64,
    action: Action,
}

/// One part's instrument, its scheduled notes, EQ and pan.
pub struct LiveStrip {
    synth: Box<dyn ChannelSynth>,
    pending: Vec<Pending>,
    /// (note-off frame, key) of notes sounding.
    held: Vec<(u64, u8)>,
    eq: Vec<StereoBiquad>,
    pan_left: f32,
    pan_right: f32,
    /// Events dropped because a queue was full.
    pub dropped: u32,
    pub left: [f32; BLOCK],
    pub right: [f32; BLOCK],
}

impl LiveStrip {
    pub fn new(synth: Box<dyn ChannelSynth>, settings: &StripSettings, sample_rate: u32) -> Self {
        // Equal-power pan, unity in the centre (as the offline strips do).
        let angle = (settings.pan.clamp(-1.0, 1.0) + 1.0) * std::f32::consts::FRAC_PI_4;
        let norm = std::f32::consts::SQRT_2;
        // write the queues' memory once here, so the audio thread never takes the page faults of
        // its first use
        let mut pending = vec![
            Pending {
                frame: 0,
                action: Action::Release,
            };
            PENDING_CAPACITY
        ];
        pending.clear();
        let mut held = vec![(0u64, 0u8); HELD_CAPACITY];
        held.clear();
        LiveStrip {
            synth,
            pending,
            held,
            eq: eq_chain(settings, sample_rate),
            pan_left: angle.cos() * norm,
            pan_right: angle.sin() * norm,
            dropped: 0,
            left: [0.0; BLOCK],
            right: [0.0; BLOCK],
        }
    }

    fn schedule(&mut self, frame: u64, action: Action) {
        if self.pending.len() == self.pending.capacity() {
            self.dropped += 1;
            return;
        }
        // after everything at the same frame: the order of arrival is kept
        let at = self.pending.partition_point(|p| p.frame <= frame);
        self.pending.insert(at, Pending { frame, action });
    }

    pub fn note(&mut self, frame: u64, key: u8, velocity: u8, length: u32) {
        let action = Action::On {
            key,
            velocity: velocity.max(1),
            length: length.max(1),
        };
        self.schedule(frame, action);
    }

    pub fn program(&mut self, frame: u64, program: u8) {
        self.schedule(frame, Action::Program(program));
    }

    pub fn release_all(&mut self, frame: u64) {
        self.schedule(frame, Action::Release);
    }

    /// Forgets everything scheduled at or after `from` (notes already sounding keep their ends).
    pub fn cancel_from(&mut self, from: u64) {
        let keep = self.pending.partition_point(|p| p.frame < from);
        self.pending.truncate(keep);
    }

    /// Scheduled events not played yet.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    fn apply(&mut self, action: Action, frame: u64) {
        match action {
            Action::On {
                key,
                velocity,
                length,
            } => {
                // a repeated key: end the earlier note first, so its note-off cannot cut this one
                if let Some(i) = self.held.iter().position(|&(_, k)| k == key) {
                    self.held.swap_remove(i);
                    self.synth.note_off(key);
                }
                if self.held.len() == self.held.capacity() {
                    self.dropped += 1;
                    return;
                }
                self.synth.note_on(key, velocity);
                self.held.push((frame + length as u64, key));
            }
            Action::Program(p) => self.synth.program_change(p),
            Action::Release => {
                for &(_, key) in &self.held {
                    self.synth.note_off(key);
                }
                self.held.clear();
                self.synth.control_change(64, 0);
            }
        }
    }

    /// The frame of the next thing due (a scheduled event or a note-off), if any.
    fn next_due(&self) -> Option<u64> {
        let on = self.pending.first().map(|p| p.frame);
        let off = self.held.iter().map(|&(f, _)| f).min();
        match (on, off) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Renders frames `start .. start + len` into `left/right[..len]` (EQ and pan applied).
    /// Returns false, leaving the buffers untouched, when the strip is silent with nothing due.
    pub fn render(&mut self, start: u64, len: usize) -> bool {
        let end = start + len as u64;
        let due = self.next_due().is_some_and(|f| f < end);
        if !due && self.synth.is_silent() && self.eq.iter().all(StereoBiquad::is_quiet) {
            return false;
        }
        let mut done = 0usize;
        while done < len {
            let now = start + done as u64;
            // note-offs first, so a note ending where another starts frees its key
            let mut i = 0;
            while i < self.held.len() {
                if self.held[i].0 <= now {
                    let (_, key) = self.held.swap_remove(i);
                    self.synth.note_off(key);
                } else {
                    i += 1;
                }
            }
            let ready = self.pending.partition_point(|p| p.frame <= now);
            for k in 0..ready {
                let p = self.pending[k];
                self.apply(p.action, now);
            }
            self.pending.drain(..ready);
            let until = self
                .next_due()
                .map(|f| f.clamp(now + 1, end))
                .unwrap_or(end);
            let n = (until - now) as usize;
            self.synth.render(
                &mut self.left[done..done + n],
                &mut self.right[done..done + n],
            );
            done += n;
        }
        let (l, r) = (&mut self.left[..len], &mut self.right[..len]);
        for f in &mut self.eq {
            f.process(l, r);
        }
        for x in l.iter_mut() {
            *x *= self.pan_left;
        }
        for x in r.iter_mut() {
            *x *= self.pan_right;
        }
        true
    }
}
