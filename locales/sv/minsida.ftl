### Min sida: svenska (standardspråket, fullständigt).
### Varje text i appen finns här; alla andra språk har samma meddelanden.

## Shell

skip-to-content = Gå direkt till innehållet
site-name = Min sida
agency-name = Exempelverket
main-nav-label = Huvudmeny
nav-start = Start
nav-personal = Mina uppgifter
log-out = Logga ut
logging-out = Loggar ut …
logged-in-as = Inloggad som
language-label = Språk
menu = Meny
test-env-banner = Testmiljö: här används bara påhittade testpersoner.
footer-contact = Kontakta oss
footer-contact-text = Behöver du hjälp? Ring 0771-00 00 00 eller besök ett servicekontor.
loading = Laddar …
page-load-failed-title = Sidan kunde inte visas
page-load-failed-text = En del av Min sida gick inte att hämta. Kontrollera din internetanslutning och försök igen. Inget av det du gjort har försvunnit.
page-load-retry = Försök igen

## Login

login-title = Logga in på Min sida
login-intro = Här ser du dina uppgifter och kan sköta dina ärenden hos oss.
login-test-heading = Testinloggning
login-test-warning = Endast för test och demonstration. Personerna är påhittade.
login-choose-person = Välj en testperson
login-as = Logga in som
login-manual-heading = Logga in med personnummer
login-personal-number = Personnummer
login-personal-number-hint = 10 eller 12 siffror, till exempel 19811218-9876
login-button = Logga in
login-in-progress = Loggar in …
login-unavailable = Inloggningen är inte tillgänglig just nu. Försök igen senare.
session-expired-notice = Du har loggats ut eftersom du inte har gjort något på en stund. Logga in igen för att fortsätta.
logged-out-notice = Du är nu utloggad.
login-eid-heading = Logga in med e-legitimation
login-with = Logga in med { $name }
login-failed-cancelled = Du avbröt inloggningen och är inte inloggad. Logga in igen när du vill fortsätta.
login-failed-expired = Inloggningen tog för lång tid eller påbörjades i ett annat fönster, så du är inte inloggad. Börja om genom att logga in igen.
login-failed-generic = Inloggningen misslyckades och du är inte inloggad. Försök igen om en stund. Fungerar det inte, ring 0771-00 00 00.
login-failed-assurance = Din e-legitimation har inte den säkerhetsnivå som Min sida kräver, så du är inte inloggad. Logga in med en e-legitimation med högre säkerhetsnivå (tillitsnivå 3 eller 4), eller besök ett servicekontor.
login-failed-unknown-person = Din e-legitimation är giltig, men vi hittar dig inte bland dem som kan använda Min sida, så du är inte inloggad. Ring 0771-00 00 00 om du tror att det är fel.
login-failed-invalid-identity = Din e-legitimation gav oss inget personnummer eller samordningsnummer som vi kan använda, så du är inte inloggad. Försök med en annan e-legitimation eller ring 0771-00 00 00.

## Start

start-title = Start
start-welcome = Välkommen
start-intro = Här samlar vi det du kan göra på Min sida.
start-services-heading = Dina tjänster
start-personal-link = Mina uppgifter
start-personal-text = Se uppgifterna vi har om dig i folkbokföringen och ändra dina kontaktuppgifter.

## Personal details

personal-title = Mina uppgifter
personal-intro = Här ser du uppgifterna vi har om dig. Kontaktuppgifterna bestämmer du själv över.
registered-heading = Folkbokföring
registered-source = Uppgifterna kommer från folkbokföringen. Du kan inte ändra dem här.
field-name = Namn
field-personal-number = Personnummer
field-coordination-number = Samordningsnummer
field-birth-date = Födelsedatum
field-registered-address = Folkbokföringsadress
field-postal-address = Särskild postadress
field-municipality = Kommun
field-county = Län
field-registered-since = Folkbokförd på adressen sedan
field-citizenship = Medborgarskap
report-change-heading = Stämmer något inte?
report-change-move = Har du flyttat? Anmäl flytt senast en vecka efter flytten, så uppdaterar vi folkbokföringen.
report-change-other = Är någon annan uppgift fel? Kontakta oss på 0771-00 00 00 eller besök ett servicekontor, så hjälper vi dig.
contact-heading = Kontaktuppgifter
contact-intro = Vi använder dina kontaktuppgifter för att meddela dig när något nytt har kommit till Min sida. Uppgifterna är frivilliga.
contact-email = E-postadress
contact-email-hint = Till exempel namn@exempel.se
contact-mobile = Mobilnummer
contact-mobile-hint = Till exempel 070-123 45 67 eller +46 70 123 45 67
contact-save = Spara kontaktuppgifter
contact-saving = Sparar …
contact-saved = Dina kontaktuppgifter är sparade.
contact-last-changed = Senast ändrade
contact-remove-hint = Lämna ett fält tomt om du vill ta bort uppgiften.

## Errors

error-summary-title = Rätta följande innan du fortsätter:
err-required = Fyll i fältet.
err-too-long = Texten är för lång.
err-invalid-email = Skriv e-postadressen så här: namn@exempel.se
err-invalid-phone = Skriv ett mobilnummer, till exempel 070-123 45 67 eller +46 70 123 45 67.
err-invalid-personal-number = Skriv ett giltigt personnummer med 10 eller 12 siffror, till exempel 19811218-9876.
err-unknown-person = Det finns ingen testperson med det personnumret.
err-network = Vi kunde inte nå Min sida. Kontrollera din internetanslutning och försök igen.
err-unauthenticated = Du behöver logga in.
err-session-expired = Du har loggats ut eftersom du inte har gjort något på en stund.
err-forbidden = Du har inte behörighet att se eller göra det här.
err-not-found = Vi hittade inte det du söker.
err-csrf = Av säkerhetsskäl behöver sidan laddas om. Ladda om sidan och försök igen.
err-payload-too-large = Det du skickade är för stort.
err-unsupported-media-type = Formatet stöds inte.
err-bad-request = Något i förfrågan var fel. Ladda om sidan och försök igen.
err-rate-limited = Du har gjort för många försök. Vänta en stund och försök igen.
err-provider-disabled = Den här inloggningen är avstängd.
err-server = Något gick fel hos oss. Försök igen om en stund.
err-decode = Vi fick ett oväntat svar. Ladda om sidan och försök igen.

## Messages and matters

nav-messages = Meddelanden
nav-matters = Mina ärenden
unread-suffix = olästa
start-messages-text = Läs brev och beslut från oss och se kvittenser på det du har skickat.
start-matters-text = Följ dina ärenden, svara på begäran om komplettering och skicka dokument.
todo-heading = Att göra
todo-nothing = Du har inget som väntar just nu.
unread-message = Oläst meddelande
inbox-title = Meddelanden
inbox-intro = Här finns brev och beslut från oss och det du har skickat till oss. Vi tar aldrig bort något: arkiverade meddelanden finns kvar i arkivet.
folders-label = Mappar
folder-inbox = Inkorg
folder-unread = Olästa
folder-sent = Skickade
folder-archived = Arkiv
filter-heading = Sök och filtrera
filter-search = Sök i ämne och text
filter-matter = Ärende
filter-all-matters = Alla ärenden
filter-from = Från och med datum
filter-to = Till och med datum
filter-apply = Visa meddelanden
filter-clear = Rensa filter
err-date-order = Till-datumet måste vara samma dag som eller senare än från-datumet.
inbox-empty = Inga meddelanden att visa.
inbox-showing = Visar { $first }–{ $last } av { $total } meddelanden
pagination-label = Sidor
pagination-prev = Föregående sida
pagination-next = Nästa sida
pagination-page-of = Sida { $page } av { $pages }
unread-prefix = Oläst:{" "}
kind-receipt = Kvittens
kind-supplement-request = Begäran om komplettering
sent-by-you = Skickat av dig
attachments =
    { $n ->
        [one] 1 bilaga
       *[other] { $n } bilagor
    }
documents =
    { $n ->
        [one] 1 dokument
       *[other] { $n } dokument
    }
message-title = Meddelande
back-to-inbox = Tillbaka till meddelanden
message-from = Från
message-to = Till
message-sent-at = Skickat
matter-label = Ärende
attachments-heading = Bilagor
document-download = ladda ner
mark-read = Markera som läst
mark-unread = Markera som oläst
marked-read = Meddelandet är markerat som läst.
marked-unread = Meddelandet är markerat som oläst.
archive = Flytta till arkivet
restore = Flytta tillbaka till inkorgen
archived = Meddelandet är flyttat till arkivet.
restored = Meddelandet är flyttat tillbaka till inkorgen.
archive-hint = Arkiverade meddelanden tas aldrig bort. Du hittar dem under Arkiv.
request-heading = Vi behöver komplettering från dig
request-what-we-need = Det här behöver vi från dig
request-due = Svara senast
request-answer = Svara på begäran om komplettering
request-open = Väntar på ditt svar.
request-overdue = Sista dagen har passerat. Du kan fortfarande svara.
request-answered = Du har svarat.
request-withdrawn = Vi behöver inte längre kompletteringen.
request-answered-at = Besvarad
request-read-message = Läs meddelandet
request-not-open = Den här begäran väntar inte längre på svar. Du kan skriva ett vanligt meddelande i ärendet.
matters-title = Mina ärenden
matters-intro = Här ser du dina ärenden hos oss, vad som har hänt och vad vi behöver från dig.
matters-empty = Du har inga ärenden hos oss just nu.
matter-title = Ärende
back-to-matters = Tillbaka till mina ärenden
back-to-matter = Tillbaka till ärendet
matter-reference = Ärendenummer
matter-status = Status
matter-category = Typ av ärende
matter-handler = Handläggs av
matter-opened = Öppnat
matter-updated = Senaste händelse
open-requests =
    { $n ->
        [one] 1 begäran om komplettering väntar på dig
       *[other] { $n } begäran om komplettering väntar på dig
    }
category-recurring = Återkommande
category-life-event = Livshändelse
category-ongoing = Pågående ärende
category-other = Övrigt
status-received = Mottaget
status-in-progress = Handläggs
status-awaiting-person = Väntar på dig
status-decided = Beslutat
status-closed = Avslutat
write-in-matter = Skriv ett meddelande i ärendet
messages-in-matter = Visa meddelanden i ärendet
matter-closed-hint = Ärendet är avslutat, så du kan inte skriva i det. Har du frågor? Ring 0771-00 00 00.
timeline-heading = Händelser i ärendet
earlier-requests-heading = Tidigare begäran om komplettering
event-opened = Ärendet öppnades
event-status-changed = Ny status
event-message-received = Meddelande från oss
event-supplement-requested = Vi bad om komplettering
event-message-sent = Du skickade
compose-title = Skriv ett meddelande
answer-title = Svara på begäran om komplettering
supplement-subject-prefix = Komplettering till ärende
subject-label = Ämne
body-label = Meddelande
body-hint = Skriv det du vill berätta. Du behöver inte skriva ditt personnummer, vi vet vem du är.
files-label = Bifoga dokument
files-hint = PDF, JPEG eller PNG. Högst 20 MB per fil och högst 10 filer.
chosen-files = Valda dokument
uploading = Laddar upp
upload-done = Uppladdad
upload-removed = Borttagen
remove-file = Ta bort
send-button = Skicka
sending = Skickar …
sent-notice = Tack! Vi har tagit emot det du skickade. Kvittensen finns också bland dina meddelanden.
receipt-in-inbox = Visa kvittensen bland meddelanden
receipt-heading = Kvittens
receipt-intro = Det här har vi tagit emot från dig. Spara kvittensnumret om du vill kontakta oss om det.
receipt-number = Kvittensnummer
receipt-received-at = Mottaget
receipt-documents = Dokument
receipt-no-documents = Inga dokument bifogades.
receipt-checksum = Kontrollsumma (SHA-256)
receipt-checksum-hint = Kontrollsumman visar att dokumentet vi tog emot är exakt det du skickade.
err-uploads-pending = Vänta tills alla filer är uppladdade och försök igen.
err-file-type = Filen är inte en PDF-, JPEG- eller PNG-fil. Välj en annan fil.
err-file-too-large = Filen är större än 20 MB. Välj en mindre fil.
err-file-name = Filen saknar namn. Byt namn på filen och försök igen.
err-body-or-document-required = Skriv ett meddelande eller bifoga minst ett dokument.
err-too-many-documents = Du kan bifoga högst 10 dokument.
err-unknown-upload = Ett av dokumenten finns inte längre. Ta bort det och ladda upp det igen.
err-invalid-date = Skriv ett giltigt datum.
err-invalid-value = Välj ett av alternativen.
err-unsupported-file-type = Filtypen stöds inte. Använd PDF, JPEG eller PNG.
err-conflict = Det går inte just nu, till exempel för att ärendet är avslutat eller redan besvarat. Ladda om sidan.
err-integrity = Innehållet kunde inte kontrolleras och visas därför inte. Kontakta oss.

## Accessibility

nav-accessibility = Tillgänglighet
footer-statement = Tillgänglighetsredogörelse
a11y-title = Tillgänglighet
a11y-intro = Välj hur Min sida ska se ut och fungera för dig. Ändringarna gäller direkt och sparas på den här enheten, och i din profil när du är inloggad så att de följer med dig till andra enheter.
a11y-text-size = Textstorlek
a11y-theme = Färger och kontrast
a11y-theme-auto = Som på min enhet
a11y-theme-light = Ljust
a11y-theme-dark = Mörkt
a11y-theme-high-contrast = Hög kontrast
a11y-motion = Rörelse
a11y-motion-auto = Som på min enhet
a11y-motion-reduce = Minska rörelser och animationer
a11y-reading = Text och läsbarhet
a11y-spacing = Större avstånd mellan rader, ord och bokstäver
a11y-readable-font = Lättläst typsnitt
a11y-easy-read = Lättläst svenska
a11y-easy-read-hint = Förklarande texter visas på lättläst svenska.
a11y-saved-device = Sparat på den här enheten.
a11y-saved-profile = Sparat på den här enheten och i din profil.
a11y-reset = Återställ till standard
a11y-reset-done = Inställningarna är återställda.
statement-title = Tillgänglighetsredogörelse
statement-intro = Exempelverket står bakom Min sida. Vi vill att alla ska kunna använda tjänsten, oavsett funktionsförmåga. Här beskriver vi hur Min sida uppfyller lagen om tillgänglighet till digital offentlig service och kraven i WCAG 2.2 nivå AA.
statement-supported-heading = Det här fungerar
statement-supported1 = Hela tjänsten går att använda med bara tangentbord, och fokus syns alltid.
statement-supported2 = Skärmläsare får rubriker, landmärken, etiketter och statusmeddelanden.
statement-supported3 = Du kan välja textstorlek upp till 200 %, hög kontrast, mörkt läge, minskade rörelser, större textavstånd, lättläst typsnitt och lättläst svenska.
statement-supported4 = Sidorna fungerar på små skärmar och med 400 % zoom utan att du behöver skrolla i sidled.
statement-known-heading = Kända brister
statement-known1 = Texter som myndighetens handläggare skriver, till exempel meddelanden och namnen på ärenden, är på svenska även när du har valt ett annat språk. De är märkta som svenska, så att skärmläsare läser upp dem rätt.
statement-known2 = Dokument som myndigheten skickar som PDF kan sakna full tillgänglighet. Be oss om en tillgänglig version.
statement-report-heading = Rapportera brister
statement-report = Upplever du problem med tillgängligheten? Ring 0771-00 00 00 eller besök ett servicekontor, så hjälper vi dig och rättar felet.
statement-enforcement = Myndigheten för digital förvaltning (Digg) har tillsyn över lagen. Är du inte nöjd med hur vi hanterar dina synpunkter kan du anmäla det till Digg.
statement-updated = Redogörelsen uppdaterades den 23 november 2026.
statement-settings-link = Ändra dina tillgänglighetsinställningar

## Channel preferences

nav-channels = Kontaktval
start-channels-text = Välj hur vi kontaktar dig och om du vill ha en avisering via e-post eller sms när något nytt kommer.
contact-channels-link = Välj hur vi kontaktar dig och verifiera e-post och mobilnummer under Kontaktval
channels-title = Kontaktval och aviseringar
channels-intro = Här väljer du hur vi kontaktar dig i olika slags ärenden, om du vill få en avisering när något nytt kommer till Min sida, och om du vill ha brev på papper. Aviseringen säger bara att något nytt har kommit, aldrig vad det handlar om.
defaults-heading = Du har inte gjort några val ännu. Så här gör vi då:
defaults-mailbox = Allt vi skickar till dig kommer till din inkorg på Min sida.
defaults-paper = Beslut som vi måste skicka på papper kommer också med posten till din folkbokföringsadress.
defaults-notices = Du får ingen avisering via e-post eller sms förrän du har verifierat din e-postadress eller ditt mobilnummer och valt det här.
verify-heading = Verifierade kontaktuppgifter
verify-intro = Vi skickar bara aviseringar till en e-postadress eller ett mobilnummer som du har verifierat. Du verifierar genom att skriva in en kod som vi skickar dit.
verify-email-heading = E-postadress
verify-mobile-heading = Mobilnummer
code-sent-email = Vi har skickat en kod till din e-postadress. Skriv in den nedan.
code-sent-mobile = Vi har skickat en kod i ett sms till ditt mobilnummer. Skriv in den nedan.
err-code-format = Koden består av 6 siffror. Kontrollera att du har skrivit av den rätt.
email-verified = Din e-postadress är verifierad. Nu kan du välja aviseringar via e-post.
mobile-verified = Ditt mobilnummer är verifierat. Nu kan du välja aviseringar via sms och telefonsamtal.
ask-new-code = Be om en ny kod för att försöka igen.
verified-on = Verifierad den
no-email-given = Du har inte angett någon e-postadress.
no-mobile-given = Du har inte angett något mobilnummer.
add-in-personal = Lägg till under Mina uppgifter
verified = Verifierad
not-verified = Inte verifierad
code-label-email = Kod från e-postmeddelandet
code-label-mobile = Kod från sms:et
code-hint = 6 siffror. Du har 5 försök.
code-valid-until = Koden gäller till
verify-button = Verifiera
send-new-code = Skicka en ny kod
send-code-email = Skicka kod till min e-postadress
send-code-mobile = Skicka kod till mitt mobilnummer
err-too-many-codes = Du har bett om för många koder. Vänta en stund innan du ber om en ny kod.
prefs-heading = Hur vi kontaktar dig
prefs-intro = Välj för varje slags ärende hur vi i första hand kontaktar dig, och om du vill ha en avisering när något nytt kommer till Min sida.
paper-heading = Brev på papper
paper-opt-out = Jag vill inte få brev på papper
paper-opt-out-hint = Allt kommer då bara till Min sida. Välj gärna en avisering ovan så att du ser när något nytt kommer.
letter-language-heading = Språk i brev och meddelanden
letter-swedish = Svenska
letter-english = Engelska
letter-finnish = Finska
letter-arabic = Arabiska
phone-times-heading = Tider då vi helst ringer dig (vardagar)
phone-times-hint = Välj ingen tid om alla tider passar. Vi ringer bara om du har valt telefon ovan eller om ärendet kräver det.
phone-morning = Kl. 8–10
phone-midday = Kl. 10–13
phone-afternoon = Kl. 13–16
phone-any-time = alla tider
channels-save = Spara kontaktval
channels-saving = Sparar …
channels-saved = Dina kontaktval är sparade.
kind-recurring = Deklaration och andra återkommande ärenden
kind-life-event = Livshändelser, till exempel flytt eller när ett barn föds
kind-ongoing = Pågående ärenden
kind-other = Övrigt
channel-legend = Så kontaktar vi dig
channel-mailbox = Min sida
channel-paper = Brev
channel-phone = Telefon
notice-legend = Avisering när något nytt kommer till Min sida
notice-by-email = E-post
notice-by-sms = Sms
history-heading = Ändringshistorik
history-empty = Du har inte ändrat något ännu.
history-channel = Du ändrade hur vi kontaktar dig om ”{ $kind }” från { $from } till { $to }.
history-email-on = Du valde avisering via e-post för ”{ $kind }”.
history-email-off = Du tog bort avisering via e-post för ”{ $kind }”.
history-sms-on = Du valde avisering via sms för ”{ $kind }”.
history-sms-off = Du tog bort avisering via sms för ”{ $kind }”.
history-paper-opt-out = Du valde bort brev på papper.
history-paper-opt-in = Du valde att få brev på papper igen.
history-language = Du ändrade språk i brev och meddelanden från { $from } till { $to }.
history-phone-times = Du ändrade tiderna då vi helst ringer dig till { $times }.
history-email-verified = Du verifierade din e-postadress.
history-mobile-verified = Du verifierade ditt mobilnummer.
history-email-cleared = Din e-postadress ändrades och behöver verifieras igen.
history-mobile-cleared = Ditt mobilnummer ändrades och behöver verifieras igen.
notices-heading = Skickade aviseringar
notices-intro = Här ser du de aviseringar och koder vi har skickat till dig. Vi skriver aldrig vad ett meddelande handlar om i e-post eller sms.
notices-refresh = Uppdatera listan
notices-empty = Vi har inte skickat några aviseringar till dig.
notice-email = E-post
notice-sms = Sms
purpose-new-message = Nytt på Min sida
purpose-code = Verifieringskod
notice-to = till
notice-pending = Väntar på att skickas
notice-retrying = Försöker skicka igen
notice-sent = Skickad
notice-failed = Kunde inte skickas
err-email-not-verified = Verifiera din e-postadress först för att kunna få aviseringar via e-post.
err-mobile-not-verified = Verifiera ditt mobilnummer först för att kunna få sms eller samtal.
err-paper-opted-out = Du har valt bort brev på papper. Välj Min sida eller telefon, eller ta bort valet att inte få brev.
err-wrong-code = Koden stämmer inte. Kontrollera koden och försök igen.
err-code-expired = Koden gäller inte längre. Be om en ny kod.
err-too-many-attempts = Du har skrivit fel kod för många gånger. Be om en ny kod.
err-no-pending-code = Det finns ingen giltig kod. Be om en ny kod.
err-no-address = Lägg först till en e-postadress eller ett mobilnummer under Mina uppgifter.
err-request-not-open = Begäran om komplettering väntar inte längre på svar.

## Representation

role-signatory = firmatecknare
role-representative = ombud
role-guardian = vårdnadshavare
role-trustee = god man
role-administrator = förvaltare
area-messages = Meddelanden
area-matters = Ärenden
area-preferences = Kontaktval och inställningar
area-personal-data = Uppgifter
level-none = Ingen behörighet
level-read = läsa
level-act = läsa och göra ärenden
acting-as-label = Du agerar för
acting-for = Du agerar för
acting-switch = Byt
acting-back-to-self = Agera för dig själv
acting-for-self = Du agerar för dig själv.
acting-choose-link = Agera för ett företag eller en annan person
choose-party-title = Välj vem du agerar för
choose-party-intro = Du kan agera för företag där du är firmatecknare eller ombud, och för personer som du är ombud, god man, förvaltare eller vårdnadshavare för. Det du ser och gör gäller den du har valt. Allt du gör för någon annan loggas, och den du agerar för kan se det.
party-yourself = Du själv
party-current = Du agerar för den här nu
no-mandates = Du har inga behörigheter att agera för någon annan just nu.
party-organisation = Organisation
party-person = Person
mandate-role = Roll
mandate-scopes = Får se och göra
mandate-valid-until = Gäller till och med
mandate-open-ended = Tills vidare
act-for = Agera för
organisation-source = Uppgifterna kommer från Bolagsverket och Skatteverkets register. Anmäl ändringar till Bolagsverket.
registration-f-tax = Godkänd för F-skatt
registration-vat = Registrerad för moms
registration-employer = Registrerad som arbetsgivare
organisation-heading = Uppgifter om organisationen
organisation-name = Namn
organisation-number = Organisationsnummer
organisation-legal-form = Juridisk form
organisation-address = Adress
organisation-registered-since = Registrerad sedan
registrations-heading = Registreringar hos Skatteverket
registrations-none = Organisationen har inga registreringar för skatt.
registered-from = från
grants-title = Ombud för dig
grants-intro = Här kan du ge en annan person rätt att agera för dig på Min sida under en begränsad tid, till exempel en anhörig som hjälper dig. Du väljer vad personen får se och göra. Du kan ta tillbaka rätten när du vill.
grants-only-own = Du agerar för någon annan just nu. Ombud kan du bara ge för dig själv.
grants-list-heading = Ombud du har gett
grants-none = Du har inte gett någon rätt att agera för dig.
grant-created = Klart. Nu kan ombudet agera för dig:
grant-form-heading = Ge en person rätt att agera för dig
grant-personal-number = Ombudets personnummer
grant-scopes-legend = Vad får ombudet se och göra?
grant-valid-until = Gäller till och med
grant-valid-until-hint = Högst { $n } dagar från i dag.
grant-submit = Ge rätten
grant-valid = Gäller
grant-revoked = Återkallad
grant-active = Gäller nu
grant-expired = Har gått ut
grant-revoke = Återkalla
access-log-title = Vem har tittat på mina uppgifter
access-log-intro = Här ser du när någon annan än du har läst eller gjort något med uppgifterna: ombud, gode män och andra som agerar för dig, och Skatteverkets system.
access-log-empty = Ingen annan har tittat på uppgifterna.
access-read = Läste
access-downloaded = Hämtade dokument i
access-sent = Skickade i
access-changed = Ändrade
access-by-system = Systemet
start-grants-text = Ge en annan person rätt att hjälpa dig med dina ärenden.
start-access-log-text = Se när någon annan har läst eller gjort något för dig.
err-invalid-organisation-number = Skriv ett giltigt organisationsnummer med 10 siffror, till exempel 556677-8899.
err-self-grant = Du kan inte ge dig själv rätt att agera för dig.
err-choose-scope = Välj vad ombudet får se eller göra inom minst ett område.
no-act-right = Du har inte behörighet att skicka något i ärenden för den du agerar för.

## Customer terminals, inactivity, drafts

welcome-title = Välkommen till Min sida
welcome-greeting = Välkommen
welcome-choose-language = Tryck här för svenska
welcome-how-heading = Så här gör du
welcome-step1 = Välj språk ovan. Under Tillgänglighet kan du göra texten större eller ändra färgerna.
welcome-step2 = Logga in med din e-legitimation.
welcome-step3 = Tryck på Avsluta besöket när du är klar. Då tas allt bort från den här datorn.
welcome-privacy = Datorn är delad med andra besökare. Inget av det du gör sparas på den. Det du skriver i ett meddelande sparas som utkast på Min sida, inte här.
terminal-label = Kundterminal
help-ask = Be personalen om hjälp
help-cancel = Jag behöver inte hjälp längre
help-requested = Personalen har fått din fråga och kommer till dig.
help-failed = Det gick inte att skicka frågan. Vänd dig till personalen i receptionen.
help-cancelled = Din fråga om hjälp är borttagen.
help-share-question = Personalen kommer till dig. Får de se vilken sida du är på, så att de kan hjälpa dig snabbare? De ser aldrig dina uppgifter eller det du skriver.
help-share-yes = Ja, de får se vilken sida jag är på
help-share-no = Nej, be bara om hjälp
cancel = Avbryt
end-visit = Avsluta besöket
ending-visit = Avslutar besöket …
idle-title = Är du kvar?
idle-text =
    { $n ->
        [one] Du har inte gjort något på en stund. Av säkerhetsskäl loggas du ut om { $n } sekund. Det du har skrivit i ett meddelande är sparat.
       *[other] Du har inte gjort något på en stund. Av säkerhetsskäl loggas du ut om { $n } sekunder. Det du har skrivit i ett meddelande är sparat.
    }
idle-text-terminal =
    { $n ->
        [one] Du har inte gjort något på en stund. Besöket avslutas om { $n } sekund och allt tas bort från datorn. Det du har skrivit i ett meddelande är sparat på Min sida.
       *[other] Du har inte gjort något på en stund. Besöket avslutas om { $n } sekunder och allt tas bort från datorn. Det du har skrivit i ett meddelande är sparat på Min sida.
    }
idle-ten-seconds = 10 sekunder kvar.
idle-continue = Jag är kvar – fortsätt
terminal-no-download = På den här datorn kan du inte ladda ner filer. Dokumenten finns kvar i din inkorg på Min sida. Du kan skriva ut sidan eller be personalen om hjälp.
print-page = Skriv ut sidan
draft-save-failed = Utkastet kunde inte sparas just nu. Det du har skrivit finns kvar på sidan.
draft-saved-at = Utkast sparat
draft-restored = Vi har fyllt i det du skrev senast. Utkastet sparades
draft-discard = Släng utkastet och börja om
draft-discarded = Utkastet är borttaget.
enroll-title = Kundterminal på servicekontor
enroll-intro = För personal: gör den här webbläsaren till en kundterminal. Då raderas allt efter varje besök, filer kan inte laddas ner och besöket avslutas efter en stund utan aktivitet. Du behöver kontorets nyckel.
enroll-is-terminal = Den här webbläsaren är en kundterminal. Ange kontorets nyckel för att stänga av terminalläget.
enroll-office = Kontorets id
enroll-office-hint = Till exempel malmo
enroll-key = Kontorets nyckel
enroll-name = Terminalens namn
enroll-name-hint = Det namn personalen ser, till exempel Malmö 2
enroll-button = Gör till kundterminal
unenroll-button = Stäng av terminalläget

## Not found

not-found-title = Sidan finns inte
not-found-text = Sidan du söker finns inte, eller så har den flyttats.
not-found-back = Gå till startsidan
