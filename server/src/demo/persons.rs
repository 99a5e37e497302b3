//! The demo persons' matters and messages: Anna Andersson's tax return, move and F-tax
//! application and her ordinary messages, and a few messages for Lars Berg and Tolvan
//! Tolvansson.

use axum::http::Method;
use serde_json::json;

use super::client::{attachment, mark_read, Client};
use super::{ANNA, DAY, FOLKBOKFORING, FSKATT, LARS, SERVICE, SKATT, TOLVAN};
use crate::AppState;

/// The demo persons' matters and messages, unless Anna Andersson already has a matter.
pub(super) async fn seed_person_messages(state: &AppState) -> Result<usize, String> {
    let existing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM matters m JOIN persons p ON p.id = m.person_id \
         WHERE p.personal_number = $1",
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
    mark_read(state, read).await?;
    Ok(c.requests)
}
