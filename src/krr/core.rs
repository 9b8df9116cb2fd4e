//! The contact register's rules as pure functions over plain types: which
//! blocks of a Person a token reads, whether a person can be notified, the
//! Person on the wire, and a Person read back for import. Takes `now`; no
//! Rocket, no SQL.

use base64::Engine;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::macros::{offset, time};
use time::{Date, Month, OffsetDateTime, UtcOffset};

use crate::domain::{KRR_GLOBAL_READ, KRR_USER_READ, KrrStatus, Pid, Reservasjon, Scopes, Varslingsstatus};
use crate::store::KrrPerson;

/// The most ids one `POST personer` may ask for.
pub const MAX_IDS: usize = 1000;

/// Contact data last confirmed longer ago than this cannot be used to notify.
pub const NOTIFY_WINDOW_MONTHS: i32 = 18;

/// Who reads: a citizen their own Person (`user/…` scopes), or a server
/// anyone's (`global/…` scopes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    Citizen,
    Server,
}

impl Reader {
    /// The scopes that let this reader read at least one block.
    pub fn read_scopes(self) -> &'static [&'static str] {
        match self {
            Reader::Citizen => &KRR_USER_READ,
            Reader::Server => &KRR_GLOBAL_READ,
        }
    }
}

/// The parts of a Person that each need their own scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Kontaktinformasjon,
    Spraak,
    DigitalPost,
    Sertifikat,
    Varslingsstatus,
}

impl Block {
    /// In the order of `KRR_USER_READ` and `KRR_GLOBAL_READ`.
    pub const ALL: [Block; 5] = [
        Block::Kontaktinformasjon,
        Block::Spraak,
        Block::DigitalPost,
        Block::Sertifikat,
        Block::Varslingsstatus,
    ];

    pub fn scope(self, reader: Reader) -> &'static str {
        reader.read_scopes()[self as usize]
    }
}

/// The blocks a token may read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Blocks {
    pub kontaktinformasjon: bool,
    pub spraak: bool,
    pub digital_post: bool,
    pub sertifikat: bool,
    pub varslingsstatus: bool,
}

impl Blocks {
    pub fn granted(scopes: &Scopes, reader: Reader) -> Blocks {
        let has = |block: Block| scopes.contains(block.scope(reader));
        Blocks {
            kontaktinformasjon: has(Block::Kontaktinformasjon),
            spraak: has(Block::Spraak),
            digital_post: has(Block::DigitalPost),
            sertifikat: has(Block::Sertifikat),
            varslingsstatus: has(Block::Varslingsstatus),
        }
    }
}

/// The answer of `POST personer`, and the file `krr import` reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Personer {
    pub personer: Vec<Person>,
}

/// A Person as the API returns it and `krr import` reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub personidentifikator: String,
    #[serde(default = "not_reserved")]
    pub reservasjon: Reservasjon,
    #[serde(default = "active")]
    pub status: KrrStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub varslingsstatus: Option<Varslingsstatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kontaktinformasjon: Option<Kontaktinformasjon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digital_post: Option<DigitalPost>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sertifikat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spraak: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spraak_oppdatert: Option<String>,
}

fn not_reserved() -> Reservasjon {
    Reservasjon::Nei
}

fn active() -> KrrStatus {
    KrrStatus::Aktiv
}

/// E-mail and mobile, each with when it was last changed and last confirmed
/// by the person (RFC 3339).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kontaktinformasjon {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epostadresse: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epostadresse_oppdatert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epostadresse_sist_verifisert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobiltelefonnummer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobiltelefonnummer_oppdatert: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobiltelefonnummer_sist_verifisert: Option<String>,
}

/// The person's secure digital mailbox and its provider.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DigitalPost {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postkasseadresse: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postkasseleverandoeradresse: Option<String>,
}

/// `KAN_IKKE_VARSLES` for a reserved, deleted or unknown person, and for one
/// whose e-mail and mobile were both last verified (or, never verified,
/// last updated) more than 18 months before `now`.
pub fn varslingsstatus(person: Option<&KrrPerson>, now: i64) -> Varslingsstatus {
    let Some(p) = person else {
        return Varslingsstatus::KanIkkeVarsles;
    };
    if p.status != KrrStatus::Aktiv || p.reservasjon == Reservasjon::Ja {
        return Varslingsstatus::KanIkkeVarsles;
    }
    let cutoff = months_before(now, NOTIFY_WINDOW_MONTHS);
    let fresh = |address: &Option<String>, verified: Option<i64>, updated: Option<i64>| {
        address.is_some() && verified.or(updated).is_some_and(|at| at >= cutoff)
    };
    if fresh(
        &p.epostadresse,
        p.epostadresse_sist_verifisert,
        p.epostadresse_oppdatert,
    ) || fresh(
        &p.mobiltelefonnummer,
        p.mobiltelefonnummer_sist_verifisert,
        p.mobiltelefonnummer_oppdatert,
    ) {
        Varslingsstatus::KanVarsles
    } else {
        Varslingsstatus::KanIkkeVarsles
    }
}

/// The Person for `pid` as a reader with `blocks` sees it; `stored` is the
/// register's row, `None` for a pid it does not hold.
pub fn person(pid: &str, stored: Option<&KrrPerson>, blocks: Blocks, now: i64) -> Person {
    let varsling = varslingsstatus(stored, now);
    let mut person = Person {
        personidentifikator: pid.to_owned(),
        reservasjon: Reservasjon::Nei,
        status: KrrStatus::IkkeRegistrert,
        varslingsstatus: blocks.varslingsstatus.then_some(varsling),
        kontaktinformasjon: None,
        digital_post: None,
        sertifikat: None,
        spraak: None,
        spraak_oppdatert: None,
    };
    let Some(p) = stored else {
        return person;
    };
    person.reservasjon = p.reservasjon;
    person.status = p.status;
    if blocks.spraak {
        person.spraak = p.spraak.clone();
        person.spraak_oppdatert = p.spraak_oppdatert.and_then(rfc3339);
    }
    // Deleted persons never carry contact data; with a varslingsstatus scope
    // neither do those who cannot be notified (the register's 18-month rule).
    let reachable =
        p.status == KrrStatus::Aktiv && !(blocks.varslingsstatus && varsling == Varslingsstatus::KanIkkeVarsles);
    if !reachable {
        return person;
    }
    if blocks.kontaktinformasjon && (p.epostadresse.is_some() || p.mobiltelefonnummer.is_some()) {
        person.kontaktinformasjon = Some(Kontaktinformasjon {
            epostadresse: p.epostadresse.clone(),
            epostadresse_oppdatert: p.epostadresse_oppdatert.and_then(rfc3339),
            epostadresse_sist_verifisert: p.epostadresse_sist_verifisert.and_then(rfc3339),
            mobiltelefonnummer: p.mobiltelefonnummer.clone(),
            mobiltelefonnummer_oppdatert: p.mobiltelefonnummer_oppdatert.and_then(rfc3339),
            mobiltelefonnummer_sist_verifisert: p.mobiltelefonnummer_sist_verifisert.and_then(rfc3339),
        });
    }
    if blocks.digital_post && (p.postkasseadresse.is_some() || p.postkasseleverandoeradresse.is_some()) {
        person.digital_post = Some(DigitalPost {
            postkasseadresse: p.postkasseadresse.clone(),
            postkasseleverandoeradresse: p.postkasseleverandoeradresse.clone(),
        });
    }
    if blocks.sertifikat {
        person.sertifikat = p.sertifikat.clone();
    }
    person
}

/// One Person per asked pid, in the order asked (duplicates answered twice).
pub fn personer(pids: &[String], stored: &[KrrPerson], blocks: Blocks, now: i64) -> Vec<Person> {
    let by_pid: std::collections::HashMap<&str, &KrrPerson> = stored.iter().map(|p| (p.pid.as_str(), p)).collect();
    pids.iter()
        .map(|pid| person(pid, by_pid.get(pid.as_str()).copied(), blocks, now))
        .collect()
}

/// The ids of a `POST personer`: 1 to 1000 personal identification numbers,
/// each 11 digits with valid check digits (what the register can hold; a
/// typo is reported, not answered as an unknown person).
pub fn parse_personidentifikatorer(ids: &[String]) -> Result<Vec<String>, String> {
    if ids.is_empty() || ids.len() > MAX_IDS {
        return Err(format!(
            "personidentifikatorer must hold 1 to {MAX_IDS} ids, not {}",
            ids.len()
        ));
    }
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            Pid::parse(id).map(String::from).ok_or_else(|| {
                format!(
                    "personidentifikatorer[{i}] {id:?} is not a personal identification number (11 digits with valid check digits)"
                )
            })
        })
        .collect()
}

/// A language code: two ASCII letters (ISO 639-1), kept in lower case.
pub fn parse_spraak(value: &str) -> Option<String> {
    (value.len() == 2 && value.bytes().all(|b| b.is_ascii_alphabetic())).then(|| value.to_ascii_lowercase())
}

/// Unix seconds as RFC 3339 in Norwegian time, as the register writes them
/// (`2018-06-29T10:14:52+02:00`).
pub fn rfc3339(unix: i64) -> Option<String> {
    let at = OffsetDateTime::from_unix_timestamp(unix).ok()?;
    at.to_offset(oslo_offset(at)).format(&Rfc3339).ok()
}

/// An RFC 3339 time, any offset, as Unix seconds.
pub fn parse_rfc3339(value: &str) -> Option<i64> {
    OffsetDateTime::parse(value, &Rfc3339)
        .ok()
        .map(OffsetDateTime::unix_timestamp)
}

/// Norway's offset at an instant: CEST from 01:00 UTC on the last Sunday of
/// March to 01:00 UTC on the last Sunday of October (the EU rule), else CET.
fn oslo_offset(at: OffsetDateTime) -> UtcOffset {
    let switch = |month| last_sunday(at.year(), month).map(|d| d.with_time(time!(1:00)).assume_utc());
    match (switch(Month::March), switch(Month::October)) {
        (Some(start), Some(end)) if at >= start && at < end => offset!(+2),
        _ => offset!(+1),
    }
}

fn last_sunday(year: i32, month: Month) -> Option<Date> {
    let last = Date::from_calendar_date(year, month, month.length(year)).ok()?;
    last.checked_sub(time::Duration::days(last.weekday().number_days_from_sunday().into()))
}

/// The same wall-clock time `months` calendar months earlier (UTC), the day
/// clamped to the shorter month.
fn months_before(now: i64, months: i32) -> i64 {
    let Ok(at) = OffsetDateTime::from_unix_timestamp(now) else {
        return i64::MIN;
    };
    let index = at.year() * 12 + i32::from(u8::from(at.month())) - 1 - months;
    let year = index.div_euclid(12);
    let earlier = u8::try_from(index.rem_euclid(12) + 1)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .and_then(|month| Date::from_calendar_date(year, month, at.day().min(month.length(year))).ok());
    match earlier {
        Some(date) => date.with_time(at.time()).assume_utc().unix_timestamp(),
        None => i64::MIN,
    }
}

/// Reads an imported Person into a row; `Ok(None)` for `IKKE_REGISTRERT`
/// (there is nothing to register). An imported `varslingsstatus` is ignored:
/// it is computed when read. An address without its `_oppdatert` time was
/// updated by this import, at `now`. Errors name the field.
pub fn stored_person(person: Person, now: i64) -> Result<Option<KrrPerson>, Vec<String>> {
    let mut errors = Vec::new();
    let Some(pid) = Pid::parse(&person.personidentifikator) else {
        errors.push(format!(
            "personidentifikator {:?} is not a personal identification number (11 digits with valid check digits)",
            person.personidentifikator
        ));
        return Err(errors);
    };
    if person.status == KrrStatus::IkkeRegistrert {
        return Ok(None);
    }
    let mut at = |field: &str, value: Option<String>| {
        value.and_then(|v| {
            let parsed = parse_rfc3339(&v);
            if parsed.is_none() {
                errors.push(format!("{field} {v:?} is not an RFC 3339 time"));
            }
            parsed
        })
    };
    let k = person.kontaktinformasjon.unwrap_or_default();
    let d = person.digital_post.unwrap_or_default();
    let mut stored = KrrPerson::new(pid.as_str());
    stored.reservasjon = person.reservasjon;
    stored.status = person.status;
    stored.epostadresse_oppdatert = at("kontaktinformasjon.epostadresse_oppdatert", k.epostadresse_oppdatert);
    stored.epostadresse_sist_verifisert = at(
        "kontaktinformasjon.epostadresse_sist_verifisert",
        k.epostadresse_sist_verifisert,
    );
    stored.mobiltelefonnummer_oppdatert = at(
        "kontaktinformasjon.mobiltelefonnummer_oppdatert",
        k.mobiltelefonnummer_oppdatert,
    );
    stored.mobiltelefonnummer_sist_verifisert = at(
        "kontaktinformasjon.mobiltelefonnummer_sist_verifisert",
        k.mobiltelefonnummer_sist_verifisert,
    );
    stored.spraak_oppdatert = at("spraak_oppdatert", person.spraak_oppdatert);
    if let Some(epost) = k.epostadresse {
        if is_email(&epost) {
            stored.epostadresse_oppdatert.get_or_insert(now);
            stored.epostadresse = Some(epost);
        } else {
            errors.push(format!(
                "kontaktinformasjon.epostadresse {epost:?} is not an e-mail address"
            ));
        }
    }
    if let Some(mobil) = k.mobiltelefonnummer {
        if is_phone_number(&mobil) {
            stored.mobiltelefonnummer_oppdatert.get_or_insert(now);
            stored.mobiltelefonnummer = Some(mobil);
        } else {
            errors.push(format!(
                "kontaktinformasjon.mobiltelefonnummer {mobil:?} is not a phone number (8 to 15 digits, optionally after +)"
            ));
        }
    }
    if let Some(spraak) = person.spraak {
        match parse_spraak(&spraak) {
            Some(spraak) => {
                stored.spraak_oppdatert.get_or_insert(now);
                stored.spraak = Some(spraak);
            }
            None => errors.push(format!("spraak {spraak:?} is not a two-letter language code")),
        }
    }
    let non_empty = |field: &str, value: Option<String>, errors: &mut Vec<String>| match value {
        Some(v) if v.trim().is_empty() => {
            errors.push(format!("{field} is empty"));
            None
        }
        other => other,
    };
    stored.postkasseadresse = non_empty("digital_post.postkasseadresse", d.postkasseadresse, &mut errors);
    stored.postkasseleverandoeradresse = non_empty(
        "digital_post.postkasseleverandoeradresse",
        d.postkasseleverandoeradresse,
        &mut errors,
    );
    if let Some(sertifikat) = person.sertifikat {
        match base64::engine::general_purpose::STANDARD.decode(sertifikat.trim()) {
            Ok(der) if !der.is_empty() => stored.sertifikat = Some(sertifikat.trim().to_owned()),
            _ => errors.push("sertifikat is not a base64 X.509 certificate".into()),
        }
    }
    if errors.is_empty() {
        Ok(Some(stored))
    } else {
        Err(errors)
    }
}

fn is_email(value: &str) -> bool {
    value.len() <= 254
        && !value.chars().any(char::is_whitespace)
        && value
            .rsplit_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !domain.starts_with('.'))
}

fn is_phone_number(value: &str) -> bool {
    let digits = value.strip_prefix('+').unwrap_or(value);
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::KNOWN_SCOPES;
    use time::macros::datetime;

    const PID: &str = "12889010051";
    /// 2025-11-25T12:00:00Z.
    const NOW: i64 = 1_764_072_000;
    const DAY: i64 = 86_400;

    fn all(reader: Reader) -> Blocks {
        Blocks::granted(
            &Scopes::from_vec(reader.read_scopes().iter().map(|s| s.to_string()).collect()),
            reader,
        )
    }

    fn fresh() -> KrrPerson {
        let mut p = KrrPerson::new(PID);
        p.epostadresse = Some("kari@example.com".into());
        p.epostadresse_oppdatert = Some(NOW - 400 * DAY);
        p.epostadresse_sist_verifisert = Some(NOW - 30 * DAY);
        p.mobiltelefonnummer = Some("+4799999901".into());
        p.mobiltelefonnummer_oppdatert = Some(NOW - 400 * DAY);
        p.postkasseadresse = Some("kari#1".into());
        p.postkasseleverandoeradresse = Some("984661185".into());
        p.sertifikat = Some("MIIB".into());
        p.spraak = Some("nb".into());
        p.spraak_oppdatert = Some(NOW - DAY);
        p
    }

    #[test]
    fn every_krr_scope_is_known_and_in_block_order() {
        for reader in [Reader::Citizen, Reader::Server] {
            for block in Block::ALL {
                assert!(KNOWN_SCOPES.contains(&block.scope(reader)));
            }
        }
        assert_eq!(Block::Sertifikat.scope(Reader::Server), "global/sertifikat.read");
        assert_eq!(Block::DigitalPost.scope(Reader::Citizen), "user/sikkerdigitalpost.read");
    }

    #[test]
    fn each_block_needs_its_own_scope() {
        let scopes = Scopes::parse("user/spraak.read global/kontaktinformasjon.read");
        let citizen = Blocks::granted(&scopes, Reader::Citizen);
        assert_eq!(
            citizen,
            Blocks {
                spraak: true,
                ..Blocks::default()
            }
        );
        let p = person(PID, Some(&fresh()), citizen, NOW);
        assert_eq!(p.spraak.as_deref(), Some("nb"));
        assert!(p.kontaktinformasjon.is_none() && p.digital_post.is_none() && p.sertifikat.is_none());
        assert!(p.varslingsstatus.is_none());
        assert_eq!((p.reservasjon, p.status), (Reservasjon::Nei, KrrStatus::Aktiv));

        let p = person(PID, Some(&fresh()), all(Reader::Server), NOW);
        assert_eq!(p.varslingsstatus, Some(Varslingsstatus::KanVarsles));
        let k = p.kontaktinformasjon.expect("contact data");
        assert_eq!(k.epostadresse.as_deref(), Some("kari@example.com"));
        assert!(k.mobiltelefonnummer_sist_verifisert.is_none());
        assert_eq!(
            p.digital_post.and_then(|d| d.postkasseadresse).as_deref(),
            Some("kari#1")
        );
        assert_eq!(p.sertifikat.as_deref(), Some("MIIB"));
    }

    #[test]
    fn unknown_and_deleted_persons_carry_no_contact_data() {
        let p = person(PID, None, all(Reader::Server), NOW);
        assert_eq!(p.status, KrrStatus::IkkeRegistrert);
        assert_eq!(p.reservasjon, Reservasjon::Nei);
        assert_eq!(p.varslingsstatus, Some(Varslingsstatus::KanIkkeVarsles));
        assert!(p.kontaktinformasjon.is_none() && p.spraak.is_none());

        let mut deleted = fresh();
        deleted.status = KrrStatus::Slettet;
        let only_contact = Blocks {
            kontaktinformasjon: true,
            digital_post: true,
            sertifikat: true,
            spraak: true,
            ..Blocks::default()
        };
        let p = person(PID, Some(&deleted), only_contact, NOW);
        assert_eq!(p.status, KrrStatus::Slettet);
        assert!(p.kontaktinformasjon.is_none() && p.digital_post.is_none() && p.sertifikat.is_none());
        assert_eq!(p.spraak.as_deref(), Some("nb"));
    }

    #[test]
    fn reserved_persons_cannot_be_notified_and_lose_contact_data_with_that_scope() {
        let mut reserved = fresh();
        reserved.reservasjon = Reservasjon::Ja;
        assert_eq!(varslingsstatus(Some(&reserved), NOW), Varslingsstatus::KanIkkeVarsles);
        let without = Blocks {
            kontaktinformasjon: true,
            ..Blocks::default()
        };
        assert!(person(PID, Some(&reserved), without, NOW).kontaktinformasjon.is_some());
        let p = person(PID, Some(&reserved), all(Reader::Citizen), NOW);
        assert_eq!(p.reservasjon, Reservasjon::Ja);
        assert!(p.kontaktinformasjon.is_none() && p.digital_post.is_none() && p.sertifikat.is_none());
        assert_eq!(p.spraak.as_deref(), Some("nb"));
    }

    #[test]
    fn contact_data_older_than_18_months_cannot_be_used() {
        let now = datetime!(2025-11-25 12:00 UTC).unix_timestamp();
        let cutoff = datetime!(2024-05-25 12:00 UTC).unix_timestamp();
        let mut p = fresh();
        p.epostadresse_sist_verifisert = Some(cutoff);
        p.mobiltelefonnummer_oppdatert = Some(cutoff - 1);
        assert_eq!(varslingsstatus(Some(&p), now), Varslingsstatus::KanVarsles);
        p.epostadresse_sist_verifisert = Some(cutoff - 1);
        assert_eq!(varslingsstatus(Some(&p), now), Varslingsstatus::KanIkkeVarsles);
        // Never verified: the update time counts.
        p.epostadresse_sist_verifisert = None;
        p.epostadresse_oppdatert = Some(now - DAY);
        assert_eq!(varslingsstatus(Some(&p), now), Varslingsstatus::KanVarsles);
        // A recent verification of a removed address does not count.
        p.epostadresse = None;
        assert_eq!(varslingsstatus(Some(&p), now), Varslingsstatus::KanIkkeVarsles);
        assert!(
            person(PID, Some(&p), all(Reader::Server), now)
                .kontaktinformasjon
                .is_none()
        );
        assert!(
            person(
                PID,
                Some(&p),
                Blocks {
                    kontaktinformasjon: true,
                    ..Blocks::default()
                },
                now
            )
            .kontaktinformasjon
            .is_some()
        );
    }

    #[test]
    fn eighteen_months_are_calendar_months() {
        let at = |dt: OffsetDateTime| dt.unix_timestamp();
        assert_eq!(
            months_before(at(datetime!(2025-11-25 12:00 UTC)), 18),
            at(datetime!(2024-05-25 12:00 UTC))
        );
        assert_eq!(
            months_before(at(datetime!(2025-08-31 00:00 UTC)), 18),
            at(datetime!(2024-02-29 00:00 UTC))
        );
        assert_eq!(
            months_before(at(datetime!(2026-01-15 08:30 UTC)), 18),
            at(datetime!(2024-07-15 08:30 UTC))
        );
    }

    #[test]
    fn times_are_written_in_norwegian_time() {
        let summer = datetime!(2018-06-29 08:14:52 UTC).unix_timestamp();
        assert_eq!(rfc3339(summer).as_deref(), Some("2018-06-29T10:14:52+02:00"));
        let winter = datetime!(2025-11-25 12:00 UTC).unix_timestamp();
        assert_eq!(rfc3339(winter).as_deref(), Some("2025-11-25T13:00:00+01:00"));
        // Summer time starts at 01:00 UTC on the last Sunday of March.
        let start = datetime!(2025-03-30 01:00 UTC).unix_timestamp();
        assert_eq!(rfc3339(start - 1).as_deref(), Some("2025-03-30T01:59:59+01:00"));
        assert_eq!(rfc3339(start).as_deref(), Some("2025-03-30T03:00:00+02:00"));
        let end = datetime!(2025-10-26 01:00 UTC).unix_timestamp();
        assert_eq!(rfc3339(end).as_deref(), Some("2025-10-26T02:00:00+01:00"));
        for t in [summer, winter, start, end] {
            assert_eq!(rfc3339(t).as_deref().and_then(parse_rfc3339), Some(t));
        }
        assert_eq!(parse_rfc3339("2018-06-29T08:14:52Z"), Some(summer));
        assert_eq!(parse_rfc3339("2018-06-29 08:14:52"), None);
    }

    #[test]
    fn ids_are_one_to_a_thousand_valid_pids() {
        assert!(parse_personidentifikatorer(&[]).is_err());
        assert!(parse_personidentifikatorer(&vec![PID.to_owned(); 1001]).is_err());
        assert_eq!(
            parse_personidentifikatorer(&vec![PID.to_owned(); 1000]).map(|v| v.len()),
            Ok(1000)
        );
        let bad = parse_personidentifikatorer(&[PID.into(), "1288901005".into()]).unwrap_err();
        assert!(bad.contains("personidentifikatorer[1]"), "{bad}");
        assert!(parse_personidentifikatorer(&["12889010052".into()]).is_err());
    }

    #[test]
    fn answers_keep_the_order_asked() {
        let other = "05927510024";
        let mut second = fresh();
        second.pid = other.into();
        let asked = vec![other.to_owned(), "01019010046".to_owned(), PID.to_owned()];
        let answer = personer(&asked, &[fresh(), second], all(Reader::Server), NOW);
        let pids: Vec<&str> = answer.iter().map(|p| p.personidentifikator.as_str()).collect();
        assert_eq!(pids, [other, "01019010046", PID]);
        assert_eq!(answer[1].status, KrrStatus::IkkeRegistrert);
    }

    #[test]
    fn spraak_is_a_two_letter_code() {
        assert_eq!(parse_spraak("EN").as_deref(), Some("en"));
        assert_eq!(parse_spraak("se").as_deref(), Some("se"));
        for bad in ["", "e", "eng", "e1", "nb-NO", "æø"] {
            assert_eq!(parse_spraak(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_imported_person_reads_back_as_exported() {
        let exported = person(PID, Some(&fresh()), all(Reader::Server), NOW);
        let stored = stored_person(exported, NOW + DAY).expect("valid").expect("registered");
        assert_eq!(stored, fresh());

        let unknown = person("01019010046", None, all(Reader::Server), NOW);
        assert_eq!(stored_person(unknown, NOW), Ok(None));
    }

    #[test]
    fn an_import_without_update_times_was_updated_now() {
        let json = r#"{"personidentifikator":"12889010051","kontaktinformasjon":{"epostadresse":"a@example.com"},"spraak":"nn","varslingsstatus":"KAN_VARSLES"}"#;
        let person: Person = serde_json::from_str(json).expect("parses");
        let stored = stored_person(person, NOW).expect("valid").expect("registered");
        assert_eq!(stored.epostadresse_oppdatert, Some(NOW));
        assert_eq!(stored.spraak_oppdatert, Some(NOW));
        assert_eq!(
            (stored.status, stored.reservasjon),
            (KrrStatus::Aktiv, Reservasjon::Nei)
        );
    }

    #[test]
    fn import_errors_name_every_bad_field() {
        let json = r#"{"personidentifikator":"12889010051","kontaktinformasjon":{"epostadresse":"nobody","mobiltelefonnummer":"12","epostadresse_oppdatert":"yesterday"},"spraak":"norsk","sertifikat":"%%"}"#;
        let person: Person = serde_json::from_str(json).expect("parses");
        let errors = stored_person(person, NOW).unwrap_err();
        let text = errors.join("\n");
        for field in [
            "epostadresse_oppdatert",
            "epostadresse \"nobody\"",
            "mobiltelefonnummer",
            "spraak",
            "sertifikat",
        ] {
            assert!(text.contains(field), "{field} not in {text}");
        }
        let bad_pid: Person = serde_json::from_str(r#"{"personidentifikator":"123"}"#).expect("parses");
        assert!(stored_person(bad_pid, NOW).is_err());
        assert!(serde_json::from_str::<Person>(r#"{"personidentifikator":"12889010051","epost":"x"}"#).is_err());
    }
}
