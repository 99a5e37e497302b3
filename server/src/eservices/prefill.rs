//! What the agency already knows, as answers: nobody is asked again for it. Every source reads
//! the data of the party the session acts for, and only that party's (its id comes from the
//! [`Access`], never from the request).

use minsida_api::channels::ContactChannel;
use minsida_api::channels::VerifyTarget;
use minsida_api::eservices::{
    AddressAnswer, Answer, Answers, PrefillSource, Question, ServiceDefinition,
};
use minsida_api::org::{display_party_identifier, is_org_identifier};
use minsida_api::representation::TaxRegistrationKind;
use sqlx::AnyConnection;

use crate::crypto::KeyRing;
use crate::persons::Access;
use crate::{channels, parties};

/// A postal code as `NNN NN`.
fn postal_code(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 5 {
        format!("{} {}", &digits[..3], &digits[3..])
    } else {
        text.to_string()
    }
}

/// The value of a tax registration as a `many_of` option.
fn registration_value(kind: TaxRegistrationKind) -> &'static str {
    match kind {
        TaxRegistrationKind::FTax => "f_tax",
        TaxRegistrationKind::Vat => "vat",
        TaxRegistrationKind::Employer => "employer",
    }
}

/// The party's registered address: a person's folkbokföringsadress, an organisation's
/// registered address.
async fn registered_address(
    conn: &mut AnyConnection,
    party: i64,
) -> Result<Option<AddressAnswer>, sqlx::Error> {
    let row: Option<(Option<String>, String, String, String)> = sqlx::query_as(
        "SELECT p.care_of, p.street, p.postal_code, p.city FROM persons p \
         WHERE p.id = $1 AND p.kind = 'person' \
         UNION ALL SELECT o.care_of, o.street, o.postal_code, o.city FROM organisations o \
         WHERE o.party_id = $2",
    )
    .bind(party)
    .bind(party)
    .fetch_optional(conn)
    .await?;
    Ok(row.map(|(care_of, street, code, city)| AddressAnswer {
        care_of: care_of.unwrap_or_default(),
        street,
        postal_code: postal_code(&code),
        town: city.to_uppercase(),
    }))
}

/// The prefilled answers of `definition` for the acting party, by question id. A source
/// without data (no verified e-mail address, no earlier submission) fills nothing.
pub async fn prefill(
    conn: &mut AnyConnection,
    keys: &KeyRing,
    access: &Access,
    service_id: &str,
    definition: &ServiceDefinition,
) -> Result<Answers, sqlx::Error> {
    let party_id = access.subject();
    let questions: Vec<&Question> = definition
        .pages
        .iter()
        .flat_map(|p| p.questions.iter())
        .filter(|q| q.prefill.is_some())
        .collect();
    let mut out = Answers::new();
    if questions.is_empty() {
        return Ok(out);
    }
    let party = parties::party(conn, party_id).await?;
    let contact = channels::contact_state(conn, party_id).await?;
    let mut last: Option<Option<Vec<(String, Answer)>>> = None;
    for q in questions {
        let Some(source) = q.prefill else { continue };
        let answer = match source {
            PrefillSource::RegisteredAddress => registered_address(conn, party_id)
                .await?
                .map(Answer::Address),
            PrefillSource::PersonalNumber => party
                .as_ref()
                .filter(|p| !is_org_identifier(&p.identifier))
                .map(|p| Answer::Text(display_party_identifier(&p.identifier))),
            PrefillSource::OrganisationNumber => party
                .as_ref()
                .filter(|p| is_org_identifier(&p.identifier))
                .map(|p| Answer::Text(display_party_identifier(&p.identifier))),
            PrefillSource::Name => party.as_ref().map(|p| Answer::Text(p.name.clone())),
            PrefillSource::Email => contact
                .verified_at(VerifyTarget::Email)
                .and(contact.email.clone())
                .map(Answer::Text),
            PrefillSource::Mobile => contact
                .verified_at(VerifyTarget::Mobile)
                .and(contact.mobile.clone())
                .map(Answer::Text),
            PrefillSource::DeliveryChannel => {
                let prefs = channels::load_saved_prefs(conn, party_id).await?.prefs;
                let channel = prefs
                    .kinds
                    .iter()
                    .find(|k| k.category == definition.category)
                    .map_or(ContactChannel::Mailbox, |k| k.channel);
                let value = if channel == ContactChannel::Paper && !prefs.paper_opt_out {
                    "letter"
                } else {
                    "min_sida"
                };
                Some(Answer::Text(value.to_string()))
            }
            PrefillSource::TaxRegistrations => {
                let kinds: Vec<String> = parties::organisation_details(conn, party_id)
                    .await?
                    .map(|o| {
                        o.registrations
                            .iter()
                            .map(|r| registration_value(r.kind).to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                // In the order of the options, only values the question offers.
                party
                    .as_ref()
                    .filter(|p| is_org_identifier(&p.identifier))
                    .map(|_| {
                        Answer::Choices(
                            q.options
                                .iter()
                                .filter(|o| kinds.contains(&o.value))
                                .map(|o| o.value.clone())
                                .collect(),
                        )
                    })
            }
            PrefillSource::LastSubmission => {
                if last.is_none() {
                    last = Some(super::last_answers(conn, keys, party_id, service_id).await?);
                }
                last.as_ref()
                    .and_then(Option::as_ref)
                    .and_then(|answers| answers.iter().find(|(id, _)| *id == q.id))
                    .map(|(_, a)| a.clone())
            }
        };
        if let Some(a) = answer {
            out.insert(q.id.clone(), a);
        }
    }
    Ok(out)
}
