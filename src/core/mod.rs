//! The protocol core: pure functions over plain types. Takes `now` as an
//! argument; knows neither Rocket nor SQL.

pub mod assertion;
pub mod authorize;
pub mod claims;
pub mod client;
pub mod error;
pub mod logout;
pub mod pkce;
pub mod throttle;
