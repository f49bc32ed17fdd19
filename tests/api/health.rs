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
