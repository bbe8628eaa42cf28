//! [`Player`]: the conductor and the renderer built as a pair, and [`PlayerHandle`], the control
//! surface a game holds (clone it into any thread).
//!
//! Following kira's pattern, [`Player::new`] builds everything on the calling thread: the audio
//! side ([`Renderer`]) with every buffer it will ever use, the control side ([`Conductor`]) and
//! the wait-free queues between them. A backend then drives them: the offline backend from one
//! thread in fixed blocks (deterministic), the device backend from the audio callback and a
//! conductor thread.

use crate::audio::{LiveStrip, Renderer, StripRole, ToAudio, BLOCK};
use crate::command::{Command, Mood, Quantize};
use crate::conductor::phrase::Target;
use crate::conductor::{slot_of, slot_performance, Conductor, BANKS, ROLES, SLOTS, STINGER_SLOT};
use crate::error::PlayerError;
use crate::log::LogEntry;
use crate::repertoire::Repertoire;
use leitmotif_compose::Role;
use leitmotif_render::engine::Engine;
use leitmotif_render::mix::effects::{EffectReturns, EffectSettings};
use leitmotif_render::{ChannelTrack, MixPlan, Mood as MixMood};
use leitmotif_theory::NamedEmotion;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Messages to the audio thread the queue holds (a few bars of a full arrangement need ~2,000).
const AUDIO_QUEUE: usize = 1 << 15;
/// Master gain before the limiter: the strips' levels sum to about -14 LUFS with it.
pub const MASTER_GAIN: f32 = 1.0;

/// How a player starts.
#[derive(Clone)]
pub struct PlayerConfig {
    pub sample_rate: u32,
    pub engine: Engine,
    pub emotion: Mood,
    pub intensity: f64,
    /// The theme that leads at first (default: the story's first scene's first character).
    pub focus: Option<String>,
    /// Frames between a command's arrival and the earliest frame it may change. Offline, where
    /// commands are applied between blocks, 0; on a device, the audio the callback may render
    /// before the conductor reacts.
    pub safety_frames: u64,
    pub master_gain: f32,
}

impl Default for PlayerConfig {
    fn default() -> Self {
        PlayerConfig {
            sample_rate: 48_000,
            engine: Engine::Builtin,
            emotion: Mood::named(NamedEmotion::Calm),
            intensity: 0.5,
            focus: None,
            safety_frames: 0,
            master_gain: MASTER_GAIN,
        }
    }
}

/// Where the music is, for a game's HUD or a test.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    /// Frames rendered (the music's clock).
    pub frame: u64,
    pub seconds: f64,
    /// 1-based bar and beat.
    pub bar: u64,
    pub beat: u32,
    pub key: String,
    pub chord: String,
    pub tempo: f64,
    pub emotion: String,
    pub focus: String,
    pub intensity: f64,
    pub quantize: Quantize,
}

/// What handles can read without touching the audio thread.
struct Shared {
    sample_rate: u32,
    position: Arc<AtomicU64>,
    board: Mutex<Vec<Status>>,
    themes: Vec<String>,
}

/// Controls a player from any thread. Cheap to clone.
#[derive(Clone)]
pub struct PlayerHandle {
    commands: mpsc::Sender<Command>,
    shared: Arc<Shared>,
}

impl PlayerHandle {
    fn send(&self, command: Command) {
        // a player that has gone away ignores its handles
        let _ = self.commands.send(command);
    }

    /// Moves to a named emotion ("tense", "heroic", ...).
    pub fn set_emotion(&self, name: &str) -> Result<(), PlayerError> {
        let mood = Mood::parse(name).ok_or_else(|| PlayerError::UnknownEmotion {
            name: name.to_string(),
            known: NamedEmotion::ALL
                .iter()
                .map(|e| e.name())
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        self.send(Command::Emotion(mood));
        Ok(())
    }

    /// Moves to a point on the valence/arousal plane (each -1..1).
    pub fn set_emotion_point(&self, valence: f64, arousal: f64) {
        self.send(Command::Emotion(Mood::point(valence, arousal)));
    }

    /// Intensity 0..1, reached over `over`.
    pub fn set_intensity(&self, value: f64, over: Duration) {
        self.send(Command::Intensity {
            value,
            seconds: over.as_secs_f64(),
        });
    }

    /// Whose theme leads.
    pub fn set_focus(&self, theme: &str) -> Result<(), PlayerError> {
        self.check_theme(theme)?;
        self.send(Command::Focus(theme.to_string()));
        Ok(())
    }

    /// The theme's motif over the sounding chord, on the next beat.
    pub fn stinger(&self, theme: &str) -> Result<(), PlayerError> {
        self.check_theme(theme)?;
        self.send(Command::Stinger(theme.to_string()));
        Ok(())
    }

    /// Where the following emotion and focus changes land: next beat, bar or phrase.
    pub fn transition(&self, quantize: Quantize) {
        self.send(Command::Transition(quantize));
    }

    pub fn pause(&self) {
        self.send(Command::Pause { seconds: 0.05 });
    }

    pub fn resume(&self) {
        self.send(Command::Resume { seconds: 0.05 });
    }

    /// Fades out over `fade` and ends.
    pub fn stop(&self, fade: Duration) {
        self.send(Command::Stop {
            seconds: fade.as_secs_f64(),
        });
    }

    /// Any command.
    pub fn command(&self, command: Command) {
        self.send(command);
    }

    fn check_theme(&self, id: &str) -> Result<(), PlayerError> {
        if self.shared.themes.iter().any(|t| t == id) {
            Ok(())
        } else {
            Err(PlayerError::UnknownTheme {
                id: id.to_string(),
                known: self.shared.themes.join(", "),
            })
        }
    }

    /// Theme ids the player knows.
    pub fn themes(&self) -> &[String] {
        &self.shared.themes
    }

    /// The bar, beat, key, chord, tempo, emotion and focus sounding now.
    pub fn status(&self) -> Option<Status> {
        let frame = self.shared.position.load(Ordering::Acquire);
        let board = self.shared.board.lock().ok()?;
        let mut status = board.iter().rev().find(|s| s.frame <= frame)?.clone();
        // the board holds bar lines; the beat comes from the tempo since the bar line
        let beat_frames = 60.0 / status.tempo * self.shared.sample_rate as f64;
        let beats = ((frame - status.frame) as f64 / beat_frames).floor() as u32;
        status.beat = 1 + beats;
        status.frame = frame;
        status.seconds = frame as f64 / self.shared.sample_rate as f64;
        Some(status)
    }
}

/// A player: conductor, renderer and the queues between them.
pub struct Player {
    conductor: Conductor,
    renderer: Renderer,
    commands: mpsc::Receiver<Command>,
    handle: PlayerHandle,
    shared: Arc<Shared>,
    published_bars: u64,
    scratch: [Vec<f32>; 2],
}

impl Player {
    pub fn new(rep: Repertoire, config: PlayerConfig) -> Result<Player, PlayerError> {
        let sr = config.sample_rate;
        let focus = match config.focus {
            Some(id) if rep.has_theme(&id) => id,
            Some(id) => {
                return Err(PlayerError::UnknownTheme {
                    id,
                    known: rep.theme_ids().join(", "),
                })
            }
            None => rep.default_focus(),
        };
        let neutral = MixPlan::for_scene(
            &slot_performance(sr),
            &MixMood {
                emotion: String::new(),
                valence: 0.0,
                arousal: 0.0,
                style: String::new(),
                bpm: 100.0,
            },
        );
        let mut strips = Vec::with_capacity(BANKS * SLOTS);
        let mut roles = Vec::with_capacity(BANKS * SLOTS);
        for _bank in 0..BANKS {
            for slot in 0..SLOTS {
                let track = ChannelTrack {
                    name: crate::conductor::slot_name(slot).to_string(),
                    program: 0,
                    drums: slot == slot_of(Role::Drums),
                    events: Vec::new(),
                };
                let synth = config.engine.channel(&track, sr)?;
                strips.push(LiveStrip::new(synth, &neutral.strips[slot], sr));
                roles.push(StripRole {
                    role: ROLES.get(slot).copied().filter(|_| slot != STINGER_SLOT),
                });
            }
        }
        let (to_audio, inbox) = rtrb::RingBuffer::<ToAudio>::new(AUDIO_QUEUE);
        let (outbox, from_audio) = rtrb::RingBuffer::new(64);
        let position = Arc::new(AtomicU64::new(0));
        let room = Box::new(EffectReturns::new(EffectSettings::default(), sr, BLOCK));
        let mut renderer = Renderer::new(
            sr,
            strips,
            roles,
            room,
            inbox,
            outbox,
            config.master_gain,
            position.clone(),
        );
        renderer.set_intensity(config.intensity as f32);
        let shared = Arc::new(Shared {
            sample_rate: sr,
            position,
            board: Mutex::new(Vec::new()),
            themes: rep.theme_ids().iter().map(|s| s.to_string()).collect(),
        });
        let target = Target {
            mood: config.emotion,
            intensity: config.intensity.clamp(0.0, 1.0),
            focus,
        };
        let conductor = Conductor::new(rep, target, sr, config.safety_frames, to_audio, from_audio);
        let (tx, commands) = mpsc::channel();
        let handle = PlayerHandle {
            commands: tx,
            shared: shared.clone(),
        };
        Ok(Player {
            conductor,
            renderer,
            commands,
            handle,
            shared,
            published_bars: 0,
            scratch: [vec![0.0; BLOCK], vec![0.0; BLOCK]],
        })
    }

    /// A handle for controlling this player (clone it freely).
    pub fn handle(&self) -> PlayerHandle {
        self.handle.clone()
    }

    pub fn sample_rate(&self) -> u32 {
        self.shared.sample_rate
    }

    /// Frames rendered so far.
    pub fn frame(&self) -> u64 {
        self.renderer.frame()
    }

    pub fn conductor(&self) -> &Conductor {
        &self.conductor
    }

    pub fn renderer(&self) -> &Renderer {
        &self.renderer
    }

    /// The event log so far.
    pub fn log(&self) -> &[LogEntry] {
        self.conductor.log()
    }

    /// Applies a command as if it arrived now (offline use: between blocks).
    pub fn command(&mut self, command: Command) {
        let now = self.renderer.frame();
        self.conductor.command(command, now);
    }

    /// The control side's work for one block: commands from handles, composing ahead, the board.
    fn conduct(&mut self) {
        let now = self.renderer.frame();
        while let Ok(command) = self.commands.try_recv() {
            self.conductor.command(command, now);
        }
        self.conductor.update(now);
        publish(&self.conductor, &self.shared, &mut self.published_bars);
    }

    /// Renders the next internal block (BLOCK frames) offline: commands sent through handles
    /// since the last call take effect at its start.
    pub fn render_block(&mut self) -> (&[f32], &[f32]) {
        self.conduct();
        let [l, r] = &mut self.scratch;
        self.renderer.fill(l, r);
        (&self.scratch[0], &self.scratch[1])
    }

    /// Renders `left.len()` frames offline (a multiple of BLOCK keeps commands on exact
    /// block boundaries; any length works).
    pub fn render(&mut self, left: &mut [f32], right: &mut [f32]) {
        let n = left.len().min(right.len());
        let mut done = 0;
        while done < n {
            let take = BLOCK.min(n - done);
            self.conduct();
            self.renderer
                .fill(&mut left[done..done + take], &mut right[done..done + take]);
            done += take;
        }
    }

    /// True once a stop has faded out.
    pub fn is_stopped(&self) -> bool {
        self.renderer.is_stopped()
    }

    /// Splits the player for a real-time backend: the renderer goes to the audio callback, the
    /// rest to a control thread ([`ControlSide::run_once`] in a loop).
    pub fn split(self) -> (ControlSide, Renderer) {
        (
            ControlSide {
                conductor: self.conductor,
                commands: self.commands,
                shared: self.shared,
                published_bars: self.published_bars,
            },
            self.renderer,
        )
    }
}

/// The control side of a split player, for a conductor thread.
pub struct ControlSide {
    conductor: Conductor,
    commands: mpsc::Receiver<Command>,
    shared: Arc<Shared>,
    published_bars: u64,
}

impl ControlSide {
    /// Takes pending commands, composes ahead of the audio clock and updates the status board.
    /// Returns false once every handle (and the player's own) has been dropped.
    pub fn run_once(&mut self, wait: Duration) -> bool {
        let now = self.shared.position.load(Ordering::Acquire);
        let alive = match self.commands.recv_timeout(wait) {
            Ok(command) => {
                self.conductor.command(command, now);
                true
            }
            Err(mpsc::RecvTimeoutError::Timeout) => true,
            Err(mpsc::RecvTimeoutError::Disconnected) => false,
        };
        while let Ok(command) = self.commands.try_recv() {
            self.conductor.command(command, now);
        }
        let now = self.shared.position.load(Ordering::Acquire);
        self.conductor.update(now);
        publish(&self.conductor, &self.shared, &mut self.published_bars);
        alive
    }

    pub fn drain_log(&mut self) -> Vec<LogEntry> {
        self.conductor.drain_log()
    }
}

/// Copies the scheduled bars to the board handles read, when they changed.
fn publish(conductor: &Conductor, shared: &Shared, published: &mut u64) {
    if conductor.revision() == *published {
        return;
    }
    *published = conductor.revision();
    let sr = shared.sample_rate as f64;
    let intensity = conductor.target().intensity;
    let bars: Vec<Status> = conductor
        .timeline()
        .iter()
        .map(|s| Status {
            frame: s.start,
            seconds: s.start as f64 / sr,
            bar: s.index + 1,
            beat: 1,
            key: s.key.to_string(),
            chord: s.chord.symbol(s.key),
            tempo: s.bpm_start,
            emotion: s.emotion.clone(),
            focus: s.focus.clone(),
            intensity,
            quantize: conductor.quantize(),
        })
        .collect();
    if let Ok(mut board) = shared.board.lock() {
        *board = bars;
    }
}
