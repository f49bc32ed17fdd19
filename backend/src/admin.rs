//! What an organisation's operator manages from the command line: organisations and boards.
//! The same commands run in this process (`coproduce org …` with the database to itself) or,
//! while `serve` holds the embedded database, in the server (`http::operator`).

use std::fmt::Write as _;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::domain::OrgSlug;
use crate::domain::org::Origin;
use crate::storage::Store;

/// An `org` or `board` command on its own, as the server parses it.
#[derive(Debug, Parser)]
#[command(name = "coproduce")]
pub struct Admin {
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    #[command(subcommand)]
    Org(OrgCommand),
    #[command(subcommand)]
    Board(BoardCommand),
}

#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation with its first admin. Prints the admin password once.
    Create {
        /// URL name, e.g. stadtteilhaus-nord
        #[arg(long)]
        slug: String,
        /// Display name, e.g. "Stadtteilhaus Nord"
        #[arg(long)]
        name: String,
        /// The first admin's e-mail address, their console login.
        #[arg(long)]
        admin_email: String,
        /// At least 10 characters; generated when left out.
        #[arg(long, env = "COPRODUCE_ADMIN_PASSWORD")]
        admin_password: Option<String>,
    },
    /// List organisations and their allowed origins.
    List,
    /// Switch an organisation off: nothing of it is served, its staff are logged out and cannot
    /// log in; everything it holds is kept.
    Disable {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
    },
    /// Switch an organisation on again.
    Enable {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
    },
    /// Set the web origins allowed to embed an organisation's widgets.
    AllowOrigins {
        /// The organisation's slug.
        #[arg(long)]
        org: String,
        /// e.g. https://www.example.org
        origins: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum BoardCommand {
    /// Add an ideas board to an organisation. Prints its key (for its address and the embed
    /// snippet).
    Create {
        /// The organisation's slug, e.g. stadtteilhaus-nord.
        #[arg(long)]
        org: String,
        /// The board's name, as staff see it.
        #[arg(long)]
        title: String,
        /// What citizens are asked, e.g. "How should the new youth centre work?".
        #[arg(long)]
        question: String,
        /// Ideas appear only after a moderator published them.
        #[arg(long)]
        pre_moderated: bool,
        /// The board's key (lower-case letters, digits, hyphens); made of the title's words
        /// when left out.
        #[arg(long)]
        key: Option<String>,
    },
}

pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let mut db = settings.database.clone();
    db.url = settings.database_url();
    if db.url.starts_with("surrealkv://") {
        std::fs::create_dir_all(&settings.data_dir)?;
    }
    Store::connect(&db)
        .await
        .with_context(|| format!("opening database {}", db.url))
}

/// Runs an `org` or `board` command against `store`; what it says, for the person.
pub async fn manage(store: &Store, command: AdminCommand) -> anyhow::Result<String> {
    let mut out = String::new();
    match command {
        AdminCommand::Org(c) => org_command(store, c, &mut out).await?,
        AdminCommand::Board(c) => board_command(store, c, &mut out).await?,
    }
    Ok(out)
}

async fn switch_org(store: &Store, org: &str, off: bool, out: &mut String) -> anyhow::Result<()> {
    let slug = OrgSlug::parse(org)?;
    let (org, _) = store
        .find_org(&slug)
        .await?
        .context("no such organisation")?;
    store.set_org_disabled(&org, off).await?;
    let state = if off { "switched off" } else { "switched on" };
    writeln!(out, "{org} is {state}.")?;
    Ok(())
}

/// Whether opening the database failed because another process (a server) holds it.
pub fn in_use(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        matches!(
            c.downcast_ref::<crate::storage::StorageError>(),
            Some(crate::storage::StorageError::InUse)
        )
    })
}

async fn org_command(store: &Store, command: OrgCommand, out: &mut String) -> anyhow::Result<()> {
    match command {
        OrgCommand::Create {
            slug,
            name,
            admin_email,
            admin_password,
        } => {
            let (org, password) = crate::seed::create_org_with_admin(
                store,
                &slug,
                &name,
                &admin_email,
                admin_password.as_deref(),
            )
            .await?;
            writeln!(out, "Created organisation {org}. Admin: {admin_email}")?;
            if admin_password.is_none() {
                writeln!(out, "Password (shown once): {password}")?;
            }
        }
        OrgCommand::List => {
            for org in store.list_orgs().await? {
                let state = if org.is_disabled() { "off" } else { "on" };
                writeln!(
                    out,
                    "{}\t{}\t{state}\t{}",
                    org.slug,
                    org.name,
                    org.origins.join(" ")
                )?;
            }
        }
        OrgCommand::Disable { org } => switch_org(store, &org, true, out).await?,
        OrgCommand::Enable { org } => switch_org(store, &org, false, out).await?,
        OrgCommand::AllowOrigins { org, origins } => {
            let slug = OrgSlug::parse(&org)?;
            let (org, _) = store
                .find_org(&slug)
                .await?
                .context("no such organisation")?;
            let origins = origins
                .iter()
                .map(|o| Origin::parse(o))
                .collect::<Result<Vec<_>, _>>()?;
            store.set_origins(&org, &origins).await?;
            writeln!(
                out,
                "{org} may now be embedded from: {}",
                origins
                    .iter()
                    .map(Origin::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
            )?;
        }
    }
    Ok(())
}

async fn board_command(
    store: &Store,
    command: BoardCommand,
    out: &mut String,
) -> anyhow::Result<()> {
    match command {
        BoardCommand::Create {
            org,
            title,
            question,
            pre_moderated,
            key,
        } => {
            if let Some(k) = &key {
                OrgSlug::parse(k)
                    .context("the key must be lower-case letters, digits and hyphens")?;
            }
            let key = crate::seed::create_board(
                store,
                &org,
                key.as_deref(),
                &title,
                &question,
                pre_moderated,
            )
            .await?;
            writeln!(out, "{key}")?;
        }
    }
    Ok(())
}
