//! The device backend (feature `device`): plays on the default output device through cpal.
//!
//! The renderer moves into the device's callback, which only fills buffers from it; a conductor
//! thread composes ahead of the audio clock and takes the handles' commands. On Linux cpal needs
//! ALSA's headers to build (Debian/Ubuntu: `apt install libasound2-dev`).

use crate::audio::BLOCK;
use crate::error::PlayerError;
use crate::log::LogEntry;
use crate::player::{Player, PlayerConfig, PlayerHandle};
use crate::repertoire::Repertoire;
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// Frames requested per device callback (5.3 ms at 48 kHz) when the device accepts a fixed size.
pub const DEVICE_FRAMES: u32 = 256;

/// A player sounding on the default output device. Dropping it stops the sound.
pub struct DevicePlayer {
    stream: cpal::Stream,
    handle: PlayerHandle,
    running: Arc<AtomicBool>,
    conductor: Option<JoinHandle<()>>,
    log: Arc<Mutex<Vec<LogEntry>>>,
    pub sample_rate: u32,
    pub device_name: String,
}

impl DevicePlayer {
    /// Opens the default output device and starts playing.
    pub fn start(rep: Repertoire, mut config: PlayerConfig) -> Result<DevicePlayer, PlayerError> {
        let host = cpal::default_host();
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
        stream_config.buffer_size = cpal::BufferSize::Fixed(DEVICE_FRAMES);
        config.sample_rate = sample_rate;
        // the callback may render a device buffer and a block past the clock the conductor read
        config.safety_frames = (DEVICE_FRAMES as usize * 2 + BLOCK) as u64;
        let player = Player::new(rep, config)?;
        let handle = player.handle();
        let (mut control, renderer) = player.split();
        let build = |cfg: cpal::StreamConfig, renderer: crate::audio::Renderer| {
            let mut renderer = renderer;
            device.build_output_stream::<f32, _, _>(
                cfg,
                move |data: &mut [f32], _| renderer.fill_interleaved(data, channels),
                |e| eprintln!("audio device error: {e}"),
                None,
            )
        };
        if supported.sample_format() != cpal::SampleFormat::F32 {
            return Err(PlayerError::Device(format!(
                "the default device wants {:?} samples; only f32 devices are supported",
                supported.sample_format()
            )));
        }
        // prime the music before the device starts pulling
        control.run_once(Duration::ZERO);
        let stream = match build(stream_config, renderer) {
            Ok(s) => s,
            Err(e) => return Err(PlayerError::Device(e.to_string())),
        };
        stream
            .play()
            .map_err(|e| PlayerError::Device(e.to_string()))?;
        let running = Arc::new(AtomicBool::new(true));
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
            log,
            sample_rate,
            device_name,
        })
    }

    pub fn handle(&self) -> PlayerHandle {
        self.handle.clone()
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
        if let Some(t) = self.conductor.take() {
            let _ = t.join();
        }
    }
}
