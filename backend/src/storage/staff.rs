//! Staff accounts and console sessions. Sessions are found by the SHA-256 of their token, so
//! the database never holds a usable session cookie.

use serde::Deserialize;

use super::{StorageError, Store, one, rows, tx_query};
use crate::domain::staff::{Email, Role};
use crate::domain::{OrgId, OrgSlug, now_ms, random_key};
use crate::vars;

/// A staff account. No `Debug`: it holds the password hash.
#[derive(Clone, Deserialize)]
pub struct StaffRow {
    pub org: String,
    pub key: String,
    pub email: String,
    pub role: Role,
    pub password_hash: String,
}

/// A live session with what its account says now: a changed role applies to open sessions at
/// once, and a removed account's sessions end.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub org: String,
    /// The account's key.
    pub staff: String,
    pub email: String,
    pub role: Role,
    pub csrf: String,
    pub expires_at: i64,
}

#[derive(Debug, Deserialize)]
struct StoredSession {
    org: String,
    staff: String,
    csrf: String,
    expires_at: i64,
}

#[derive(Debug, Deserialize)]
struct Account {
    org: String,
    email: String,
    role: Role,
}

#[derive(Debug, Deserialize)]
struct SessionWithAccount {
    session: Option<StoredSession>,
    account: Option<Account>,
}

impl SessionRow {
    /// The organisation this session acts for (it was checked when the session was made).
    pub fn org_id(&self) -> Option<OrgId> {
        OrgSlug::parse(&self.org).ok().map(OrgId::existing)
    }
}

/// Accounts of one e-mail address a login tries, at most.
pub const MAX_ACCOUNTS_PER_EMAIL: usize = 10;

impl Store {
    /// Adds a staff member; `AlreadyExists` if the address is on this organisation's staff
    /// (another organisation's staff may use it too: nothing here tells whether one does).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn create_staff(
        &self,
        org: &OrgId,
        email: &Email,
        role: Role,
        password_hash: &str,
    ) -> Result<(), StorageError> {
        let key = random_key(12);
        self.db
            .query("CREATE type::record('staff', $key) SET org = $org, key = $key, email = $email, role = $role, password_hash = $hash, created_at = $now RETURN NONE")
            .bind(vars!(
                "org" => org.as_str(), "key" => key, "email" => email.as_str(),
                "role" => role.as_str(), "hash" => password_hash, "now" => now_ms()
            ))
            .await?
            .check()?;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn staff(&self, org: &OrgId) -> Result<Vec<StaffRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM staff WHERE org = $org ORDER BY email")
            .bind(("org", org.as_str().to_string()))
            .await?;
        rows(&mut res, 0)
    }

    /// For logging in: the accounts behind an address, in whatever organisations (a person
    /// on the staff of several has one account in each).
    pub async fn staff_with_email(&self, email: &Email) -> Result<Vec<StaffRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM staff WHERE email = $email AND type::record('org', org).disabled != true ORDER BY created_at LIMIT $limit")
            .bind(vars!("email" => email.as_str(), "limit" => MAX_ACCOUNTS_PER_EMAIL as i64))
            .await?;
        rows(&mut res, 0)
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        staff: &StaffRow,
        csrf: &str,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        self.db
            .query("CREATE type::record('session', $id) SET org = $org, staff = $staff, email = $email, role = $role, csrf = $csrf, expires_at = $expires RETURN NONE")
            .bind(vars!(
                "id" => token_hash, "org" => staff.org, "staff" => staff.key, "email" => staff.email,
                "role" => staff.role, "csrf" => csrf, "expires" => expires_at
            ))
            .await?
            .check()?;
        Ok(())
    }

    /// A live session, with its account as it is now; an expired one, or one whose account
    /// is gone, is removed when met.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, StorageError> {
        let mut res = self
            .db
            .query(
                "LET $s = (SELECT org, staff, csrf, expires_at FROM ONLY type::record('session', $id));
                 LET $a = IF $s = NONE { NONE } ELSE { (SELECT org, email, role FROM ONLY type::record('staff', $s.staff)) };
                 RETURN { session: $s, account: $a };",
            )
            .bind(("id", token_hash.to_string()))
            .await?;
        let found: Option<SessionWithAccount> = one(&mut res, 2)?;
        let Some(SessionWithAccount {
            session: Some(s),
            account,
        }) = found
        else {
            return Ok(None);
        };
        match account {
            Some(a) if s.expires_at > now_ms() && a.org == s.org => Ok(Some(SessionRow {
                org: s.org,
                staff: s.staff,
                email: a.email,
                role: a.role,
                csrf: s.csrf,
                expires_at: s.expires_at,
            })),
            _ => {
                self.delete_session(token_hash).await?;
                Ok(None)
            }
        }
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StorageError> {
        self.db
            .query("DELETE type::record('session', $id)")
            .bind(("id", token_hash.to_string()))
            .await?
            .check()?;
        Ok(())
    }
    /// One staff member of the organisation.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn staff_member(&self, org: &OrgId, key: &str) -> Result<StaffRow, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('staff', $key) WHERE org = $org")
            .bind(vars!("org" => org.as_str(), "key" => key))
            .await?;
        one(&mut res, 0)?.ok_or(StorageError::NotFound)
    }

    /// Changes a staff member's role, or removes them (`None`): their open sessions follow at
    /// once (a session reads its account on every request; a removed account's sessions go).
    /// `LastAdmin` if that would leave the organisation without an admin. Changes to one
    /// organisation's staff write its record, so two at once conflict and one is tried again
    /// (two admins demoting each other cannot both succeed).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn change_staff(
        &self,
        org: &OrgId,
        key: &str,
        role: Option<Role>,
    ) -> Result<(), StorageError> {
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "UPDATE type::record('org', $org) SET staff_changed_at = $now RETURN NONE;
                 SELECT role FROM ONLY type::record('staff', $key) WHERE org = $org;
                 SELECT VALUE key FROM staff WHERE org = $org AND role = 'admin';",
                vars!("org" => org.as_str(), "key" => key, "now" => now_ms()),
            )
            .await?;
            let read = one::<serde_json::Value>(&mut res, 1)
                .and_then(|member| Ok((member, rows::<String>(&mut res, 2)?)));
            let (member, admins) = match read {
                Ok(r) => r,
                Err(e) => return Err((Some(tx), e)),
            };
            if member.is_none() {
                return Err((Some(tx), StorageError::NotFound));
            }
            let stays_admin = role == Some(Role::Admin);
            if !stays_admin && admins.len() == 1 && admins[0] == key {
                return Err((Some(tx), StorageError::LastAdmin));
            }
            let sql = match role {
                Some(_) => "UPDATE type::record('staff', $key) SET role = $role RETURN NONE;",
                None => {
                    "DELETE type::record('staff', $key) RETURN NONE;
                         DELETE session WHERE staff = $key RETURN NONE;"
                }
            };
            let (tx, _) = tx_query(
                tx,
                sql,
                vars!("key" => key, "role" => role.map(Role::as_str)),
            )
            .await?;
            Ok((tx, ()))
        })
        .await
    }

    /// Sets a staff member's password hash and ends their sessions, except `keep` (the
    /// session of a person changing their own password stays).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn set_password(
        &self,
        org: &OrgId,
        key: &str,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<(), StorageError> {
        self.write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "UPDATE type::record('staff', $key) SET password_hash = $hash WHERE org = $org RETURN VALUE key;
                 DELETE session WHERE staff = $key AND record::id(id) != $keep RETURN NONE;",
                vars!(
                    "org" => org.as_str(), "key" => key, "hash" => password_hash,
                    "keep" => keep.unwrap_or("")
                ),
            )
            .await?;
            match rows::<String>(&mut res, 0) {
                Ok(updated) if updated.is_empty() => Err((Some(tx), StorageError::NotFound)),
                Ok(_) => Ok((tx, ())),
                Err(e) => Err((Some(tx), e)),
            }
        })
        .await
    }

    /// Removes sessions past their time; returns how many.
    #[tracing::instrument(skip_all)]
    pub async fn sweep_sessions(&self) -> Result<usize, StorageError> {
        let mut res = self
            .db
            .query("DELETE session WHERE expires_at < $now RETURN BEFORE")
            .bind(vars!("now" => now_ms()))
            .await?;
        let gone: Vec<serde_json::Value> = rows(&mut res, 0)?;
        Ok(gone.len())
    }

    /// Sweeps expired sessions every `every` until the task is dropped.
    pub async fn keep_sweeping_sessions(self, every: std::time::Duration) {
        loop {
            tokio::time::sleep(every).await;
            match self.sweep_sessions().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(sessions = n, "expired sessions removed"),
                Err(e) => tracing::warn!(error = %e, "sweeping sessions failed; trying later"),
            }
        }
    }
}
