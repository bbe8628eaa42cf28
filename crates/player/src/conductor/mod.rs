//! The conductor: the control side of the player. It keeps composing, a bar at a time and about
//! a bar ahead of the audio clock, from the story's themes and the state the game asked for, and
//! schedules the notes on the audio thread's strips.
//!
//! Changes (emotion, focus) land on the next boundary of the requested quantisation after the
//! command. If that boundary is inside music already scheduled, the conductor cancels the
//! scheduled notes from there and composes again: so a change is never later than its
//! quantisation allows, however far ahead the music is written. A change of emotion is prepared
//! by a bridge bar (the new key's dominant seventh in the new instruments, a fill, the tempo
//! gliding from the old to the new) and played on the other bank of strips, so the old
//! instruments' notes ring out under it instead of being cut. Intensity goes straight to the
//! audio thread, which fades layers in and out.

pub mod phrase;
pub mod timeline;

use crate::audio::{FromAudio, ToAudio};
use crate::command::{Command, Mood, Quantize};
use crate::log::{LogEntry, LoggedNote};
use crate::repertoire::Repertoire;
use leitmotif_compose::arrange::stinger;
use leitmotif_compose::{Role, SectionKind};
use leitmotif_render::mix::effects::EffectReturns;
use leitmotif_render::{ChannelTrack, MixPlan, Mood as MixMood, Performance};
use leitmotif_score::{Instrument, Note};
use leitmotif_theory::{Key, Meter};
use phrase::{compose_phrase, section_for, Phrase, Target};
use std::collections::VecDeque;
use timeline::{frames_into_bar, BarSlot};

/// Strip slots per bank: one per role, and one for stingers.
pub const SLOTS: usize = 9;
/// Banks of strips: the music of one mood plays on one while the last mood's notes ring out on
/// the other.
pub const BANKS: usize = 2;
/// The slot of the stinger strip in each bank.
pub const STINGER_SLOT: usize = 8;
/// Roles in slot order.
pub const ROLES: [Role; 8] = Role::ALL;
/// How many scheduled bars the conductor remembers (for status queries and rescheduling).
const KEEP_BARS: usize = 64;

pub fn slot_of(role: Role) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(0)
}

/// Strip index of a slot in a bank.
pub fn strip_index(bank: u8, slot: usize) -> u8 {
    (bank as usize * SLOTS + slot) as u8
}

/// The track name of a slot, which is how the mix plan knows a part's role.
pub fn slot_name(slot: usize) -> &'static str {
    ROLES.get(slot).map(|r| r.track_name()).unwrap_or("Stinger")
}

/// The music as scheduled at the end of the timeline.
#[derive(Debug, Clone, PartialEq)]
struct Music {
    mood: Mood,
    focus: String,
    bank: u8,
    key: Key,
    meter: Meter,
    bpm: f64,
}

pub struct Conductor {
    rep: Repertoire,
    sample_rate: u32,
    /// Frames between a command's arrival and the earliest frame it may change (the audio
    /// thread may already have rendered that far).
    safety: u64,
    target: Target,
    quantize: Quantize,
    to_audio: rtrb::Producer<ToAudio>,
    from_audio: rtrb::Consumer<FromAudio>,
    timeline: VecDeque<BarSlot>,
    next_start: u64,
    next_index: u64,
    phrase: Option<Phrase>,
    phrase_number: u32,
    /// Phrases played in the current mood and focus.
    run: u32,
    music: Option<Music>,
    /// Where the music must switch to the target state.
    landing: Option<u64>,
    /// Stingers due beyond what is scheduled: (frame, theme id).
    stingers: Vec<(u64, String)>,
    /// Messages that act on receipt, held until the clock nears their frame.
    deferred: Vec<(u64, ToAudio)>,
    log: Vec<LogEntry>,
    /// Messages the queue to the audio thread refused (full).
    pub refused: u64,
    /// Counts changes to the timeline (for whoever mirrors it).
    revision: u64,
}

impl Conductor {
    pub fn new(
        rep: Repertoire,
        target: Target,
        sample_rate: u32,
        safety: u64,
        to_audio: rtrb::Producer<ToAudio>,
        from_audio: rtrb::Consumer<FromAudio>,
    ) -> Conductor {
        Conductor {
            rep,
            sample_rate,
            safety,
            target,
            quantize: Quantize::Bar,
            to_audio,
            from_audio,
            timeline: VecDeque::new(),
            next_start: 0,
            next_index: 0,
            phrase: None,
            phrase_number: 0,
            run: 0,
            music: None,
            landing: None,
            stingers: Vec::new(),
            deferred: Vec::new(),
            log: Vec::new(),
            refused: 0,
            revision: 0,
        }
    }

    pub fn repertoire(&self) -> &Repertoire {
        &self.rep
    }

    pub fn target(&self) -> &Target {
        &self.target
    }

    pub fn quantize(&self) -> Quantize {
        self.quantize
    }

    /// The bars scheduled recently (the last 64), oldest first.
    pub fn timeline(&self) -> &VecDeque<BarSlot> {
        &self.timeline
    }

    /// Changes whenever the timeline does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Everything logged so far.
    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    /// Takes the log entries gathered since the last call.
    pub fn drain_log(&mut self) -> Vec<LogEntry> {
        std::mem::take(&mut self.log)
    }

    /// The scheduled bar that contains `frame`, if still remembered.
    pub fn bar_at(&self, frame: u64) -> Option<&BarSlot> {
        self.timeline
            .iter()
            .rev()
            .find(|s| s.start <= frame && frame < s.end())
    }

    fn send(&mut self, message: ToAudio) {
        if self.to_audio.push(message).is_err() {
            self.refused += 1;
        }
    }

    /// Keeps the music scheduled ahead of `now` (the audio clock, in frames), sends what is due
    /// and frees what the audio thread handed back.
    pub fn update(&mut self, now: u64) {
        while let Ok(FromAudio::Retired(room)) = self.from_audio.pop() {
            drop(room);
        }
        let horizon = now + self.safety + self.lookahead();
        while self.next_start <= horizon {
            self.schedule_next_bar();
        }
        let due = now + self.safety;
        let mut i = 0;
        while i < self.deferred.len() {
            if self.deferred[i].0 <= due {
                let (_, message) = self.deferred.remove(i);
                self.send(message);
            } else {
                i += 1;
            }
        }
    }

    /// How far ahead of the clock bars are written: one bar of the current music.
    fn lookahead(&self) -> u64 {
        self.timeline
            .back()
            .map(|s| s.frames)
            .unwrap_or(self.sample_rate as u64)
            .max(self.sample_rate as u64 / 2)
    }

    /// Takes a command that arrived when the audio clock stood at `now`.
    pub fn command(&mut self, command: Command, now: u64) {
        let earliest = now + self.safety;
        let describe = command.describe();
        let mut quantize = self.quantize;
        let lands = match command {
            Command::Emotion(mood) => {
                self.target.mood = mood;
                self.land_change(earliest)
            }
            Command::Focus(id) => {
                self.target.focus = id;
                self.land_change(earliest)
            }
            Command::Intensity { value, seconds } => {
                self.target.intensity = value.clamp(0.0, 1.0);
                let frames = (seconds.max(0.0) * self.sample_rate as f64) as u32;
                self.send(ToAudio::Intensity {
                    target: value.clamp(0.0, 1.0) as f32,
                    frames,
                });
                earliest
            }
            Command::Stinger(id) => {
                quantize = Quantize::Beat;
                let at = self.boundary(earliest, Quantize::Beat);
                if at < self.next_start {
                    self.play_stinger(at, &id);
                } else {
                    self.stingers.push((at, id));
                }
                at
            }
            Command::Transition(q) => {
                self.quantize = q;
                quantize = q;
                earliest
            }
            Command::Pause { seconds } | Command::Stop { seconds } => {
                let stop = matches!(command, Command::Stop { .. });
                let frames = ((seconds.max(0.0) * self.sample_rate as f64) as u32).max(64);
                self.send(ToAudio::FadeOut { frames, stop });
                earliest
            }
            Command::Resume { seconds } => {
                let frames = ((seconds.max(0.0) * self.sample_rate as f64) as u32).max(64);
                self.send(ToAudio::FadeIn { frames });
                earliest
            }
        };
        let sr = self.sample_rate as f64;
        self.log.push(LogEntry::Command {
            frame: now,
            seconds: now as f64 / sr,
            command: describe,
            quantize: quantize.name(),
            lands,
            lands_seconds: lands as f64 / sr,
        });
    }

    /// Finds where a change of the target lands, and reschedules from there if needed.
    fn land_change(&mut self, earliest: u64) -> u64 {
        let at = self.boundary(earliest, self.quantize);
        let at = self.landing.map_or(at, |l| l.min(at));
        if at < self.next_start {
            self.reschedule_from(at);
        }
        self.landing = Some(at);
        at
    }

    /// Forgets everything scheduled from `at` on: the audio thread drops those notes, the
    /// timeline is cut there (a bar containing `at` is shortened) and the music's state is the
    /// state of the last bar kept.
    fn reschedule_from(&mut self, at: u64) {
        self.send(ToAudio::Cancel { from: at });
        self.revision += 1;
        self.log.push(LogEntry::Rescheduled {
            frame: at,
            seconds: at as f64 / self.sample_rate as f64,
        });
        self.deferred.retain(|(f, _)| *f < at);
        while self.timeline.back().is_some_and(|s| s.start >= at) {
            self.timeline.pop_back();
        }
        if let Some(last) = self.timeline.back_mut() {
            last.frames = last.frames.min(at - last.start);
        }
        self.next_start = at;
        self.next_index = self.timeline.back().map_or(0, |s| s.index + 1);
        self.phrase = None;
        self.music = self.timeline.back().map(|s| Music {
            mood: s.mood,
            focus: s.focus.clone(),
            bank: s.bank,
            key: s.key,
            meter: s.meter,
            bpm: s.bpm_end,
        });
        // stingers already scheduled past the cut play again when their bar is written
    }

    /// The first boundary of kind `q` at or after `frame`: from the scheduled bars, or beyond
    /// them at the current phrase's steady tempo.
    fn boundary(&self, frame: u64, q: Quantize) -> u64 {
        for slot in &self.timeline {
            if slot.end() <= frame {
                continue;
            }
            if let Some(b) = slot.boundary_at_or_after(frame, q, self.sample_rate) {
                return b;
            }
        }
        if frame <= self.next_start && (q != Quantize::Phrase || self.phrase_ends_here()) {
            return self.next_start;
        }
        // beyond the scheduled bars: the current phrase continues at its tempo
        let Some(p) = &self.phrase else {
            return self.next_start.max(frame);
        };
        let bar_ticks = p.plan.meter.bar_ticks();
        let bpm = p.plan.intent.bpm;
        let bar = frames_into_bar(bar_ticks, bar_ticks, bpm, bpm, self.sample_rate).max(1);
        let remaining = (p.bars.len() - p.next_bar.min(p.bars.len())) as u64;
        match q {
            Quantize::Phrase => {
                let end = self.next_start + remaining * bar;
                if frame <= end {
                    end
                } else {
                    let phrase = bar * p.bars.len().max(1) as u64;
                    end + (frame - end).div_ceil(phrase) * phrase
                }
            }
            Quantize::Bar => {
                self.next_start + (frame.saturating_sub(self.next_start)).div_ceil(bar) * bar
            }
            Quantize::Beat => {
                let pulses = p.plan.meter.pulses().max(1) as u64;
                let beat = (bar / pulses).max(1);
                self.next_start + (frame.saturating_sub(self.next_start)).div_ceil(beat) * beat
            }
        }
    }

    fn phrase_ends_here(&self) -> bool {
        match &self.phrase {
            None => true,
            Some(p) => p.next_bar >= p.bars.len() && p.bridge.is_none(),
        }
    }

    /// Writes the next bar: the next of the current phrase, or the start of a new one (with a
    /// bridge when the mood changes).
    fn schedule_next_bar(&mut self) {
        let start = self.next_start;
        let landing_now = self.landing.is_some_and(|b| b <= start);
        if landing_now {
            self.landing = None;
        }
        let exhausted = self.phrase_ends_here();
        if landing_now || exhausted {
            self.begin_phrase(start);
        }
        let bridge = self.phrase.as_mut().and_then(|p| p.bridge.take());
        match bridge {
            Some(notes) => self.schedule_bridge(start, notes),
            None => self.schedule_phrase_bar(start),
        }
    }

    fn begin_phrase(&mut self, start: u64) {
        let previous = self.music.clone();
        let mood_changed = previous.as_ref().is_none_or(|m| m.mood != self.target.mood);
        let focus_changed = previous
            .as_ref()
            .is_some_and(|m| m.focus != self.target.focus);
        self.run = if mood_changed || focus_changed {
            0
        } else {
            self.run + 1
        };
        let section = if focus_changed {
            SectionKind::Statement
        } else {
            section_for(self.run, self.target.intensity)
        };
        self.phrase_number += 1;
        let with_bridge = mood_changed && previous.is_some();
        let phrase = compose_phrase(
            &self.rep,
            &self.target,
            previous.as_ref().map(|m| (m.key, m.meter)),
            !mood_changed,
            self.phrase_number,
            section,
            with_bridge,
        );
        let bank = match &previous {
            None => 0,
            Some(m) if mood_changed => 1 - m.bank,
            Some(m) => m.bank,
        };
        if mood_changed {
            self.dress_bank(bank, &phrase, start, previous.as_ref().map(|m| m.bank));
        }
        self.music = Some(Music {
            mood: self.target.mood,
            focus: self.target.focus.clone(),
            bank,
            key: phrase.plan.key,
            meter: phrase.plan.meter,
            bpm: previous.as_ref().map_or(phrase.plan.intent.bpm, |m| m.bpm),
        });
        self.phrase = Some(phrase);
    }

    /// Sets a bank up for a phrase's palette and mood from `start`: programs, faders and sends,
    /// the room; the previous bank's notes are released there.
    fn dress_bank(&mut self, bank: u8, phrase: &Phrase, start: u64, old_bank: Option<u8>) {
        let plan = &phrase.plan;
        for part in &plan.palette.parts {
            let slot = slot_of(part.role);
            if part.role != Role::Drums {
                self.send(ToAudio::Program {
                    strip: strip_index(bank, slot),
                    frame: start,
                    program: part.instrument.program,
                });
            }
        }
        self.send(ToAudio::Program {
            strip: strip_index(bank, STINGER_SLOT),
            frame: start,
            program: stinger_instrument(plan.intent.arousal).program,
        });
        if let Some(old) = old_bank {
            for slot in 0..SLOTS {
                self.send(ToAudio::Release {
                    strip: strip_index(old, slot),
                    frame: start,
                });
            }
        }
        let (mix, room) = mix_for(plan, self.sample_rate);
        for (slot, s) in mix.strips.iter().enumerate() {
            let in_palette =
                slot == STINGER_SLOT || plan.palette.parts.iter().any(|p| slot_of(p.role) == slot);
            let gain = if in_palette {
                10f32.powf(s.gain_db / 20.0)
            } else {
                0.0
            };
            let message = ToAudio::Mix {
                strip: strip_index(bank, slot),
                gain,
                reverb_send: s.reverb_send,
                delay_send: s.delay_send,
            };
            self.deferred.push((start, message));
        }
        if old_bank.is_some() {
            self.deferred.push((start, ToAudio::Room(room)));
        } else {
            // the very first mood: its room is the renderer's first (sent before any sound)
            self.send(ToAudio::Room(room));
        }
    }

    fn push_slot(&mut self, slot: BarSlot) {
        self.next_start = slot.end();
        self.next_index = slot.index + 1;
        self.timeline.push_back(slot);
        self.revision += 1;
        while self.timeline.len() > KEEP_BARS {
            self.timeline.pop_front();
        }
    }

    fn schedule_bridge(&mut self, start: u64, notes: Vec<(usize, Note)>) {
        let Some(music) = self.music.clone() else {
            return;
        };
        let Some(p) = &self.phrase else { return };
        let plan = &p.plan;
        let (from_bpm, to_bpm) = (music.bpm, plan.intent.bpm);
        let bar_ticks = plan.meter.bar_ticks();
        let frames = frames_into_bar(bar_ticks, bar_ticks, from_bpm, to_bpm, self.sample_rate);
        let slot = BarSlot {
            index: self.next_index,
            start,
            frames,
            meter: plan.meter,
            bpm_start: from_bpm,
            bpm_end: to_bpm,
            key: plan.key,
            chord: leitmotif_compose::arrange::bridge::dominant_seventh(),
            phrase: self.phrase_number,
            bar_in_phrase: 0,
            phrase_bars: 1,
            bridge: true,
            bank: music.bank,
            mood: music.mood,
            emotion: music.mood.name.name().to_string(),
            focus: music.focus.clone(),
        };
        let roles: Vec<Role> = plan.palette.parts.iter().map(|p| p.role).collect();
        self.schedule_notes(&slot, &notes, &roles, SectionKind::Development, "bridge");
        if let Some(m) = &mut self.music {
            m.bpm = to_bpm;
        }
        self.push_slot(slot);
    }

    fn schedule_phrase_bar(&mut self, start: u64) {
        let Some(music) = self.music.clone() else {
            return;
        };
        let Some(p) = &mut self.phrase else { return };
        let b = p.next_bar;
        p.next_bar += 1;
        let plan = &p.plan;
        let bpm = plan.intent.bpm;
        let bar_ticks = plan.meter.bar_ticks();
        let mut frames = frames_into_bar(bar_ticks, bar_ticks, bpm, bpm, self.sample_rate);
        // a change landing inside this bar cuts it short there
        if let Some(l) = self.landing {
            if l > start && l < start + frames {
                frames = l - start;
            }
        }
        let slot = BarSlot {
            index: self.next_index,
            start,
            frames,
            meter: plan.meter,
            bpm_start: bpm,
            bpm_end: bpm,
            key: plan.key,
            chord: p.chords.get(b).copied().unwrap_or(p.chords[0]),
            phrase: self.phrase_number,
            bar_in_phrase: b as u32,
            phrase_bars: p.bars.len() as u32,
            bridge: false,
            bank: music.bank,
            mood: music.mood,
            emotion: music.mood.name.name().to_string(),
            focus: music.focus.clone(),
        };
        let notes = p.bars.get(b).cloned().unwrap_or_default();
        let roles: Vec<Role> = plan.palette.parts.iter().map(|p| p.role).collect();
        let section = plan.sections[0].kind;
        self.schedule_notes(&slot, &notes, &roles, section, "phrase");
        if let Some(m) = &mut self.music {
            m.bpm = bpm;
        }
        self.push_slot(slot);
    }

    /// Sends a bar's notes to the strips of its bank, logs it, and plays the stingers due in it.
    fn schedule_notes(
        &mut self,
        slot: &BarSlot,
        notes: &[(usize, Note)],
        roles: &[Role],
        section: SectionKind,
        kind: &'static str,
    ) {
        let sr = self.sample_rate;
        let end = slot.end();
        let mut melody = Vec::new();
        for &(part, ref n) in notes {
            let Some(&role) = roles.get(part) else {
                continue;
            };
            let on = slot.frame_at(n.start, sr);
            if on >= end {
                continue;
            }
            let off = slot.frame_at(n.start + n.duration, sr);
            // a shortened bar ends its notes with it
            let off = if slot.frames < full_bar(slot, sr) {
                off.min(end)
            } else {
                off
            };
            let key = n.pitch.midi().clamp(0, 127) as u8;
            if role == Role::Melody {
                melody.push(LoggedNote {
                    tick: n.start,
                    ticks: n.duration,
                    key,
                });
            }
            self.send(ToAudio::Note {
                strip: strip_index(slot.bank, slot_of(role)),
                frame: on,
                key,
                velocity: n.velocity.clamp(1, 127),
                length: (off.saturating_sub(on)).max(1) as u32,
            });
        }
        melody.sort_by_key(|n| (n.tick, n.key));
        self.log.push(LogEntry::Bar {
            frame: slot.start,
            seconds: slot.start as f64 / sr as f64,
            bar: slot.index,
            frames: slot.frames,
            phrase: slot.phrase,
            bar_in_phrase: slot.bar_in_phrase,
            kind,
            section: section.name(),
            key: slot.key.to_string(),
            mode: slot.key.mode.name().to_string(),
            chord: slot.chord.symbol(slot.key),
            tempo: slot.bpm_start,
            tempo_end: slot.bpm_end,
            meter: slot.meter.to_string(),
            emotion: slot.emotion.clone(),
            intensity: self.target.intensity,
            focus: slot.focus.clone(),
            melody,
        });
        let due: Vec<(u64, String)> = {
            let (now, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.stingers)
                .into_iter()
                .partition(|(f, _)| *f < end);
            self.stingers = later;
            now
        };
        for (at, id) in due {
            self.play_stinger_in(slot, at.max(slot.start), &id);
        }
    }

    fn play_stinger(&mut self, at: u64, id: &str) {
        if let Some(slot) = self.bar_at(at).cloned() {
            self.play_stinger_in(&slot, at, id);
        }
    }

    /// The theme's motif head, harmonised to the chord of the bar it lands in, on the bank's
    /// stinger strip.
    fn play_stinger_in(&mut self, slot: &BarSlot, at: u64, id: &str) {
        let Some(theme) = self.rep.themes.get(id) else {
            return;
        };
        let head: Vec<_> = theme
            .notes
            .iter()
            .take(stinger::HEAD_NOTES)
            .copied()
            .collect();
        let inst = stinger_instrument(slot.mood.point.arousal);
        let notes = stinger::harmonised(&head, slot.key, slot.meter, slot.chord, inst);
        let sr = self.sample_rate;
        // the motif keeps the bar's tempo from where it lands
        let tempo_slot = BarSlot {
            start: at,
            bpm_start: slot.bpm_end,
            ..slot.clone()
        };
        let mut keys = Vec::new();
        for n in &notes {
            let on = tempo_slot.frame_at(n.start, sr);
            let off = tempo_slot.frame_at(n.start + n.duration, sr);
            let key = n.pitch.midi().clamp(0, 127) as u8;
            keys.push(key);
            self.send(ToAudio::Note {
                strip: strip_index(slot.bank, STINGER_SLOT),
                frame: on,
                key,
                velocity: n.velocity,
                length: (off - on).max(1) as u32,
            });
        }
        self.log.push(LogEntry::Stinger {
            frame: at,
            seconds: at as f64 / sr as f64,
            theme: id.to_string(),
            chord: slot.chord.symbol(slot.key),
            keys,
        });
    }
}

fn full_bar(slot: &BarSlot, sample_rate: u32) -> u64 {
    let t = slot.meter.bar_ticks();
    frames_into_bar(t, t, slot.bpm_start, slot.bpm_end, sample_rate)
}

/// The stinger's instrument: the brass section when the mood is aroused, a horn otherwise.
pub fn stinger_instrument(arousal: f64) -> &'static Instrument {
    let program = if arousal > 0.3 { 61 } else { 60 };
    Instrument::for_program(program)
}

/// The mix of a phrase's mood: per-slot strip settings (by role) and its room.
pub fn mix_for(
    plan: &leitmotif_compose::CuePlan,
    sample_rate: u32,
) -> (MixPlan, Box<EffectReturns>) {
    let performance = slot_performance(sample_rate);
    let mood = MixMood {
        emotion: plan.emotion_name.clone(),
        valence: plan.emotion.valence,
        arousal: plan.emotion.arousal,
        style: plan.style.name().to_string(),
        bpm: plan.intent.bpm,
    };
    let mix = MixPlan::for_scene(&performance, &mood);
    let room = Box::new(EffectReturns::new(
        mix.effects,
        sample_rate,
        crate::audio::BLOCK,
    ));
    (mix, room)
}

/// An empty performance with one channel per slot, named by role: what the mix plan reads.
pub fn slot_performance(sample_rate: u32) -> Performance {
    Performance {
        sample_rate,
        channels: (0..SLOTS)
            .map(|slot| ChannelTrack {
                name: slot_name(slot).to_string(),
                program: 0,
                drums: slot == slot_of(Role::Drums),
                events: Vec::new(),
            })
            .collect(),
        end_frame: 0,
    }
}
