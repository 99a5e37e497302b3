//! Translations. Swedish is the default language, English the second.
//!
//! Every user-visible string is a [`Key`]. Each language is one exhaustive `match`, so a key
//! without a translation in every language does not compile.

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    Sv,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Sv, Lang::En];

    /// BCP 47 tag for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        match tag {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
        }
    }

    /// BCP 47 locale for date formatting.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Sv => "sv-SE",
            Lang::En => "en-GB",
        }
    }
}

/// Declares [`Key`] and [`Key::ALL`] from one list, so tests can walk every key.
macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }
        impl Key {
            #[cfg_attr(not(test), allow(dead_code))]
            pub const ALL: &'static [Key] = &[$(Key::$key),*];
        }
    };
}

keys! {
    // Shell
    SkipToContent,
    SiteName,
    AgencyName,
    MainNavLabel,
    NavStart,
    NavPersonal,
    LogOut,
    LoggingOut,
    LoggedInAs,
    LanguageLabel,
    TestEnvBanner,
    FooterContact,
    FooterContactText,
    Loading,
    // Login
    LoginTitle,
    LoginIntro,
    LoginTestHeading,
    LoginTestWarning,
    LoginChoosePerson,
    LoginAs,
    LoginManualHeading,
    LoginPersonalNumber,
    LoginPersonalNumberHint,
    LoginButton,
    LoginInProgress,
    LoginUnavailable,
    SessionExpiredNotice,
    LoggedOutNotice,
    // Start
    StartTitle,
    StartWelcome,
    StartIntro,
    StartServicesHeading,
    StartPersonalLink,
    StartPersonalText,
    // Personal details
    PersonalTitle,
    PersonalIntro,
    RegisteredHeading,
    RegisteredSource,
    FieldName,
    FieldPersonalNumber,
    FieldCoordinationNumber,
    FieldBirthDate,
    FieldRegisteredAddress,
    FieldPostalAddress,
    FieldMunicipality,
    FieldCounty,
    FieldRegisteredSince,
    FieldCitizenship,
    ReportChangeHeading,
    ReportChangeMove,
    ReportChangeOther,
    ContactHeading,
    ContactIntro,
    ContactEmail,
    ContactEmailHint,
    ContactMobile,
    ContactMobileHint,
    ContactSave,
    ContactSaving,
    ContactSaved,
    ContactLastChanged,
    ContactRemoveHint,
    // Errors
    ErrorSummaryTitle,
    ErrRequired,
    ErrTooLong,
    ErrInvalidEmail,
    ErrInvalidPhone,
    ErrInvalidPersonalNumber,
    ErrUnknownPerson,
    ErrNetwork,
    ErrUnauthenticated,
    ErrSessionExpired,
    ErrForbidden,
    ErrNotFound,
    ErrCsrf,
    ErrPayloadTooLarge,
    ErrUnsupportedMediaType,
    ErrBadRequest,
    ErrRateLimited,
    ErrProviderDisabled,
    ErrServer,
    ErrDecode,
    // Not found
    NotFoundTitle,
    NotFoundText,
    NotFoundBack,
}

pub fn translate(lang: Lang, key: Key) -> &'static str {
    match lang {
        Lang::Sv => sv(key),
        Lang::En => en(key),
    }
}

fn sv(key: Key) -> &'static str {
    use Key::*;
    match key {
        SkipToContent => "Gå direkt till innehållet",
        SiteName => "Min sida",
        AgencyName => "Exempelverket",
        MainNavLabel => "Huvudmeny",
        NavStart => "Start",
        NavPersonal => "Mina uppgifter",
        LogOut => "Logga ut",
        LoggingOut => "Loggar ut …",
        LoggedInAs => "Inloggad som",
        LanguageLabel => "Språk",
        TestEnvBanner => "Testmiljö: här används bara påhittade testpersoner.",
        FooterContact => "Kontakta oss",
        FooterContactText => "Behöver du hjälp? Ring 0771-00 00 00 eller besök ett servicekontor.",
        Loading => "Laddar …",
        LoginTitle => "Logga in på Min sida",
        LoginIntro => "Här ser du dina uppgifter och kan sköta dina ärenden hos oss.",
        LoginTestHeading => "Testinloggning",
        LoginTestWarning => "Endast för test och demonstration. Personerna är påhittade.",
        LoginChoosePerson => "Välj en testperson",
        LoginAs => "Logga in som",
        LoginManualHeading => "Logga in med personnummer",
        LoginPersonalNumber => "Personnummer",
        LoginPersonalNumberHint => "10 eller 12 siffror, till exempel 19811218-9876",
        LoginButton => "Logga in",
        LoginInProgress => "Loggar in …",
        LoginUnavailable => "Inloggningen är inte tillgänglig just nu. Försök igen senare.",
        SessionExpiredNotice => "Du har loggats ut eftersom du inte har gjort något på en stund. Logga in igen för att fortsätta.",
        LoggedOutNotice => "Du är nu utloggad.",
        StartTitle => "Start",
        StartWelcome => "Välkommen",
        StartIntro => "Här samlar vi det du kan göra på Min sida.",
        StartServicesHeading => "Dina tjänster",
        StartPersonalLink => "Mina uppgifter",
        StartPersonalText => "Se uppgifterna vi har om dig i folkbokföringen och ändra dina kontaktuppgifter.",
        PersonalTitle => "Mina uppgifter",
        PersonalIntro => "Här ser du uppgifterna vi har om dig. Kontaktuppgifterna bestämmer du själv över.",
        RegisteredHeading => "Folkbokföring",
        RegisteredSource => "Uppgifterna kommer från folkbokföringen. Du kan inte ändra dem här.",
        FieldName => "Namn",
        FieldPersonalNumber => "Personnummer",
        FieldCoordinationNumber => "Samordningsnummer",
        FieldBirthDate => "Födelsedatum",
        FieldRegisteredAddress => "Folkbokföringsadress",
        FieldPostalAddress => "Särskild postadress",
        FieldMunicipality => "Kommun",
        FieldCounty => "Län",
        FieldRegisteredSince => "Folkbokförd på adressen sedan",
        FieldCitizenship => "Medborgarskap",
        ReportChangeHeading => "Stämmer något inte?",
        ReportChangeMove => "Har du flyttat? Anmäl flytt senast en vecka efter flytten, så uppdaterar vi folkbokföringen.",
        ReportChangeOther => "Är någon annan uppgift fel? Kontakta oss på 0771-00 00 00 eller besök ett servicekontor, så hjälper vi dig.",
        ContactHeading => "Kontaktuppgifter",
        ContactIntro => "Vi använder dina kontaktuppgifter för att meddela dig när något nytt har kommit till Min sida. Uppgifterna är frivilliga.",
        ContactEmail => "E-postadress",
        ContactEmailHint => "Till exempel namn@exempel.se",
        ContactMobile => "Mobilnummer",
        ContactMobileHint => "Till exempel 070-123 45 67 eller +46 70 123 45 67",
        ContactSave => "Spara kontaktuppgifter",
        ContactSaving => "Sparar …",
        ContactSaved => "Dina kontaktuppgifter är sparade.",
        ContactLastChanged => "Senast ändrade",
        ContactRemoveHint => "Lämna ett fält tomt om du vill ta bort uppgiften.",
        ErrorSummaryTitle => "Rätta följande innan du fortsätter:",
        ErrRequired => "Fyll i fältet.",
        ErrTooLong => "Texten är för lång.",
        ErrInvalidEmail => "Skriv e-postadressen så här: namn@exempel.se",
        ErrInvalidPhone => "Skriv ett mobilnummer, till exempel 070-123 45 67 eller +46 70 123 45 67.",
        ErrInvalidPersonalNumber => "Skriv ett giltigt personnummer med 10 eller 12 siffror, till exempel 19811218-9876.",
        ErrUnknownPerson => "Det finns ingen testperson med det personnumret.",
        ErrNetwork => "Vi kunde inte nå Min sida. Kontrollera din internetanslutning och försök igen.",
        ErrUnauthenticated => "Du behöver logga in.",
        ErrSessionExpired => "Du har loggats ut eftersom du inte har gjort något på en stund.",
        ErrForbidden => "Du har inte behörighet att se eller göra det här.",
        ErrNotFound => "Vi hittade inte det du söker.",
        ErrCsrf => "Av säkerhetsskäl behöver sidan laddas om. Ladda om sidan och försök igen.",
        ErrPayloadTooLarge => "Det du skickade är för stort.",
        ErrUnsupportedMediaType => "Formatet stöds inte.",
        ErrBadRequest => "Något i förfrågan var fel. Ladda om sidan och försök igen.",
        ErrRateLimited => "Du har gjort för många försök. Vänta en stund och försök igen.",
        ErrProviderDisabled => "Den här inloggningen är avstängd.",
        ErrServer => "Något gick fel hos oss. Försök igen om en stund.",
        ErrDecode => "Vi fick ett oväntat svar. Ladda om sidan och försök igen.",
        NotFoundTitle => "Sidan finns inte",
        NotFoundText => "Sidan du söker finns inte, eller så har den flyttats.",
        NotFoundBack => "Gå till startsidan",
    }
}

fn en(key: Key) -> &'static str {
    use Key::*;
    match key {
        SkipToContent => "Skip to main content",
        SiteName => "My page",
        AgencyName => "The Example Agency",
        MainNavLabel => "Main menu",
        NavStart => "Home",
        NavPersonal => "My details",
        LogOut => "Log out",
        LoggingOut => "Logging out …",
        LoggedInAs => "Logged in as",
        LanguageLabel => "Language",
        TestEnvBanner => "Test environment: only made-up test persons are used here.",
        FooterContact => "Contact us",
        FooterContactText => "Need help? Call +46 771 00 00 00 or visit a service office.",
        Loading => "Loading …",
        LoginTitle => "Log in to My page",
        LoginIntro => "See your details and manage your matters with us.",
        LoginTestHeading => "Test login",
        LoginTestWarning => "For testing and demonstration only. The persons are made up.",
        LoginChoosePerson => "Choose a test person",
        LoginAs => "Log in as",
        LoginManualHeading => "Log in with a personal identity number",
        LoginPersonalNumber => "Personal identity number",
        LoginPersonalNumberHint => "10 or 12 digits, for example 19811218-9876",
        LoginButton => "Log in",
        LoginInProgress => "Logging in …",
        LoginUnavailable => "Login is not available right now. Please try again later.",
        SessionExpiredNotice => "You have been logged out because you were inactive for a while. Log in again to continue.",
        LoggedOutNotice => "You are now logged out.",
        StartTitle => "Home",
        StartWelcome => "Welcome",
        StartIntro => "Everything you can do on My page, in one place.",
        StartServicesHeading => "Your services",
        StartPersonalLink => "My details",
        StartPersonalText => "See what the population register holds about you and change your contact details.",
        PersonalTitle => "My details",
        PersonalIntro => "These are the details we hold about you. Your contact details are yours to decide.",
        RegisteredHeading => "Population register",
        RegisteredSource => "These details come from the population register. You cannot change them here.",
        FieldName => "Name",
        FieldPersonalNumber => "Personal identity number",
        FieldCoordinationNumber => "Coordination number",
        FieldBirthDate => "Date of birth",
        FieldRegisteredAddress => "Registered address",
        FieldPostalAddress => "Special postal address",
        FieldMunicipality => "Municipality",
        FieldCounty => "County",
        FieldRegisteredSince => "Registered at this address since",
        FieldCitizenship => "Citizenship",
        ReportChangeHeading => "Is something wrong?",
        ReportChangeMove => "Have you moved? Report your move no later than one week after moving and we will update the population register.",
        ReportChangeOther => "Is another detail wrong? Call us on +46 771 00 00 00 or visit a service office and we will help you.",
        ContactHeading => "Contact details",
        ContactIntro => "We use your contact details to let you know when something new has arrived on My page. They are optional.",
        ContactEmail => "Email address",
        ContactEmailHint => "For example name@example.com",
        ContactMobile => "Mobile number",
        ContactMobileHint => "For example 070-123 45 67 or +46 70 123 45 67",
        ContactSave => "Save contact details",
        ContactSaving => "Saving …",
        ContactSaved => "Your contact details have been saved.",
        ContactLastChanged => "Last changed",
        ContactRemoveHint => "Leave a field empty to remove that detail.",
        ErrorSummaryTitle => "Correct the following before you continue:",
        ErrRequired => "Fill in this field.",
        ErrTooLong => "The text is too long.",
        ErrInvalidEmail => "Enter the email address like this: name@example.com",
        ErrInvalidPhone => "Enter a mobile number, for example 070-123 45 67 or +46 70 123 45 67.",
        ErrInvalidPersonalNumber => "Enter a valid personal identity number with 10 or 12 digits, for example 19811218-9876.",
        ErrUnknownPerson => "There is no test person with that personal identity number.",
        ErrNetwork => "We could not reach My page. Check your internet connection and try again.",
        ErrUnauthenticated => "You need to log in.",
        ErrSessionExpired => "You have been logged out because you were inactive for a while.",
        ErrForbidden => "You are not allowed to see or do this.",
        ErrNotFound => "We could not find what you are looking for.",
        ErrCsrf => "For security reasons the page needs to be reloaded. Reload the page and try again.",
        ErrPayloadTooLarge => "What you sent is too large.",
        ErrUnsupportedMediaType => "The format is not supported.",
        ErrBadRequest => "Something in the request was wrong. Reload the page and try again.",
        ErrRateLimited => "Too many attempts. Wait a while and try again.",
        ErrProviderDisabled => "This login method is switched off.",
        ErrServer => "Something went wrong on our side. Please try again in a while.",
        ErrDecode => "We received an unexpected answer. Reload the page and try again.",
        NotFoundTitle => "Page not found",
        NotFoundText => "The page you are looking for does not exist, or it has moved.",
        NotFoundBack => "Go to the home page",
    }
}

const STORAGE_KEY: &str = "minsida.lang";

/// Reactive access to the current language; provided as context by the app shell.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The language remembered on this device, else Swedish (the portal is Swedish first;
    /// English is one click away in the header).
    pub fn initial_lang() -> Lang {
        crate::browser::local_storage_get(STORAGE_KEY)
            .and_then(|s| Lang::from_tag(&s))
            .unwrap_or(Lang::Sv)
    }

    pub fn set(&self, lang: Lang) {
        crate::browser::local_storage_set(STORAGE_KEY, lang.tag());
        self.lang.set(lang);
    }

    /// Translate reactively (tracks the language signal).
    pub fn t(&self, key: Key) -> &'static str {
        translate(self.lang.get(), key)
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_translation_is_empty_or_left_untranslated_by_accident() {
        // Keys whose text is legitimately identical in both languages.
        let same_ok = [Key::SiteName];
        for &key in Key::ALL {
            for lang in Lang::ALL {
                assert!(!translate(lang, key).trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
            if !same_ok.contains(&key) && translate(Lang::Sv, key) == translate(Lang::En, key) {
                panic!("{key:?} has the same text in Swedish and English");
            }
        }
    }
}
