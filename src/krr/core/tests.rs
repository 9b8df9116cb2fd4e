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
    p.sertifikat = Some(crate::seed::TEST_CERTIFICATE.into());
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
    assert_eq!(p.sertifikat.as_deref(), Some(crate::seed::TEST_CERTIFICATE));
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
    let not_a_certificate: Person =
        serde_json::from_str(r#"{"personidentifikator":"12889010051","sertifikat":"aGVsbG8="}"#).expect("parses");
    assert!(
        stored_person(not_a_certificate, NOW).is_err(),
        "base64 alone is not a certificate"
    );
    let bad_pid: Person = serde_json::from_str(r#"{"personidentifikator":"123"}"#).expect("parses");
    assert!(stored_person(bad_pid, NOW).is_err());
    assert!(serde_json::from_str::<Person>(r#"{"personidentifikator":"12889010051","epost":"x"}"#).is_err());
}
