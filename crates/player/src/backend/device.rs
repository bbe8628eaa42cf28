//! The device backend (feature `device`): plays on the default output device through cpal.
//!
//! Two ways to feed the device, chosen by [`DeviceOptions::render_ahead`]:
//! - render ahead (the default, 20 ms): a dedicated render thread keeps a wait-free ring of
//!   samples filled and the device callback only copies from it. The player benchmark measured
//!   this machine's scheduling jitter at several milliseconds in the worst case, more than a
//!   256-frame buffer (5.3 ms) can absorb, so the render work is kept off the device thread;
//! - in the callback (`render_ahead: None`): the renderer runs inside the device's callback,
//!   for the lowest latency on a machine that schedules audio threads reliably.
//!
//! Either way a conductor thread composes ahead of the audio clock and takes the handles'
//! commands. On Linux cpal needs ALSA's headers to build (Debian/Ubuntu: `apt install
//! libasound2-dev`).

use crate::audio::BLOCK;
use crate::error::PlayerError;
use crate::log::LogEntry;
use crate::player::{Player, PlayerConfig, PlayerHandle};
use crate::repertoire::Repertoire;
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Frames of room in the render-ahead ring beyond the render-ahead itself (for the device's
/// own buffer, up to 170 ms at 48 kHz).
const RING_SLACK_FRAMES: usize = 8192;

/// Log entries kept for [`DevicePlayer::drain_log`] (the oldest go first).
pub const LOG_KEEP: usize = 4096;

/// The device buffer assumed when the device chooses its own (5.3 ms at 48 kHz).
pub const DEVICE_FRAMES: u32 = 256;

/// How the device is fed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DeviceOptions {
    /// Keep this much audio rendered ahead on a dedicated thread (None: render in the callback).
    pub render_ahead: Option<Duration>,
    /// Frames per device buffer (None: the device's default, which is what most systems run
    /// reliably; a small fixed size lowers latency where scheduling allows it).
    pub buffer_frames: Option<u32>,
}

impl Default for DeviceOptions {
    fn default() -> Self {
        DeviceOptions {
            render_ahead: Some(Duration::from_millis(20)),
            buffer_frames: None,
        }
    }
}

/// A player sounding on the default output device. Dropping it stops the sound.
pub struct DevicePlayer {
    stream: cpal::Stream,
    handle: PlayerHandle,
    running: Arc<AtomicBool>,
    conductor: Option<JoinHandle<()>>,
    render_thread: Option<JoinHandle<()>>,
    /// Device callbacks that found the render-ahead ring short (heard as a dropout).
    underruns: Arc<AtomicU64>,
    errors: Arc<AtomicU64>,
    log: Arc<Mutex<Vec<LogEntry>>>,
    pub sample_rate: u32,
    pub device_name: String,
}

impl DevicePlayer {
    /// Opens the default output device and starts playing.
    pub fn start(
        rep: Repertoire,
        mut config: PlayerConfig,
        options: DeviceOptions,
    ) -> Result<DevicePlayer, PlayerError> {
        // cpal::default_host() panics when the platform's audio system is unusable (a broken
        // ALSA configuration, say); ask for the hosts instead and report a clear error
        let host = cpal::available_hosts()
            .into_iter()
            .find_map(|id| cpal::host_from_id(id).ok())
            .ok_or_else(|| {
                PlayerError::Device(
                    "no audio system is available (on Linux, check that ALSA works: `aplay -l`)"
                        .into(),
                )
            })?;
        let device = host
            .default_output_device()
            .ok_or_else(|| PlayerError::Device("no default output device".into()))?;
        let device_name = device
            .description()
            .map(|d| d.to_string())
            .unwrap_or_else(|_| "default".into());
        let supported = device
            .default_output_config()
            .map_err(|e| PlayerError::Device(e.to_string()))?;
        let channels = supported.channels() as usize;
        let sample_rate = supported.sample_rate();
        let mut stream_config = supported.config();
        if let Some(frames) = options.buffer_frames {
            stream_config.buffer_size = cpal::BufferSize::Fixed(frames);
        }
        let device_frames = options.buffer_frames.unwrap_or(DEVICE_FRAMES) as usize;
        if supported.sample_format() != cpal::SampleFormat::F32 {
            return Err(PlayerError::Device(format!(
                "the default device wants {:?} samples; only f32 devices are supported",
                supported.sample_format()
            )));
        }
        config.sample_rate = sample_rate;
        // what the renderer may get through before the conductor, reading its clock, reacts
        config.safety_frames = match options.render_ahead {
            None => (device_frames * 2 + BLOCK) as u64,
            Some(_) => (BLOCK * 4) as u64,
        };
        let player = Player::new(rep, config)?;
        let handle = player.handle();
        let (mut control, mut renderer) = player.split();
        // prime the music before the device starts pulling
        control.run_once(Duration::ZERO);
        let running = Arc::new(AtomicBool::new(true));
        let underruns = Arc::new(AtomicU64::new(0));
        let device_error = |e: cpal::Error| PlayerError::Device(e.to_string());
        // the device's own errors (underruns it saw, a lost server): say the first, count the rest
        let errors = Arc::new(AtomicU64::new(0));
        let on_error = {
            let errors = errors.clone();
            move |e: cpal::Error| {
                if errors.fetch_add(1, Ordering::Relaxed) == 0 {
                    eprintln!("audio device error: {e}");
                }
            }
        };
        let (stream, render_thread) = match options.render_ahead {
            None => {
                let stream = device
                    .build_output_stream::<f32, _, _>(
                        stream_config,
                        move |data: &mut [f32], _| renderer.fill_interleaved(data, channels),
                        on_error,
                        None,
                    )
                    .map_err(device_error)?;
                (stream, None)
            }
            Some(ahead) => {
                let ahead =
                    ((ahead.as_secs_f64() * sample_rate as f64) as usize).max(2 * BLOCK) * channels;
                // room for the device's own buffer on top of the render-ahead, whatever it is
                let (mut producer, mut consumer) =
                    rtrb::RingBuffer::<f32>::new(ahead + RING_SLACK_FRAMES * channels);
                // what the device asks for per callback: the ring keeps twice that, at least
                let asked = Arc::new(AtomicUsize::new(0));
                let mut block = vec![0.0f32; BLOCK * channels];
                let mut top_up = move |renderer: &mut crate::audio::Renderer,
                                       producer: &mut rtrb::Producer<f32>,
                                       want: usize| {
                    let capacity = producer.buffer().capacity();
                    while capacity - producer.slots() < want && producer.slots() >= block.len() {
                        renderer.fill_interleaved(&mut block, channels);
                        if let Ok(chunk) = producer.write_chunk_uninit(block.len()) {
                            chunk.fill_from_iter(block.iter().copied());
                        }
                    }
                };
                // the first callback finds audio waiting
                top_up(&mut renderer, &mut producer, ahead);
                let thread = {
                    let running = running.clone();
                    let asked = asked.clone();
                    std::thread::Builder::new()
                        .name("leitmotif-render".into())
                        .spawn(move || {
                            while running.load(Ordering::Acquire) {
                                let want = ahead.max(2 * asked.load(Ordering::Relaxed));
                                top_up(&mut renderer, &mut producer, want);
                                std::thread::sleep(Duration::from_micros(500));
                            }
                        })
                        .map_err(|e| PlayerError::Device(e.to_string()))?
                };
                let short = underruns.clone();
                let stream = device
                    .build_output_stream::<f32, _, _>(
                        stream_config,
                        move |data: &mut [f32], _| {
                            asked.fetch_max(data.len(), Ordering::Relaxed);
                            let n = consumer.slots().min(data.len());
                            if let Ok(chunk) = consumer.read_chunk(n) {
                                let (a, b) = chunk.as_slices();
                                data[..a.len()].copy_from_slice(a);
                                data[a.len()..a.len() + b.len()].copy_from_slice(b);
                                chunk.commit_all();
                            }
                            if n < data.len() {
                                data[n..].fill(0.0);
                                short.fetch_add(1, Ordering::Relaxed);
                            }
                        },
                        on_error,
                        None,
                    )
                    .map_err(device_error)?;
                (stream, Some(thread))
            }
        };
        stream
            .play()
            .map_err(|e| PlayerError::Device(e.to_string()))?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let conductor = {
            let running = running.clone();
            let log = log.clone();
            std::thread::Builder::new()
                .name("leitmotif-conductor".into())
                .spawn(move || {
                    while running.load(Ordering::Acquire) {
                        if !control.run_once(Duration::from_millis(2)) {
                            break;
                        }
                        let new = control.drain_log();
                        if !new.is_empty() {
                            if let Ok(mut l) = log.lock() {
                                l.extend(new);
                                // nobody may be reading: keep memory flat over a long session
                                let excess = l.len().saturating_sub(LOG_KEEP);
                                l.drain(..excess);
                            }
                        }
                    }
                })
                .map_err(|e| PlayerError::Device(e.to_string()))?
        };
        Ok(DevicePlayer {
            stream,
            handle,
            running,
            conductor: Some(conductor),
            render_thread,
            underruns,
            errors,
            log,
            sample_rate,
            device_name,
        })
    }

    pub fn handle(&self) -> PlayerHandle {
        self.handle.clone()
    }

    /// Errors the device reported so far (only the first is printed).
    pub fn device_errors(&self) -> u64 {
        self.errors.load(Ordering::Relaxed)
    }

    /// Device callbacks that found the render-ahead ring short so far.
    pub fn underruns(&self) -> u64 {
        self.underruns.load(Ordering::Relaxed)
    }

    /// Log entries gathered since the last call.
    pub fn drain_log(&self) -> Vec<LogEntry> {
        self.log
            .lock()
            .map(|mut l| std::mem::take(&mut *l))
            .unwrap_or_default()
    }
}

impl Drop for DevicePlayer {
    fn drop(&mut self) {
        let _ = self.stream.pause();
        self.running.store(false, Ordering::Release);
        for thread in [self.conductor.take(), self.render_thread.take()]
            .into_iter()
            .flatten()
        {
            let _ = thread.join();
        }
    }
}
