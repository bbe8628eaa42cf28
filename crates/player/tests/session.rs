//! The player's promises, checked on scripted sessions rendered offline: determinism, changes
//! landing where their quantisation says, the focus theme heard after `focus`, emotion changes
//! showing in tempo and mode, stingers on the sounding chord, layers following intensity.

use leitmotif_compose::themes::contour;
use leitmotif_compose::themes::similarity::{local_similarity, Contour};
use leitmotif_player::backend::offline::{render_session_to_buffers, SessionAudio};
use leitmotif_player::session::{parse_session, Session};
use leitmotif_player::{LogEntry, Player, PlayerConfig, Repertoire};
use std::path::Path;

const SR: f64 = 48_000.0;

fn repertoire() -> Repertoire {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lantern-keep.toml");
    Repertoire::load(&path).unwrap()
}

fn session(text: &str) -> Session {
    parse_session(text, "test-session.toml", &repertoire()).unwrap()
}

fn render(text: &str) -> SessionAudio {
    let mut player = Player::new(repertoire(), PlayerConfig::default()).unwrap();
    render_session_to_buffers(&mut player, &session(text)).unwrap()
}

/// The bars that stand in the log: a bar cancelled by a later reschedule is dropped.
fn bars(log: &[LogEntry]) -> Vec<&LogEntry> {
    let mut out: Vec<&LogEntry> = Vec::new();
    for e in log {
        match e {
            LogEntry::Bar { .. } => out.push(e),
            LogEntry::Rescheduled { frame, .. } => out.retain(|b| b.frame() < *frame),
            _ => {}
        }
    }
    out
}

fn commands(log: &[LogEntry]) -> Vec<(u64, &str, &str, u64)> {
    log.iter()
        .filter_map(|e| match e {
            LogEntry::Command {
                frame,
                command,
                quantize,
                lands,
                ..
            } => Some((*frame, command.as_str(), *quantize, *lands)),
            _ => None,
        })
        .collect()
}

const STORY_SESSION: &str = r#"
duration = 60
[[at]]
time = 0
emotion = "sad"
intensity = 0.5
focus = "shade"
[[at]]
time = 17.3
emotion = "joyful"
focus = "kaito"
[[at]]
time = 33.1
transition = "beat"
emotion = "tense"
[[at]]
time = 41.7
stinger = "kaito"
[[at]]
time = 47.2
transition = "bar"
intensity = 1.0
"#;

#[test]
fn a_scripted_session_renders_byte_identically_twice() {
    let a = render(STORY_SESSION);
    let b = render(STORY_SESSION);
    assert_eq!(a.left.len(), 60 * 48_000);
    let same = a
        .left
        .iter()
        .zip(&b.left)
        .chain(a.right.iter().zip(&b.right))
        .all(|(x, y)| x.to_bits() == y.to_bits());
    assert!(same, "two renders differ");
    assert_eq!(a.log, b.log);
    let peak = a
        .left
        .iter()
        .chain(&a.right)
        .fold(0.0f32, |m, x| m.max(x.abs()));
    assert!(peak > 0.1 && peak <= 0.88, "peak {peak}");
    assert!(a.left.iter().all(|x| x.is_finite()));
}

#[test]
fn changes_land_on_bar_lines_or_beats_within_their_quantisation() {
    let audio = render(STORY_SESSION);
    let bars = bars(&audio.log);
    let starts: Vec<u64> = bars.iter().map(|b| b.frame()).collect();
    let mut checked = 0;
    for (frame, command, quantize, lands) in commands(&audio.log) {
        if !(command.starts_with("emotion") || command.starts_with("focus")) {
            continue;
        }
        assert!(lands >= frame, "{command} lands before it was asked for");
        // the bar that was sounding when the command came
        let sounding = bars
            .iter()
            .rev()
            .find(|b| b.frame() <= frame)
            .expect("a bar was sounding");
        let LogEntry::Bar {
            frames: bar_frames,
            tempo,
            meter,
            ..
        } = sounding
        else {
            unreachable!()
        };
        match quantize {
            "bar" => {
                assert!(
                    starts.contains(&lands),
                    "{command} at {frame} lands at {lands}, not on a bar line"
                );
                assert!(
                    lands - frame <= bar_frames + 128,
                    "{command}: latency over a bar and a block"
                );
            }
            "beat" => {
                assert!(
                    starts.contains(&lands),
                    "the change starts a new bar at the beat"
                );
                let beats_per_bar: f64 = meter.split('/').next().unwrap().parse().unwrap();
                let beat = *bar_frames as f64 / beats_per_bar;
                // the beat grid of the sounding bar, at its tempo
                let from_bar = (lands - sounding.frame()) as f64;
                let on_beat = (from_bar / (60.0 / tempo * SR)).fract();
                assert!(
                    !(0.01..=0.99).contains(&on_beat),
                    "{command} lands between beats"
                );
                assert!(
                    (lands - frame) as f64 <= beat + 128.0,
                    "{command}: latency over a beat and a block"
                );
            }
            other => panic!("unexpected quantisation {other}"),
        }
        checked += 1;
    }
    assert!(checked >= 5, "{checked} changes checked");
}

fn bar_fields(b: &LogEntry) -> (u64, &str, f64, &str, &str, &str) {
    match b {
        LogEntry::Bar {
            frame,
            mode,
            tempo,
            emotion,
            focus,
            kind,
            ..
        } => (
            *frame,
            mode.as_str(),
            *tempo,
            emotion.as_str(),
            focus.as_str(),
            *kind,
        ),
        _ => unreachable!(),
    }
}

#[test]
fn an_emotion_change_shows_in_tempo_and_mode_after_a_bridge() {
    let audio = render(STORY_SESSION);
    let bars: Vec<_> = bars(&audio.log).into_iter().map(bar_fields).collect();
    let sad: Vec<_> = bars
        .iter()
        .filter(|b| b.3 == "sad" && b.5 == "phrase")
        .collect();
    let joy: Vec<_> = bars
        .iter()
        .filter(|b| b.3 == "joyful" && b.5 == "phrase")
        .collect();
    assert!(!sad.is_empty() && !joy.is_empty());
    assert!(sad.iter().all(|b| b.1 == "minor"));
    assert!(joy.iter().all(|b| b.1 == "major"));
    assert!(
        joy[0].2 > sad[0].2 + 20.0,
        "joyful {} bpm vs sad {} bpm",
        joy[0].2,
        sad[0].2
    );
    // the change is prepared: the first joyful bar is a bridge gliding from the old tempo
    let first = bars.iter().position(|b| b.3 == "joyful").unwrap();
    assert_eq!(bars[first].5, "bridge");
    let LogEntry::Bar {
        tempo,
        tempo_end,
        chord,
        ..
    } = bars_entry(&audio.log, bars[first].0)
    else {
        unreachable!()
    };
    assert!((tempo - sad[0].2).abs() < 1e-9 && (tempo_end - joy[0].2).abs() < 1e-9);
    assert!(
        chord.ends_with('7'),
        "the bridge sits on a dominant seventh, found {chord}"
    );
}

fn bars_entry(log: &[LogEntry], frame: u64) -> &LogEntry {
    bars(log)
        .into_iter()
        .rev()
        .find(|b| b.frame() == frame)
        .unwrap()
}

/// The melody of up to `count` phrase bars from `from`, before `until` (pitches and onsets in
/// ticks).
fn melody_between(log: &[LogEntry], from: u64, until: u64, count: usize) -> Contour {
    let mut pitches = Vec::new();
    let mut onsets = Vec::new();
    let mut offset = 0u64;
    for b in bars(log)
        .into_iter()
        .filter(|b| b.frame() >= from && b.frame() < until)
    {
        let LogEntry::Bar {
            melody,
            kind,
            meter,
            ..
        } = b
        else {
            unreachable!()
        };
        if *kind != "phrase" {
            continue;
        }
        for n in melody {
            pitches.push(n.key as i32);
            onsets.push((offset + n.tick) as f64);
        }
        let (num, den) = meter.split_once('/').unwrap();
        offset += num.parse::<u64>().unwrap() * 960 * 4 / den.parse::<u64>().unwrap();
        if pitches.len() >= 6 && offset >= 960 * 4 * count as u64 {
            break;
        }
    }
    Contour::new(&pitches, &onsets)
}

#[test]
fn after_focus_the_new_theme_leads_the_following_bars() {
    let rep = repertoire();
    let kaito = rep.themes.get("kaito").unwrap();
    let shade = rep.themes.get("shade").unwrap();
    // the whole theme, as the offline cues are checked (crates/compose/tests/musical_promises.rs)
    let motif = |t: &leitmotif_compose::Theme| contour(&t.notes, t.mode());
    let audio = render(STORY_SESSION);
    let lands = commands(&audio.log)
        .into_iter()
        .find(|c| c.1 == "focus kaito")
        .unwrap()
        .3;
    let before = melody_between(&audio.log, 0, lands, 16);
    let after = melody_between(&audio.log, lands, u64::MAX, 16);
    let (k_after, s_after) = (
        local_similarity(&motif(kaito), &after),
        local_similarity(&motif(shade), &after),
    );
    let (k_before, s_before) = (
        local_similarity(&motif(kaito), &before),
        local_similarity(&motif(shade), &before),
    );
    eprintln!("after: kaito {k_after:.3} shade {s_after:.2}; before: kaito {k_before:.2} shade {s_before:.2}");
    assert!(
        k_after >= 0.81,
        "kaito's motif after the focus change: {k_after:.2}"
    );
    assert!(
        k_after > s_after,
        "kaito {k_after:.2} vs shade {s_after:.2} after"
    );
    assert!(
        s_before > k_before,
        "shade {s_before:.2} vs kaito {k_before:.2} before"
    );
}

#[test]
fn a_stinger_lands_on_a_beat_in_the_sounding_chord() {
    let audio = render(STORY_SESSION);
    let (frame, chord, keys) = audio
        .log
        .iter()
        .find_map(|e| match e {
            LogEntry::Stinger {
                frame,
                chord,
                keys,
                theme,
                ..
            } if theme == "kaito" => Some((*frame, chord.clone(), keys.clone())),
            _ => None,
        })
        .expect("the stinger was played");
    let asked = commands(&audio.log)
        .into_iter()
        .find(|c| c.1 == "stinger kaito")
        .unwrap();
    assert_eq!(asked.3, frame);
    let bar = bars(&audio.log)
        .into_iter()
        .rev()
        .find(|b| b.frame() <= frame)
        .unwrap();
    let LogEntry::Bar {
        chord: bar_chord,
        tempo,
        ..
    } = bar
    else {
        unreachable!()
    };
    assert_eq!(&chord, bar_chord);
    let beats = (frame - bar.frame()) as f64 / (60.0 / tempo * SR);
    assert!((beats - beats.round()).abs() < 0.01, "on a beat: {beats}");
    assert!(keys.len() >= 5, "motif and chord: {keys:?}");
}

#[test]
fn unknown_themes_and_emotions_in_a_session_are_located_errors() {
    let rep = repertoire();
    let e = parse_session(
        "duration = 10\n[[at]]\ntime = 0\nstinger = \"nobody\"\n",
        "bad.toml",
        &rep,
    )
    .unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("bad.toml", 4));
    assert!(
        e.message.contains("kaito"),
        "lists the known themes: {}",
        e.message
    );
}

#[test]
fn layers_follow_intensity_within_a_bar() {
    use leitmotif_player::conductor::{slot_of, strip_index};
    use leitmotif_player::{Command, Mood};
    let drums = strip_index(0, slot_of(leitmotif_compose::Role::Drums)) as usize;
    let mut player = Player::new(repertoire(), PlayerConfig::default()).unwrap();
    player.command(Command::Emotion(Mood::parse("heroic").unwrap()));
    player.command(Command::Intensity {
        value: 0.1,
        seconds: 0.0,
    });
    let mut l = vec![0.0f32; 6 * 48_000];
    let mut r = l.clone();
    player.render(&mut l, &mut r);
    assert_eq!(
        player.renderer().strip_gain(drums),
        0.0,
        "no drums at intensity 0.1"
    );
    let bar = match bars(player.log()).last().unwrap() {
        LogEntry::Bar { frames, .. } => *frames as usize,
        _ => unreachable!(),
    };
    player.command(Command::Intensity {
        value: 1.0,
        seconds: 0.0,
    });
    let mut l = vec![0.0f32; bar];
    let mut r = l.clone();
    player.render(&mut l, &mut r);
    let fader = 10f32.powf(-3.0 / 20.0); // the drum strip's fader (render::mix::plan)
    let gain = player.renderer().strip_gain(drums);
    assert!(
        (gain - fader).abs() < 1e-3,
        "drums fully in a bar later: {gain} vs {fader}"
    );
    player.command(Command::Intensity {
        value: 0.2,
        seconds: 0.0,
    });
    player.render(&mut l, &mut r);
    assert_eq!(
        player.renderer().strip_gain(drums),
        0.0,
        "and out again within a bar"
    );
}
