//! Ratings after moderation: the author edits when asked and answers once, readers find
//! stories helpful (once each), staff take others' personal data out, and the badge.

use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::ratings::{KEY, api, definition, ratings, tell};

#[tokio::test]
async fn the_author_edits_when_asked_answers_the_organisation_once_and_not_after_the_window() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let res = tell(
        &app,
        &org,
        KEY,
        json!({ "service": "daycare", "overall": 2, "story": "Mrs Example was rude" }),
    )
    .await;
    let receipt = res.json::<Value>().await.unwrap()["receipt_url"]
        .as_str()
        .unwrap()
        .to_string();
    let token = receipt.rsplit('/').next().unwrap().to_string();
    let id = app.org_id(&org).await;
    let all = coproduce_widgets::ratings::contract::StoryState::ALL;
    let story = app
        .store
        .stories(&id, KEY, (&all, None), None, 10)
        .await
        .unwrap()
        .0[0]
        .key
        .clone();
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let at = |what: &str| format!("/console/activities/{KEY}/ratings/stories/{story}/{what}");
    assert_eq!(
        app.console_post(
            &session,
            &at("ask-edit"),
            &[("reason", "Please leave out the name of the staff member")]
        )
        .await
        .status(),
        303
    );
    let mine = format!("{}/o/{}/receipt/{token}", app.url, org.slug);
    let page = app
        .client
        .get(format!("{mine}?lang=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("ask you to edit") && page.contains("leave out the name"));

    let res = app
        .post_form(
            &format!("{mine}/story?lang=en"),
            &[("overall", "3"), ("story", "A member of staff was rude")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let s = app.store.story(&id, &story).await.unwrap();
    assert_eq!(
        (s.state.as_str(), s.overall, s.story.as_str()),
        ("pending", 3, "A member of staff was rude")
    );

    // Nothing to answer yet; then once.
    assert_eq!(
        app.post_form(&format!("{mine}/reply"), &[("text", "Too early")])
            .await
            .status(),
        409
    );
    assert_eq!(
        app.console_post(&session, &at("publish"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(
        app.console_post(
            &session,
            &at("answer"),
            &[("text", "We are sorry."), ("role", "Manager")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(
        app.post_form(
            &format!("{mine}/reply"),
            &[("text", "Thank you <i>for listening</i>")]
        )
        .await
        .status(),
        303
    );
    let again = app
        .post_form(&format!("{mine}/reply"), &[("text", "And more")])
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["code"],
        "already_replied"
    );
    let public = app
        .client
        .get(format!("{}/o/{}/ratings/{KEY}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        public.contains("The author's answer")
            && public.contains("Thank you &lt;i&gt;for listening&lt;/i&gt;")
    );

    // With no days to edit, the window is closed.
    let mut def = definition();
    def["edit_days"] = json!(0);
    assert_eq!(
        app.console_post(
            &session,
            &format!("/console/activities/{KEY}/ratings/setup"),
            &[("definition", &def.to_string())]
        )
        .await
        .status(),
        303
    );
    let late = app
        .post_form(&format!("{mine}/story"), &[("overall", "5")])
        .await;
    assert_eq!(late.status(), 409);
    assert_eq!(
        late.json::<Value>().await.unwrap()["code"],
        "edit_window_closed"
    );
    assert_eq!(app.store.story(&id, &story).await.unwrap().overall, 3);
    assert_eq!(
        app.store.counts(&id, KEY).await.unwrap(),
        app.store.recount_ratings(&id, KEY).await.unwrap()
    );
}

#[tokio::test]
async fn helpful_counts_once_per_person_orders_the_stories_and_redaction_is_shown_as_such() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    for text in ["First story", "Second story, naming Mr Example"] {
        assert_eq!(
            tell(
                &app,
                &org,
                KEY,
                json!({ "service": "debt", "overall": 4, "story": text })
            )
            .await
            .status(),
            201
        );
    }
    let id = app.org_id(&org).await;
    let all = coproduce_widgets::ratings::contract::StoryState::ALL;
    let keys: Vec<String> = app
        .store
        .stories(&id, KEY, (&all, None), None, 10)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|s| s.key)
        .collect();
    let (newest, oldest) = (keys[0].clone(), keys[1].clone());
    let session = app.login(&org.admin_email, &org.admin_password).await;
    for k in &keys {
        assert_eq!(
            app.console_post(
                &session,
                &format!("/console/activities/{KEY}/ratings/stories/{k}/publish"),
                &[]
            )
            .await
            .status(),
            303
        );
    }
    let url = format!("{}/stories/{oldest}/helpful", api(&app, &org, KEY));
    let t = app.token_for(&org, KEY);
    let fields = [("form_token", t.as_str())];
    let sends = (0..50).map(|_| app.post_form_as(&url, &fields, "one reader"));
    let ok = futures::future::join_all(sends)
        .await
        .iter()
        .filter(|r| r.status() == 200)
        .count();
    assert_eq!(ok, 1, "once per person, even at once");
    let res = app.post_form_as(&url, &fields, "another reader").await;
    assert_eq!(res.json::<Value>().await.unwrap()["helpful"], 2);
    let page = app
        .client
        .get(format!(
            "{}/o/{}/ratings/{KEY}?lang=en&sort=helpful",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.find("First story").unwrap() < page.find("Second story").unwrap(),
        "most helpful first"
    );
    assert!(page.contains("2 people found this helpful"));

    let res = app
        .console_post(
            &session,
            &format!("/console/activities/{KEY}/ratings/stories/{newest}/redact"),
            &[
                ("text", "Second story, naming a member of staff"),
                ("reason", "a name of a third person"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = app
        .client
        .get(format!("{}/o/{}/ratings/{KEY}?lang=en", app.url, org.slug))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Mr Example"));
    assert!(
        page.contains(
            "Personal data of others was taken out of this story: a name of a third person"
        )
    );
}

#[tokio::test]
async fn the_badge_is_a_small_script_that_writes_the_figures_as_text() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    ratings(&app, &org, KEY).await;
    let mut def = definition();
    def["services"][1]["label"]["en"] = json!("Debt </script><img src=x onerror=alert(1)>");
    let id = app.org_id(&org).await;
    app.store
        .save_ratings(&id, KEY, &serde_json::from_value(def).unwrap())
        .await
        .unwrap();
    assert_eq!(
        tell(&app, &org, KEY, json!({ "service": "debt", "overall": 5 }))
            .await
            .status(),
        201
    );
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let all = coproduce_widgets::ratings::contract::StoryState::ALL;
    let story = app
        .store
        .stories(&id, KEY, (&all, None), None, 10)
        .await
        .unwrap()
        .0[0]
        .key
        .clone();
    app.console_post(
        &session,
        &format!("/console/activities/{KEY}/ratings/stories/{story}/publish"),
        &[],
    )
    .await;
    let res = app
        .client
        .get(format!(
            "{}/o/{}/ratings/{KEY}/badge.js?service=debt&lang=en",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let js = res.text().await.unwrap();
    assert!(js.len() < 2_048, "a few KB at most: {} bytes", js.len());
    assert!(
        js.contains("3.3 of 5 from 1 ratings · 0 % answered"),
        "{js}"
    );
    assert!(js.contains("textContent") && !js.contains("innerHTML"));
    assert!(!js.contains("</script>") && !js.contains("<img"), "{js}");
    let res = app
        .client
        .get(format!(
            "{}/o/{}/ratings/{KEY}/badge.js?service=nope",
            app.url, org.slug
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}
