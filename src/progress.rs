//! The render progress bar: drawn on standard error only when it is a terminal, and only once a
//! render has run for a second (short renders stay quiet, logs and pipes stay clean).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub struct RenderProgress {
    bar: ProgressBar,
    started: Instant,
    shown: AtomicBool,
    enabled: bool,
}

impl RenderProgress {
    /// A bar over `total_seconds` of music; `quiet` disables it.
    pub fn new(total_seconds: f64, quiet: bool) -> RenderProgress {
        let bar = ProgressBar::with_draw_target(
            Some((total_seconds * 1000.0).max(1.0) as u64),
            ProgressDrawTarget::hidden(),
        );
        bar.set_style(
            ProgressStyle::with_template("rendering {bar:40} {percent:>3}%  {msg} eta {eta}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        RenderProgress {
            bar,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            enabled: !quiet && std::io::stderr().is_terminal(),
        }
    }

    /// Seconds of music rendered so far.
    pub fn update(&self, seconds_done: f64) {
        if !self.enabled {
            return;
        }
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() > Duration::from_secs(1) {
            self.shown.store(true, Ordering::Relaxed);
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_position((seconds_done * 1000.0) as u64);
        self.bar
            .set_message(format!("{:.0} s of music", seconds_done));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
