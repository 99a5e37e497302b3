//! The demo representations (signatories, a trustee, and an expired and a revoked one), and
//! the demo companies' matters and messages.

use axum::http::Method;
use serde_json::{json, Value};

use super::client::{attachment, mark_read, Client};
use super::{ANNA, DAY, FSKATT, LARS, ORG_HANDELSBOLAG, ORG_KONSULT, SERVICE, TOLVAN};
use crate::AppState;

const MOMS: &str = "Skatteverket, Mervärdesskatt";
const ARBETSGIVARE: &str = "Skatteverket, Arbetsgivare";

/// Every area, to act.
fn all_areas() -> Value {
    json!([
        { "area": "messages", "level": "act" },
        { "area": "matters", "level": "act" },
        { "area": "preferences", "level": "act" },
        { "area": "personal_data", "level": "act" },
    ])
}

/// `YYYY-MM-DD`, `days` days from today (Swedish time).
fn date_from_today(now: i64, days: i64) -> String {
    crate::dates::format_date(crate::dates::stockholm_date(now + days * DAY))
}

/// The demo representations, and the demo companies' matters and messages, unless Andersson
/// Konsult AB already has a matter:
///
/// - Anna Andersson signs for Andersson Konsult AB, Lars Berg and Tolvan Tolvansson for Berg &
///   Tolvansson Handelsbolag (all areas, act, open-ended);
/// - Anna Andersson is trustee (god man) for Tolvan Tolvansson: read messages, act in matters,
///   read personal data;
/// - refused on purpose: Lars Berg was Anna's representative (ombud) until 30 days ago
///   (expired), and Tolvan Tolvansson was a signatory of Andersson Konsult AB until that was
///   revoked 20 days ago.
///
/// Andersson Konsult AB has a VAT matter with an open request to supplement and a few
/// messages, the handelsbolag a decided matter and a message with a document.
pub(super) async fn seed_representation(state: &AppState) -> Result<usize, String> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM matters m JOIN persons p ON p.id = m.person_id \
         WHERE p.personal_number = $1",
    )
    .bind(format!("16{}", ORG_KONSULT.replace('-', "")))
    .fetch_one(&state.pool)
    .await
    .map_err(|e| e.to_string())?;
    if existing > 0 {
        return Ok(0);
    }
    let now = state.now_unix();
    let mut c = Client {
        state,
        now,
        requests: 0,
    };
    let mut read = Vec::new();

    // --- Representations -----------------------------------------------------------------
    c.representation(
        60,
        json!({ "representative": ANNA, "represented": ORG_KONSULT, "role": "signatory",
                "scopes": all_areas(), "valid_from": "2019-04-01" }),
    )
    .await?;
    for pn in [LARS, TOLVAN] {
        c.representation(
            60,
            json!({ "representative": pn, "represented": ORG_HANDELSBOLAG, "role": "signatory",
                    "scopes": all_areas(), "valid_from": "2021-09-15" }),
        )
        .await?;
    }
    c.representation(
        50,
        json!({ "representative": ANNA, "represented": TOLVAN, "role": "trustee",
                "scopes": [
                    { "area": "messages", "level": "read" },
                    { "area": "matters", "level": "act" },
                    { "area": "personal_data", "level": "read" },
                ],
                "valid_from": date_from_today(now, -50) }),
    )
    .await?;
    c.representation(
        400,
        json!({ "representative": LARS, "represented": ANNA, "role": "representative",
                "scopes": [
                    { "area": "messages", "level": "read" },
                    { "area": "matters", "level": "read" },
                ],
                "valid_from": date_from_today(now, -400),
                "valid_until": date_from_today(now, -30) }),
    )
    .await?;
    let revoked = c
        .representation(
            300,
            json!({ "representative": TOLVAN, "represented": ORG_KONSULT, "role": "signatory",
                "scopes": all_areas(), "valid_from": date_from_today(now, -300) }),
        )
        .await?;
    let revoked = revoked["id"]
        .as_i64()
        .ok_or_else(|| "no representation id".to_string())?;
    c.call(
        20,
        0,
        Method::DELETE,
        &format!("/representations/{revoked}"),
        Value::Null,
    )
    .await?;

    // --- Andersson Konsult AB: VAT return with an open request to supplement --------------
    let moms = c
        .matter(
            20,
            ORG_KONSULT,
            "demo-moms-konsult",
            "Mervärdesskattedeklaration, första kvartalet",
            "recurring",
            MOMS,
        )
        .await?;
    read.push(
        c.message(
            20,
            1,
            ORG_KONSULT,
            Some(moms),
            MOMS,
            "Vi har tagit emot er momsdeklaration",
            "Hej!\n\nVi har tagit emot momsdeklarationen för Andersson Konsult AB för första \
             kvartalet.\n\nVi granskar deklarationen och hör av oss här i Min sida om vi \
             behöver fler uppgifter.",
            vec![],
        )
        .await?,
    );
    c.status(
        15,
        moms,
        "in_progress",
        "En handläggare granskar deklarationen.",
    )
    .await?;
    let due = date_from_today(now, 21);
    c.call(
        3,
        0,
        Method::POST,
        &format!("/matters/{moms}/supplement-requests"),
        json!({
            "sender": MOMS,
            "subject": "Begäran om komplettering av momsdeklarationen",
            "body": format!(
                "Hej!\n\nVi granskar Andersson Konsult AB:s avdrag för ingående moms och \
                 behöver underlag.\n\n\
                 ## Det här behöver vi\n\
                 - Fakturor för inköp över 50 000 kronor under kvartalet\n\
                 - Leasingavtalet för bolagets bil\n\n\
                 Skicka in handlingarna senast {due}. Den som tecknar firman eller är ombud \
                 för bolaget kan svara här i Min sida."
            ),
            "requested_items": ["Fakturor för inköp över 50 000 kronor", "Leasingavtal för bilen"],
            "due_date": due,
        }),
    )
    .await?;

    // --- Andersson Konsult AB: messages ----------------------------------------------------
    read.push(
        c.message(
            60,
            2,
            ORG_KONSULT,
            None,
            SERVICE,
            "Välkommen till Min sida för företag",
            "Hej!\n\nNu får Andersson Konsult AB meddelanden från oss i Min sida. Alla som \
             tecknar firman eller är ombud för bolaget kan läsa dem.\n\n\
             ## Bra att veta\n\
             - Du väljer vem du företräder uppe på sidan.\n\
             - Allt du gör för bolaget loggas med både ditt och bolagets namn.",
            vec![],
        )
        .await?,
    );
    c.message(
        5,
        3,
        ORG_KONSULT,
        None,
        ARBETSGIVARE,
        "Debiterade arbetsgivaravgifter",
        "Hej!\n\nArbetsgivaravgifterna och skatteavdragen för förra månaden har debiterats \
         bolagets skattekonto. Ett utdrag finns som bilaga.",
        vec![attachment(
            "Skattekonto Andersson Konsult AB.pdf",
            "Utdrag ur skattekontot",
            &[
                "Andersson Konsult AB, 559123-4561",
                "Arbetsgivaravgifter: 31 420 kr",
                "Avdragen skatt: 28 900 kr",
            ],
        )],
    )
    .await?;

    // --- Berg & Tolvansson Handelsbolag -----------------------------------------------------
    let registrering = c
        .matter(
            45,
            ORG_HANDELSBOLAG,
            "demo-moms-hb",
            "Registrering för moms",
            "ongoing",
            FSKATT,
        )
        .await?;
    c.status(
        30,
        registrering,
        "decided",
        "Handelsbolaget är registrerat för moms.",
    )
    .await?;
    read.push(
        c.message(
            30,
            2,
            ORG_HANDELSBOLAG,
            Some(registrering),
            FSKATT,
            "Registreringsbevis",
            "Hej!\n\nBerg & Tolvansson Handelsbolag är nu registrerat för moms. \
             Registreringsbeviset finns som bilaga.",
            vec![attachment(
                "Registreringsbevis.pdf",
                "Registreringsbevis",
                &[
                    "Berg & Tolvansson Handelsbolag, 969789-0128",
                    "Registrerad för moms och F-skatt",
                ],
            )],
        )
        .await?,
    );

    mark_read(state, read).await?;
    Ok(c.requests)
}
