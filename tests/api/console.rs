//! The staff console's work: moderation, statuses and answers, the dashboard, exports.

use crate::helpers::spawn_app;

#[tokio::test]
async fn declining_without_a_reason_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let idea = app.post_idea(&org, "Benches in the park").await;
    let id = idea["idea"]["id"].as_str().unwrap();
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let path = format!("/console/activities/{}/ideas/{id}/status", org.board);
    let res = app
        .console_post(&session, &path, &[("status", "declined"), ("answer", "  ")])
        .await;
    // The board's page again, with this idea's form as sent and the message at its field.
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    let html = scraper::Html::parse_document(&page);
    let answer =
        scraper::Selector::parse(&format!("#status-{id}-answer[aria-invalid=true]")).unwrap();
    assert!(html.select(&answer).next().is_some(), "{page}");
    let chosen =
        scraper::Selector::parse(&format!("#status-{id}-status option[selected]")).unwrap();
    assert_eq!(
        html.select(&chosen).next().unwrap().value().attr("value"),
        Some("declined")
    );
    assert!(page.contains("Please give a reason."), "{page}");
    assert_eq!(app.get_board(&org).await["ideas"][0]["status"], "new");
    let res = app
        .console_post(
            &session,
            &path,
            &[
                ("status", "declined"),
                ("answer", "The park belongs to the city."),
            ],
        )
        .await;
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .contains("saved=1")
    );
    assert_eq!(app.get_board(&org).await["ideas"][0]["status"], "declined");
}

#[tokio::test]
async fn hiding_restoring_and_merging_keep_the_dashboard_exact() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let dup = app.post_idea(&org, "More benches").await;
    let main = app.post_idea(&org, "Benches in the park").await;
    let dup_id = dup["idea"]["id"].as_str().unwrap();
    let main_id = main["idea"]["id"].as_str().unwrap();
    for agent in ["a", "b"] {
        app.support(&org, dup_id, agent).await;
    }
    app.support(&org, main_id, "a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let base = format!("/console/activities/{}/ideas", org.board);
    assert_eq!(
        app.console_post(
            &session,
            &format!("{base}/{dup_id}/hide"),
            &[("reason", "Off topic")]
        )
        .await
        .status(),
        303
    );
    assert_eq!(app.get_board(&org).await["idea_count"], 1);
    assert_eq!(
        app.console_post(&session, &format!("{base}/{dup_id}/publish"), &[])
            .await
            .status(),
        303
    );
    assert_eq!(app.get_board(&org).await["idea_count"], 2);
    assert_eq!(
        app.console_post(
            &session,
            &format!("{base}/{dup_id}/merge"),
            &[("into", main_id)]
        )
        .await
        .status(),
        303
    );
    let board = app.get_board(&org).await;
    assert_eq!(board["idea_count"], 1);
    assert_eq!(
        board["ideas"][0]["supports"], 2,
        "b's support moved over, a's counted once"
    );

    let org_id = app.org_id(&org).await;
    let stored = app.store.counts(&org_id, &org.board).await.unwrap();
    assert_eq!(
        stored,
        app.store.recount(&org_id, &org.board).await.unwrap()
    );
    assert_eq!(stored.get("supports"), 2);
    let page = app
        .console_html(
            &session.cookie,
            &format!("/console/activities/{}", org.board),
        )
        .await;
    assert!(page.contains("Most supported ideas"));
    assert!(
        page.contains("data-activity=\""),
        "embed snippet with live preview"
    );
}

#[tokio::test]
async fn exports_list_every_idea_and_defuse_spreadsheet_formulas() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    app.post_idea(&org, "=HYPERLINK(\"http://evil\")").await;
    app.post_idea(&org, "Benches in the park").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let csv = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{}/export.csv", org.board),
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    // UTF-8 with a byte order mark, so that Excel shows umlauts as they are.
    assert!(text.starts_with("\u{feff}id,title,body,author,status"));
    assert!(text.contains("'=HYPERLINK"));
    assert!(!text.contains(",=HYPERLINK"));
    let json: serde_json::Value = app
        .console_get(
            &session.cookie,
            &format!("/console/activities/{}/export.json", org.board),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn an_export_of_more_ideas_than_one_chunk_holds_each_once_in_one_file() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let org_id = app.org_id(&org).await;
    // Straight into storage: 1,201 ideas through HTTP would take the test a while.
    for i in 0..1_201 {
        let wire = coproduce_widgets::ideas::contract::NewIdea {
            title: format!("Idea number {i}"),
            ..Default::default()
        };
        let draft = coproduce::ideas::domain::IdeaDraft::try_from(&wire).unwrap();
        let receipt = format!("receipt-{i}");
        app.store
            .submit_idea(
                &org_id,
                coproduce::ideas::storage::NewIdeaRecord {
                    board: &org.board,
                    draft: &draft,
                    receipt_hash: &receipt,
                    moderation: coproduce_widgets::contract::Moderation::Post,
                },
            )
            .await
            .unwrap();
    }
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let path = |ext: &str| format!("/console/activities/{}/export.{ext}", org.board);
    let json: serde_json::Value = app
        .console_get(&session.cookie, &path("json"))
        .await
        .json()
        .await
        .unwrap();
    let ids: std::collections::HashSet<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1_201, "every idea once");
    let csv = app.console_html(&session.cookie, &path("csv")).await;
    assert_eq!(csv.lines().count(), 1_202, "a header and a line per idea");
    // As browsers ask for it: compressed, to the end.
    let gz = app
        .client
        .get(format!("{}{}", app.url, path("json")))
        .header("cookie", &session.cookie)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    let bytes = gz.bytes().await.expect("the whole compressed file");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text)
        .unwrap();
    let unpacked: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(unpacked.as_array().unwrap().len(), 1_201);
    assert_eq!(csv.matches("\u{feff}").count(), 1);
    assert_eq!(csv.matches("id,title,body").count(), 1);
}

#[tokio::test]
async fn a_pre_moderated_idea_waits_in_the_queue_under_its_board_until_published() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let session = app.login(&org.admin_email, &org.admin_password).await;
    let board = format!("/console/activities/{}", org.board);
    let settings = [
        ("title", "Youth centre"),
        ("question", "How should the youth centre work?"),
        ("moderation", "pre"),
        ("open", "on"),
    ];
    let res = app
        .console_post(&session, &format!("{board}/settings"), &settings)
        .await;
    assert_eq!(res.status(), 303);
    let idea = app.post_idea(&org, "Benches in the park").await;
    assert_eq!(idea["published"], false);
    let id = idea["idea"]["id"].as_str().unwrap();
    assert_eq!(app.get_board(&org).await["idea_count"], 0);

    let dashboard = app.console_get(&session.cookie, "/console").await;
    let dashboard = dashboard.text().await.unwrap();
    let waiting = format!("#idea-{id}\">Benches in the park</a> (Youth centre, ");
    assert!(dashboard.contains(&waiting), "{dashboard}");

    let res = app
        .console_post(&session, &format!("{board}/ideas/{id}/publish"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get_board(&org).await["idea_count"], 1);
    let dashboard = app.console_get(&session.cookie, "/console").await;
    assert!(
        dashboard
            .text()
            .await
            .unwrap()
            .contains("Nothing waits for moderation.")
    );
}

#[tokio::test]
async fn the_console_lists_a_page_of_ideas_at_a_time_and_finds_merge_targets_by_title() {
    let app = spawn_app().await;
    let org = app.create_org("org-a").await;
    let keep = app.post_idea(&org, "Benches in the park").await;
    let keep_id = keep["idea"]["id"].as_str().unwrap().to_string();
    for i in 0..119 {
        app.post_idea(&org, &format!("Idea number {i}")).await;
    }
    let session = app.login(&org.admin_email, &org.admin_password).await;
    // Follows the "next page" links from the newest ideas to the oldest.
    let next_link = |html: &str| {
        html.split("\" rel=\"next\"")
            .next()
            .filter(|_| html.contains("rel=\"next\""))
            .and_then(|before| before.rsplit("href=\"").next())
            .map(|href| href.replace("&amp;", "&"))
    };
    let mut pages = vec![
        app.console_html(
            &session.cookie,
            &format!("/console/activities/{}", org.board),
        )
        .await,
    ];
    while let Some(href) = next_link(pages.last().unwrap()) {
        assert!(pages.len() < 5, "the pages end");
        pages.push(app.console_html(&session.cookie, &href).await);
    }
    let counts: Vec<usize> = pages
        .iter()
        .map(|p| p.matches("class=\"idea-admin\"").count())
        .collect();
    assert_eq!(counts, [50, 50, 20]);
    let ids: std::collections::HashSet<&str> = pages
        .iter()
        .flat_map(|p| p.split("id=\"idea-").skip(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(ids.len(), 120, "every idea once");
    assert!(!pages[0].contains("rel=\"first\""));
    assert!(
        pages[2].contains("rel=\"first\""),
        "a way back to the newest"
    );
    assert!(
        !pages[0].contains("<select name=\"into\""),
        "no list of every idea per card"
    );
    assert!(
        pages[2].contains("Benches in the park"),
        "the oldest idea is on the last page"
    );

    let dup = app.post_idea(&org, "More benches in the park please").await;
    let dup_id = dup["idea"]["id"].as_str().unwrap();
    let merge = format!("/console/activities/{}/ideas/{dup_id}/merge", org.board);
    let choices = app
        .console_post(&session, &merge, &[("into", "benches PARK")])
        .await;
    assert_eq!(choices.status(), 200);
    let choices = choices.text().await.unwrap();
    assert!(choices.contains(&format!("name=\"into\" value=\"{keep_id}\"")));
    assert!(
        !choices.contains(&format!("value=\"{dup_id}\"")),
        "not itself"
    );
    assert!(
        !choices.contains("Idea number"),
        "only titles with every word"
    );
    let nothing = app
        .console_post(&session, &merge, &[("into", "swimming pool")])
        .await
        .text()
        .await
        .unwrap();
    assert!(nothing.contains("No public idea of this board matches."));
    let many = app
        .console_post(&session, &merge, &[("into", "idea number")])
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(many.matches("name=\"into\" value=").count(), 20);
    assert!(
        many.contains("More ideas match"),
        "says that a search can be narrowed"
    );
    assert!(!choices.contains("More ideas match"));
    let merged = app
        .console_post(&session, &merge, &[("into", &keep_id)])
        .await;
    assert_eq!(merged.status(), 303, "an ID merges at once");
    assert_eq!(app.get_board(&org).await["idea_count"], 120);
}
