//! Verification of ID tokens and access tokens against an issuer's keys, with every kind of
//! token a real provider never sends: tampered, unsigned, HMAC-signed with a public key,
//! expired, for another audience or issuer, with the wrong nonce, or signed with a key the
//! issuer does not (yet) publish.

use minsida_server::auth::jose::JoseError;
use minsida_server::auth::oidc::OidcProvider;
use minsida_server::config::{ClientAuth, OAuthConfig, OidcProviderConfig, PublicUrl};
use minsida_server::crypto::KeyEncryptionKey;
use minsida_server::systems::{Scope, TokenVerifier};
use serde_json::{json, Value};

use crate::common::issuer::{b64, unix_now, TestIssuer, TestKey};
use crate::common::ANNA;

const CLIENT: &str = "minsida";
const NONCE: &str = "the-nonce-of-this-login";

fn provider(issuer: &TestIssuer) -> OidcProvider {
    OidcProvider::new(
        OidcProviderConfig {
            id: "idp".into(),
            name: "IdP".into(),
            issuer: issuer.url.clone(),
            client_id: CLIENT.into(),
            client_auth: ClientAuth::Secret("secret".into()),
            claim: "personal_number".into(),
            scopes: vec!["openid".into()],
            acr_values: vec!["loa3".into()],
        },
        &PublicUrl::parse("https://minsida.example.se").unwrap(),
        &KeyEncryptionKey::generate(),
        minsida_server::auth::jose::http_client(),
    )
}

fn id_claims(issuer: &TestIssuer) -> Value {
    let now = unix_now();
    json!({
        "iss": issuer.url,
        "sub": "subject-1",
        "aud": CLIENT,
        "exp": now + 300,
        "iat": now,
        "nonce": NONCE,
        "acr": "loa3",
        "personal_number": ANNA,
    })
}

fn with(mut claims: Value, key: &str, value: Value) -> Value {
    claims[key] = value;
    claims
}

fn without(mut claims: Value, key: &str) -> Value {
    claims.as_object_mut().unwrap().remove(key);
    claims
}

#[track_caller]
fn assert_invalid(result: Result<impl std::fmt::Debug, JoseError>, what: &str) {
    match result {
        Err(JoseError::Invalid(_)) => {}
        other => panic!("{what}: expected an invalid token, got {other:?}"),
    }
}

#[tokio::test]
async fn valid_id_tokens_are_accepted_with_rs256_and_es256() {
    let (rsa, ec) = (TestKey::rsa1(), TestKey::ec1());
    let issuer = TestIssuer::start(&[&rsa, &ec]).await;
    let provider = provider(&issuer);
    for key in [&rsa, &ec] {
        let token = key.sign(&id_claims(&issuer), Some("JWT"));
        let claims = provider.verify_id_token(&token, NONCE).await.unwrap();
        assert_eq!(claims.sub, "subject-1");
        assert_eq!(claims.acr.as_deref(), Some("loa3"));
        assert_eq!(claims.other["personal_number"], ANNA);
    }
    // Several audiences are fine when `azp` names us.
    let token = rsa.sign(
        &with(
            with(id_claims(&issuer), "aud", json!([CLIENT, "other"])),
            "azp",
            json!(CLIENT),
        ),
        None,
    );
    provider.verify_id_token(&token, NONCE).await.unwrap();
    // A little clock skew is tolerated.
    let token = rsa.sign(
        &with(id_claims(&issuer), "exp", json!(unix_now() - 30)),
        None,
    );
    provider.verify_id_token(&token, NONCE).await.unwrap();
    // The keys were fetched once and then cached.
    assert_eq!(issuer.jwks_fetches(), 1);
}

#[tokio::test]
async fn tampered_and_wrongly_addressed_id_tokens_are_refused() {
    let rsa = TestKey::rsa1();
    let issuer = TestIssuer::start(&[&rsa]).await;
    let provider = provider(&issuer);
    let good = rsa.sign(&id_claims(&issuer), None);

    // A changed signature, and a changed payload under the original signature.
    let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
    let mut sig =
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &parts[2])
            .unwrap();
    sig[10] ^= 0x01;
    let tampered_sig = format!("{}.{}.{}", parts[0], parts[1], b64(&sig));
    assert_invalid(
        provider.verify_id_token(&tampered_sig, NONCE).await,
        "signature",
    );
    let lars = with(id_claims(&issuer), "personal_number", json!("197010632391"));
    parts[1] = b64(lars.to_string().as_bytes());
    assert_invalid(
        provider.verify_id_token(&parts.join("."), NONCE).await,
        "payload",
    );

    let now = unix_now();
    let cases = [
        (
            "another audience",
            with(id_claims(&issuer), "aud", json!("someone-else")),
        ),
        (
            "another issuer",
            with(id_claims(&issuer), "iss", json!("https://evil.example")),
        ),
        ("expired", with(id_claims(&issuer), "exp", json!(now - 120))),
        (
            "issued in the future",
            with(id_claims(&issuer), "iat", json!(now + 600)),
        ),
        (
            "wrong nonce",
            with(id_claims(&issuer), "nonce", json!("another-login")),
        ),
        ("no nonce", without(id_claims(&issuer), "nonce")),
        ("no exp", without(id_claims(&issuer), "exp")),
        ("no sub", without(id_claims(&issuer), "sub")),
        ("no iat", without(id_claims(&issuer), "iat")),
        (
            "several audiences without azp",
            with(id_claims(&issuer), "aud", json!([CLIENT, "other"])),
        ),
        (
            "azp of another client",
            with(id_claims(&issuer), "azp", json!("other")),
        ),
    ];
    for (what, claims) in cases {
        let token = rsa.sign(&claims, None);
        match provider.verify_id_token(&token, NONCE).await {
            Err(JoseError::Invalid(_)) => {}
            other => panic!("{what}: expected an invalid token, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn unsigned_and_hmac_tokens_are_refused() {
    let rsa = TestKey::rsa1();
    let issuer = TestIssuer::start(&[&rsa]).await;
    // A symmetric key in the JWKS is never used either.
    issuer.publish_jwk(
        json!({"kty": "oct", "kid": "oct-1", "k": b64(b"a shared secret of 32 bytes!!!!!")}),
    );
    let provider = provider(&issuer);
    let payload = b64(id_claims(&issuer).to_string().as_bytes());

    // alg: none, with and without a signature part.
    let none = b64(br#"{"alg":"none","typ":"JWT"}"#);
    for token in [
        format!("{none}.{payload}."),
        format!("{none}.{payload}.c2ln"),
    ] {
        match provider.verify_id_token(&token, NONCE).await {
            Err(JoseError::Algorithm(_)) => {}
            other => panic!("alg none: {other:?}"),
        }
    }

    // HS256 "signed" with the RSA public key as the secret (algorithm confusion), and with
    // the symmetric key of the JWKS.
    let public_key = serde_json::to_vec(&rsa.jwk).unwrap();
    for (kid, secret) in [
        ("rsa-1", public_key.as_slice()),
        ("oct-1", b"a shared secret of 32 bytes!!!!!".as_slice()),
    ] {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(kid.into());
        let token = jsonwebtoken::encode(
            &header,
            &id_claims(&issuer),
            &jsonwebtoken::EncodingKey::from_secret(secret).unwrap(),
        )
        .unwrap();
        match provider.verify_id_token(&token, NONCE).await {
            Err(JoseError::Algorithm(_)) => {}
            other => panic!("HS256 with {kid}: {other:?}"),
        }
    }

    // An RS256 header naming an EC key: the key's family must match the algorithm.
    let ec = TestKey::ec1();
    issuer.publish(&ec);
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some("ec-1".into());
    let token = jsonwebtoken::encode(&header, &id_claims(&issuer), &rsa.encoding).unwrap();
    assert!(matches!(
        provider.verify_id_token(&token, NONCE).await,
        Err(JoseError::UnknownKey(_))
    ));
}

#[tokio::test]
async fn an_unknown_key_fetches_the_keys_again_once_then_is_refused() {
    let (rsa1, rsa2) = (TestKey::rsa1(), TestKey::rsa2());
    let issuer = TestIssuer::start(&[&rsa1]).await;
    let provider = provider(&issuer);
    provider
        .verify_id_token(&rsa1.sign(&id_claims(&issuer), None), NONCE)
        .await
        .unwrap();
    assert_eq!(issuer.jwks_fetches(), 1);

    // The issuer rotates to a new key: the first token signed with it makes us fetch the
    // keys again, and it is accepted.
    issuer.publish(&rsa2);
    provider
        .verify_id_token(&rsa2.sign(&id_claims(&issuer), None), NONCE)
        .await
        .unwrap();
    assert_eq!(issuer.jwks_fetches(), 2);

    // A key id nobody publishes: refused, and it cannot make us fetch again and again.
    let mut stranger = TestKey::rsa2();
    stranger.kid = "invented".into();
    for _ in 0..3 {
        assert!(matches!(
            provider
                .verify_id_token(&stranger.sign(&id_claims(&issuer), None), NONCE)
                .await,
            Err(JoseError::UnknownKey(Some(kid))) if kid == "invented"
        ));
    }
    assert_eq!(issuer.jwks_fetches(), 2, "forced refreshes are throttled");
}

fn access_claims(issuer: &TestIssuer, scope: &str) -> Value {
    let now = unix_now();
    json!({
        "iss": issuer.url,
        "sub": "agency-a",
        "client_id": "agency-a",
        "aud": "urn:minsida:system-api",
        "exp": now + 300,
        "iat": now,
        "jti": "token-1",
        "scope": scope,
    })
}

#[tokio::test]
async fn access_tokens_give_the_client_and_its_scopes() {
    let rsa = TestKey::rsa1();
    let issuer = TestIssuer::start(&[&rsa]).await;
    let verifier = TokenVerifier::new(&OAuthConfig {
        issuer: issuer.url.clone(),
        audience: "urn:minsida:system-api".into(),
    });
    let token = rsa.sign(
        &access_claims(&issuer, "minsida:messages.write minsida:unknown openid"),
        Some("at+jwt"),
    );
    let (client, scopes) = verifier.verify(&token).await.unwrap();
    assert_eq!(client, "agency-a");
    assert_eq!(scopes, [Scope::MessagesWrite]);

    let now = unix_now();
    let refused = [
        // An ID token (or any JWT not typed as an access token) is no access token.
        (
            "typ JWT",
            rsa.sign(
                &access_claims(&issuer, "minsida:messages.write"),
                Some("JWT"),
            ),
        ),
        (
            "no typ",
            rsa.sign(&access_claims(&issuer, "minsida:messages.write"), None),
        ),
        (
            "another audience",
            rsa.sign(
                &with(access_claims(&issuer, ""), "aud", json!("urn:other-api")),
                Some("at+jwt"),
            ),
        ),
        (
            "expired",
            rsa.sign(
                &with(access_claims(&issuer, ""), "exp", json!(now - 120)),
                Some("at+jwt"),
            ),
        ),
        (
            "another issuer",
            rsa.sign(
                &with(
                    access_claims(&issuer, ""),
                    "iss",
                    json!("https://other-issuer.example"),
                ),
                Some("at+jwt"),
            ),
        ),
        (
            "no client_id",
            rsa.sign(
                &without(access_claims(&issuer, ""), "client_id"),
                Some("at+jwt"),
            ),
        ),
    ];
    for (what, token) in refused {
        assert!(verifier.verify(&token).await.is_err(), "{what}");
    }
}
