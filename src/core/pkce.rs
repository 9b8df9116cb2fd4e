//! RFC 7636 PKCE, S256 only.

use crate::crypto;

/// Whether a `code_verifier` matches the challenge stored with a code.
pub fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    // RFC 7636 4.1: 43 to 128 characters of the unreserved set.
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    well_formed
        && crypto::ct_eq(
            crypto::b64url(crypto::sha256(verifier)).as_bytes(),
            challenge.as_bytes(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_only_its_verifier() {
        let verifier = "dBjftJeZ4CVP-mJ92K1y0uYeIUbkA8WdNjcBFbXpZEw";
        let challenge = "O4hGS_-apxllkbydzcM9mQ3p_D_oiPcgAOGqvrhxWlE";
        assert!(verifier_matches(verifier, challenge));
        assert!(!verifier_matches("short", challenge));
        assert!(!verifier_matches(&verifier.replace('d', "e"), challenge));
    }
}
