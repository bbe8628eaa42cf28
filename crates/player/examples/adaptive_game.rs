//! A game loop driving the adaptive player, rendered offline (no sound card needed).
//!
//!     cargo run --release -p leitmotif-player --example adaptive_game -- [STORY.toml] [OUT.wav]
//!
//! The "game" explores calmly, meets an enemy (tension, the villain's theme, a stinger), fights
//! (heroic, full intensity, the hero's theme), wins, and rests. Every few seconds it prints where
//! the music is, as a HUD would; at the end it writes the audio and the event log.

use leitmotif_player::backend::offline::render_session_to_wav;
use leitmotif_player::session::Session;
use leitmotif_player::{Command, Mood, Player, PlayerConfig, Quantize, Repertoire};
use leitmotif_theory::NamedEmotion;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let story = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("examples/lantern-keep.toml"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("adaptive-game.wav"));
    let rep = Repertoire::load(&story)?;
    let themes: Vec<String> = rep.theme_ids().iter().map(|s| s.to_string()).collect();
    let hero = themes.first().cloned().unwrap_or_default();
    let villain = themes.get(1).cloned().unwrap_or_else(|| hero.clone());

    // What the game does, second by second (a real game would call a PlayerHandle instead).
    let named = |n| Command::Emotion(Mood::named(n));
    let session = Session {
        duration_seconds: 90.0,
        commands: vec![
            (0.0, named(NamedEmotion::Mysterious)),
            (
                0.0,
                Command::Intensity {
                    value: 0.3,
                    seconds: 0.0,
                },
            ),
            (20.0, named(NamedEmotion::Tense)),
            (20.0, Command::Focus(villain.clone())),
            (30.0, Command::Stinger(villain)),
            (38.0, Command::Transition(Quantize::Beat)),
            (38.0, named(NamedEmotion::Heroic)),
            (38.0, Command::Focus(hero)),
            (
                38.0,
                Command::Intensity {
                    value: 1.0,
                    seconds: 2.0,
                },
            ),
            (62.0, Command::Transition(Quantize::Bar)),
            (62.0, named(NamedEmotion::Triumphant)),
            (75.0, named(NamedEmotion::Peaceful)),
            (
                75.0,
                Command::Intensity {
                    value: 0.15,
                    seconds: 4.0,
                },
            ),
            (86.0, Command::Stop { seconds: 3.0 }),
        ],
    };
    let mut player = Player::new(rep, PlayerConfig::default())?;
    let handle = player.handle();
    render_session_to_wav(&mut player, &session, &out)?;
    if let Some(s) = handle.status() {
        println!(
            "ended at bar {} beat {}: {} in {}, chord {}, {:.0} bpm, {} theme",
            s.bar, s.beat, s.emotion, s.key, s.chord, s.tempo, s.focus
        );
    }
    for entry in player.log() {
        if let leitmotif_player::LogEntry::Bar {
            seconds,
            bar,
            kind,
            key,
            chord,
            tempo,
            emotion,
            focus,
            bar_in_phrase,
            ..
        } = entry
        {
            if *bar_in_phrase == 0 {
                println!(
                    "{seconds:7.2}s bar {:3} {kind:7} {emotion:11} {key:10} {chord:6} {tempo:5.1} bpm  {focus}",
                    bar + 1
                );
            }
        }
    }
    println!("wrote {}", out.display());
    Ok(())
}
