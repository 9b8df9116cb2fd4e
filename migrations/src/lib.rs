//! porten's one migration set, shared by SQLite and PostgreSQL.

pub use sea_orm_migration::prelude::*;

mod m20261125_000001_initial;
mod m20261125_000002_krr;
mod m20261125_000003_lifecycle;
mod m20261126_000004_assertions;

/// A new table, unless it exists.
fn create(name: &'static str) -> TableCreateStatement {
    Table::create().table(name).if_not_exists().take()
}

/// An index on `columns` of `table`, unless it exists.
fn index(table: &'static str, name: &'static str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table).if_not_exists();
    for column in columns {
        index.col(*column);
    }
    index.take()
}

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261125_000002_krr::Migration),
            Box::new(m20261125_000003_lifecycle::Migration),
            Box::new(m20261126_000004_assertions::Migration),
        ]
    }
}
