//! Stems, decoded from their FLAC files and summed, give back the pre-master mix (residual below
//! -60 dB), so an editor can rebalance them and still have the mix Leitmotif made.

use leitmotif_export::audio::soundtrack::mood_of;
use leitmotif_export::audio::{render_performance, write_stems, AudioOptions};
use leitmotif_render::{mixdown, MixPlan, Performance};
use std::path::Path;

#[test]
fn decoded_stems_sum_to_the_pre_master_mix() {
    let story_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/stories/tiny-audio.toml");
    let story = leitmotif_story::load_story(&story_path).unwrap();
    let soundtrack = leitmotif_compose::compose(&story);
    let cue = &soundtrack.cues[0];
    let options = AudioOptions {
        stems: true,
        ..AudioOptions::default()
    };
    let performance = Performance::from_score(&cue.score, options.sample_rate);
    let plan = MixPlan::for_scene(&performance, &mood_of(cue));
    let audio = render_performance(&performance, &plan, &options, &|_| {}).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = write_stems(dir.path(), &audio).unwrap();
    assert_eq!(files.len(), performance.channels.len() + 1);

    // The pre-master mix, rendered again (rendering is deterministic) and scaled like the stems.
    let engine = &options.engine;
    let factory = |t: &leitmotif_render::ChannelTrack| engine.channel(t, options.sample_rate);
    let mix = mixdown(&performance, &plan, &factory, false, &|_| {}).unwrap();
    let gain = 10f64.powf(audio.report.gain_db / 20.0);

    let mut sum = vec![0.0f64; mix.left.len() * 2];
    for file in &files {
        let mut reader = claxon::FlacReader::open(file).unwrap();
        for (i, s) in reader.samples().enumerate() {
            sum[i] += s.unwrap() as f64 / 8_388_607.0;
        }
    }
    let (mut residual, mut signal) = (0.0f64, 0.0f64);
    for i in 0..mix.left.len() {
        for (j, x) in [mix.left[i], mix.right[i]].into_iter().enumerate() {
            let want = x as f64 * gain;
            residual += (sum[2 * i + j] - want).powi(2);
            signal += want.powi(2);
        }
    }
    let db = 10.0 * (residual / signal).log10();
    assert!(db < -60.0, "stems miss the mix by {db:.1} dB");
}
