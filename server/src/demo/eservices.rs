//! The demo e-services, published by the demo system through the system API at every start
//! (`PUT /eservices/{id}`: the same definition again changes nothing, a changed one becomes a
//! new version).

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use super::client::Client;
use super::{FOLKBOKFORING, FSKATT};

/// Change of address: the registered address prefilled, the new one with its postal code
/// checked, the moving date, who else moves.
pub fn flyttanmalan() -> Value {
    json!({
        "schema_version": 1,
        "title": "Flyttanmälan",
        "summary": "Anmäl att du flyttar inom Sverige. Du kan anmäla flytten upp till fyra veckor innan och senast en vecka efter att du har flyttat.",
        "easy_read_summary": "Här berättar du för Skatteverket att du flyttar. Då får du rätt adress i folkbokföringen.",
        "category": "life_event",
        "handler": FOLKBOKFORING,
        "audience": { "persons": true, "organisations": false, "on_behalf_of_persons": true,
                      "roles": ["guardian", "trustee", "administrator"] },
        "pages": [
            { "id": "nuvarande", "title": "Din adress i dag",
              "guidance": "Det här är adressen du är folkbokförd på enligt våra uppgifter.",
              "easy_read_guidance": "Här ser du adressen vi har till dig nu. Ändra den om den inte stämmer.",
              "questions": [
                { "id": "nuvarande-adress", "kind": "address", "label": "Adress i folkbokföringen",
                  "required": true, "prefill": "registered_address",
                  "hint": "Ändra adressen om den inte stämmer.",
                  "easy_read_hint": "Stämmer adressen? Om inte, skriv rätt adress." } ] },
            { "id": "ny-adress", "title": "Din nya adress",
              "guidance": "Ange adressen du flyttar till och dagen du flyttar.",
              "easy_read_guidance": "Skriv adressen du flyttar till. Skriv också vilken dag du flyttar.",
              "questions": [
                { "id": "ny-adress", "kind": "address", "label": "Ny adress", "required": true },
                { "id": "lagenhetsnummer", "kind": "text", "format": "digits", "max_length": 4,
                  "label": "Lägenhetsnummer",
                  "hint": "Fyra siffror, till exempel 1102. Lämna tomt om du inte flyttar till en lägenhet.",
                  "easy_read_hint": "Numret står på dörren eller i kontraktet. Det har fyra siffror." },
                { "id": "flyttdatum", "kind": "date", "label": "Flyttdatum", "required": true,
                  "earliest_days": -7, "latest_days": 28,
                  "hint": "Tidigast en vecka bakåt och högst fyra veckor framåt, till exempel 2026-12-15.",
                  "easy_read_hint": "Skriv dagen du flyttar. Skriv år, månad och dag, till exempel 2026-12-15." } ] },
            { "id": "vilka-flyttar", "title": "Vilka flyttar",
              "easy_read_guidance": "Berätta om någon mer flyttar med dig.",
              "questions": [
                { "id": "fler", "kind": "yes_no", "label": "Flyttar någon mer med dig?", "required": true },
                { "id": "vilka", "kind": "long_text", "max_length": 500, "required": true,
                  "label": "Vilka flyttar med dig?",
                  "hint": "Skriv namn och personnummer för alla som flyttar med dig. De som är 18 år eller äldre behöver göra en egen anmälan.",
                  "easy_read_hint": "Skriv namn och personnummer för alla som flyttar med dig.",
                  "show_if": { "question": "fler", "equals": "yes" } } ] },
            { "id": "kontakt", "title": "Om vi behöver nå dig",
              "guidance": "Vi använder uppgifterna bara om vi behöver fråga något om flytten.",
              "easy_read_guidance": "Vi kan behöva fråga dig något. Skriv hur vi når dig.",
              "questions": [
                { "id": "epost", "kind": "text", "format": "email", "label": "E-postadress",
                  "prefill": "email" },
                { "id": "telefon", "kind": "text", "format": "phone", "label": "Mobilnummer",
                  "prefill": "mobile" } ] }
        ]
    })
}

/// A certificate from the population register: which one, how many, and how to get it —
/// delivery prefilled from the channel choices, an address page only for a letter.
pub fn bestall_personbevis() -> Value {
    json!({
        "schema_version": 1,
        "title": "Beställ personbevis",
        "summary": "Beställ ett personbevis, till exempel för ett pass, ett bolån eller en myndighet i ett annat land.",
        "easy_read_summary": "Ett personbevis visar uppgifter om dig från folkbokföringen. Här beställer du ett.",
        "category": "other",
        "handler": FOLKBOKFORING,
        "audience": { "persons": true, "organisations": false, "on_behalf_of_persons": true,
                      "roles": ["guardian", "trustee", "administrator"] },
        "pages": [
            { "id": "intyg", "title": "Vilket personbevis behöver du?",
              "guidance": "Den som ska ha personbeviset brukar tala om vilket som behövs.",
              "easy_read_guidance": "Välj det personbevis du behöver. Fråga den som vill ha det om du är osäker.",
              "questions": [
                { "id": "typ", "kind": "one_of", "label": "Personbevis", "required": true,
                  "options": [
                    { "value": "folkbokforing", "label": "Personbevis om folkbokföring" },
                    { "value": "familj", "label": "Personbevis med familjeuppgifter" },
                    { "value": "utland", "label": "Personbevis för utlandet (på engelska)" } ] },
                { "id": "antal", "kind": "number", "label": "Antal exemplar", "required": true,
                  "min": 1, "max": 5,
                  "hint": "Högst fem.", "easy_read_hint": "Skriv en siffra från 1 till 5." } ] },
            { "id": "leverans", "title": "Hur vill du få personbeviset?",
              "easy_read_guidance": "Välj om du vill få personbeviset på Min sida eller med brev.",
              "questions": [
                { "id": "leverans", "kind": "one_of", "label": "Leverans", "required": true,
                  "prefill": "delivery_channel",
                  "options": [
                    { "value": "min_sida", "label": "Digitalt, till Min sida" },
                    { "value": "letter", "label": "Med brev" } ] } ] },
            { "id": "adress", "title": "Vart ska brevet skickas?",
              "easy_read_guidance": "Skriv adressen där du vill få brevet.",
              "show_if": { "question": "leverans", "equals": "letter" },
              "questions": [
                { "id": "brevadress", "kind": "address", "label": "Adress", "required": true,
                  "prefill": "registered_address" } ] }
        ]
    })
}

/// A change of a company's F-tax and VAT registration: for organisations, by a signatory,
/// with the organisation's data and registrations prefilled.
pub fn andra_f_skatt_moms() -> Value {
    json!({
        "schema_version": 1,
        "title": "Ändra F-skatt och momsregistrering",
        "summary": "Ändra företagets registrering för F-skatt, moms eller som arbetsgivare. Bara den som får teckna firman kan göra ändringen.",
        "easy_read_summary": "Här ändrar du vilka registreringar företaget har hos Skatteverket.",
        "category": "ongoing",
        "handler": FSKATT,
        "audience": { "persons": false, "organisations": true, "on_behalf_of_persons": false,
                      "roles": ["signatory"] },
        "pages": [
            { "id": "foretag", "title": "Företaget",
              "guidance": "Kontrollera att uppgifterna om företaget stämmer.",
              "easy_read_guidance": "Titta på uppgifterna om företaget. Stämmer de?",
              "questions": [
                { "id": "orgnr", "kind": "organisation_number", "label": "Organisationsnummer",
                  "required": true, "prefill": "organisation_number" },
                { "id": "namn", "kind": "text", "label": "Företagets namn", "required": true,
                  "max_length": 200, "prefill": "name" } ] },
            { "id": "registreringar", "title": "Registreringar",
              "guidance": "Markera de registreringar företaget ska ha från och med dagen du anger. Ta bort markeringen för en registrering som ska upphöra.",
              "easy_read_guidance": "Välj vilka registreringar företaget ska ha. Ta bort det som inte ska gälla längre.",
              "questions": [
                { "id": "registreringar", "kind": "many_of", "label": "Företaget ska vara registrerat för",
                  "prefill": "tax_registrations",
                  "options": [
                    { "value": "f_tax", "label": "F-skatt" },
                    { "value": "vat", "label": "Moms" },
                    { "value": "employer", "label": "Arbetsgivare" } ] },
                { "id": "fran", "kind": "date", "label": "Från och med", "required": true,
                  "earliest_days": 0, "latest_days": 365,
                  "hint": "Tidigast i dag, till exempel 2027-01-01.",
                  "easy_read_hint": "Skriv dagen då ändringen ska börja gälla. Skriv år, månad och dag." },
                { "id": "omsattning", "kind": "amount_sek", "label": "Beräknad omsättning per år",
                  "min": 0, "max": 1000000000,
                  "hint": "I hela kronor, utan moms.",
                  "easy_read_hint": "Hur mycket tror du att företaget säljer för på ett år? Skriv en summa i kronor.",
                  "show_if": { "question": "registreringar", "equals": "vat" } } ] },
            { "id": "underlag", "title": "Underlag och övrigt",
              "easy_read_guidance": "Du kan skicka med papper som visar ändringen. Det behövs inte alltid.",
              "questions": [
                { "id": "underlag", "kind": "file", "label": "Underlag", "max": 5,
                  "hint": "Till exempel ett protokoll. PDF, JPEG eller PNG.",
                  "easy_read_hint": "Du kan skicka med ett papper, till exempel ett protokoll. Det behövs inte alltid." },
                { "id": "ovrigt", "kind": "long_text", "label": "Övrigt", "max_length": 1000 } ] }
        ]
    })
}

/// The demo services by id.
pub fn definitions() -> Vec<(&'static str, Value)> {
    vec![
        ("flyttanmalan", flyttanmalan()),
        ("bestall-personbevis", bestall_personbevis()),
        ("andra-f-skatt-moms", andra_f_skatt_moms()),
    ]
}

/// Publish the demo services; returns how many were new or changed (0 when all were
/// published as they are before).
pub(super) async fn publish(client: &mut Client<'_>) -> Result<usize, String> {
    let mut changed = 0;
    for (id, definition) in definitions() {
        let (status, _) = client
            .call_status(0, 0, Method::PUT, &format!("/eservices/{id}"), definition)
            .await?;
        if status == StatusCode::CREATED {
            changed += 1;
        }
    }
    Ok(changed)
}
