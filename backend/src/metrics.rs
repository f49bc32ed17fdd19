//! What the installation's operator watches: `/metrics` in the format Prometheus scrapes
//! (OpenMetrics text), served on `http.metrics_address` apart from the public port, and only
//! when that is set.
//!
//! Requests are counted by route (the route's pattern, never the path people typed: a
//! bounded set of labels), method and status, with their latency. The storage layer's
//! figures are the process's (`STORAGE`): a database error is counted where it is classified,
//! which knows no store.

use std::sync::LazyLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// The storage layer's figures, for the whole process.
pub struct StorageMetrics {
    /// Transactions tried again after a conflict with another.
    pub retries: Counter,
    /// Errors of the database other than conflicts and duplicates (unreachable, refused).
    pub errors: Counter,
    /// Records per commit of the group commit (`storage::group_commit`).
    pub group_records: Histogram,
    /// Ledger deltas found waiting by the last fold: how far the counts lag behind.
    pub ledger_pending: Gauge,
    /// Ledger deltas folded since start.
    pub ledger_folded: Counter,
}

pub static STORAGE: LazyLock<StorageMetrics> = LazyLock::new(|| StorageMetrics {
    retries: Counter::default(),
    errors: Counter::default(),
    group_records: Histogram::new(exponential_buckets(1.0, 2.0, 7)),
    ledger_pending: Gauge::default(),
    ledger_folded: Counter::default(),
});

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 16 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// One backend's registry and its request figures. Cheap to clone.
#[derive(Clone)]
pub struct Metrics {
    registry: std::sync::Arc<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("coproduce");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency: Family<RouteLabels, Histogram, fn() -> Histogram> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_requests",
            "Requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "Time to answer a request (until its headers), by route",
            latency.clone(),
        );
        let s = &*STORAGE;
        registry.register(
            "db_retries",
            "Transactions tried again after a conflict",
            s.retries.clone(),
        );
        registry.register(
            "db_errors",
            "Database errors other than conflicts and duplicates",
            s.errors.clone(),
        );
        registry.register(
            "group_commit_records",
            "Records stored per group commit",
            s.group_records.clone(),
        );
        registry.register(
            "ledger_pending_deltas",
            "Count changes waiting to be folded, as the last fold found them",
            s.ledger_pending.clone(),
        );
        registry.register(
            "ledger_folded_deltas",
            "Count changes folded since start",
            s.ledger_folded.clone(),
        );
        Self {
            registry: std::sync::Arc::new(registry),
            requests,
            latency,
        }
    }

    fn observe(&self, route: String, method: &str, status: u16, seconds: f64) {
        self.latency
            .get_or_create(&RouteLabels {
                route: route.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&RequestLabels {
                route,
                method: method.to_string(),
                status,
            })
            .inc();
    }

    /// The text Prometheus reads.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// Middleware: counts every request with its route's pattern and times it.
pub async fn track(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    // Only the methods we serve become labels; anything else is one label.
    let method: &'static str = match req.method().as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "PATCH" => "PATCH",
        "DELETE" => "DELETE",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    };
    let started = Instant::now();
    let res = next.run(req).await;
    metrics.observe(
        route,
        method,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// `GET /metrics` on the metrics address.
pub async fn serve_metrics(State(metrics): State<Metrics>) -> Response {
    (
        [(
            axum::http::header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics.render(),
    )
        .into_response()
}

/// The router of the metrics address.
pub fn router(metrics: Metrics) -> axum::Router {
    axum::Router::new()
        .route("/metrics", axum::routing::get(serve_metrics))
        .with_state(metrics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_counted_by_route_method_and_status() {
        let m = Metrics::new();
        m.observe("/api/v1/orgs/{org}".into(), "GET", 200, 0.003);
        m.observe("/api/v1/orgs/{org}".into(), "GET", 200, 0.004);
        m.observe("unmatched".into(), "POST", 404, 0.0001);
        let text = m.render();
        assert!(
            text.contains(
                r#"coproduce_http_requests_total{route="/api/v1/orgs/{org}",method="GET",status="200"} 2"#
            ),
            "{text}"
        );
        assert!(text.contains(
            r#"coproduce_http_request_duration_seconds_count{route="/api/v1/orgs/{org}"} 2"#
        ));
        assert!(text.contains("coproduce_db_retries_total"));
        assert!(text.ends_with("# EOF\n"));
    }
}
