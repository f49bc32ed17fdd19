//! Staff accounts and console sessions. Sessions are found by the SHA-256 of their token, so
//! the database never holds a usable session cookie.

use serde::Deserialize;

use super::{StorageError, Store, one, rows};
use crate::domain::staff::{Email, Role};
use crate::domain::{OrgId, OrgSlug, now_ms, random_key};
use crate::vars;

#[derive(Debug, Clone, Deserialize)]
pub struct StaffRow {
    pub org: String,
    pub key: String,
    pub email: String,
    pub role: String,
    pub password_hash: String,
}

impl StaffRow {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Moderator)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct SessionRow {
    pub org: String,
    pub staff: String,
    pub email: String,
    pub role: String,
    pub csrf: String,
    pub expires_at: i64,
}

impl SessionRow {
    pub fn role(&self) -> Role {
        Role::parse(&self.role).unwrap_or(Role::Moderator)
    }

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
            .query("SELECT * FROM staff WHERE email = $email ORDER BY created_at LIMIT $limit")
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

    /// A live session; expired ones are removed when met.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM ONLY type::record('session', $id)")
            .bind(("id", token_hash.to_string()))
            .await?;
        let row: Option<SessionRow> = one(&mut res, 0)?;
        match row {
            Some(s) if s.expires_at > now_ms() => Ok(Some(s)),
            Some(_) => {
                self.delete_session(token_hash).await?;
                Ok(None)
            }
            None => Ok(None),
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
}
