//! The words of the domain: identifiers parsed once at the edge, and the closed
//! sets of the protocol with their wire strings in one place.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Weighted mod-11 check digit; `None` when the rule gives 10 (an invalid number).
fn mod11(digits: &[u8], weights: &[u8]) -> Option<u8> {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(d, w)| u32::from(*d) * u32::from(*w))
        .sum();
    match 11 - (sum % 11) {
        11 => Some(0),
        10 => None,
        digit => Some(digit as u8),
    }
}

fn digits(value: &str, len: usize) -> Option<Vec<u8>> {
    (value.len() == len && value.bytes().all(|b| b.is_ascii_digit())).then(|| value.bytes().map(|b| b - b'0').collect())
}

/// A personal identification number (fødselsnummer, D-number or synthetic
/// test number): 11 digits with two valid mod-11 check digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Pid(String);

impl Pid {
    pub fn parse(value: &str) -> Option<Pid> {
        let d = digits(value.trim(), 11)?;
        let k1 = mod11(&d[..9], &[3, 7, 6, 1, 8, 9, 4, 5, 2])?;
        let k2 = mod11(&d[..10], &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])?;
        (d[9] == k1 && d[10] == k2).then(|| Pid(value.trim().to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A synthetic test number (Tenor style): month of birth + 40 or + 80,
    /// so it never belongs to a real person.
    pub fn is_synthetic(&self) -> bool {
        let month: u32 = self.0[2..4].parse().unwrap_or_default();
        (41..=52).contains(&month) || (81..=92).contains(&month)
    }

    /// For logs: the birth date part only.
    pub fn masked(&self) -> String {
        format!("{}*****", &self.0[..6])
    }
}

impl TryFrom<String> for Pid {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Pid::parse(&value).ok_or_else(|| format!("{value:?} is not a valid personal identification number"))
    }
}

impl From<Pid> for String {
    fn from(pid: Pid) -> String {
        pid.0
    }
}

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organisation number: 9 digits with a valid mod-11 check digit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgNo(String);

impl OrgNo {
    pub fn parse(value: &str) -> Option<OrgNo> {
        let d = digits(value, 9)?;
        (mod11(&d[..8], &[3, 2, 7, 6, 5, 4, 3, 2])? == d[8]).then(|| OrgNo(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgNo {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        OrgNo::parse(&value).ok_or_else(|| format!("{value:?} is not a valid organisation number"))
    }
}

impl From<OrgNo> for String {
    fn from(orgno: OrgNo) -> String {
        orgno.0
    }
}

/// Declares a closed set with its wire strings, `parse` and `as_str`.
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $wire)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn parse(value: &str) -> Option<$name> {
                match value {
                    $($wire => Some($name::$variant),)+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                $name::parse(value).ok_or_else(|| {
                    let allowed: Vec<&str> = $name::ALL.iter().map(|v| v.as_str()).collect();
                    format!("{value:?} is not one of {}", allowed.join(", "))
                })
            }
        }
    };
}

wire_enum!(
    /// Assurance levels, ordered from lowest to highest.
    Acr { Level3 => "Level3", Level4 => "Level4" }
);

wire_enum!(
    /// How a citizen proved who they are (the `amr` values).
    Amr { Pwd => "pwd", Otp => "otp", TestId => "TestID" }
);

wire_enum!(AuthMethod {
    ClientSecretBasic => "client_secret_basic",
    ClientSecretPost => "client_secret_post",
    PrivateKeyJwt => "private_key_jwt",
    None => "none",
});

wire_enum!(GrantType {
    AuthorizationCode => "authorization_code",
    RefreshToken => "refresh_token",
    JwtBearer => "urn:ietf:params:oauth:grant-type:jwt-bearer",
});

wire_enum!(RefreshTokenUsage { OneTime => "onetime", Reuse => "reuse" });

wire_enum!(AccessTokenFormat { Opaque => "opaque", Jwt => "jwt" });

wire_enum!(ResponseMode { Query => "query", FormPost => "form_post" });

wire_enum!(Prompt { None => "none", Login => "login", Consent => "consent", SelectAccount => "select_account" });

wire_enum!(
    /// The four languages of the citizen UI.
    Lang { Nb => "nb", Nn => "nn", En => "en", Se => "se" }
);

impl Lang {
    /// Maps a language tag (`nb-NO`, `no`, `se-NO`, `en-GB`, …) to its language.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "no" | "nb" => Some(Lang::Nb),
            other => Lang::parse(other),
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Nb => "bokmål",
            Lang::Nn => "nynorsk",
            Lang::En => "English",
            Lang::Se => "davvisámegiella",
        }
    }
}

/// The scopes porten knows, and what each grants.
pub const OPENID: &str = "openid";
pub const PROFILE: &str = "profile";

/// The contact register's read scopes (SPEC §7), one per block of a Person
/// in the order of `krr::core::Block::ALL`: a citizen's own (`user/…`) and
/// anyone's, for server tokens (`global/…`).
pub const KRR_USER_READ: [&str; 5] = [
    "user/kontaktinformasjon.read",
    "user/spraak.read",
    "user/sikkerdigitalpost.read",
    "user/sertifikat.read",
    "user/varslingsstatus.read",
];
pub const KRR_GLOBAL_READ: [&str; 5] = [
    "global/kontaktinformasjon.read",
    "global/spraak.read",
    "global/sikkerdigitalpost.read",
    "global/sertifikat.read",
    "global/varslingsstatus.read",
];
/// Lets a citizen change their own language in the contact register.
pub const KRR_SPRAAK_WRITE: &str = "user/spraak.write";

/// Whether a scope reaches data about any citizen, so only a server token
/// (the jwt-bearer grant) may carry it, never a citizen's login.
pub fn is_server_scope(scope: &str) -> bool {
    KRR_GLOBAL_READ.contains(&scope)
}

pub const KNOWN_SCOPES: &[&str] = &[
    OPENID,
    PROFILE,
    KRR_USER_READ[0],
    KRR_USER_READ[1],
    KRR_USER_READ[2],
    KRR_USER_READ[3],
    KRR_USER_READ[4],
    KRR_SPRAAK_WRITE,
    KRR_GLOBAL_READ[0],
    KRR_GLOBAL_READ[1],
    KRR_GLOBAL_READ[2],
    KRR_GLOBAL_READ[3],
    KRR_GLOBAL_READ[4],
];

wire_enum!(
    /// A person's choice to receive no digital communication from the public sector.
    Reservasjon { Ja => "JA", Nei => "NEI" }
);

wire_enum!(
    /// A person's standing in the contact register; `IkkeRegistrert` is what
    /// the register answers for a pid it does not hold, never stored.
    KrrStatus { Aktiv => "AKTIV", Slettet => "SLETTET", IkkeRegistrert => "IKKE_REGISTRERT" }
);

wire_enum!(
    /// Whether the public sector may notify a person; computed when read.
    Varslingsstatus { KanVarsles => "KAN_VARSLES", KanIkkeVarsles => "KAN_IKKE_VARSLES" }
);

/// A space-separated scope list, kept in request order without duplicates.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes(Vec<String>);

impl Scopes {
    pub fn parse(value: &str) -> Scopes {
        let mut scopes: Vec<String> = Vec::new();
        for scope in value.split(' ').filter(|s| !s.is_empty()) {
            if !scopes.iter().any(|s| s == scope) {
                scopes.push(scope.to_owned());
            }
        }
        Scopes(scopes)
    }

    pub fn from_vec(scopes: Vec<String>) -> Scopes {
        Scopes::parse(&scopes.join(" "))
    }

    pub fn contains(&self, scope: &str) -> bool {
        self.0.iter().any(|s| s == scope)
    }

    pub fn is_subset_of(&self, other: &Scopes) -> bool {
        self.0.iter().all(|s| other.contains(s))
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.0.clone()
    }

    /// These scopes, then those of `other` not among them.
    pub fn union(&self, other: &Scopes) -> Scopes {
        Scopes::from_vec(self.iter().chain(other.iter()).map(str::to_owned).collect())
    }
}

impl fmt::Display for Scopes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pids_need_both_check_digits() {
        assert!(Pid::parse("01019010046").is_some());
        assert!(!Pid::parse("01019010046").unwrap().is_synthetic());
        assert!(Pid::parse("01819000049").unwrap().is_synthetic());
        assert!(Pid::parse("01419000066").unwrap().is_synthetic());
        assert!(Pid::parse("01019010047").is_none());
        assert!(Pid::parse("01019010056").is_none());
        assert!(Pid::parse("0101901004").is_none());
        assert!(Pid::parse("0101901004a").is_none());
        // Synthetic test number: month + 80.
        assert!(Pid::parse("01819100140").is_some());
    }

    #[test]
    fn orgnos_need_their_check_digit() {
        assert!(OrgNo::parse("974760673").is_some());
        assert!(OrgNo::parse("974760674").is_none());
        assert!(OrgNo::parse("97476067").is_none());
    }

    #[test]
    fn language_tags_map_to_their_language() {
        assert_eq!(Lang::from_tag("nb-NO"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("no"), Some(Lang::Nb));
        assert_eq!(Lang::from_tag("se-NO"), Some(Lang::Se));
        assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_tag("de"), None);
    }

    #[test]
    fn scopes_keep_order_and_drop_duplicates() {
        let scopes = Scopes::parse("openid  profile openid");
        assert_eq!(scopes.to_string(), "openid profile");
    }
}
