//! Logging to stderr: `RUST_LOG` filters (each command has its default, `cli`); tests stay
//! quiet unless `TEST_LOG` is set.

use std::fmt::Debug;

use tracing::field::{Field, Visit};
use tracing::{Event, Metadata};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::{Context, Filter};
use tracing_subscriber::prelude::*;

/// Messages of the storage engine that say nothing to whoever runs coproduce. SurrealKV logs
/// this one when its commit thread lets go of the store during an orderly shutdown, which then
/// closes the store properly all the same (it reports "LSM tree shutdown complete").
const NOT_NEWS: &[&str] = &["No runtime available for closing the store correctly"];

/// How log lines look.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    /// One JSON object per line: time, level, message, fields, the request's span.
    Json,
}

pub fn init(default_filter: &str, format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    // Logs go to stderr: stdout is what a command answers (`board create` prints the key).
    let fmt = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_writer(std::io::stderr);
    let layer = match format {
        LogFormat::Text => fmt.boxed(),
        LogFormat::Json => fmt.json().with_current_span(true).boxed(),
    };
    let layer = layer.with_filter(filter).with_filter(SkipNotNews);
    // A second init (several tests in one process) is harmless: the first subscriber stays.
    let _ = tracing_subscriber::registry().with(layer).try_init();
}

struct SkipNotNews;

impl<S> Filter<S> for SkipNotNews {
    fn enabled(&self, _: &Metadata<'_>, _: &Context<'_, S>) -> bool {
        true
    }

    fn event_enabled(&self, event: &Event<'_>, _: &Context<'_, S>) -> bool {
        let mut message = NotNews(false);
        event.record(&mut message);
        !message.0
    }
}

/// Whether an event's message is one of `NOT_NEWS`.
struct NotNews(bool);

impl Visit for NotNews {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.0 = NOT_NEWS.contains(&value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if field.name() == "message" {
            let text = format!("{value:?}");
            self.0 = NOT_NEWS.contains(&text.as_str());
        }
    }
}
