//! The contact register's persons (SPEC §7).

use sea_orm::{ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, TransactionTrait, sea_query::OnConflict};

use super::entities::krr_person::{self, Column};
use super::{Store, by_key};
use crate::domain::{KrrStatus, Reservasjon};
use crate::krr::core::KrrPerson;

/// Rows are written in batches, well below SQLite's bound-parameter limit.
const BATCH: usize = 500;

fn to_model(p: KrrPerson) -> krr_person::Model {
    krr_person::Model {
        pid: p.pid,
        reservasjon: p.reservasjon.as_str().to_owned(),
        status: p.status.as_str().to_owned(),
        epostadresse: p.epostadresse,
        epostadresse_oppdatert: p.epostadresse_oppdatert,
        epostadresse_sist_verifisert: p.epostadresse_sist_verifisert,
        mobiltelefonnummer: p.mobiltelefonnummer,
        mobiltelefonnummer_oppdatert: p.mobiltelefonnummer_oppdatert,
        mobiltelefonnummer_sist_verifisert: p.mobiltelefonnummer_sist_verifisert,
        postkasseadresse: p.postkasseadresse,
        postkasseleverandoeradresse: p.postkasseleverandoeradresse,
        sertifikat: p.sertifikat,
        spraak: p.spraak,
        spraak_oppdatert: p.spraak_oppdatert,
    }
}

fn from_model(m: krr_person::Model) -> Result<KrrPerson, DbErr> {
    let reservasjon =
        Reservasjon::parse(&m.reservasjon).ok_or_else(|| DbErr::Type(format!("reservasjon {:?}", m.reservasjon)))?;
    let status = KrrStatus::parse(&m.status)
        .filter(|s| *s != KrrStatus::IkkeRegistrert)
        .ok_or_else(|| DbErr::Type(format!("status {:?}", m.status)))?;
    Ok(KrrPerson {
        pid: m.pid,
        reservasjon,
        status,
        epostadresse: m.epostadresse,
        epostadresse_oppdatert: m.epostadresse_oppdatert,
        epostadresse_sist_verifisert: m.epostadresse_sist_verifisert,
        mobiltelefonnummer: m.mobiltelefonnummer,
        mobiltelefonnummer_oppdatert: m.mobiltelefonnummer_oppdatert,
        mobiltelefonnummer_sist_verifisert: m.mobiltelefonnummer_sist_verifisert,
        postkasseadresse: m.postkasseadresse,
        postkasseleverandoeradresse: m.postkasseleverandoeradresse,
        sertifikat: m.sertifikat,
        spraak: m.spraak,
        spraak_oppdatert: m.spraak_oppdatert,
    })
}

impl Store {
    pub async fn krr_person(&self, pid: &str) -> Result<Option<KrrPerson>, DbErr> {
        by_key(krr_person::Entity::find_by_id(pid), &self.db)
            .await?
            .map(from_model)
            .transpose()
    }

    /// The registered persons among `pids`, in one query, in no particular
    /// order; pids the register does not hold are simply absent.
    pub async fn krr_persons(&self, pids: &[String]) -> Result<Vec<KrrPerson>, DbErr> {
        if pids.is_empty() {
            return Ok(Vec::new());
        }
        krr_person::Entity::find()
            .filter(Column::Pid.is_in(pids.iter().map(String::as_str)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_model)
            .collect()
    }

    /// Creates or replaces every person given, all or none. The pids must be
    /// distinct (PostgreSQL refuses to update one row twice in a statement).
    pub async fn upsert_krr_persons(&self, persons: Vec<KrrPerson>) -> Result<(), DbErr> {
        let txn = self.writer.begin().await?;
        let mut rows = persons.into_iter().map(to_model).peekable();
        while rows.peek().is_some() {
            let batch: Vec<_> = rows
                .by_ref()
                .take(BATCH)
                .map(IntoActiveModel::into_active_model)
                .collect();
            krr_person::Entity::insert_many(batch)
                .on_conflict(
                    OnConflict::column(Column::Pid)
                        .update_columns([
                            Column::Reservasjon,
                            Column::Status,
                            Column::Epostadresse,
                            Column::EpostadresseOppdatert,
                            Column::EpostadresseSistVerifisert,
                            Column::Mobiltelefonnummer,
                            Column::MobiltelefonnummerOppdatert,
                            Column::MobiltelefonnummerSistVerifisert,
                            Column::Postkasseadresse,
                            Column::Postkasseleverandoeradresse,
                            Column::Sertifikat,
                            Column::Spraak,
                            Column::SpraakOppdatert,
                        ])
                        .to_owned(),
                )
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await
    }

    /// Sets a person's language in one write; a citizen not yet in the
    /// register is entered as active and unreserved with that language.
    pub async fn set_krr_spraak(&self, pid: &str, spraak: &str, now: i64) -> Result<(), DbErr> {
        let mut person = KrrPerson::new(pid);
        person.spraak = Some(spraak.to_owned());
        person.spraak_oppdatert = Some(now);
        krr_person::Entity::insert(to_model(person).into_active_model())
            .on_conflict(
                OnConflict::column(Column::Pid)
                    .update_columns([Column::Spraak, Column::SpraakOppdatert])
                    .to_owned(),
            )
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }
}
