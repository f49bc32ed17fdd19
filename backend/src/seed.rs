//! Creating organisations with their first admin, and the demo organisation.

use coproduce_widgets::contract::Moderation;
use coproduce_widgets::ideas::contract::{IdeaStatus, NewIdea};

use crate::domain::activity::ActivityIntro;
use crate::domain::activity::ActivityTitle;
use crate::domain::org::{OrgName, Origin};
use crate::domain::staff::{Email, NewPassword, Role};
use crate::domain::{OrgId, OrgSlug, random_key};
use crate::ideas::domain::IdeaDraft;
use crate::ideas::domain::StatusChange;
use crate::ideas::storage::NewIdeaRecord;
use crate::storage::{StorageError, Store};

/// Creates an organisation and its first admin. Returns the password (generated when `None`).
pub async fn create_org_with_admin(
    store: &Store,
    slug: &str,
    name: &str,
    admin_email: &str,
    admin_password: Option<&str>,
) -> anyhow::Result<(OrgId, String)> {
    let slug = OrgSlug::parse(slug)?;
    let name = OrgName::parse(name)?;
    let email = Email::parse(admin_email)?;
    let password = admin_password
        .map(str::to_owned)
        .unwrap_or_else(|| random_key(16));
    let hash = NewPassword::parse(&password)?
        .hash()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let org = store.create_org(&slug, &name).await?;
    store.create_staff(&org, &email, Role::Admin, &hash).await?;
    Ok((org, password))
}

pub const DEMO_ORG: &str = "stadtteilhaus-nord";
pub const DEMO_BOARD: &str = "youth-centre";
/// A second demo board, so the host page can show two widgets at once.
pub const DEMO_BOARD_2: &str = "community-garden";
/// The demo survey, with skip logic and plain-language texts.
pub const DEMO_SURVEY: &str = "youth-survey";
/// The demo map: barriers in the neighbourhood, with places and an area.
pub const DEMO_MAP: &str = "barriers";
/// The demo ratings of the organisation's services, grouped, with two answered stories.
pub const DEMO_RATINGS: &str = "our-services";
pub const DEMO_ADMIN: &str = "admin@stadtteilhaus-nord.example";

/// Creates the demo organisation once. Returns the admin password when it was just created.
pub async fn demo(store: &Store, host_origins: &[&str]) -> anyhow::Result<Option<String>> {
    let slug = OrgSlug::parse(DEMO_ORG)?;
    if store.find_org(&slug).await?.is_some() {
        return Ok(None);
    }
    let (org, password) =
        create_org_with_admin(store, DEMO_ORG, "Stadtteilhaus Nord", DEMO_ADMIN, None).await?;
    let origins = host_origins
        .iter()
        .map(|o| Origin::parse(o))
        .collect::<Result<Vec<_>, _>>()?;
    store.set_origins(&org, &origins).await?;
    store
        .create_board(
            &org,
            Some(DEMO_BOARD),
            &ActivityTitle::parse("New youth centre")?,
            &ActivityIntro::parse("How should the new youth centre work?")?,
            Moderation::Post,
        )
        .await?;
    store
        .create_board(
            &org,
            Some(DEMO_BOARD_2),
            &ActivityTitle::parse("Gemeinschaftsgarten")?,
            &ActivityIntro::parse("Was soll im Gemeinschaftsgarten wachsen?")?,
            Moderation::Post,
        )
        .await?;
    let samples = [
        (
            "Open on Sunday afternoons",
            "Many of us have nothing to do on Sundays.",
            "Mia",
        ),
        (
            "A quiet room for homework",
            "With Wi-Fi and someone who can help with maths.",
            "",
        ),
        (
            "Ramps and a lift everywhere",
            "So that everybody can come, also with a wheelchair.",
            "Jonas",
        ),
    ];
    demo_survey(store, &org).await?;
    demo_map(store, &org).await?;
    demo_ratings(store, &org).await?;
    for (i, (title, body, name)) in samples.iter().enumerate() {
        let wire = NewIdea {
            title: (*title).into(),
            body: (*body).into(),
            name: (*name).into(),
            ..Default::default()
        };
        let draft = IdeaDraft::try_from(&wire).map_err(|e| anyhow::anyhow!("{e}"))?;
        let receipt = crate::http::abuse::sha256_hex(&random_key(24));
        let idea = store
            .submit_idea(
                &org,
                NewIdeaRecord {
                    board: DEMO_BOARD,
                    draft: &draft,
                    receipt_hash: &receipt,
                    moderation: Moderation::Post,
                },
            )
            .await?;
        if i == 2 {
            let change = StatusChange::parse(
                IdeaStatus::Planned.as_str(),
                "Yes: the architects have added a lift and ramps to the plans.",
            )?;
            store.set_status(&org, &idea.key, &change).await?;
        }
    }
    Ok(Some(password))
}

/// The demo survey: three pages, one shown only to those who use the centre, an end rule,
/// German plain-language variants; published as version 1.
async fn demo_survey(store: &Store, org: &OrgId) -> anyhow::Result<()> {
    store
        .create_survey(
            org,
            Some(DEMO_SURVEY),
            &ActivityTitle::parse("Youth centre survey")?,
            &ActivityIntro::parse("Tell us what you need from the youth centre.")?,
        )
        .await?;
    let definition = serde_json::from_str(include_str!("survey/demo.json"))?;
    store.save_draft(org, DEMO_SURVEY, &definition).await?;
    store.publish_survey(org, DEMO_SURVEY).await?;
    Ok(())
}

/// The demo map of barriers, with three reports (one answered).
async fn demo_map(store: &Store, org: &OrgId) -> anyhow::Result<()> {
    use coproduce_widgets::map::contract::ReportStatus;
    use coproduce_widgets::map::definition::{LatLon, NewReportWire};
    let definition = serde_json::from_str(include_str!("map/demo.json"))?;
    store
        .create_map(
            org,
            Some(DEMO_MAP),
            &ActivityTitle::parse("Barriers in our neighbourhood")?,
            &ActivityIntro::parse(
                "Where is it hard to get through with a wheelchair, a pram or a walker? Tell us, and we take it to the district office.",
            )?,
            &definition,
        )
        .await?;
    let samples = [
        (
            "step",
            "High kerb at the crossing, no ramp.",
            Some((52.5441, 13.3651)),
            "",
            "15",
        ),
        (
            "lift",
            "The lift to platform 2 has been out of order for a week.",
            None,
            "station",
            "",
        ),
        (
            "path",
            "Bicycles parked across the pavement every morning.",
            Some((52.5479, 13.3755)),
            "",
            "",
        ),
    ];
    for (i, (category, description, at, place, height)) in samples.into_iter().enumerate() {
        let mut wire = NewReportWire {
            category: category.into(),
            description: description.into(),
            at: at.map(|(lat, lon)| LatLon { lat, lon }),
            place: place.into(),
            ..NewReportWire::default()
        };
        if !height.is_empty() {
            wire.answers.values.insert(
                "height".into(),
                coproduce_widgets::survey::response::Answer::Number(height.parse()?),
            );
        }
        let report = wire
            .check(&definition)
            .map_err(|e| anyhow::anyhow!("demo report: {e:?}"))?;
        let receipt = crate::http::abuse::sha256_hex(&random_key(24));
        let stored = store
            .submit_report(
                org,
                crate::map::storage::NewReportRecord {
                    map: DEMO_MAP,
                    report: &report,
                    photos: &[],
                    receipt_hash: &receipt,
                    moderation: Moderation::Post,
                },
            )
            .await?;
        if i == 1 {
            let change = crate::map::storage::StatusChange {
                status: ReportStatus::InProgress,
                note: Some(
                    "The operator has ordered a spare part; the lift should run again next week.",
                ),
            };
            store.update_report_status(org, &stored.key, change).await?;
        }
    }
    Ok(())
}

/// The demo ratings: three services in two groups, two published stories answered in
/// public (one with a change made) and one waiting for moderation.
async fn demo_ratings(store: &Store, org: &OrgId) -> anyhow::Result<()> {
    use coproduce_widgets::ratings::contract::StaffAnswer;
    use coproduce_widgets::ratings::definition::{NewStoryWire, RatingsDefinition};
    let definition: RatingsDefinition = serde_json::from_str(include_str!("ratings/demo.json"))?;
    store
        .create_ratings(
            org,
            Some(DEMO_RATINGS),
            &ActivityTitle::parse("How are we doing?")?,
            &ActivityIntro::parse(
                "Tell us how you found our services. We read every story, answer in public and say what we change.",
            )?,
            &definition,
        )
        .await?;
    let samples = [
        (
            "day-care",
            4,
            "respect",
            "The staff know every child by name. Picking up after 5 pm is hard for working parents.",
            "Amira",
            Some((
                "Head of the day care centre",
                "From next month we stay open until 6 pm on two days.",
                true,
            )),
        ),
        (
            "debt-advice",
            3,
            "waiting",
            "Very good advice once I got an appointment, but I waited five weeks.",
            "",
            Some((
                "Counselling team",
                "We have started an open consultation hour on Tuesdays, no appointment needed.",
                false,
            )),
        ),
        (
            "youth-club",
            5,
            "information",
            "My son loves the Friday football.",
            "",
            None,
        ),
    ];
    for (i, (service, overall, aspect, story, name, answer)) in samples.into_iter().enumerate() {
        let mut wire = NewStoryWire {
            service: service.into(),
            overall: Some(overall),
            story: story.into(),
            name: name.into(),
            ..NewStoryWire::default()
        };
        wire.ratings.insert(aspect.into(), overall - 1);
        let checked = wire
            .check(&definition)
            .map_err(|e| anyhow::anyhow!("demo story: {e:?}"))?;
        let receipt = crate::http::abuse::sha256_hex(&random_key(24));
        let row = store
            .submit_story(org, DEMO_RATINGS, &checked, &receipt)
            .await?;
        if i == 2 {
            continue;
        }
        store
            .moderate_story(org, &row.key, crate::ratings::storage::Decision::Publish)
            .await?;
        if let Some((role, text, made)) = answer {
            let answer = StaffAnswer {
                text: text.into(),
                role: role.into(),
                name: None,
                at: crate::domain::now_ms(),
            };
            store.answer_story(org, &row.key, answer).await?;
            store.mark_change(org, &row.key, made, text).await?;
        }
    }
    Ok(())
}

/// Creates a board from the command line.
pub async fn create_board(
    store: &Store,
    org: &str,
    key: Option<&str>,
    title: &str,
    question: &str,
    pre_moderated: bool,
) -> anyhow::Result<String> {
    let slug = OrgSlug::parse(org)?;
    let (org, _) = store.find_org(&slug).await?.ok_or(StorageError::NotFound)?;
    let moderation = if pre_moderated {
        Moderation::Pre
    } else {
        Moderation::Post
    };
    let board = store
        .create_board(
            &org,
            key,
            &ActivityTitle::parse(title)?,
            &ActivityIntro::parse(question)?,
            moderation,
        )
        .await?;
    Ok(board.key)
}
