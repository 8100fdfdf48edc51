//! SQLite's and PostgreSQL's migrations give the same schema: the same
//! tables with the same columns (type, NOT NULL, default), keys, number of
//! CHECKs, indexes and guards, compared by name. A migration added to one
//! set and not the other fails here.
//!
//! Where the two engines keep a rule with different tools, the rule still
//! has one name: a "guard" is a trigger or an exclusion constraint
//! (appointments_no_overlap is a trigger on SQLite, an exclusion constraint
//! on PostgreSQL).

mod common;

use sqlx::sqlite::SqlitePoolOptions;
use sqlx::{Row, SqlitePool};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Default, PartialEq, Eq)]
struct Table {
    /// In order: name, type, NOT NULL, default.
    columns: Vec<(String, String, bool, Option<String>)>,
    primary_key: Vec<String>,
    /// (columns, referenced table, referenced columns)
    foreign_keys: BTreeSet<(Vec<String>, String, Vec<String>)>,
    unique_constraints: BTreeSet<Vec<String>>,
    checks: usize,
    /// CREATE INDEX ones: name → (unique, columns, partial)
    indexes: BTreeMap<String, (bool, Vec<String>, bool)>,
    guards: BTreeSet<String>,
}

type Schema = BTreeMap<String, Table>;

fn normal_default(d: Option<String>) -> Option<String> {
    d.map(|d| d.replace("::text", "").replace("::bigint", "").to_lowercase())
}

fn normal_type(t: &str) -> String {
    match t.to_uppercase().as_str() {
        "INTEGER" | "BIGINT" => "integer".into(),
        other => other.to_lowercase(),
    }
}

async fn sqlite_migrated() -> SqlitePool {
    // One connection: each in-memory connection is a database of its own.
    let db: SqlitePool = SqlitePoolOptions::new().max_connections(1).connect("sqlite::memory:").await.unwrap();
    clinicdesk_core::db::MIGRATOR.run(&db).await.unwrap();
    db
}

async fn sqlite_schema() -> (Schema, Vec<i64>) {
    let db = sqlite_migrated().await;
    let versions = clinicdesk_core::db::MIGRATOR.iter().map(|m| m.version).collect();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    let comment = |sql: &str| sql.lines().map(|l| l.split("--").next().unwrap()).collect::<Vec<_>>().join("\n");
    let mut schema = Schema::new();
    for (name, sql) in tables {
        let mut t = Table::default();
        let mut pk: Vec<(i64, String)> = Vec::new();
        for row in sqlx::query(&format!("PRAGMA table_info({name})")).fetch_all(&db).await.unwrap() {
            let column: String = row.get("name");
            let in_pk: i64 = row.get("pk");
            let not_null: bool = row.get::<i64, _>("notnull") == 1 || in_pk > 0;
            if in_pk > 0 {
                pk.push((in_pk, column.clone()));
            }
            t.columns.push((column, normal_type(row.get("type")), not_null, normal_default(row.get("dflt_value"))));
        }
        pk.sort();
        t.primary_key = pk.into_iter().map(|(_, c)| c).collect();
        let mut fks: BTreeMap<i64, (Vec<String>, String, Vec<String>)> = BTreeMap::new();
        for row in sqlx::query(&format!("PRAGMA foreign_key_list({name})")).fetch_all(&db).await.unwrap() {
            let fk = fks.entry(row.get("id")).or_insert_with(|| (vec![], row.get("table"), vec![]));
            fk.0.push(row.get("from"));
            fk.2.push(row.get("to"));
        }
        t.foreign_keys = fks.into_values().collect();
        t.checks = comment(&sql).matches("CHECK").count();
        for row in sqlx::query(&format!("PRAGMA index_list({name})")).fetch_all(&db).await.unwrap() {
            let index: String = row.get("name");
            let origin: String = row.get("origin");
            let columns: Vec<String> = sqlx::query(&format!("PRAGMA index_info({index})"))
                .fetch_all(&db)
                .await
                .unwrap()
                .iter()
                .map(|r| r.get::<String, _>("name"))
                .collect();
            match origin.as_str() {
                "c" => {
                    t.indexes
                        .insert(index, (row.get::<i64, _>("unique") == 1, columns, row.get::<i64, _>("partial") == 1));
                }
                "u" => {
                    t.unique_constraints.insert(columns);
                }
                _ => {} // the primary key's own index
            }
        }
        t.guards = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?")
            .bind(&name)
            .fetch_all(&db)
            .await
            .unwrap()
            .into_iter()
            .collect();
        schema.insert(name, t);
    }
    (schema, versions)
}

async fn postgres_schema() -> (Schema, Vec<i64>) {
    let server = common::server();
    let (_, db) = server.migrated().await;
    let versions = clinicdesk_store_postgres::MIGRATOR.iter().map(|m| m.version).collect();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_sqlx_migrations'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    // The names of a constraint's or index's columns, in order.
    const NAMES: &str = "ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY k(num, i) \
                         JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.num ORDER BY k.i)";
    let names = |keys: &str, rel: &str| NAMES.replace("{keys}", keys).replace("{rel}", rel);
    let mut schema = Schema::new();
    for name in tables {
        let mut t = Table::default();
        for row in sqlx::query(
            "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
                    pg_get_expr(d.adbin, d.adrelid) AS dflt, c.collname::text AS collation
             FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  LEFT JOIN pg_collation c ON c.oid = a.attcollation
             WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        )
        .bind(&name)
        .fetch_all(&db)
        .await
        .unwrap()
        {
            let (column, kind): (String, String) = (row.get("name"), row.get("type"));
            // Compared and sorted by code point, as on SQLite, whatever the
            // database's own collation.
            if kind == "text" {
                assert_eq!(row.get::<Option<String>, _>("collation").as_deref(), Some("C"), "{name}.{column}");
            }
            t.columns.push((column, normal_type(&kind), row.get("not_null"), normal_default(row.get("dflt"))));
        }
        let query = format!(
            "SELECT c.contype::text AS kind, c.conname::text AS name, {cols} AS cols, f.relname::text AS ref, {refs} AS ref_cols
             FROM pg_constraint c LEFT JOIN pg_class f ON f.oid = c.confrelid
             WHERE c.conrelid = $1::regclass",
            cols = names("c.conkey", "c.conrelid"),
            refs = names("c.confkey", "c.confrelid"),
        );
        for row in sqlx::query(&query).bind(&name).fetch_all(&db).await.unwrap() {
            let cols: Vec<String> = row.get("cols");
            match row.get::<String, _>("kind").as_str() {
                "p" => t.primary_key = cols,
                "f" => {
                    t.foreign_keys.insert((cols, row.get("ref"), row.get("ref_cols")));
                }
                "u" => {
                    t.unique_constraints.insert(cols);
                }
                "c" => t.checks += 1,
                "x" => {
                    t.guards.insert(row.get("name"));
                }
                // NOT NULL as a constraint (PostgreSQL 18): compared as the column's.
                "n" => {}
                other => panic!("constraint kind {other} on {name} is not compared yet"),
            }
        }
        let query = format!(
            "SELECT i.relname::text AS name, x.indisunique AS is_unique, x.indpred IS NOT NULL AS partial,
                    {cols} AS cols
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             WHERE x.indrelid = $1::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid)",
            cols = names("x.indkey::int2[]", "x.indrelid"),
        );
        for row in sqlx::query(&query).bind(&name).fetch_all(&db).await.unwrap() {
            t.indexes.insert(row.get("name"), (row.get("is_unique"), row.get("cols"), row.get("partial")));
        }
        let mut announces = false;
        for guard in sqlx::query_scalar::<_, String>(
            "SELECT tgname::text FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal",
        )
        .bind(&name)
        .fetch_all(&db)
        .await
        .unwrap()
        {
            // The server announces each table's changes to the other
            // workstations (changes.rs); SQLite has one workstation.
            if guard == format!("changes_{name}") {
                announces = true;
            } else if guard == format!("{name}_never_truncated") {
                // TRUNCATE skips row triggers on the server only.
                continue;
            } else {
                t.guards.insert(guard);
            }
        }
        assert!(announces, "{name} announces its changes (changes_{name})");
        schema.insert(name, t);
    }
    (schema, versions)
}

#[tokio::test]
async fn both_sets_of_migrations_give_the_same_schema() {
    let (sqlite, sqlite_versions) = sqlite_schema().await;
    let (postgres, postgres_versions) = postgres_schema().await;

    assert_eq!(
        sqlite_versions.last(),
        postgres_versions.last(),
        "the newest migration has a twin with the same version in the other set"
    );
    for v in &postgres_versions {
        assert!(sqlite_versions.contains(v), "PostgreSQL migration {v} has no SQLite twin");
    }
    assert_eq!(sqlite.keys().collect::<Vec<_>>(), postgres.keys().collect::<Vec<_>>(), "the same tables");
    let mut differences = Vec::new();
    for (name, s) in &sqlite {
        let p = &postgres[name];
        let mut differ = |what: &str, a: String, b: String| {
            if a != b {
                differences.push(format!("{name}.{what}:\n  SQLite:     {a}\n  PostgreSQL: {b}"));
            }
        };
        for (a, b) in s.columns.iter().zip(&p.columns) {
            differ("column", format!("{a:?}"), format!("{b:?}"));
        }
        let names = |t: &Table| t.columns.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
        differ("columns", format!("{:?}", names(s)), format!("{:?}", names(p)));
        differ("primary_key", format!("{:?}", s.primary_key), format!("{:?}", p.primary_key));
        differ("foreign_keys", format!("{:?}", s.foreign_keys), format!("{:?}", p.foreign_keys));
        differ("unique_constraints", format!("{:?}", s.unique_constraints), format!("{:?}", p.unique_constraints));
        differ("checks", format!("{}", s.checks), format!("{}", p.checks));
        differ("indexes", format!("{:?}", s.indexes), format!("{:?}", p.indexes));
        differ("guards", format!("{:?}", s.guards), format!("{:?}", p.guards));
        assert_eq!(
            s == p,
            !differences.iter().any(|d| d.starts_with(&format!("{name}."))),
            "{name}: every difference is listed"
        );
    }
    assert!(differences.is_empty(), "the schemas differ:\n{}", differences.join("\n"));
    // Not a comparison of two empty things.
    assert!(sqlite.len() >= 26, "{} tables", sqlite.len());
    assert!(sqlite["appointments"].guards.contains("appointments_no_overlap"));
    assert!(postgres["audit_log"].guards.contains("audit_log_is_append_only_update"));
}

#[tokio::test]
async fn both_sets_of_migrations_give_a_new_clinic_the_same_rows() {
    let sqlite = sqlite_migrated().await;
    let (_, postgres) = common::server().migrated().await;
    let (schema, _) = sqlite_schema().await;
    let mut seeded = Vec::new();
    for table in schema.keys() {
        let count = format!("SELECT count(*) FROM {table}");
        let here: i64 = sqlx::query_scalar(&count).fetch_one(&sqlite).await.unwrap();
        let there: i64 = sqlx::query_scalar(&count).fetch_one(&postgres).await.unwrap();
        assert_eq!(here, there, "{table}: rows in a new clinic");
        if here > 0 {
            seeded.push(table.clone());
        }
    }
    assert_eq!(seeded, ["opening_hours"], "the tables migrations fill (move_in.rs's SEEDED)");
    let hours = "SELECT weekday, opens_min, closes_min FROM opening_hours ORDER BY weekday";
    let here: Vec<(i64, i64, i64)> = sqlx::query_as(hours).fetch_all(&sqlite).await.unwrap();
    let there: Vec<(i64, i64, i64)> = sqlx::query_as(hours).fetch_all(&postgres).await.unwrap();
    assert_eq!(here, there);
}
