//! Demo messages and matters, delivered through the real system-to-system API.
//!
//! Runs when demo data is enabled, after the demo persons are seeded: every matter, message
//! and request to supplement is an HTTP request (`tower::ServiceExt::oneshot`) to the API
//! router with the demo system's bearer key, so the demo exercises exactly the production
//! path (validation, encryption at rest, timeline, audit). To make the inbox look lived-in,
//! each request runs with the clock set back by some days. Only the read state of a few old
//! messages is set directly afterwards (a person opening them would otherwise be needed).
//!
//! The demo companies' signatories and the other demo representations are registered through
//! the system API's representation routes the same way, and the companies get their own
//! matter, messages and an open request to supplement (so a signatory can answer it for the
//! company).
//!
//! Idempotent across restarts: the persons' messages are delivered unless Anna Andersson
//! already has a matter, the representations and company data unless Andersson Konsult AB
//! has one.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Method, Request};
use base64::Engine as _;
use serde_json::{json, Value};
use time::OffsetDateTime;
use tower::ServiceExt as _;

use crate::config::DEMO_SYSTEM_API_KEY;
use crate::{routes, AppState};

const ANNA: &str = "198112189876";
const LARS: &str = "197010632391";
const TOLVAN: &str = "191212121212";
/// Andersson Konsult AB (signatory: Anna Andersson).
pub const ORG_KONSULT: &str = "559123-4561";
/// Berg & Tolvansson Handelsbolag (signatories: Lars Berg and Tolvan Tolvansson).
pub const ORG_HANDELSBOLAG: &str = "969789-0128";

const DAY: i64 = 24 * 60 * 60;

/// A tiny but valid one-page PDF showing `title` and `lines` (Latin-1 text, Helvetica).
pub fn demo_pdf(title: &str, lines: &[&str]) -> Vec<u8> {
    fn pdf_string(text: &str) -> String {
        let mut out = String::from("(");
        for c in text.chars() {
            match c {
                '(' | ')' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
                c if (c as u32) <= 0xFF => out.push_str(&format!("\\{:03o}", c as u32)),
                _ => out.push('?'),
            }
        }
        out.push(')');
        out
    }
    let mut content = format!("BT /F1 16 Tf 56 780 Td {} Tj ET\n", pdf_string(title));
    for (i, line) in lines.iter().enumerate() {
        content.push_str(&format!(
            "BT /F1 11 Tf 56 {} Td {} Tj ET\n",
            744 - 18 * i as i64,
            pdf_string(line)
        ));
    }
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, obj) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{obj}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        pdf.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

fn attachment(file_name: &str, title: &str, lines: &[&str]) -> Value {
    json!({
        "file_name": file_name,
        "content_base64": base64::engine::general_purpose::STANDARD.encode(demo_pdf(title, lines)),
    })
}

/// The system API's recipient for a personal identity number or an organisation number.
fn recipient(number: &str) -> Value {
    if minsida_api::org::OrgNumber::parse(number).is_ok() {
        json!({ "organisation_number": number })
    } else {
        json!({ "personal_number": number })
    }
}

/// Sends requests to the system API as the demo system.
struct Client<'a> {
    state: &'a AppState,
    now: i64,
    requests: usize,
}

impl Client<'_> {
    /// `method path` with a JSON body, as if sent `days_ago` days (and `hours` hours) ago.
    async fn call(
        &mut self,
        days_ago: i64,
        hours: i64,
        method: Method,
        path: &str,
        body: Value,
    ) -> Result<Value, String> {
        let at = self.now - days_ago * DAY + hours * 3600;
        let mut state = self.state.clone();
        state.clock = Arc::new(move || {
            OffsetDateTime::from_unix_timestamp(at).unwrap_or(OffsetDateTime::UNIX_EPOCH)
        });
        let request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", routes::SYSTEM_API_PREFIX))
            .header(
                header::AUTHORIZATION,
                format!("Bearer {DEMO_SYSTEM_API_KEY}"),
            )
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .map_err(|e| e.to_string())?;
        let response = routes::router(state)
            .oneshot(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .map_err(|e| e.to_string())?;
        self.requests += 1;
        if !status.is_success() {
            return Err(format!(
                "{path}: {status}: {}",
                String::from_utf8_lossy(&bytes)
            ));
        }
        if bytes.is_empty() {
            // 204 No Content.
            return Ok(Value::Null);
        }
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())
    }

    async fn matter(
        &mut self,
        days_ago: i64,
        pn: &str,
        external_id: &str,
        title: &str,
        category: &str,
        handler: &str,
    ) -> Result<i64, String> {
        let m = self
            .call(
                days_ago,
                0,
                Method::POST,
                "/matters",
                json!({
                    "recipient": recipient(pn),
                    "title": title,
                    "category": category,
                    "handler": handler,
                    "external_id": external_id,
                }),
            )
            .await?;
        m["id"].as_i64().ok_or_else(|| "no matter id".to_string())
    }

    /// Register a representation, as if `days_ago` days ago.
    async fn representation(&mut self, days_ago: i64, body: Value) -> Result<Value, String> {
        self.call(days_ago, 0, Method::POST, "/representations", body)
            .await
    }

    async fn status(
        &mut self,
        days_ago: i64,
        matter: i64,
        status: &str,
        note: &str,
    ) -> Result<(), String> {
        self.call(
            days_ago,
            4,
            Method::PUT,
            &format!("/matters/{matter}/status"),
            json!({ "status": status, "note": note }),
        )
        .await
        .map(|_| ())
    }

    #[allow(clippy::too_many_arguments)]
    async fn message(
        &mut self,
        days_ago: i64,
        hours: i64,
        pn: &str,
        matter: Option<i64>,
        sender: &str,
        subject: &str,
        body: &str,
        attachments: Vec<Value>,
    ) -> Result<i64, String> {
        let d = self
            .call(
                days_ago,
                hours,
                Method::POST,
                "/messages",
                json!({
                    "recipient": recipient(pn),
                    "matter_id": matter,
                    "sender": sender,
                    "subject": subject,
                    "body": body,
                    "attachments": attachments,
                }),
            )
            .await?;
        d["message_id"]
            .as_i64()
            .ok_or_else(|| "no message id".to_string())
    }
}

const SKATT: &str = "Skatteverket, Beskattning";
const FOLKBOKFORING: &str = "Skatteverket, Folkbokföring";
const FSKATT: &str = "Skatteverket, Företagsregistrering";
const SERVICE: &str = "Skatteverket, Kundservice";

/// Deliver the demo matters and messages, and register the demo representations, unless
/// already there. Returns the number of API requests made (0 when the data was already
/// present).
pub async fn seed_messages(state: &AppState) -> Result<usize, String> {
    let persons = seed_person_messages(state).await?;
    let representation = seed_representation(state).await?;
    Ok(persons + representation)
}

/// The demo persons' matters and messages, unless Anna Andersson already has a matter.
async fn seed_person_messages(state: &AppState) -> Result<usize, String> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM matters m JOIN persons p ON p.id = m.person_id \
         WHERE p.personal_number = ?",
    )
    .bind(ANNA)
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

    // --- Anna: the yearly tax return, decided -------------------------------------------
    let dekl = c
        .matter(
            75,
            ANNA,
            "demo-dekl-2025",
            "Inkomstdeklaration 2025",
            "recurring",
            SKATT,
        )
        .await?;
    read.push(
        c.message(
            75,
            2,
            ANNA,
            Some(dekl),
            SKATT,
            "Din inkomstdeklaration 2025 finns att granska",
            "Hej Anna!\n\nDin inkomstdeklaration för inkomståret 2024 är klar att granska. \
             Uppgifterna kommer från din arbetsgivare, din bank och Försäkringskassan.\n\n\
             ## Så här gör du\n\
             1. Kontrollera att uppgifterna stämmer.\n\
             2. Ändra eller lägg till det som saknas.\n\
             3. Godkänn deklarationen senast den 5 maj.\n\n\
             Om allt stämmer behöver du bara godkänna. Deklarationen finns också som bilaga.",
            vec![attachment(
                "Inkomstdeklaration 2025.pdf",
                "Inkomstdeklaration 1, inkomståret 2024",
                &[
                    "Anna Andersson, 19811218-9876",
                    "Lön: 486 000 kr",
                    "Ränteutgifter: 21 400 kr",
                ],
            )],
        )
        .await?,
    );
    c.status(
        60,
        dekl,
        "in_progress",
        "Deklarationen är inlämnad och granskas.",
    )
    .await?;
    read.push(
        c.message(
            21,
            3,
            ANNA,
            Some(dekl),
            SKATT,
            "Beslut om slutlig skatt 2025",
            "Hej Anna!\n\nNu är beslutet om din slutliga skatt klart. Du får tillbaka \
             4 312 kronor.\n\n\
             ## Vad händer nu?\n\
             - Pengarna betalas ut till ditt konto i början av juni.\n\
             - Beslutet finns som bilaga till det här meddelandet.\n\n\
             Om du inte håller med om beslutet kan du begära omprövning inom fem år.",
            vec![attachment(
                "Slutskattebesked 2025.pdf",
                "Slutskattebesked 2025",
                &[
                    "Anna Andersson, 19811218-9876",
                    "Att få tillbaka: 4 312 kr",
                    "Utbetalning: juni 2025",
                ],
            )],
        )
        .await?,
    );
    c.status(21, dekl, "decided", "Beslut om slutlig skatt har fattats.")
        .await?;

    // --- Anna: moving (life event) with an open request to supplement ---------------------
    let flytt = c
        .matter(
            12,
            ANNA,
            "demo-flytt-2025",
            "Flyttanmälan till Sveavägen 12",
            "life_event",
            FOLKBOKFORING,
        )
        .await?;
    read.push(
        c.message(
            12,
            1,
            ANNA,
            Some(flytt),
            FOLKBOKFORING,
            "Vi har tagit emot din flyttanmälan",
            "Hej Anna!\n\nVi har tagit emot din anmälan om flytt till Sveavägen 12, \
             113 50 Stockholm.\n\nHandläggningstiden är normalt en till två veckor. Vi hör av \
             oss här i Min sida om vi behöver fler uppgifter.",
            vec![],
        )
        .await?,
    );
    c.status(
        10,
        flytt,
        "in_progress",
        "En handläggare granskar din anmälan.",
    )
    .await?;
    let due = crate::dates::format_date(crate::dates::stockholm_date(now + 14 * DAY));
    c.call(
        2,
        0,
        Method::POST,
        &format!("/matters/{flytt}/supplement-requests"),
        json!({
            "sender": FOLKBOKFORING,
            "subject": "Begäran om komplettering av flyttanmälan",
            "body": format!(
                "Hej Anna!\n\nFör att kunna registrera din nya adress behöver vi fler uppgifter \
                 från dig.\n\n\
                 ## Det här behöver vi\n\
                 - En kopia av ditt hyreskontrakt för Sveavägen 12\n\
                 - Ett intyg från hyresvärden om att du bor i lägenheten\n\n\
                 Skicka in handlingarna senast {due}. Du kan fotografera eller skanna dem och \
                 ladda upp dem som PDF, JPEG eller PNG.\n\n\
                 Om vi inte får in uppgifterna kan vi behöva avslå din anmälan."
            ),
            "requested_items": ["Kopia av hyreskontrakt", "Intyg från hyresvärd"],
            "due_date": due,
        }),
    )
    .await?;

    // --- Anna: F-tax application, ongoing -------------------------------------------------
    let fskatt = c
        .matter(
            8,
            ANNA,
            "demo-fskatt-2025",
            "Ansökan om F-skatt",
            "ongoing",
            FSKATT,
        )
        .await?;
    read.push(
        c.message(
            8,
            1,
            ANNA,
            Some(fskatt),
            FSKATT,
            "Vi har tagit emot din ansökan om F-skatt",
            "Hej Anna!\n\nTack för din ansökan om F-skatt för din enskilda firma.\n\n\
             ## Det här händer nu\n\
             - Vi kontrollerar uppgifterna i ansökan.\n\
             - Vi kan kontakta dig om vi behöver veta mer om verksamheten.\n\
             - Du får ett beslut här i Min sida.",
            vec![],
        )
        .await?,
    );
    c.status(
        6,
        fskatt,
        "in_progress",
        "Ansökan har tilldelats en handläggare.",
    )
    .await?;
    c.message(
        3,
        4,
        ANNA,
        Some(fskatt),
        FSKATT,
        "Handläggningstid för din ansökan",
        "Hej Anna!\n\nJust nu är handläggningstiden för ansökningar om F-skatt ungefär fyra \
         veckor.\n\nDu behöver inte göra något. Om du vill lägga till något i ansökan kan du \
         skriva till oss i ärendet.",
        vec![],
    )
    .await?;

    // --- Anna: ordinary messages -------------------------------------------------------------
    read.push(
        c.message(
            90,
            0,
            ANNA,
            None,
            SERVICE,
            "Välkommen till Min sida",
            "Hej Anna!\n\nVälkommen till Min sida. Här får du meddelanden från oss, följer dina \
             ärenden och skickar in handlingar på ett säkert sätt.\n\n\
             ## Bra att veta\n\
             - Vi skickar aldrig länkar till inloggning i e-post eller sms.\n\
             - Meddelanden i Min sida sparas, även de du arkiverar.\n\
             - Du får en kvittens för allt du skickar till oss.",
            vec![],
        )
        .await?,
    );
    read.push(
        c.message(
            45,
            2,
            ANNA,
            None,
            FOLKBOKFORING,
            "Ditt personbevis",
            "Hej Anna!\n\nHär är personbeviset du beställde. Det är giltigt i tre månader och \
             finns som bilaga till det här meddelandet.",
            vec![attachment(
                "Personbevis.pdf",
                "Personbevis - utdrag ur folkbokföringen",
                &[
                    "Anna Maria Andersson, 19811218-9876",
                    "Folkbokförd: Storgatan 1, 111 22 Stockholm",
                    "Stockholms kommun, Stockholms län",
                ],
            )],
        )
        .await?,
    );
    c.message(
        30,
        5,
        ANNA,
        None,
        SERVICE,
        "Påminnelse: kontrollera dina kontaktuppgifter",
        "Hej Anna!\n\nHåll dina kontaktuppgifter uppdaterade så att vi kan nå dig när något \
         händer i dina ärenden.\n\nDu ändrar dem under Mina uppgifter.",
        vec![],
    )
    .await?;
    read.push(
        c.message(
            15,
            6,
            ANNA,
            None,
            SKATT,
            "Skatteåterbäring utbetald",
            "Hej Anna!\n\nVi har betalat ut 4 312 kronor till ditt konto i Exempelbanken.\n\n\
             Pengarna syns normalt på kontot inom tre bankdagar.",
            vec![],
        )
        .await?,
    );
    c.message(
        11,
        2,
        ANNA,
        None,
        FOLKBOKFORING,
        "Ny e-tjänst för adressändring",
        "Hej Anna!\n\nNu kan du anmäla flytt och tillfällig adress direkt i Min sida.\n\n\
         ## Fördelar\n\
         - Du ser status för din anmälan hela tiden.\n\
         - Du kan skicka kompletteringar digitalt.\n\
         - Du får kvittens på allt du skickar.",
        vec![],
    )
    .await?;
    c.message(
        7,
        3,
        ANNA,
        None,
        SERVICE,
        "Information om id-kort",
        "Hej Anna!\n\nDitt id-kort från oss går ut om tre månader.\n\n\
         ## Så förnyar du det\n\
         1. Boka tid på ett servicekontor.\n\
         2. Betala avgiften på 400 kronor.\n\
         3. Ta med ditt nuvarande id-kort till besöket.",
        vec![],
    )
    .await?;
    read.push(
        c.message(
            5,
            1,
            ANNA,
            None,
            SERVICE,
            "Bekräftelse av ändrade kontaktuppgifter",
            "Hej Anna!\n\nDina kontaktuppgifter har ändrats i Min sida. Om det inte var du som \
             ändrade dem, kontakta oss på 0771-567 567.",
            vec![],
        )
        .await?,
    );
    c.message(
        1,
        2,
        ANNA,
        None,
        SKATT,
        "Underlag för preliminär skatt 2026",
        "Hej Anna!\n\nHär är underlaget för din preliminära skatt för 2026. Kontrollera att \
         den beräknade inkomsten stämmer.\n\nOm inkomsten ändras mycket kan du lämna en ny \
         preliminär inkomstdeklaration.",
        vec![attachment(
            "Preliminär skatt 2026.pdf",
            "Preliminär skatt 2026",
            &[
                "Anna Andersson, 19811218-9876",
                "Beräknad inkomst: 498 000 kr",
                "Skattetabell 32, kolumn 1",
            ],
        )],
    )
    .await?;

    // --- Lars Berg ---------------------------------------------------------------------------
    read.push(
        c.message(
            40,
            0,
            LARS,
            None,
            FOLKBOKFORING,
            "Särskild postadress registrerad",
            "Hej Lars!\n\nVi har registrerat din särskilda postadress: Box 123, 411 01 Göteborg.\n\n\
             Post från myndigheter skickas nu dit.",
            vec![],
        )
        .await?,
    );
    c.message(
        4,
        2,
        LARS,
        None,
        SKATT,
        "Information till dig som bor utomlands",
        "Hej Lars!\n\nDu som bor utomlands men har inkomster från Sverige kan behöva betala \
         skatt här.\n\n\
         ## Tänk på\n\
         - Särskild inkomstskatt för utomlands bosatta (SINK) kan gälla.\n\
         - Skatteavtalet mellan Sverige och Norge styr var du beskattas.",
        vec![],
    )
    .await?;

    // --- Tolvan --------------------------------------------------------------------------------
    read.push(
        c.message(
            30,
            0,
            TOLVAN,
            None,
            SERVICE,
            "Välkommen till Min sida",
            "Hej Tolvan!\n\nVälkommen till Min sida. Här får du meddelanden från oss och kan \
             följa dina ärenden.",
            vec![],
        )
        .await?,
    );
    c.message(
        2,
        3,
        TOLVAN,
        None,
        FOLKBOKFORING,
        "Ditt personbevis",
        "Hej Tolvan!\n\nHär är personbeviset du beställde. Det finns som bilaga.",
        vec![attachment(
            "Personbevis.pdf",
            "Personbevis - utdrag ur folkbokföringen",
            &[
                "Tolvan Tolvansson, 19121212-1212",
                "Folkbokförd: Tolvvägen 12, 123 45 Farsta",
            ],
        )],
    )
    .await?;

    // The person opened these messages about an hour after delivery.
    for id in read {
        sqlx::query(
            "UPDATE messages SET read = 1, first_read_at = sent_at + 3600 WHERE id = ? AND first_read_at IS NULL",
        )
        .bind(id)
        .execute(&state.pool)
        .await
        .map_err(|e| e.to_string())?;
    }
    Ok(c.requests)
}

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
async fn seed_representation(state: &AppState) -> Result<usize, String> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM matters m JOIN persons p ON p.id = m.person_id \
         WHERE p.personal_number = ?",
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

    for id in read {
        sqlx::query(
            "UPDATE messages SET read = 1, first_read_at = sent_at + 3600 WHERE id = ? AND first_read_at IS NULL",
        )
        .bind(id)
        .execute(&state.pool)
        .await
        .map_err(|e| e.to_string())?;
    }
    Ok(c.requests)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_pdf_is_a_pdf_with_a_valid_xref() {
        let pdf = demo_pdf("Personbevis (test)", &["Åsa Öberg"]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        let startxref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(pdf[startxref..].starts_with(b"xref"));
        // Each xref offset points at its object.
        let tail = String::from_utf8(pdf[startxref..].to_vec()).unwrap();
        for (i, line) in tail.lines().skip(3).take(5).enumerate() {
            let off: usize = line[..10].parse().unwrap();
            assert!(pdf[off..].starts_with(format!("{} 0 obj", i + 1).as_bytes()));
        }
        assert!(text.contains("\\305sa \\326berg"));
        assert!(text.contains("\\(test\\)"));
    }
}
