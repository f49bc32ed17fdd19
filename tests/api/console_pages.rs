//! The console's pages as an organisation's staff use them: old addresses, forms that fail,
//! a page of a large board, the languages a board is offered in.

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_console_address_from_before_activities_leads_to_the_same_page() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    let res = app
        .console_get(
            &staff.cookie,
            &format!("/console/boards/{}?lang=de", org.board),
        )
        .await;
    assert_eq!(res.status(), 308);
    assert_eq!(
        res.headers()["location"],
        format!("/console/activities/{}?lang=de", org.board).as_str()
    );
    let page = app
        .console_get(&staff.cookie, &format!("/console/activities/{}", org.board))
        .await;
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn board_forms_that_fail_come_back_as_pages_with_the_message_at_the_field() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    for (path, form_id) in [
        ("/console/activities".to_string(), "new-board"),
        (
            format!("/console/activities/{}/settings", org.board),
            "settings",
        ),
    ] {
        let res = app
            .console_post(
                &staff,
                &path,
                &[
                    ("title", "ab"),
                    ("question", "Still here?"),
                    ("moderation", "pre"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let page = res.text().await.unwrap();
        let html = scraper::Html::parse_document(&page);
        let title =
            scraper::Selector::parse(&format!("#{form_id}-title[aria-invalid=true]")).unwrap();
        assert_eq!(
            html.select(&title)
                .next()
                .expect("the title is marked")
                .value()
                .attr("value"),
            Some("ab")
        );
        let question = scraper::Selector::parse(&format!("#{form_id}-question")).unwrap();
        let kept: String = html.select(&question).next().unwrap().text().collect();
        assert_eq!(kept, "Still here?");
        let pre =
            scraper::Selector::parse(&format!("#{form_id}-moderation option[selected]")).unwrap();
        assert_eq!(
            html.select(&pre).next().unwrap().value().attr("value"),
            Some("pre")
        );
    }
    // Nothing changed.
    assert_eq!(app.get_board(&org).await["title"], "Youth centre");
}

#[tokio::test]
async fn a_console_page_of_a_board_of_ten_thousand_ideas_stays_small() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let org_id = app.org_id(&org).await;
    // Straight into storage, from several writers at once (their commits are shared).
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (store, org_id, board) = (app.store.clone(), org_id.clone(), org.board.clone());
            tokio::spawn(async move {
                for i in 0..1_250 {
                    let wire = coproduce_widgets::ideas::contract::NewIdea {
                        title: format!("Idea number {w}-{i}"),
                        body: "A few words about it.".into(),
                        ..Default::default()
                    };
                    let draft = coproduce::ideas::domain::IdeaDraft::try_from(&wire).unwrap();
                    let receipt = format!("receipt-{w}-{i}");
                    let new = coproduce::ideas::storage::NewIdeaRecord {
                        board: &board,
                        draft: &draft,
                        receipt_hash: &receipt,
                        moderation: coproduce_widgets::contract::Moderation::Post,
                    };
                    store.submit_idea(&org_id, new).await.unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.await.unwrap();
    }
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let page = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{}", org.board),
        )
        .await;
    assert_eq!(page.matches("class=\"idea-admin\"").count(), 50);
    assert!(page.len() < 150_000, "{} bytes", page.len());
    assert!(page.contains("10000"), "the figures count them all");
}

#[tokio::test]
async fn a_board_offered_in_german_only_speaks_german_on_its_page() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let staff = app.login(&org.admin_email, &org.admin_password).await;
    let path = format!("/console/activities/{}/settings", org.board);
    let mut fields = vec![
        ("title", "Youth centre"),
        ("question", "How should the youth centre work?"),
        ("moderation", "post"),
        ("open", "on"),
        ("languages", "shown"),
    ];
    let none = app.console_post(&staff, &path, &fields).await;
    assert_eq!(none.status(), 422, "at least one language");
    fields.push(("lang_de", "on"));
    let res = app.console_post(&staff, &path, &fields).await;
    assert_eq!(res.status(), 303);
    let page = app
        .client
        .get(format!(
            "{}/o/{}/ideas/{}?lang=en",
            app.url, org.slug, org.board
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("<html lang=\"de\">"),
        "the board's own language"
    );
    assert!(page.contains("Idee einreichen"));
    assert!(
        !page.contains("hreflang=\"en\""),
        "no switch to a language it is not offered in"
    );
    let settings = app
        .console_html(&staff.cookie, &format!("/console/activities/{}", org.board))
        .await;
    assert!(settings.contains("name=\"lang_de\" type=\"checkbox\" value=\"on\" checked"));
    assert!(!settings.contains("name=\"lang_en\" type=\"checkbox\" value=\"on\" checked"));
}
