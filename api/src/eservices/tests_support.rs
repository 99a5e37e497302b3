//! A definition the tests of definitions and answers share.

use super::ServiceDefinition;

/// A change of address, as the demo publishes it (in short).
pub fn moving_json() -> serde_json::Value {
    serde_json::json!({
        "schema_version": 1,
        "title": "Flyttanmälan",
        "summary": "Anmäl att du flyttar inom Sverige.",
        "easy_read_summary": "Här berättar du att du flyttar.",
        "category": "life_event",
        "handler": "Skatteverket, Folkbokföring",
        "audience": { "persons": true, "organisations": false, "on_behalf_of_persons": true,
                      "roles": ["guardian"] },
        "pages": [
            { "id": "nuvarande", "title": "Din adress i dag", "easy_read_guidance": "Titta på adressen.",
              "questions": [
                { "id": "nuvarande-adress", "kind": "address", "label": "Din adress", "required": true,
                  "prefill": "registered_address" } ] },
            { "id": "ny-adress", "title": "Din nya adress", "guidance": "Ange adressen du flyttar till.",
              "easy_read_guidance": "Skriv din nya adress.",
              "questions": [
                { "id": "ny-adress", "kind": "address", "label": "Ny adress", "required": true },
                { "id": "flyttdatum", "kind": "date", "label": "Flyttdatum", "required": true,
                  "earliest_days": -30, "latest_days": 90 },
                { "id": "fler", "kind": "yes_no", "label": "Flyttar någon med dig?", "required": true },
                { "id": "vilka", "kind": "long_text", "label": "Vilka flyttar med?", "required": true,
                  "max_length": 500, "show_if": { "question": "fler", "equals": "yes" } },
                { "id": "kontrakt-start", "kind": "date", "label": "Kontraktet gäller från" } ] },
            { "id": "kontakt", "title": "Kontakt", "easy_read_guidance": "Hur når vi dig?",
              "show_if": { "question": "fler", "equals": "no" },
              "questions": [
                { "id": "epost", "kind": "text", "format": "email", "label": "E-post", "prefill": "email" },
                { "id": "leverans", "kind": "one_of", "label": "Svar", "prefill": "delivery_channel",
                  "options": [ { "value": "min_sida", "label": "Min sida" },
                               { "value": "letter", "label": "Brev" } ] } ] }
        ],
        "rules": [ { "rule": "date_not_before", "question": "flyttdatum", "other": "kontrakt-start" } ]
    })
}

pub fn moving() -> ServiceDefinition {
    serde_json::from_value(moving_json()).expect("a definition")
}
