//! `Clinicdesk`: the use cases the shell calls, over one clinic database.

use crate::clock::{Clock, SystemClock};
use crate::db::{self, Db};
use crate::domain::{Currency, TimeZoneName};
use crate::error::Result;
use crate::secrets::{KeyringStore, SecretStore};
use crate::stripe::{Billing, StripeBilling};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The file inside the data folder that holds the clinic's data.
pub const DATABASE_FILE: &str = "clinicdesk.db";

#[derive(Clone)]
pub struct Clinicdesk {
    pub(crate) db: Db,
    /// Which workstation made a change, for the audit log.
    pub(crate) workstation: String,
    pub(crate) billing: Arc<dyn Billing>,
    pub(crate) secrets: Arc<dyn SecretStore>,
    /// True with the OS keychain: then a keyring built without its platform
    /// store (which would forget the key at exit) is refused.
    pub(crate) secrets_are_platform: bool,
    pub(crate) clock: Arc<dyn Clock>,
    /// The data folder (backups go to its backups/ until the owner chooses
    /// a folder); None for a database handed in by a test.
    pub(crate) data_dir: Option<PathBuf>,
    /// Who is signed in at this workstation (shared by clones).
    pub(crate) session: crate::staff::StaffSession,
}

impl Clinicdesk {
    /// Opens the clinic in `data_dir` (creating the folder and the database on
    /// first run) and brings its schema up to date.
    pub async fn open(data_dir: &Path) -> Result<Clinicdesk> {
        Clinicdesk::open_checked(data_dir, &crate::storage::SystemProbe).await
    }

    /// As `open`, asking `probe` what holds the folder: a network share is
    /// refused before anything is created or opened.
    pub async fn open_checked(data_dir: &Path, probe: &dyn crate::storage::FsProbe) -> Result<Clinicdesk> {
        Clinicdesk::open_using(data_dir, probe, Arc::new(KeyringStore)).await
    }

    /// As `open_checked`; the clinic server's password (when this
    /// workstation works on one, see `server`) is read from `keychain`.
    pub async fn open_using(
        data_dir: &Path,
        probe: &dyn crate::storage::FsProbe,
        keychain: Arc<dyn SecretStore>,
    ) -> Result<Clinicdesk> {
        // The nearest folder that exists is the one whose file system counts.
        let existing = data_dir.ancestors().find(|p| p.exists()).unwrap_or(data_dir);
        crate::storage::refuse_network(existing, probe)?;
        tokio::fs::create_dir_all(data_dir).await?;
        crate::storage::refuse_network(data_dir, probe)?;
        match crate::backup::apply_requested_restore(data_dir).await {
            Ok(Some(aside)) => {
                tracing::info!(set_aside = %aside.display(), "a backup was put back; the replaced database is kept")
            }
            Ok(None) => {}
            // Stopped before the database was touched: start with it.
            Err(e) => tracing::error!(error = %e, "a requested restore could not be carried out"),
        }
        crate::backup::refuse_half_restored(data_dir)?;
        let db = match crate::server::stored_server(data_dir)? {
            None => Db::from(db::open(&database_path(data_dir)).await?),
            Some((settings, _)) => Db::from(open_server(&settings, keychain).await?),
        };
        let mut desk = Clinicdesk::with_db(db).await?;
        desk.data_dir = Some(data_dir.to_path_buf());
        desk.finish_restore(data_dir).await?;
        Ok(desk)
    }

    /// Uses an already migrated database (tests hand one in).
    pub async fn with_db(db: impl Into<Db>) -> Result<Clinicdesk> {
        let db = db.into();
        let currency = sys_locale::get_locale().map(|l| Currency::for_locale(&l)).unwrap_or(Currency::AUD);
        let database_id = uuid::Uuid::new_v4().to_string();
        db::clinic::ensure(&db, &database_id, TimeZoneName::system().as_str(), currency.code(), &db::now()).await?;
        let workstation = gethostname::gethostname().to_string_lossy().into_owned();
        Ok(Clinicdesk {
            db,
            workstation,
            billing: Arc::new(StripeBilling::from_env()),
            secrets: Arc::new(KeyringStore),
            secrets_are_platform: true,
            clock: Arc::new(SystemClock),
            data_dir: None,
            session: crate::staff::StaffSession::locked(),
        })
    }

    /// Puts backups in `dir`/backups by default (tests that hand in a
    /// database name a folder).
    pub fn with_data_dir(mut self, dir: &Path) -> Clinicdesk {
        self.data_dir = Some(dir.to_path_buf());
        self
    }

    /// Tells the time by `clock` instead (tests move it on).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Clinicdesk {
        self.clock = clock;
        self
    }

    pub(crate) fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Now, as stored.
    pub(crate) fn stamp(&self) -> String {
        db::stamp(self.clock.now())
    }

    /// Talks to Stripe through `billing` instead (tests use a local double).
    pub fn with_billing(mut self, billing: Arc<dyn Billing>) -> Clinicdesk {
        self.billing = billing;
        self
    }

    /// Keeps the Stripe key in `secrets` instead of the OS keychain.
    pub fn with_secret_store(mut self, secrets: Arc<dyn SecretStore>) -> Clinicdesk {
        self.secrets = secrets;
        self.secrets_are_platform = false;
        self
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// True when this workstation works on the clinic server.
    pub fn on_server(&self) -> bool {
        matches!(self.db, Db::Postgres(_))
    }

    /// This computer's SQLite file, for what only it has (its backups and
    /// restores); refused when the clinic's data is on the clinic server.
    pub(crate) fn local_db(&self) -> Result<&sqlx::SqlitePool> {
        self.db.sqlite().ok_or_else(|| crate::error::Error::Refused {
            code: "on_clinic_server",
            message: "The clinic's data is on the clinic server: backing it up and putting a backup back are done \
                      on the server."
                .into(),
        })
    }

    /// Names this clinic database: keychain entries and Stripe metadata use it.
    pub async fn database_id(&self) -> Result<String> {
        Ok(db::clinic::get(&self.db).await?.database_id)
    }

    /// Closes the database cleanly (checkpoints the WAL).
    pub async fn close(&self) {
        self.db.close().await;
    }

    /// Appends to the audit log, inside the caller's transaction, as this
    /// workstation and the staff member signed in. `change` is the entity
    /// before and after, as JSON.
    pub(crate) async fn audit(
        &self,
        tx: &mut crate::db::Tx,
        at: &str,
        entity: &str,
        entity_id: impl ToString,
        action: &str,
        change: (Option<serde_json::Value>, Option<serde_json::Value>),
    ) -> Result<()> {
        self.audit_by(tx, self.acting_staff(), at, entity, entity_id, action, change).await
    }

    /// As `audit`, naming `staff_id` (a sign-in names who tried).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn audit_by(
        &self,
        tx: &mut crate::db::Tx,
        staff_id: Option<i64>,
        at: &str,
        entity: &str,
        entity_id: impl ToString,
        action: &str,
        change: (Option<serde_json::Value>, Option<serde_json::Value>),
    ) -> Result<()> {
        let (before, after) = change;
        let entry = db::audit_log::NewAuditEntry {
            at,
            workstation: &self.workstation,
            staff_id,
            entity,
            entity_id: entity_id.to_string(),
            action,
            before,
            after,
        };
        db::audit_log::append(&mut **tx, entry).await
    }

    /// Starts a transaction that takes the write lock at once, so concurrent
    /// writers wait (busy_timeout) instead of failing half-way.
    /// On the server, another workstation holding the clinic's write lock
    /// past lock_timeout (5 s) is `busy` (`Error::is_busy`).
    pub(crate) async fn write(&self) -> Result<crate::db::Tx> {
        Ok(self.db.write().await?)
    }
}

/// The clinic server this workstation works on, with the password this
/// computer keeps for it; its schema is brought up to date.
async fn open_server(
    settings: &clinicdesk_store_postgres::ServerSettings,
    keychain: Arc<dyn SecretStore>,
) -> Result<sqlx::PgPool> {
    // Off the async workers: the keychain blocks on D-Bus (or the system's
    // keychain, which may ask the person first).
    let entry = crate::server::password_entry(settings);
    let password = tokio::task::spawn_blocking(move || keychain.get_text(&entry))
        .await
        .map_err(|e| crate::error::Error::Io(std::io::Error::other(e)))?
        .map_err(crate::stripe::connection::keychain_error)?
        .ok_or_else(|| crate::error::Error::Refused {
            code: "server_password_missing",
            message: format!(
                "This computer keeps no password for the clinic server at {}; its keychain may have been reset",
                settings.host
            ),
        })?;
    // One workstation: the day view reads on three connections at once, a
    // booking's answer on five, beside the background checks. Eight at
    // most, so a server's default 100 still serves a dozen desks.
    let pool = clinicdesk_store_postgres::open(settings, password.expose(), 8).await?;
    tracing::info!(host = %settings.host, database = %settings.database, "working on the clinic server");
    Ok(pool)
}

pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}
