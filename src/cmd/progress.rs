//! A progress bar while a dataset is transformed and written: rows done (of the rows the input
//! check counted, when it counted them), rate and time left. Only on a terminal: when stderr is
//! a file or a pipe (cron, Airflow), or logs are JSON or quiet, nothing is drawn, and the log's
//! step lines say the same once per dataset. It shows the dataset's name and counts, never a
//! value.

use std::io::IsTerminal;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::transform::ColumnCounters;

/// Draws while alive; dropping it stops the drawing thread and clears the bar.
pub(crate) struct Progress {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    /// Starts drawing the rows `counter` has seen for `dataset`, out of `total` when known.
    pub(crate) fn start(
        dataset: &str,
        total: Option<u64>,
        counter: Option<Arc<ColumnCounters>>,
    ) -> Progress {
        let stop = Arc::new(AtomicBool::new(false));
        let show = std::io::stderr().is_terminal() && crate::log::shows_progress();
        let (Some(counter), true) = (counter, show) else {
            return Progress { stop, thread: None };
        };
        let bar = match total {
            Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr())
                .with_style(
                    ProgressStyle::with_template(
                        "{prefix} [{bar:30}] {human_pos}/{human_len} rows {per_sec} ETA {eta}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                ),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()).with_style(
                ProgressStyle::with_template("{prefix} {human_pos} rows {per_sec} {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        bar.set_prefix(dataset.to_string());
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                bar.set_position(counter.get().0);
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        Progress {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
