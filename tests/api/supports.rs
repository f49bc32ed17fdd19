use crate::helpers::{client_from, spawn_app};

#[tokio::test]
async fn a_second_support_from_the_same_person_is_a_clear_conflict() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let first = app.support(&org, id, "browser-1").await;
    assert_eq!(first.status(), 200);
    let body: serde_json::Value = first.json().await.unwrap();
    assert_eq!(body["supports"], 1);
    let again = app.support(&org, id, "browser-1").await;
    assert_eq!(again.status(), 409);
    let err: serde_json::Value = again.json().await.unwrap();
    assert_eq!(err["code"], "duplicate_support");
    assert!(!err["message"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn two_hundred_parallel_identical_supports_count_once() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap().to_string();
    let app = std::sync::Arc::new(app);
    let org = std::sync::Arc::new(org);
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let (app, org, id) = (app.clone(), org.clone(), id.clone());
            tokio::spawn(async move {
                app.support(&org, &id, "same-browser")
                    .await
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let board = app.get_board(&org).await;
    assert_eq!(board["ideas"][0]["supports"], 1);
}

#[tokio::test]
async fn a_support_right_after_the_page_loads_is_accepted_but_a_forged_token_is_not() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let fresh = app.get_board(&org).await["form_token"]
        .as_str()
        .unwrap()
        .to_string();
    let url = format!("{}/ideas/{id}/supports", app.board_api(&org));
    let res = app
        .post_form_as(&url, &[("form_token", &fresh)], "quick-reader")
        .await;
    assert_eq!(res.status(), 200, "one click needs no waiting");
    let forged = app
        .post_form_as(&url, &[("form_token", "1.abc")], "someone-else")
        .await;
    assert_eq!(forged.status(), 422);
    assert_eq!(app.get_board(&org).await["ideas"][0]["supports"], 1);
}

#[tokio::test]
async fn one_address_counts_as_at_most_three_supporters_whatever_browser_it_claims() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let mut statuses = Vec::new();
    for agent in ["firefox", "chromium", "safari", "edge", "lynx"] {
        let res = app.support(&org, id, agent).await;
        let status = res.status().as_u16();
        let body: serde_json::Value = res.json().await.unwrap();
        statuses.push((status, body["code"].as_str().unwrap_or("").to_string()));
    }
    assert_eq!(
        statuses.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        [200, 200, 200, 409, 409]
    );
    assert_eq!(statuses[3].1, "supporter_limit");
    assert_eq!(app.get_board(&org).await["ideas"][0]["supports"], 3);

    // Someone at another address is counted.
    let elsewhere = client_from("127.0.0.2");
    let token = app.token(&org);
    let res = elsewhere
        .post(format!("{}/ideas/{id}/supports", app.board_api(&org)))
        .form(&[("form_token", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(app.get_board(&org).await["ideas"][0]["supports"], 4);
}
