### Min sida: lättläst svenska.
### Korta meningar, vanliga ord, en sak i varje mening.
### Ersätter den vanliga svenska texten när personen har valt lättläst.

## Shell

footer-contact-text = Behöver du hjälp? Ring oss på 0771-00 00 00. Du kan också gå till ett servicekontor.
page-load-failed-text = Sidan gick inte att hämta. Kolla att du är ansluten till internet. Tryck sedan på Försök igen.

## Login

login-intro = Här kan du se vad vi vet om dig. Du kan också läsa brev från oss och skicka papper till oss.
login-test-warning = Det här är bara ett test. Personerna finns inte på riktigt.
login-personal-number-hint = Skriv ditt personnummer. Det har 10 eller 12 siffror.
session-expired-notice = Du har inte gjort något på en stund. Därför är du utloggad. Logga in igen om du vill fortsätta.
logged-out-notice = Nu är du utloggad.
login-failed-cancelled = Du tryckte på Avbryt. Du är inte inloggad. Du kan logga in igen.
login-failed-expired = Det tog för lång tid. Du är inte inloggad. Logga in igen.
login-failed-generic = Något gick fel. Du är inte inloggad. Vänta en stund och försök igen. Du kan också ringa oss på 0771-00 00 00.
login-failed-assurance = Din e-legitimation är inte säker nog för Min sida. Du är inte inloggad. Använd en annan e-legitimation. Du kan också gå till ett servicekontor.
login-failed-unknown-person = Vi hittar inte dig. Du är inte inloggad. Ring oss på 0771-00 00 00.
login-failed-invalid-identity = Vi fick inte ditt personnummer. Du är inte inloggad. Prova en annan e-legitimation. Du kan också ringa oss på 0771-00 00 00.

## Start

start-intro = Här ser du allt du kan göra på Min sida.
start-personal-text = Se vad vi vet om dig. Ändra din e-post och ditt telefonnummer.

## Personal details

personal-intro = Här ser du vad vi vet om dig. Din e-post och ditt telefonnummer kan du ändra själv.
registered-source = De här uppgifterna kommer från folkbokföringen. Du kan inte ändra dem här.
report-change-move = Har du flyttat? Berätta det för oss inom en vecka.
report-change-other = Är något fel? Ring oss på 0771-00 00 00. Eller gå till ett servicekontor.
contact-intro = Vi skickar ett meddelande till dig när du har fått ett brev på Min sida. Du måste inte skriva något här.
contact-email-hint = Skriv till exempel namn@exempel.se
contact-mobile-hint = Skriv till exempel 070-123 45 67 eller +46 70 123 45 67
contact-remove-hint = Vill du ta bort något? Gör rutan tom.

## Errors

err-required = Rutan är tom. Skriv något i rutan.
err-too-long = Texten är för lång. Gör texten kortare.
err-invalid-email = E-postadressen är fel skriven. Skriv den så här: namn@exempel.se
err-invalid-phone = Mobilnumret är fel skrivet. Skriv till exempel 070-123 45 67 eller +46 70 123 45 67.
err-invalid-personal-number = Personnumret är fel. Skriv ett personnummer med 10 eller 12 siffror. Till exempel 19811218-9876.
err-unknown-person = Vi hittar ingen testperson med det personnumret. Kolla numret och försök igen.
err-network = Vi kommer inte fram till Min sida. Kolla att du är ansluten till internet. Försök sedan igen.
err-unauthenticated = Du är inte inloggad. Logga in först.
err-session-expired = Du har inte gjort något på en stund. Därför är du utloggad. Logga in igen.
err-forbidden = Du får inte se eller göra det här. Ring oss på 0771-00 00 00 om du tror att det är fel.
err-not-found = Vi hittar inte det du letar efter. Gå tillbaka och försök igen.
err-csrf = Sidan behöver laddas om. Det är för att skydda dig. Ladda om sidan och försök igen.
err-payload-too-large = Det du skickade är för stort. Försök att skicka mindre filer eller färre filer.
err-unsupported-media-type = Vi kan inte ta emot den här sortens fil. Välj en annan fil.
err-bad-request = Något blev fel. Ladda om sidan och försök igen.
err-rate-limited = Du har försökt för många gånger. Vänta en stund. Försök sedan igen.
err-provider-disabled = Du kan inte logga in på det här sättet just nu. Välj ett annat sätt att logga in.
err-server = Något gick fel hos oss. Det är inte ditt fel. Vänta en stund och försök igen.
err-decode = Vi fick ett svar som vi inte förstod. Ladda om sidan och försök igen.

## Messages and matters

start-messages-text = Läs brev från oss.
start-matters-text = Se hur det går med dina ärenden. Skicka papper som vi ber om.
inbox-intro = Här är brev från oss. Här är också det du har skickat till oss. Vi tar aldrig bort något.
err-date-order = Datumen är i fel ordning. Datumet i Till och med får inte vara före datumet i Från och med. Ändra datumen.
archive-hint = Brev i arkivet finns kvar. Du hittar dem under Arkiv.
matters-intro = Här ser du dina ärenden. Du ser vad som har hänt. Du ser om vi behöver något från dig.
matter-closed-hint = Ärendet är avslutat. Därför kan du inte skriva i det. Har du frågor? Ring oss på 0771-00 00 00.
body-hint = Skriv det du vill säga till oss. Du behöver inte skriva ditt personnummer.
files-hint = Du kan skicka PDF eller bilder (JPEG eller PNG). Varje fil får vara högst 20 MB. Du kan skicka 10 filer.
sent-notice = Tack! Vi har fått det du skickade. Du får också ett kvitto bland dina meddelanden. Kvittot heter Kvittens.
receipt-intro = Vi har fått det du skickade. Spara numret. Du behöver det om du ringer oss.
receipt-checksum-hint = Koden visar att vi har fått exakt samma fil som du skickade.
err-uploads-pending = Alla filer är inte klara än. Vänta lite. Försök sedan igen.
err-file-type = Den här filen går inte att skicka. Välj en fil som är PDF, JPEG eller PNG.
err-file-too-large = Filen är för stor. Den får vara högst 20 MB. Välj en mindre fil.
err-file-name = Filen har inget namn. Ge filen ett namn och försök igen.
err-body-or-document-required = Du har inte skrivit något och inte valt någon fil. Skriv ett meddelande eller lägg till minst en fil.
err-too-many-documents = Du har valt för många filer. Du kan skicka högst 10 filer.
err-unknown-upload = En av filerna finns inte längre. Ta bort filen. Lägg sedan till den igen.
err-invalid-date = Datumet går inte att använda. Skriv ett datum som finns.
err-invalid-value = Något är fel med ditt val. Välj ett av alternativen.
err-unsupported-file-type = Vi kan inte ta emot den här sortens fil. Skicka en fil som är PDF, JPEG eller PNG.
err-conflict = Det går inte att göra det här just nu. Kanske är ärendet avslutat. Eller så har du redan svarat. Ladda om sidan.
err-integrity = Vi kunde inte kontrollera innehållet. Därför visar vi det inte. Ring oss på 0771-00 00 00.

## Accessibility

a11y-intro = Här kan du ändra hur Min sida ser ut. Det ändras direkt.
a11y-easy-read-hint = Förklaringarna skrivs med enkla ord.
statement-intro = Min sida kommer från Exempelverket. Vi vill att alla ska kunna använda Min sida. Det gäller också dig som har en funktionsnedsättning. Här berättar vi hur Min sida följer lagen om tillgänglighet till digital offentlig service. Vi berättar också hur vi följer reglerna i WCAG 2.2 nivå AA. Det är regler för hur webbsidor ska fungera för alla.

## Channel preferences

start-channels-text = Välj hur vi ska kontakta dig.
channels-intro = Här väljer du hur vi ska kontakta dig. Du kan också välja att få ett mejl eller sms när du har fått brev på Min sida.
verify-intro = Vi skickar en kod till din e-post eller mobil. Skriv koden här. Då vet vi att adressen är din.
err-code-format = Koden ska ha 6 siffror. Kolla att du har skrivit rätt.
code-hint = Koden har 6 siffror. Du får försöka 5 gånger.
err-too-many-codes = Du har bett om för många koder. Vänta en stund. Be sedan om en ny kod.
prefs-intro = Välj hur vi ska kontakta dig. Du kan välja olika för olika saker.
paper-opt-out-hint = Då får du inga brev hemma. Allt kommer till Min sida.
phone-times-hint = Passar alla tider? Då väljer du ingen tid. Vi ringer bara om du har valt telefon här ovanför. Vi ringer också om ärendet behöver det.
notices-intro = Här ser du mejl och sms som vi har skickat till dig. Vi skriver aldrig vad brevet handlar om.
err-email-not-verified = Du måste verifiera din e-postadress först. Det gör du med en kod som vi skickar. Sedan kan du få mejl från oss när något nytt kommer.
err-mobile-not-verified = Du måste verifiera ditt mobilnummer först. Det gör du med en kod som vi skickar. Sedan kan du få sms eller samtal från oss.
err-paper-opted-out = Du har valt att inte få brev på papper. Välj Min sida eller telefon i stället. Du kan också ta bort krysset vid Jag vill inte få brev på papper.
err-wrong-code = Koden är fel. Kolla koden och försök igen.
err-code-expired = Koden fungerar inte längre. Be om en ny kod.
err-too-many-attempts = Du har skrivit fel kod för många gånger. Nu måste du be om en ny kod.
err-no-pending-code = Du har ingen kod som fungerar. Be om en ny kod.
err-no-address = Du har inte skrivit in någon e-postadress eller något mobilnummer. Gör det först under Mina uppgifter.
err-request-not-open = Du kan inte längre svara på det här. Vi väntar inte på något svar från dig.

## Representation

choose-party-intro = Du kan agera för ett företag eller en annan person. Det betyder att du sköter saker åt dem. Det kan vara ett företag där du är firmatecknare eller ombud. Det kan vara en person som du är ombud, god man, förvaltare eller vårdnadshavare för. Det du ser och gör gäller den du har valt. Vi sparar allt du gör åt någon annan. Den du agerar för kan se det.
grants-intro = Här kan du ge en annan person rätt att hjälpa dig på Min sida. Det kan till exempel vara någon i din familj. Personen blir då ditt ombud. Du väljer vad personen får se och göra. Rätten gäller bara en viss tid. Du kan ta tillbaka rätten när du vill.
grant-valid-until-hint = Välj ett datum. Det får vara högst { $n } dagar från i dag.
access-log-intro = Här ser du när någon annan har läst eller gjort något med dina uppgifter. Det kan vara ett ombud, en god man eller någon annan som agerar för dig. Det kan också vara Skatteverkets datorer.
start-grants-text = Låt en annan person hjälpa dig med dina ärenden.
start-access-log-text = Se vem som har läst eller gjort något åt dig.
err-invalid-organisation-number = Organisationsnumret är fel. Skriv ett nummer med 10 siffror. Till exempel 556677-8899.
err-self-grant = Du kan inte välja dig själv. Skriv personnumret för den som ska hjälpa dig.
err-out-of-range = Siffran är för liten eller för stor. Läs vad som gäller och försök igen.
err-choose-scope = Du har inte valt vad ombudet får göra. Välj minst ett område.

## Customer terminals, inactivity, drafts

idle-text =
    { $n ->
        [one] Du har inte gjort något på en stund. Om { $n } sekund loggar vi ut dig. Det är för att skydda dig. Det du har skrivit i ett meddelande är sparat.
       *[other] Du har inte gjort något på en stund. Om { $n } sekunder loggar vi ut dig. Det är för att skydda dig. Det du har skrivit i ett meddelande är sparat.
    }
idle-text-terminal =
    { $n ->
        [one] Du har inte gjort något på en stund. Om { $n } sekund avslutas besöket. Då tas allt bort från datorn. Det du har skrivit i ett meddelande finns kvar på Min sida.
       *[other] Du har inte gjort något på en stund. Om { $n } sekunder avslutas besöket. Då tas allt bort från datorn. Det du har skrivit i ett meddelande finns kvar på Min sida.
    }
enroll-intro = Den här texten är för personalen. Här gör du webbläsaren till en kundterminal. Då tas allt bort efter varje besök. Det går inte att ladda ner filer. Besöket avslutas om ingen gör något på en stund. Du behöver kontorets nyckel.
enroll-office-hint = Skriv till exempel malmo
enroll-name-hint = Personalen ser det här namnet. Till exempel Malmö 2.

## Feedback and satisfaction

feedback-intro = Berätta vad som är bra. Berätta också vad vi kan göra bättre. Du behöver inte logga in. Du behöver inte säga vem du är.
feedback-text-hint = Du kan skriva högst 2 000 tecken. Skriv inte ditt personnummer. Skriv inte heller andra privata saker om dig själv.
feedback-phone-hint = Skriv till exempel 08-123 456 78 eller 070-123 45 67
feedback-name-hint = Du kan skriva ditt namn om du vill. Då vet vi vem vi ska fråga efter när vi svarar.
feedback-privacy-notice = Vi sparar bara det du skriver och väljer här. Vi vet inte vem du är. Men vi vet vem du är om du vill ha svar på Min sida. Vi vet det också om du väljer ett av dina ärenden.
feedback-thanks-text = Vi har fått det du skrev. Spara referensen. Du behöver den om du kontaktar oss om det du skrev.
err-feedback-kind = Du har inte valt vad du vill lämna. Välj beröm, förslag, klagomål eller felanmälan.
err-feedback-text = Rutan är tom. Skriv vad du vill berätta för oss.
err-feedback-reply-login = Du måste logga in för att få svar på Min sida. Du kan också välja att få svar med e-post eller telefon.
err-feedback-phone = Telefonnumret är fel skrivet. Skriv till exempel 08-123 456 78 eller 070-123 45 67.
satisfaction-hint = Du måste inte svara. Vi sparar inte ditt namn med svaret. Svaret hjälper oss att göra Min sida bättre.
err-satisfaction-rating = Du har inte valt något svar. Välj en siffra från 1 till 5. 1 betyder mycket svårt. 5 betyder mycket lätt.

## Not found

not-found-text = Vi hittar inte sidan. Den kanske har flyttats. Gå till startsidan och leta där.

## E-services

eservices-intro = Här är e-tjänster som du kan använda. Vi sparar dina svar efter varje sida. Då kan du fortsätta senare.
eservices-none-text = Just nu finns det inga e-tjänster som du kan använda.
eservice-draft-notice = Du har redan börjat med e-tjänsten. Vi sparade dina svar { $time }.
eservice-saved-intro = Vi sparar dina svar efter varje sida. Du kan fortsätta en annan gång. Det går också om du har loggat ut.
eservice-start-over-notice = Vi har tagit bort svaren som du sparade. Nu börjar du från början.
eservice-start-over-failed-warning = Det gick inte att ta bort dina svar. Försök en gång till.
eservice-prefill-notice = Det här vet vi redan om dig. Titta om det stämmer. Du kan ändra om det är fel.
eservice-date-hint = Skriv år, månad och dag. Skriv till exempel 2027-01-15.
eservice-date-range-hint = Datumet får inte vara före { $earliest }. Det får inte vara efter { $latest }.
eservice-date-earliest-hint = Datumet får inte vara före { $earliest }.
eservice-date-latest-hint = Datumet får inte vara efter { $latest }.
eservice-personal-number-hint = Skriv 12 siffror. Skriv till exempel 19811218-9876.
eservice-organisation-number-hint = Skriv 10 siffror. Skriv till exempel 556677-8899.
eservice-amount-hint = Skriv hur många kronor. Skriv inte ören.
eservice-number-hint = Skriv en siffra eller ett tal. Skriv inte komma.
eservice-range-hint = Talet ska vara från { $min } till { $max }.
eservice-max-length-hint = Du kan skriva högst { $n } tecken.
eservice-choose-many-hint = Du kan välja flera.
eservice-files-hint = Filen ska vara PDF, JPEG eller PNG. Den får vara högst 20 MB. Du kan skicka högst { $n } filer.
eservice-saved-notice = Vi har sparat dina svar.
eservice-save-failed-warning = Det gick inte att spara dina svar just nu. Svaren finns kvar här på sidan.
eservice-page-hidden-text = Du behöver inte svara på den här sidan.
eservice-conflict-text = E-tjänsten har ändrats. Ladda om den. Dina sparade svar finns kvar.
eservice-check-intro = Titta på dina svar. Stämmer de? Du kan ändra ett svar innan du skickar.
eservice-incomplete-warning = Du måste svara på några frågor till innan du kan skicka. Eller så måste du rätta ett svar.
eservice-send-text = När du skickar får du en kvittens. Vi startar också ett ärende. Du ser ärendet under Mina ärenden.
eservice-receipt-intro = Vi har fått dina svar. Spara kvittensnumret. Du behöver det om du kontaktar oss. Kvittensen finns också i din inkorg.
eservice-receipt-missing-text = Kvittensen syns bara här när du precis har skickat. Du hittar den i din inkorg.
eservice-sent-notice = Vi har fått dina svar.
err-eservice-required = Du har inte svarat. Svara på frågan.
err-eservice-choose = Du har inte valt något. Välj ett svar.
err-eservice-choice-count = Du har valt för få eller för många. Läs frågan en gång till.
err-eservice-file = Du har inte skickat med någon fil. Ladda upp en fil.
err-eservice-file-count = Du har för få eller för många filer. Läs frågan en gång till.
err-eservice-street = Du har inte skrivit gatan. Skriv gatan och numret.
err-eservice-postal-code = Postnumret är fel. Det ska vara fem siffror. Skriv till exempel 123 45.
err-eservice-town = Du har inte skrivit orten. Skriv orten.
err-eservice-date = Datumet är fel. Skriv år, månad och dag, till exempel 2027-01-15. Titta på vilka datum som går att välja.
err-eservice-number = Talet är fel. Skriv bara siffror, till exempel 1200.
err-eservice-digits = Du har skrivit något annat än siffror. Skriv bara siffror.
err-eservice-registration = Registreringsnumret är fel. Skriv till exempel ABC 123.
