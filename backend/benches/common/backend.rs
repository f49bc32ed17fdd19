//! A backend as the benches run it: on a runtime (threads) of its own, as a server process
//! runs apart from its clients; on the bench's runtime the load generator's tasks and the
//! server's would queue behind each other.

use coproduce::config::Settings;
use coproduce::startup::Application;
use coproduce::storage::Store;

/// Starts a backend with `settings`; its address and store.
pub async fn start_backend(settings: Settings) -> (String, Store) {
    let (started, app) = tokio::sync::oneshot::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .expect("backend runtime");
        runtime.block_on(async move {
            let app = Application::build(settings).await.expect("backend");
            let _ = started.send((app.public_url().to_string(), app.store().clone()));
            app.run_until_stopped().await
        })
    });
    app.await.expect("backend started")
}
