//! The real-time rule, enforced: the renderer (what the audio callback runs) is driven through
//! a long session of every kind of command under an allocator that aborts the test on any
//! allocation or deallocation inside `assert_no_alloc`. The conductor (control side) runs
//! between blocks, outside it, as it does on its own thread with a device.

// the render crate's tiny SoundFont, written byte by byte (no download)
#[allow(dead_code)]
#[path = "../../render/tests/support/sf2.rs"]
mod sf2;

use assert_no_alloc::{assert_no_alloc, AllocDisabler};
use leitmotif_player::{Player, PlayerConfig, Quantize, Repertoire};
use leitmotif_render::engine::Engine;
use leitmotif_render::soundfont::SoundFontBank;
use std::path::Path;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: AllocDisabler = AllocDisabler;

#[test]
fn the_audio_side_never_allocates_or_frees() {
    drive(Engine::Builtin);
}

#[test]
fn the_audio_side_never_allocates_or_frees_with_a_soundfont() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.sf2");
    std::fs::write(&path, sf2::TinySoundFont::default().bytes()).unwrap();
    drive(Engine::SoundFont(SoundFontBank::load(&path).unwrap()));
}

fn drive(engine: Engine) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/lantern-keep.toml");
    let config = PlayerConfig {
        engine,
        ..PlayerConfig::default()
    };
    let player = Player::new(Repertoire::load(&path).unwrap(), config).unwrap();
    let handle = player.handle();
    let (mut control, mut renderer) = player.split();
    // a device-sized buffer, interleaved, and an odd size to exercise the internal blocking
    let mut device = vec![0.0f32; 2 * 256];
    let mut odd_l = vec![0.0f32; 300];
    let mut odd_r = vec![0.0f32; 300];
    let script: [(u64, &dyn Fn()); 12] = [
        (0, &|| handle.set_emotion("mysterious").unwrap()),
        (200, &|| handle.set_intensity(0.9, Duration::from_secs(2))),
        (400, &|| handle.stinger("shade").unwrap()),
        (600, &|| handle.set_emotion("heroic").unwrap()),
        (700, &|| handle.transition(Quantize::Beat)),
        (800, &|| handle.set_focus("kaito").unwrap()),
        (1000, &|| handle.set_emotion_point(-0.7, 0.8)),
        (1300, &|| handle.pause()),
        (1400, &|| handle.resume()),
        (1500, &|| handle.set_emotion("peaceful").unwrap()),
        (1800, &|| handle.set_intensity(0.0, Duration::ZERO)),
        (2400, &|| handle.stop(Duration::from_millis(500))),
    ];
    let mut next = 0;
    let mut played = 0u64;
    for callback in 0..2600u64 {
        while next < script.len() && script[next].0 == callback {
            (script[next].1)();
            next += 1;
        }
        control.run_once(Duration::ZERO);
        assert_no_alloc(|| {
            if callback % 3 == 0 {
                renderer.fill(&mut odd_l, &mut odd_r);
            } else {
                renderer.fill_interleaved(&mut device, 2);
            }
        });
        played += 1;
    }
    assert_eq!(played, 2600);
    assert!(
        renderer.frame() > 10 * 48_000,
        "{} frames rendered",
        renderer.frame()
    );
    assert!(renderer.is_stopped());
    assert_eq!(renderer.stats().dropped_events, 0);
    assert_eq!(renderer.stats().retire_failures, 0);
}
