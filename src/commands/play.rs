//! `leitmotif play`: the adaptive player on the default audio device, driven from standard input.

use crate::cli::SoundArgs;
use crate::diagnostics::Failure;
use std::path::PathBuf;

/// Play a story live on the default audio device, following commands typed on standard input.
#[derive(clap::Args, Debug)]
#[command(
    long_about = "Play a story live on the default audio device: the adaptive player keeps composing, \
bar by bar, from the story's themes, and follows commands typed on standard input, one per line:\n\n  \
emotion tense             a named emotion (or `emotion VALENCE AROUSAL`, each -1..1)\n  \
intensity 0.8 [SECONDS]   0..1, layers enter and leave (optionally gliding over SECONDS)\n  \
focus yuki                whose theme leads\n  \
stinger shade             a theme's motif over the sounding chord, on the next beat\n  \
transition beat|bar|phrase  where the following changes land (default: bar)\n  \
pause | resume | stop | quit\n\n\
It prints the bar, key, chord and emotion as the music moves. Needs a build with the `device` feature \
(cargo build --release --features device; on Linux: apt install libasound2-dev). Without a sound card, \
`leitmotif adapt` renders a scripted session to a file instead."
)]
pub struct PlayArgs {
    /// The story (TOML or a screenplay), or a folder written by `leitmotif compose`.
    pub story: PathBuf,
    /// The emotion to start in (default: the first scene's).
    #[arg(long)]
    pub emotion: Option<String>,
    /// The intensity to start at, 0..1 (default: the first scene's).
    #[arg(long)]
    pub intensity: Option<f64>,
    /// The theme that leads at first (default: the first scene's first character).
    #[arg(long)]
    pub focus: Option<String>,
    /// Override the story's seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Milliseconds of audio kept rendered ahead on a dedicated thread; 0 renders inside the
    /// device callback (lowest latency, needs reliable scheduling).
    #[arg(long, value_name = "MS", default_value_t = 20)]
    pub render_ahead: u64,
    /// Frames per device buffer (default: the device's own choice; e.g. 256 for low latency).
    #[arg(long, value_name = "FRAMES")]
    pub buffer_frames: Option<u32>,
    #[command(flatten)]
    pub sound: SoundArgs,
}

#[cfg(not(feature = "device"))]
pub fn run(args: &PlayArgs) -> Result<(), Failure> {
    // check the input anyway, so mistakes are reported the same way in every build
    super::adapt::repertoire(&args.story, args.seed)?;
    Err(Failure::Usage(
        "this leitmotif was built without audio-device support: rebuild with \
         `cargo build --release --features device` (on Linux first `apt install libasound2-dev`), \
         or render a scripted session with `leitmotif adapt STORY --script SESSION.toml -o OUT.wav`"
            .into(),
    ))
}

#[cfg(feature = "device")]
pub fn run(args: &PlayArgs) -> Result<(), Failure> {
    use leitmotif_player::backend::device::{DeviceOptions, DevicePlayer};
    use leitmotif_player::command::{parse_line, Line};
    use leitmotif_player::{Command, Mood, PlayerConfig};
    use std::io::BufRead;
    use std::time::Duration;

    let rep = super::adapt::repertoire(&args.story, args.seed)?;
    let (mut emotion, mut intensity) = rep.opening();
    if let Some(name) = &args.emotion {
        emotion = Mood::parse(name)
            .ok_or_else(|| Failure::Usage(format!("--emotion {name}: not a known emotion")))?;
    }
    if let Some(x) = args.intensity {
        if !(0.0..=1.0).contains(&x) {
            return Err(Failure::Usage(format!("--intensity {x}: expected 0..1")));
        }
        intensity = x;
    }
    let config = PlayerConfig {
        engine: super::render::engine(&args.sound)?,
        emotion,
        intensity,
        focus: args.focus.clone(),
        ..PlayerConfig::default()
    };
    let options = DeviceOptions {
        render_ahead: (args.render_ahead > 0).then(|| Duration::from_millis(args.render_ahead)),
        buffer_frames: args.buffer_frames,
    };
    let player = DevicePlayer::start(rep, config, options).map_err(Failure::Player)?;
    let handle = player.handle();
    println!(
        "playing on {} at {} Hz; type commands (emotion NAME, intensity X, focus THEME, stinger THEME, \
         transition beat|bar|phrase, pause, resume, quit); themes: {}",
        player.device_name,
        player.sample_rate,
        handle.themes().join(", ")
    );
    let (lines_tx, lines) = std::sync::mpsc::channel::<Option<String>>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines() {
            match line {
                Ok(l) => {
                    if lines_tx.send(Some(l)).is_err() {
                        return;
                    }
                }
                Err(_) => break,
            }
        }
        let _ = lines_tx.send(None);
    });
    let mut last_bar = 0;
    loop {
        match lines.recv_timeout(Duration::from_millis(100)) {
            Ok(Some(line)) => match parse_line(&line) {
                Ok(Line::Empty) => {}
                Ok(Line::Quit) => break,
                Ok(Line::Command(command)) => {
                    let checked = match &command {
                        Command::Focus(id) | Command::Stinger(id)
                            if !handle.themes().iter().any(|t| t == id) =>
                        {
                            Err(format!(
                                "unknown theme `{id}`: expected one of {}",
                                handle.themes().join(", ")
                            ))
                        }
                        _ => Ok(()),
                    };
                    match checked {
                        Ok(()) => handle.command(command),
                        Err(e) => eprintln!("{e}"),
                    }
                }
                Err(e) => eprintln!("{e}"),
            },
            Ok(None) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
        }
        if let Some(s) = handle.status() {
            if s.bar != last_bar {
                last_bar = s.bar;
                println!(
                    "bar {:4}  {:11} {:10} {:6} {:5.1} bpm  focus {:10} intensity {:.2}",
                    s.bar, s.emotion, s.key, s.chord, s.tempo, s.focus, s.intensity
                );
            }
        }
    }
    handle.stop(Duration::from_millis(800));
    std::thread::sleep(Duration::from_millis(900));
    if player.underruns() > 0 {
        eprintln!(
            "{} device callbacks ran short of audio (dropouts)",
            player.underruns()
        );
    }
    drop(player);
    Ok(())
}
