//! sea-orm entities, one module a table (see `migrations/`).

macro_rules! no_relations {
    () => {
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}
        impl ActiveModelBehavior for ActiveModel {}
    };
}

pub mod setting {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "setting")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        pub value: String,
    }
    no_relations!();
}

pub mod signing_key {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "signing_key")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub kid: String,
        pub alg: String,
        pub private_pem: String,
        pub public_jwk: String,
        pub created_at: i64,
        pub activates_at: i64,
        pub retires_at: Option<i64>,
    }
    no_relations!();
}

pub mod client {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "client")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub client_id: String,
        pub secret_hash: Option<String>,
        pub orgno: Option<String>,
        pub display_name: String,
        pub redirect_uris: String,
        pub post_logout_redirect_uris: String,
        pub scopes: String,
        pub authorization_lifetime: i64,
        pub access_token_lifetime: i64,
        pub refresh_token_lifetime: i64,
        pub auth_method: String,
        pub grant_types: String,
        pub refresh_token_usage: String,
        pub jwks: Option<String>,
        pub frontchannel_logout_uri: Option<String>,
        pub frontchannel_logout_session_required: bool,
        pub introspection: bool,
        pub access_token_format: String,
        pub sector: Option<String>,
        pub force_pkce: bool,
        pub active: bool,
        pub created_at: i64,
        pub updated_at: i64,
    }
    no_relations!();
}

pub mod citizen {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "citizen")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pid: String,
        pub password_hash: Option<String>,
        pub otp_secret: Option<String>,
        pub otp_last_step: Option<i64>,
        pub name: Option<String>,
        pub created_at: i64,
    }
    no_relations!();
}

pub mod sso_session {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sso_session")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        pub sid: String,
        pub pid: String,
        pub acr: String,
        pub amr: String,
        pub auth_time: i64,
        pub last_seen_at: i64,
        pub expires_at: i64,
    }
    no_relations!();
}

pub mod pending_request {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "pending_request")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        pub browser_hash: String,
        pub client_id: String,
        pub params: String,
        pub login_sid: Option<String>,
        pub lang: Option<String>,
        pub expires_at: i64,
    }
    no_relations!();
}

pub mod consent {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "consent")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pid: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub client_id: String,
        pub scopes: String,
        pub granted_at: i64,
        pub expires_at: i64,
    }
    no_relations!();
}

pub mod auth_code {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "auth_code")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub code_hash: String,
        pub grant_id: String,
        pub client_id: String,
        pub redirect_uri: String,
        pub pid: String,
        pub sid: String,
        pub scopes: String,
        pub nonce: Option<String>,
        pub code_challenge: Option<String>,
        pub acr: String,
        pub amr: String,
        pub auth_time: i64,
        pub locale: String,
        pub expires_at: i64,
        pub used: bool,
    }
    no_relations!();
}

pub mod oauth_grant {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "oauth_grant")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        pub client_id: String,
        pub pid: Option<String>,
        pub sid: Option<String>,
        pub scopes: String,
        pub acr: Option<String>,
        pub amr: Option<String>,
        pub auth_time: Option<i64>,
        pub locale: Option<String>,
        pub created_at: i64,
        pub expires_at: i64,
        pub revoked: bool,
    }
    no_relations!();
}

pub mod token {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "token")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub hash: String,
        pub grant_id: String,
        pub kind: String,
        pub client_id: String,
        pub scopes: String,
        pub created_at: i64,
        pub expires_at: i64,
        pub used: bool,
    }
    no_relations!();
}

pub mod throttle {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "throttle")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub failures: i32,
        pub window_start: i64,
        pub blocked_until: i64,
    }
    no_relations!();
}

pub mod krr_person {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "krr_person")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub pid: String,
        pub reservasjon: String,
        pub status: String,
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
    no_relations!();
}

pub mod assertion {
    use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "assertion")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub client_id: String,
        #[sea_orm(primary_key, auto_increment = false)]
        pub jti_hash: String,
        pub expires_at: i64,
    }
    no_relations!();
}
