use coproduce::config::{Settings, for_tests};
use coproduce::http::abuse::Keys;
use coproduce::seed;
use coproduce::startup::Application;
use coproduce::storage::Store;
use reqwest::redirect::Policy;
use serde_json::Value;

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub store: Store,
    keys: Keys,
}

pub struct Org {
    pub slug: String,
    pub board: String,
    pub admin_email: String,
    pub admin_password: String,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        coproduce::telemetry::init("info", coproduce::telemetry::LogFormat::Text);
    }
    let mut settings = for_tests();
    settings.limits.writes_per_client_per_minute = 100_000;
    settings.limits.writes_per_org_per_minute = 100_000;
    // Every test client is 127.0.0.1; the connection tests set their own bounds.
    settings.http.max_connections_per_address = 0;
    configure(&mut settings);
    if std::env::var("COPRODUCE_TEST_DATABASE").as_deref() == Ok("server")
        && settings.database.url == "mem://"
    {
        // The whole suite once more on the real SurrealDB server (`scripts/test`): each test
        // that did not choose its database gets one of its own there.
        settings.database.url = crate::server::SERVER.clone();
        settings.database.namespace = "coproduce".into();
        settings.database.database = format!("d{}", coproduce::domain::random_key(10));
        settings.database.username = Some("root".into());
        settings.database.password = Some(coproduce::config::Secret::new("root"));
    }
    let secret = settings
        .secret
        .clone()
        .expect("test secret")
        .expose()
        .to_string();
    let app = Application::build(settings).await.expect("app builds");
    let url = app.public_url().to_string();
    let store = app.store().clone();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client");
    TestApp {
        url,
        client,
        store,
        keys: Keys::new(&secret),
    }
}

impl TestApp {
    /// An organisation with an admin and one post-moderated board.
    pub async fn create_org(&self, slug: &str) -> Org {
        let password = "a long test password".to_string();
        let email = format!("admin@{slug}.example");
        seed::create_org_with_admin(
            &self.store,
            slug,
            &format!("Org {slug}"),
            &email,
            Some(&password),
        )
        .await
        .expect("org");
        // A key of its own in each organisation: reaching one organisation's board through
        // another must not land on that other's board of the same name (tenancy tests).
        let board = seed::create_board(
            &self.store,
            slug,
            Some(&format!("{slug}-youth-centre")),
            "Youth centre",
            "How should the youth centre work?",
            false,
        )
        .await
        .expect("board");
        Org {
            slug: slug.to_string(),
            board,
            admin_email: email,
            admin_password: password,
        }
    }

    /// The id of an organisation made with `create_org`, for calls straight into storage.
    pub async fn org_id(&self, org: &Org) -> coproduce::domain::OrgId {
        let slug = coproduce::domain::OrgSlug::parse(&org.slug).unwrap();
        let found = self.store.find_org(&slug).await.unwrap();
        found.expect("the organisation exists").0
    }

    /// A form token as if the form had been rendered a minute ago.
    pub fn token(&self, org: &Org) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        self.keys.form_token(&org.slug, &org.board, now - 60)
    }

    /// A form token of activity `key`, as if its form had been rendered a minute ago.
    pub fn token_for(&self, org: &Org, key: &str) -> String {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        self.keys.form_token(&org.slug, key, now - 60)
    }

    pub fn api(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.url)
    }

    pub fn board_api(&self, org: &Org) -> String {
        self.api(&format!("/orgs/{}/activities/{}", org.slug, org.board))
    }

    pub async fn post_form(&self, url: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.post_form_as(url, fields, "test-agent").await
    }

    /// Posts a form as a browser with this user agent (a different person to the voter key).
    pub async fn post_form_as(
        &self,
        url: &str,
        fields: &[(&str, &str)],
        agent: &str,
    ) -> reqwest::Response {
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.client
            .post(url)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("user-agent", agent)
            .body(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_idea(&self, org: &Org, title: &str) -> Value {
        let token = self.token(org);
        let res = self
            .post_form(
                &format!("{}/ideas", self.board_api(org)),
                &[
                    ("title", title),
                    ("body", "Because."),
                    ("form_token", &token),
                ],
            )
            .await;
        assert_eq!(res.status(), 201, "posting an idea");
        res.json().await.unwrap()
    }

    pub async fn support(&self, org: &Org, idea: &str, agent: &str) -> reqwest::Response {
        let token = self.token(org);
        self.post_form_as(
            &format!("{}/ideas/{idea}/supports", self.board_api(org)),
            &[("form_token", &token)],
            agent,
        )
        .await
    }

    pub async fn get_board(&self, org: &Org) -> Value {
        let res = self.client.get(self.board_api(org)).send().await.unwrap();
        assert_eq!(res.status(), 200);
        res.json().await.unwrap()
    }

    /// Logs in to the console; returns the session cookie and the CSRF token.
    pub async fn login(&self, email: &str, password: &str) -> Session {
        let res = self
            .post_form(
                &format!("{}/console/login", self.url),
                &[("email", email), ("password", password)],
            )
            .await;
        assert_eq!(res.status(), 303, "login redirects");
        let cookie = res
            .headers()
            .get("set-cookie")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("session cookie")
            .to_string();
        let page = self
            .console_get(&cookie, "/console")
            .await
            .text()
            .await
            .unwrap();
        let csrf = page
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("csrf token on the page")
            .to_string();
        Session { cookie, csrf }
    }

    /// A console page's HTML.
    pub async fn console_html(&self, cookie: &str, path: &str) -> String {
        self.console_get(cookie, path).await.text().await.unwrap()
    }

    /// The API's OpenAPI document.
    pub async fn openapi(&self) -> Value {
        let res = self.client.get(self.api("/openapi.json")).send().await;
        res.unwrap().json().await.unwrap()
    }

    pub async fn console_get(&self, cookie: &str, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.url))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    pub async fn console_post(
        &self,
        session: &Session,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut all: Vec<(&str, &str)> = vec![("csrf", &session.csrf)];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        self.client
            .post(format!("{}{path}", self.url))
            .header("cookie", &session.cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
    }
}

pub struct Session {
    pub cookie: String,
    pub csrf: String,
}

/// A client whose connections come from `ip` (any of 127.0.0.0/8): another person, to the
/// server's per-address bounds. Redirects are not followed.
pub fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .redirect(Policy::none())
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .unwrap()
}
