//! Logs: `text` for people or `json` for machines (`log_format`), one line
//! an event; in JSON every line of a request carries its correlation id (the
//! one its error page shows). Audit events go to the `audit` target.

use std::io::Write;

use serde_json::{Map, Value, json};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

use crate::config::Config;

/// Rocket's own lines, from warnings up; not its per-request line for every
/// unrouted path (each gets a catcher's answer, and scanners send many).
const QUIET_ROCKET: &str = "rocket=warn,rocket::server::_=off";

/// Installs the process's subscriber: `log_level` (or `RUST_LOG`) while
/// serving, warnings and audit events for the other commands.
pub fn init(config: &Config, serving: bool) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let default = if serving {
        config.log_level.clone()
    } else {
        format!("warn,{}=info", crate::audit::TARGET)
    };
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(format!("{default},sqlx=warn,{QUIET_ROCKET}")));
    // The audit trail is not a matter of verbosity: a lower log level keeps
    // it, unless the filter names it on purpose.
    if !filter.to_string().contains(crate::audit::TARGET)
        && let Ok(audit) = format!("{}=info", crate::audit::TARGET).parse()
    {
        filter = filter.add_directive(audit);
    }
    let _ = tracing_log::LogTracer::init();
    // Colour only for a person at a terminal, never into a log file; Rocket
    // paints its own messages unless yansi is switched off.
    let colour = config.log_format != "json" && std::io::IsTerminal::is_terminal(&std::io::stderr());
    if !colour {
        yansi::disable();
    }
    let registry = tracing_subscriber::registry().with(filter);
    let _ = if config.log_format == "json" {
        registry.with(JsonLayer::new(std::io::stderr)).try_init()
    } else {
        registry
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_ansi(colour),
            )
            .try_init()
    };
}

/// One JSON object a line: `timestamp`, `level`, `target`, `message`,
/// `correlation` (inside a request) and `fields` (the event's and its spans').
pub struct JsonLayer<W> {
    writer: W,
}

impl<W> JsonLayer<W> {
    pub fn new(writer: W) -> JsonLayer<W> {
        JsonLayer { writer }
    }
}

/// The fields a span was given, kept for the events inside it.
struct SpanFields(Map<String, Value>);

struct Fields<'a>(&'a mut Map<String, Value>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), json!(value));
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().to_owned(), json!(value));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().to_owned(), json!(value));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().to_owned(), json!(value));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name().to_owned(), json!(value));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), json!(format!("{value:?}")));
    }
}

impl<S, W> Layer<S> for JsonLayer<W>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + 'static,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = Map::new();
        attrs.record(&mut Fields(&mut fields));
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanFields(fields));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id)
            && let Some(fields) = span.extensions_mut().get_mut::<SpanFields>()
        {
            values.record(&mut Fields(&mut fields.0));
        }
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Map::new();
        if let Some(scope) = ctx.event_scope(event) {
            for span in scope.from_root() {
                if let Some(own) = span.extensions().get::<SpanFields>() {
                    fields.extend(own.0.clone());
                }
            }
        }
        event.record(&mut Fields(&mut fields));
        let message = fields.remove("message").unwrap_or(Value::Null);
        let metadata = event.metadata();
        let mut line = json!({
            "timestamp": timestamp(),
            "level": metadata.level().as_str(),
            "target": metadata.target(),
            "message": message,
        });
        if let Some(correlation) = fields.remove("correlation") {
            line["correlation"] = correlation;
        }
        line["fields"] = Value::Object(fields);
        // One write a line, so lines of concurrent requests never interleave.
        let mut text = line.to_string();
        text.push('\n');
        let _ = self.writer.make_writer().write_all(text.as_bytes());
    }
}

fn timestamp() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
