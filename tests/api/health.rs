//! Health for load balancers and supervisors: live (the process answers) and ready (the
//! database answers and is migrated), both cheap and about no organisation.

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_running_backend_is_live_and_ready() {
    let app = spawn_app().await;
    for (path, body) in [
        ("/health/live", "live\n"),
        ("/health/ready", "ready\n"),
        ("/health", "ready\n"),
    ] {
        let res = app
            .client
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.text().await.unwrap(), body, "{path}");
    }
}

#[tokio::test]
async fn metrics_are_served_apart_from_the_public_port_and_count_requests_by_route() {
    let mut settings = coproduce::config::for_tests();
    settings.http.metrics_address = "127.0.0.1:0".into();
    let app = coproduce::startup::Application::build(settings)
        .await
        .unwrap();
    let (url, metrics) = (
        app.public_url().to_string(),
        format!(
            "http://127.0.0.1:{}/metrics",
            app.metrics_port().expect("metrics port")
        ),
    );
    tokio::spawn(app.run_until_stopped());
    let http = reqwest::Client::new();
    for _ in 0..3 {
        http.get(format!("{url}/health/live")).send().await.unwrap();
    }
    // A path nobody routes: one label for all of them, not one per path typed.
    http.get(format!("{url}/no/such/{}", "x".repeat(40)))
        .send()
        .await
        .unwrap();
    // Not on the public port.
    let public = http.get(format!("{url}/metrics")).send().await.unwrap();
    assert_eq!(public.status(), 404);
    let res = http.get(&metrics).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = res.text().await.unwrap();
    for expected in [
        r#"coproduce_http_requests_total{route="/health/live",method="GET",status="200"} 3"#,
        r#"coproduce_http_requests_total{route="unmatched",method="GET",status="404"} 2"#,
        r#"coproduce_http_request_duration_seconds_count{route="/health/live"} 3"#,
        "# TYPE coproduce_db_retries counter",
        "# TYPE coproduce_db_errors counter",
        "# TYPE coproduce_group_commit_records histogram",
        "# TYPE coproduce_ledger_pending_deltas gauge",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    assert!(!text.contains("xxxxxxxx"), "no path typed becomes a label");
}

#[tokio::test]
async fn without_a_metrics_address_no_metrics_are_served() {
    let app = coproduce::startup::Application::build(coproduce::config::for_tests())
        .await
        .unwrap();
    assert_eq!(app.metrics_port(), None);
}
