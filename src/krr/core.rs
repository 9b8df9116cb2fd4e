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

/// A registered person as stored: times are Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KrrPerson {
    pub pid: String,
    pub reservasjon: Reservasjon,
    /// `Aktiv` or `Slettet`.
    pub status: KrrStatus,
    pub epostadresse: Option<String>,
    pub epostadresse_oppdatert: Option<i64>,
    pub epostadresse_sist_verifisert: Option<i64>,
    pub mobiltelefonnummer: Option<String>,
    pub mobiltelefonnummer_oppdatert: Option<i64>,
    pub mobiltelefonnummer_sist_verifisert: Option<i64>,
    pub postkasseadresse: Option<String>,
    pub postkasseleverandoeradresse: Option<String>,
    pub sertifikat: Option<String>,
    pub spraak: Option<String>,
    pub spraak_oppdatert: Option<i64>,
}

impl KrrPerson {
    /// An active, unreserved person with nothing on record yet.
    pub fn new(pid: &str) -> KrrPerson {
        KrrPerson {
            pid: pid.to_owned(),
            reservasjon: Reservasjon::Nei,
            status: KrrStatus::Aktiv,
            epostadresse: None,
            epostadresse_oppdatert: None,
            epostadresse_sist_verifisert: None,
            mobiltelefonnummer: None,
            mobiltelefonnummer_oppdatert: None,
            mobiltelefonnummer_sist_verifisert: None,
            postkasseadresse: None,
            postkasseleverandoeradresse: None,
            sertifikat: None,
            spraak: None,
            spraak_oppdatert: None,
        }
    }
}

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
            Pid::parse(id)
                .map(String::from)
                .ok_or_else(|| not_a_pid(&format!("personidentifikatorer[{i}]"), id))
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

fn not_a_pid(field: &str, value: &str) -> String {
    format!("{field} {value:?} is not a personal identification number (11 digits with valid check digits)")
}

pub fn not_a_language(value: &str) -> String {
    format!("spraak {value:?} is not a two-letter language code")
}

/// Reads an imported Person into a row; `Ok(None)` for `IKKE_REGISTRERT`
/// (there is nothing to register). An imported `varslingsstatus` is ignored:
/// it is computed when read. An address without its `_oppdatert` time was
/// updated by this import, at `now`. Errors name the field.
pub fn stored_person(person: Person, now: i64) -> Result<Option<KrrPerson>, Vec<String>> {
    let mut errors = Vec::new();
    let Some(pid) = Pid::parse(&person.personidentifikator) else {
        errors.push(not_a_pid("personidentifikator", &person.personidentifikator));
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
            None => errors.push(not_a_language(&spraak)),
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
            Ok(der) if crate::crypto::is_certificate(&der) => stored.sertifikat = Some(sertifikat.trim().to_owned()),
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
mod tests;
