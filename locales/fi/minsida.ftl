### Min sida: suomi (Finnish, complete; a national minority language of Sweden).

## Shell

skip-to-content = Siirry suoraan sisältöön
site-name = Oma sivu
agency-name = Esimerkkivirasto
main-nav-label = Päävalikko
nav-start = Etusivu
nav-personal = Omat tiedot
log-out = Kirjaudu ulos
logging-out = Kirjaudutaan ulos …
logged-in-as = Kirjautuneena
language-label = Kieli
menu = Valikko
test-env-banner = Testiympäristö: täällä käytetään vain keksittyjä testihenkilöitä.
footer-contact = Ota yhteyttä
footer-contact-text = Tarvitsetko apua? Soita numeroon 0771-00 00 00 tai käy palvelutoimistossa.
loading = Ladataan …
page-load-failed-title = Sivua ei voitu näyttää
page-load-failed-text = Osaa Oman sivun sisällöstä ei voitu hakea. Tarkista internetyhteytesi ja yritä uudelleen. Kaikki, mitä olet jo tehnyt, on tallessa.
page-load-retry = Yritä uudelleen

## Login

login-title = Kirjaudu Omalle sivulle
login-intro = Täällä näet tietosi ja voit hoitaa asioitasi kanssamme.
login-test-heading = Testikirjautuminen
login-test-warning = Vain testaukseen ja esittelyyn. Henkilöt ovat keksittyjä.
login-choose-person = Valitse testihenkilö
login-as = Kirjaudu henkilönä
login-manual-heading = Kirjaudu henkilötunnuksella
login-personal-number = Henkilötunnus
login-personal-number-hint = 10 tai 12 numeroa, esimerkiksi 19811218-9876
login-button = Kirjaudu
login-in-progress = Kirjaudutaan …
login-unavailable = Kirjautuminen ei ole juuri nyt käytettävissä. Yritä myöhemmin uudelleen.
session-expired-notice = Sinut on kirjattu ulos, koska et ole käyttänyt palvelua hetkeen. Jatka kirjautumalla uudelleen sisään.
logged-out-notice = Olet nyt kirjautunut ulos.
login-eid-heading = Kirjaudu sähköisellä tunnistuksella
login-with = Kirjaudu: { $name }
login-failed-cancelled = Keskeytit kirjautumisen, joten et ole kirjautunut sisään. Kirjaudu uudelleen, kun haluat jatkaa.
login-failed-expired = Kirjautuminen kesti liian kauan tai se aloitettiin toisessa ikkunassa, joten et ole kirjautunut sisään. Aloita alusta kirjautumalla uudelleen.
login-failed-generic = Kirjautuminen epäonnistui, joten et ole kirjautunut sisään. Yritä hetken kuluttua uudelleen. Jos kirjautuminen ei vieläkään onnistu, soita numeroon 0771-00 00 00.
login-failed-assurance = Sähköisen tunnistuksesi varmuustaso ei riitä Oman sivun käyttöön, joten et ole kirjautunut sisään. Kirjaudu sähköisellä tunnistuksella, jonka varmuustaso on korkeampi (luottamustaso 3 tai 4), tai käy palvelutoimistossa.
login-failed-unknown-person = Sähköinen tunnistuksesi onnistui, mutta emme löydä sinua Oman sivun käyttäjien joukosta, joten et ole kirjautunut sisään. Jos epäilet, että kyseessä on virhe, soita numeroon 0771-00 00 00.
login-failed-invalid-identity = Emme saaneet sähköisestä tunnistuksestasi käyttökelpoista henkilötunnusta tai yhteensovitusnumeroa, joten et ole kirjautunut sisään. Kirjaudu jollakin toisella sähköisellä tunnistuksella tai soita numeroon 0771-00 00 00.

## Start

start-title = Etusivu
start-welcome = Tervetuloa
start-intro = Tähän olemme koonneet kaiken, mitä voit tehdä Omalla sivulla.
start-services-heading = Palvelusi
start-personal-link = Omat tiedot
start-personal-text = Katso väestökirjanpitoon merkityt tietosi ja muuta yhteystietojasi.

## Personal details

personal-title = Omat tiedot
personal-intro = Täällä näet tiedot, jotka meillä on sinusta. Yhteystiedoistasi päätät itse.
registered-heading = Väestökirjanpito
registered-source = Tiedot ovat peräisin väestökirjanpidosta. Et voi muuttaa niitä täällä.
field-name = Nimi
field-personal-number = Henkilötunnus
field-coordination-number = Yhteensovitusnumero
field-birth-date = Syntymäaika
field-registered-address = Väestökirjanpidon mukainen osoite
field-postal-address = Erityinen postiosoite
field-municipality = Kunta
field-county = Lääni
field-registered-since = Kirjoilla tässä osoitteessa alkaen
field-citizenship = Kansalaisuus
report-change-heading = Onko jokin tieto väärin?
report-change-move = Oletko muuttanut? Tee muuttoilmoitus viimeistään viikon kuluttua muutosta, niin päivitämme väestökirjanpidon.
report-change-other = Onko jokin muu tieto väärin? Soita meille numeroon 0771-00 00 00 tai käy palvelutoimistossa, niin autamme sinua.
contact-heading = Yhteystiedot
contact-intro = Käytämme yhteystietojasi, kun ilmoitamme sinulle, että Omalle sivulle on tullut jotain uutta. Yhteystietojen antaminen on vapaaehtoista.
contact-email = Sähköpostiosoite
contact-email-hint = Esimerkiksi nimi@esimerkki.se
contact-mobile = Matkapuhelinnumero
contact-mobile-hint = Esimerkiksi 070-123 45 67 tai +46 70 123 45 67
contact-save = Tallenna yhteystiedot
contact-saving = Tallennetaan …
contact-saved = Yhteystietosi on tallennettu.
contact-last-changed = Viimeksi muutettu
contact-remove-hint = Jätä kenttä tyhjäksi, jos haluat poistaa tiedon.

## Errors

error-summary-title = Korjaa seuraavat kohdat ennen kuin jatkat:
err-required = Täytä tämä kenttä.
err-too-long = Teksti on liian pitkä.
err-invalid-email = Kirjoita sähköpostiosoite muodossa nimi@esimerkki.se
err-invalid-phone = Kirjoita matkapuhelinnumero, esimerkiksi 070-123 45 67 tai +46 70 123 45 67.
err-invalid-personal-number = Kirjoita kelvollinen henkilötunnus, jossa on 10 tai 12 numeroa, esimerkiksi 19811218-9876.
err-unknown-person = Tällä henkilötunnuksella ei ole testihenkilöä.
err-network = Emme saaneet yhteyttä Omaan sivuun. Tarkista internetyhteytesi ja yritä uudelleen.
err-unauthenticated = Sinun täytyy kirjautua sisään.
err-session-expired = Sinut on kirjattu ulos, koska et ole käyttänyt palvelua hetkeen.
err-forbidden = Sinulla ei ole oikeutta nähdä tai tehdä tätä.
err-not-found = Emme löytäneet etsimääsi.
err-csrf = Tietoturvasyistä sivu on päivitettävä. Päivitä sivu ja yritä uudelleen.
err-payload-too-large = Lähettämäsi aineisto on liian suuri.
err-unsupported-media-type = Tätä muotoa ei tueta.
err-bad-request = Pyynnössä oli jotain vialla. Päivitä sivu ja yritä uudelleen.
err-rate-limited = Olet tehnyt liian monta yritystä. Odota hetki ja yritä uudelleen.
err-provider-disabled = Tämä kirjautumistapa ei ole käytössä.
err-server = Järjestelmässämme tapahtui virhe. Yritä hetken kuluttua uudelleen.
err-decode = Saimme odottamattoman vastauksen. Päivitä sivu ja yritä uudelleen.

## Messages and matters

nav-messages = Viestit
nav-matters = Omat asiat
unread-suffix = lukematta
start-messages-text = Lue meiltä saamasi kirjeet ja päätökset ja katso kuittaukset siitä, mitä olet lähettänyt meille.
start-matters-text = Seuraa asioitasi, vastaa täydennyspyyntöihin ja lähetä asiakirjoja.
todo-heading = Tehtävät
todo-nothing = Sinulla ei ole juuri nyt odottavia tehtäviä.
unread-message = Lukematon viesti
inbox-title = Viestit
inbox-intro = Täällä ovat meiltä saamasi kirjeet ja päätökset sekä se, mitä olet lähettänyt meille. Emme koskaan poista mitään: arkistoidut viestit säilyvät arkistossa.
folders-label = Kansiot
folder-inbox = Saapuneet
folder-unread = Lukemattomat
folder-sent = Lähetetyt
folder-archived = Arkisto
filter-heading = Hae ja suodata
filter-search = Hae aiheesta ja tekstistä
filter-matter = Asia
filter-all-matters = Kaikki asiat
filter-from = Alkupäivämäärä
filter-to = Loppupäivämäärä
filter-apply = Näytä viestit
filter-clear = Tyhjennä suodattimet
err-date-order = Loppupäivämäärän on oltava sama kuin alkupäivämäärä tai sitä myöhempi.
inbox-empty = Ei näytettäviä viestejä.
inbox-showing = Näytetään viestit { $first }–{ $last } (yhteensä { $total })
pagination-label = Sivut
pagination-prev = Edellinen sivu
pagination-next = Seuraava sivu
pagination-page-of = Sivu { $page } / { $pages }
unread-prefix = Lukematon:{" "}
kind-receipt = Kuittaus
kind-supplement-request = Täydennyspyyntö
sent-by-you = Sinun lähettämäsi
attachments =
    { $n ->
        [one] 1 liite
       *[other] { $n } liitettä
    }
documents =
    { $n ->
        [one] 1 asiakirja
       *[other] { $n } asiakirjaa
    }
message-title = Viesti
back-to-inbox = Takaisin viesteihin
message-from = Lähettäjä
message-to = Vastaanottaja
message-sent-at = Lähetetty
matter-label = Asia
attachments-heading = Liitteet
document-download = lataa
mark-read = Merkitse luetuksi
mark-unread = Merkitse lukemattomaksi
marked-read = Viesti on merkitty luetuksi.
marked-unread = Viesti on merkitty lukemattomaksi.
archive = Siirrä arkistoon
restore = Siirrä takaisin saapuneisiin
archived = Viesti on siirretty arkistoon.
restored = Viesti on siirretty takaisin saapuneisiin.
archive-hint = Arkistoituja viestejä ei koskaan poisteta. Löydät ne kohdasta Arkisto.
request-heading = Tarvitsemme sinulta täydennystä
request-what-we-need = Tätä tarvitsemme sinulta
request-due = Vastaa viimeistään
request-answer = Vastaa täydennyspyyntöön
request-open = Odottaa vastaustasi.
request-overdue = Määräaika on päättynyt. Voit kuitenkin vielä vastata.
request-answered = Olet vastannut.
request-withdrawn = Emme enää tarvitse täydennystä.
request-answered-at = Vastattu
request-read-message = Lue viesti
request-not-open = Tämä täydennyspyyntö ei enää odota vastausta. Voit kirjoittaa asiaan tavallisen viestin.
matters-title = Omat asiat
matters-intro = Täällä näet asiasi, niiden tapahtumat ja sen, mitä tarvitsemme sinulta.
matters-empty = Sinulla ei ole juuri nyt meillä vireillä olevia asioita.
matter-title = Asia
back-to-matters = Takaisin omiin asioihin
back-to-matter = Takaisin asiaan
matter-reference = Asianumero
matter-status = Tila
matter-category = Asiatyyppi
matter-handler = Käsittelijä
matter-opened = Vireilletulopäivä
matter-updated = Viimeisin tapahtuma
open-requests =
    { $n ->
        [one] 1 täydennyspyyntö odottaa sinua
       *[other] { $n } täydennyspyyntöä odottaa sinua
    }
category-recurring = Toistuva
category-life-event = Elämäntapahtuma
category-ongoing = Käynnissä oleva asia
category-other = Muu
status-received = Vastaanotettu
status-in-progress = Käsittelyssä
status-awaiting-person = Odottaa sinua
status-decided = Päätös tehty
status-closed = Käsittely päättynyt
write-in-matter = Kirjoita viesti tähän asiaan
messages-in-matter = Näytä asian viestit
matter-closed-hint = Asian käsittely on päättynyt, joten et voi enää kirjoittaa siihen. Onko sinulla kysyttävää? Soita numeroon 0771-00 00 00.
timeline-heading = Asian tapahtumat
earlier-requests-heading = Aiemmat täydennyspyynnöt
event-opened = Asia tuli vireille
event-status-changed = Uusi tila
event-message-received = Viesti meiltä
event-supplement-requested = Pyysimme täydennystä
event-message-sent = Lähetit meille
compose-title = Kirjoita viesti
answer-title = Vastaa täydennyspyyntöön
supplement-subject-prefix = Täydennys asiaan
subject-label = Aihe
body-label = Viesti
body-hint = Kirjoita, mitä haluat kertoa. Sinun ei tarvitse kirjoittaa henkilötunnustasi, sillä tiedämme, kuka olet.
files-label = Liitä asiakirjoja
files-hint = PDF, JPEG tai PNG. Enintään 10 tiedostoa, joista kukin saa olla enintään 20 MB.
chosen-files = Valitut asiakirjat
uploading = Ladataan
upload-done = Ladattu
upload-removed = Poistettu
remove-file = Poista
send-button = Lähetä
sending = Lähetetään …
sent-notice = Kiitos! Olemme saaneet lähettämäsi aineiston. Kuittaus on myös viesteissäsi.
receipt-in-inbox = Näytä kuittaus viesteissä
receipt-heading = Kuittaus
receipt-intro = Olemme saaneet sinulta seuraavan aineiston. Ota kuittausnumero talteen, jos haluat ottaa meihin yhteyttä tähän liittyen.
receipt-number = Kuittausnumero
receipt-received-at = Vastaanotettu
receipt-documents = Asiakirjat
receipt-no-documents = Asiakirjoja ei liitetty.
receipt-checksum = Tarkistussumma (SHA-256)
receipt-checksum-hint = Tarkistussumma osoittaa, että vastaanottamamme asiakirja on täsmälleen sama kuin se, jonka lähetit.
err-uploads-pending = Odota, kunnes kaikki tiedostot on ladattu, ja yritä sitten uudelleen.
err-file-type = Tiedosto ei ole PDF-, JPEG- tai PNG-tiedosto. Valitse toinen tiedosto.
err-file-too-large = Tiedosto on suurempi kuin 20 MB. Valitse pienempi tiedosto.
err-file-name = Tiedostolla ei ole nimeä. Nimeä tiedosto ja yritä uudelleen.
err-body-or-document-required = Kirjoita viesti tai liitä vähintään yksi asiakirja.
err-too-many-documents = Voit liittää enintään 10 asiakirjaa.
err-unknown-upload = Yhtä asiakirjoista ei enää löydy. Poista se ja lataa se uudelleen.
err-invalid-date = Kirjoita kelvollinen päivämäärä.
err-invalid-value = Valitse jokin vaihtoehdoista.
err-unsupported-file-type = Tiedostotyyppiä ei tueta. Käytä PDF-, JPEG- tai PNG-muotoa.
err-conflict = Tämä ei onnistu juuri nyt, esimerkiksi siksi, että asian käsittely on päättynyt tai pyyntöön on jo vastattu. Päivitä sivu.
err-integrity = Sisältöä ei voitu tarkistaa, joten sitä ei näytetä. Ota meihin yhteyttä.

## Accessibility

nav-accessibility = Saavutettavuus
footer-statement = Saavutettavuusseloste
footer-feedback = Anna palautetta
a11y-title = Saavutettavuus
a11y-intro = Valitse, miltä Oma sivu näyttää ja miten se toimii sinulle. Muutokset tulevat voimaan heti ja ne tallennetaan tälle laitteelle. Kun olet kirjautunut sisään, ne tallennetaan myös profiiliisi, joten ne ovat käytössä myös muilla laitteillasi.
a11y-text-size = Tekstin koko
a11y-theme = Värit ja kontrasti
a11y-theme-auto = Kuten laitteessani
a11y-theme-light = Vaalea
a11y-theme-dark = Tumma
a11y-theme-high-contrast = Suuri kontrasti
a11y-motion = Liike
a11y-motion-auto = Kuten laitteessani
a11y-motion-reduce = Vähennä liikettä ja animaatioita
a11y-reading = Teksti ja luettavuus
a11y-spacing = Suuremmat rivi-, sana- ja kirjainvälit
a11y-readable-font = Helppolukuinen kirjasin
a11y-easy-read = Selkoruotsi
a11y-easy-read-hint = Ohjetekstit näytetään selkoruotsiksi, kun kieleksi on valittu ruotsi.
a11y-saved-device = Tallennettu tälle laitteelle.
a11y-saved-profile = Tallennettu tälle laitteelle ja profiiliisi.
a11y-reset = Palauta oletusasetukset
a11y-reset-done = Asetukset on palautettu.
statement-title = Saavutettavuusseloste
statement-intro = Oma sivu -palvelusta vastaa Esimerkkivirasto. Haluamme, että kaikki voivat käyttää palvelua toimintakyvystään riippumatta. Tässä kerromme, miten Oma sivu täyttää digitaalisen julkisen palvelun saavutettavuutta koskevan lain ja WCAG 2.2 -ohjeiden AA-tason vaatimukset.
statement-supported-heading = Tämä toimii
statement-supported1 = Koko palvelua voi käyttää pelkällä näppäimistöllä ja kohdistus näkyy aina.
statement-supported2 = Ruudunlukuohjelmat saavat käyttöönsä otsikot, maamerkit, kenttien nimet ja tilailmoitukset.
statement-supported3 = Voit valita tekstin koon aina 200 %:iin asti, suuren kontrastin, tumman tilan, vähennetyn liikkeen, suuremmat tekstivälit, helppolukuisen kirjasimen ja selkoruotsin.
statement-supported4 = Sivut toimivat pienillä näytöillä ja 400 %:n suurennuksella ilman, että sinun tarvitsee vierittää sivua vaakasuunnassa.
statement-known-heading = Tunnetut puutteet
statement-known1 = Viraston käsittelijöiden kirjoittamat tekstit, kuten viestit ja asioiden nimet, ovat ruotsiksi silloinkin, kun olet valinnut toisen kielen. Ne on merkitty ruotsinkielisiksi, jotta ruudunlukuohjelmat lukevat ne oikein.
statement-known2 = Viraston PDF-muodossa lähettämät asiakirjat eivät välttämättä ole täysin saavutettavia. Pyydä meiltä saavutettava versio.
statement-report-heading = Ilmoita puutteista
statement-report = Huomasitko saavutettavuuteen liittyviä ongelmia? Soita numeroon 0771-00 00 00 tai käy palvelutoimistossa, niin autamme sinua ja korjaamme puutteen.
statement-enforcement = Digitaalihallinnon virasto (Myndigheten för digital förvaltning, Digg) valvoo lain noudattamista. Jos et ole tyytyväinen siihen, miten käsittelemme palautteesi, voit ilmoittaa asiasta Diggille.
statement-updated = Seloste on päivitetty 23.11.2026.
statement-settings-link = Muuta saavutettavuusasetuksiasi

## Channel preferences

nav-channels = Yhteydenottovalinnat
start-channels-text = Valitse, miten otamme sinuun yhteyttä ja haluatko ilmoituksen sähköpostilla tai tekstiviestillä, kun Omalle sivulle tulee jotain uutta.
contact-channels-link = Valitse, miten otamme sinuun yhteyttä, ja vahvista sähköpostiosoitteesi ja matkapuhelinnumerosi kohdassa Yhteydenottovalinnat
channels-title = Yhteydenottovalinnat ja ilmoitukset
channels-intro = Tässä valitset, miten otamme sinuun yhteyttä erilaisissa asioissa, haluatko ilmoituksen, kun Omalle sivulle tulee jotain uutta, ja haluatko paperikirjeitä. Ilmoituksessa kerrotaan vain, että jotain uutta on tullut, ei koskaan sitä, mitä se koskee.
defaults-heading = Et ole vielä tehnyt valintoja. Silloin toimimme näin:
defaults-mailbox = Kaikki, mitä lähetämme sinulle, tulee Oman sivun Saapuneet-kansioon.
defaults-paper = Päätökset, jotka meidän on lähetettävä paperisina, tulevat lisäksi postitse väestökirjanpidon mukaiseen osoitteeseesi.
defaults-notices = Et saa ilmoituksia sähköpostilla tai tekstiviestillä ennen kuin olet vahvistanut sähköpostiosoitteesi tai matkapuhelinnumerosi ja valinnut ilmoitukset täällä.
verify-heading = Vahvistetut yhteystiedot
verify-intro = Lähetämme ilmoituksia vain sähköpostiosoitteeseen tai matkapuhelinnumeroon, jonka olet vahvistanut. Vahvistat osoitteen tai numeron kirjoittamalla koodin, jonka lähetämme siihen.
verify-email-heading = Sähköpostiosoite
verify-mobile-heading = Matkapuhelinnumero
code-sent-email = Lähetimme koodin sähköpostiosoitteeseesi. Kirjoita koodi alla olevaan kenttään.
code-sent-mobile = Lähetimme koodin tekstiviestinä matkapuhelinnumeroosi. Kirjoita koodi alla olevaan kenttään.
err-code-format = Koodissa on 6 numeroa. Tarkista, että kirjoitit sen oikein.
email-verified = Sähköpostiosoitteesi on vahvistettu. Nyt voit valita, että saat ilmoitukset sähköpostilla.
mobile-verified = Matkapuhelinnumerosi on vahvistettu. Nyt voit valita ilmoitukset tekstiviestinä ja yhteydenotot puhelimitse.
ask-new-code = Pyydä uusi koodi ja yritä uudelleen.
verified-on = Vahvistettu
no-email-given = Et ole antanut sähköpostiosoitetta.
no-mobile-given = Et ole antanut matkapuhelinnumeroa.
add-in-personal = Lisää se kohdassa Omat tiedot
verified = Vahvistettu
not-verified = Ei vahvistettu
code-label-email = Sähköpostissa saamasi koodi
code-label-mobile = Tekstiviestissä saamasi koodi
code-hint = 6 numeroa. Sinulla on 5 yritystä.
code-valid-until = Koodin voimassaolo päättyy
verify-button = Vahvista
send-new-code = Lähetä uusi koodi
send-code-email = Lähetä koodi sähköpostiosoitteeseeni
send-code-mobile = Lähetä koodi matkapuhelinnumerooni
err-too-many-codes = Olet pyytänyt liian monta koodia. Odota hetki ennen kuin pyydät uuden koodin.
prefs-heading = Miten otamme sinuun yhteyttä
prefs-intro = Valitse kullekin asiatyypille, miten otamme sinuun ensisijaisesti yhteyttä ja haluatko ilmoituksen, kun Omalle sivulle tulee jotain uutta.
paper-heading = Paperikirjeet
paper-opt-out = En halua paperikirjeitä
paper-opt-out-hint = Silloin kaikki tulee vain Omalle sivulle. Suosittelemme, että valitset yllä myös ilmoituksen, jotta huomaat, kun jotain uutta tulee.
letter-language-heading = Kirjeiden ja viestien kieli
letter-swedish = Ruotsi
letter-english = Englanti
letter-finnish = Suomi
letter-arabic = Arabia
phone-times-heading = Toivomasi soittoajat (arkisin)
phone-times-hint = Älä valitse aikaa, jos kaikki ajat sopivat sinulle. Soitamme vain, jos olet valinnut yllä puhelimen tai jos asia sitä edellyttää.
phone-morning = Klo 8–10
phone-midday = Klo 10–13
phone-afternoon = Klo 13–16
phone-any-time = kaikki ajat
channels-save = Tallenna yhteydenottovalinnat
channels-saving = Tallennetaan …
channels-saved = Yhteydenottovalintasi on tallennettu.
kind-recurring = Veroilmoitus ja muut toistuvat asiat
kind-life-event = Elämäntapahtumat, esimerkiksi muutto tai lapsen syntymä
kind-ongoing = Käynnissä olevat asiat
kind-other = Muut
channel-legend = Näin otamme sinuun yhteyttä
channel-mailbox = Oma sivu
channel-paper = Kirje
channel-phone = Puhelin
notice-legend = Ilmoitus, kun Omalle sivulle tulee jotain uutta
notice-by-email = Sähköposti
notice-by-sms = Tekstiviesti
history-heading = Muutoshistoria
history-empty = Et ole vielä muuttanut mitään.
history-channel = Muutit yhteydenottotapaa asiatyypin ”{ $kind }” osalta. Aiemmin: { $from }. Nyt: { $to }.
history-email-on = Valitsit sähköposti-ilmoitukset asiatyypille ”{ $kind }”.
history-email-off = Poistit sähköposti-ilmoitukset asiatyypiltä ”{ $kind }”.
history-sms-on = Valitsit tekstiviesti-ilmoitukset asiatyypille ”{ $kind }”.
history-sms-off = Poistit tekstiviesti-ilmoitukset asiatyypiltä ”{ $kind }”.
history-paper-opt-out = Valitsit, ettet halua paperikirjeitä.
history-paper-opt-in = Valitsit, että saat taas paperikirjeitä.
history-language = Muutit kirjeiden ja viestien kieltä. Aiemmin: { $from }. Nyt: { $to }.
history-phone-times = Muutit toivomiasi soittoaikoja. Uudet ajat: { $times }.
history-email-verified = Vahvistit sähköpostiosoitteesi.
history-mobile-verified = Vahvistit matkapuhelinnumerosi.
history-email-cleared = Sähköpostiosoitteesi muuttui ja se on vahvistettava uudelleen.
history-mobile-cleared = Matkapuhelinnumerosi muuttui ja se on vahvistettava uudelleen.
notices-heading = Lähetetyt ilmoitukset
notices-intro = Tässä näet ilmoitukset ja koodit, jotka olemme lähettäneet sinulle. Emme koskaan kerro sähköpostissa tai tekstiviestissä, mitä viesti koskee.
notices-refresh = Päivitä luettelo
notices-empty = Emme ole lähettäneet sinulle ilmoituksia.
notice-email = Sähköposti
notice-sms = Tekstiviesti
purpose-new-message = Uutta Omalla sivulla
purpose-code = Vahvistuskoodi
notice-to = vastaanottaja:
notice-pending = Odottaa lähettämistä
notice-retrying = Yritetään lähettää uudelleen
notice-sent = Lähetetty
notice-failed = Lähettäminen epäonnistui
err-email-not-verified = Vahvista ensin sähköpostiosoitteesi, jotta voit saada ilmoituksia sähköpostilla.
err-mobile-not-verified = Vahvista ensin matkapuhelinnumerosi, jotta voit saada tekstiviestejä tai puheluita.
err-paper-opted-out = Olet valinnut, ettet halua paperikirjeitä. Valitse Oma sivu tai puhelin tai poista valinta ”En halua paperikirjeitä”.
err-wrong-code = Koodi on väärä. Tarkista koodi ja yritä uudelleen.
err-code-expired = Koodi ei ole enää voimassa. Pyydä uusi koodi.
err-too-many-attempts = Olet kirjoittanut väärän koodin liian monta kertaa. Pyydä uusi koodi.
err-no-pending-code = Voimassa olevaa koodia ei ole. Pyydä uusi koodi.
err-no-address = Lisää ensin sähköpostiosoite tai matkapuhelinnumero kohdassa Omat tiedot.
err-request-not-open = Täydennyspyyntö ei enää odota vastausta.

## Representation

role-signatory = nimenkirjoittaja
role-representative = asiamies
role-guardian = huoltaja
role-trustee = uskottu mies
role-administrator = edunvalvoja
area-messages = Viestit
area-matters = Asiat
area-preferences = Yhteydenottovalinnat ja asetukset
area-personal-data = Tiedot
level-none = Ei oikeutta
level-read = lukuoikeus
level-act = luku- ja asiointioikeus
acting-as-label = Kenen puolesta toimit
acting-for = Edustat nyt:
acting-switch = Vaihda
acting-back-to-self = Palaa omiin asioihisi
acting-for-self = Hoidat omia asioitasi.
acting-choose-link = Toimi yrityksen tai toisen henkilön puolesta
choose-party-title = Valitse, kenen puolesta toimit
choose-party-intro = Voit toimia sellaisten yritysten puolesta, joissa olet nimenkirjoittaja tai asiamies, sekä sellaisten henkilöiden puolesta, joiden asiamies, uskottu mies, edunvalvoja tai huoltaja olet. Se, mitä näet ja teet, koskee valitsemaasi tahoa. Kaikki, mitä teet toisen puolesta, kirjataan lokiin ja se, jonka puolesta toimit, voi nähdä sen.
party-yourself = Sinä itse
party-current = Toimit nyt tämän puolesta
no-mandates = Sinulla ei tällä hetkellä ole oikeutta toimia kenenkään muun puolesta.
party-organisation = Organisaatio
party-person = Henkilö
mandate-role = Rooli
mandate-scopes = Oikeudet
mandate-valid-until = Viimeinen voimassaolopäivä
mandate-open-ended = Toistaiseksi voimassa
act-for = Valitse
organisation-source = Tiedot ovat peräisin Bolagsverketin ja Skatteverketin rekistereistä. Ilmoita muutoksista Bolagsverketille.
registration-f-tax = Hyväksytty F-veron maksajaksi
registration-vat = Rekisteröity arvonlisäverovelvolliseksi
registration-employer = Rekisteröity työnantajaksi
organisation-heading = Organisaation tiedot
organisation-name = Nimi
organisation-number = Organisaationumero
organisation-legal-form = Oikeudellinen muoto
organisation-address = Osoite
organisation-registered-since = Rekisteröintipäivä
registrations-heading = Rekisteröinnit Skatteverketissä
registrations-none = Organisaatiolla ei ole verorekisteröintejä.
registered-from = alkaen
grants-title = Asiamiehesi
grants-intro = Tässä voit antaa toiselle henkilölle oikeuden toimia puolestasi Omalla sivulla rajoitetuksi ajaksi, esimerkiksi läheisellesi, joka auttaa sinua. Valitset itse, mitä henkilö saa nähdä ja tehdä. Voit perua oikeuden milloin tahansa.
grants-only-own = Toimit nyt toisen puolesta. Asiamiehen voit valtuuttaa vain omiin asioihisi.
grants-list-heading = Valtuuttamasi asiamiehet
grants-none = Et ole antanut kenellekään oikeutta toimia puolestasi.
grant-created = Valmis. Asiamies voi nyt toimia puolestasi:
grant-form-heading = Anna henkilölle oikeus toimia puolestasi
grant-personal-number = Asiamiehen henkilötunnus
grant-scopes-legend = Mitä asiamies saa nähdä ja tehdä?
grant-valid-until = Viimeinen voimassaolopäivä
grant-valid-until-hint =
    { $n ->
        [one] Enintään { $n } päivä tämän päivän jälkeen.
       *[other] Enintään { $n } päivää tämän päivän jälkeen.
    }
grant-submit = Anna oikeus
grant-valid = Voimassa
grant-revoked = Peruttu
grant-active = Voimassa nyt
grant-expired = Päättynyt
grant-revoke = Peru
access-log-title = Kuka on katsonut tietojani
access-log-intro = Tässä näet, milloin joku muu kuin sinä on lukenut tietoja tai tehnyt niillä jotain: asiamiehet, uskotut miehet ja muut, jotka toimivat puolestasi, sekä Skatteverketin järjestelmät.
access-log-empty = Kukaan muu ei ole katsonut tietoja.
access-read = Luki
access-downloaded = Latasi asiakirjoja osiosta
access-sent = Lähetti aineistoa osiossa
access-changed = Muutti
access-by-system = Järjestelmä
start-grants-text = Anna toiselle henkilölle oikeus auttaa sinua asioidesi hoitamisessa.
start-access-log-text = Katso, milloin joku muu on lukenut tietojasi tai tehnyt jotain puolestasi.
err-invalid-organisation-number = Kirjoita kelvollinen 10-numeroinen organisaationumero, esimerkiksi 556677-8899.
err-self-grant = Et voi valtuuttaa itseäsi omaksi asiamieheksesi.
err-out-of-range = Arvo on liian pieni tai liian suuri.
err-choose-scope = Valitse vähintään yhdeltä alueelta, mitä asiamies saa nähdä tai tehdä.
no-act-right = Sinulla ei ole oikeutta lähettää mitään sen asioissa, jonka puolesta toimit.

## Customer terminals, inactivity, drafts

welcome-title = Tervetuloa Omalle sivulle
welcome-greeting = Tervetuloa
welcome-choose-language = Valitse suomi painamalla tästä
welcome-how-heading = Näin toimit
welcome-step1 = Valitse kieli ylhäältä. Kohdassa Saavutettavuus voit suurentaa tekstiä tai vaihtaa värejä.
welcome-step2 = Kirjaudu sisään sähköisellä tunnistuksella.
welcome-step3 = Kun olet valmis, paina Lopeta käynti -painiketta. Silloin kaikki poistetaan tältä tietokoneelta.
welcome-privacy = Tätä tietokonetta käyttävät myös muut asiakkaat. Mitään tekemääsi ei tallenneta siihen. Viestiin kirjoittamasi teksti tallennetaan luonnoksena Omalle sivulle, ei tähän tietokoneeseen.
terminal-label = Asiakaspääte
help-ask = Pyydä apua henkilökunnalta
help-cancel = En tarvitse enää apua
help-requested = Henkilökunta on saanut avunpyyntösi ja tulee luoksesi.
help-failed = Avunpyynnön lähettäminen epäonnistui. Käänny vastaanoton henkilökunnan puoleen.
help-cancelled = Avunpyyntösi on peruttu.
help-share-question = Henkilökunta tulee luoksesi. Saavatko he nähdä, millä sivulla olet, jotta he voivat auttaa sinua nopeammin? He eivät koskaan näe tietojasi eivätkä sitä, mitä kirjoitat.
help-share-yes = Kyllä, he saavat nähdä, millä sivulla olen
help-share-no = Ei, pyydä vain apua
cancel = Peruuta
end-visit = Lopeta käynti
ending-visit = Lopetetaan käyntiä …
idle-title = Oletko vielä paikalla?
idle-text =
    { $n ->
        [one] Et ole käyttänyt palvelua hetkeen. Tietoturvasyistä sinut kirjataan ulos { $n } sekunnin kuluttua. Viestiin kirjoittamasi teksti on tallennettu.
       *[other] Et ole käyttänyt palvelua hetkeen. Tietoturvasyistä sinut kirjataan ulos { $n } sekunnin kuluttua. Viestiin kirjoittamasi teksti on tallennettu.
    }
idle-text-terminal =
    { $n ->
        [one] Et ole käyttänyt palvelua hetkeen. Käynti päättyy { $n } sekunnin kuluttua ja kaikki poistetaan tietokoneelta. Viestiin kirjoittamasi teksti on tallennettu Omalle sivulle.
       *[other] Et ole käyttänyt palvelua hetkeen. Käynti päättyy { $n } sekunnin kuluttua ja kaikki poistetaan tietokoneelta. Viestiin kirjoittamasi teksti on tallennettu Omalle sivulle.
    }
idle-ten-seconds = 10 sekuntia jäljellä.
idle-continue = Olen tässä – jatka
terminal-no-download = Tällä tietokoneella et voi ladata tiedostoja. Asiakirjat ovat edelleen Saapuneet-kansiossasi Omalla sivulla. Voit tulostaa sivun tai pyytää apua henkilökunnalta.
print-page = Tulosta sivu
draft-save-failed = Luonnosta ei voitu tallentaa juuri nyt. Kirjoittamasi teksti on yhä sivulla.
draft-saved-at = Luonnos tallennettu
draft-restored = Täytimme kenttiin sen, mitä kirjoitit viimeksi. Luonnos tallennettiin
draft-discard = Hylkää luonnos ja aloita alusta
draft-discarded = Luonnos on poistettu.
enroll-title = Asiakaspääte palvelutoimistossa
enroll-intro = Henkilökunnalle: tee tästä selaimesta asiakaspääte. Silloin kaikki poistetaan jokaisen käynnin jälkeen, tiedostoja ei voi ladata ja käynti päättyy, kun päätettä ei ole käytetty hetkeen. Tarvitset toimiston avaimen.
enroll-is-terminal = Tämä selain on asiakaspääte. Kytke päätetila pois päältä antamalla toimiston avain.
enroll-office = Toimiston tunnus
enroll-office-hint = Esimerkiksi malmo
enroll-key = Toimiston avain
enroll-name = Päätteen nimi
enroll-name-hint = Nimi, jonka henkilökunta näkee, esimerkiksi Malmö 2
enroll-button = Muuta asiakaspäätteeksi
unenroll-button = Kytke päätetila pois päältä

## Feedback and satisfaction

feedback-title = Anna palautetta
feedback-intro = Kerro, mikä toimii ja mitä voimme tehdä paremmin. Sinun ei tarvitse kirjautua sisään eikä kertoa, kuka olet.
feedback-kind-legend = Millaista palautetta haluat antaa?
feedback-kind-praise = Kiitos
feedback-kind-suggestion = Kehitysehdotus
feedback-kind-complaint = Moite
feedback-kind-error-report = Vikailmoitus – jokin ei toimi
feedback-text-label = Palautteesi
feedback-text-hint = Enintään 2 000 merkkiä. Älä kirjoita henkilötunnustasi tai muita itseäsi koskevia arkaluonteisia tietoja.
feedback-matter-label = Koskeeko palaute jotakin asiaasi?
feedback-matter-none = Ei, ei mitään tiettyä asiaa
feedback-reply-legend = Haluatko vastauksen?
feedback-reply-none = En, en halua vastausta
feedback-reply-min-sida = Kyllä, Omalle sivulle
feedback-reply-email = Kyllä, sähköpostilla
feedback-reply-phone = Kyllä, soittakaa minulle
feedback-email-label = Sähköpostiosoite
feedback-phone-label = Puhelinnumero
feedback-phone-hint = Esimerkiksi 08-123 456 78 tai 070-123 45 67
feedback-name-label = Nimi (vapaaehtoinen)
feedback-name-hint = Nimi, jolla kysymme sinua, kun vastaamme.
feedback-privacy-notice = Tallennamme vain sen, mitä kirjoitat ja valitset tässä. Jos et valitse vastausta Omalle sivulle etkä jotakin asiaasi, emme tiedä, kuka olet.
feedback-submit = Lähetä palaute
feedback-thanks-title = Kiitos palautteestasi
feedback-thanks-text = Olemme vastaanottaneet sen. Mainitse viite, jos otat meihin yhteyttä palautteeseen liittyen.
feedback-reference = Viite
feedback-promise-none = Valitsit, ettet halua vastausta.
feedback-promise-min-sida = Vastaamme sinulle Omalla sivulla.
feedback-promise-email = Vastaamme sinulle sähköpostilla.
feedback-promise-phone = Soitamme sinulle.
feedback-more = Anna lisää palautetta
err-feedback-kind = Valitse, millaista palautetta haluat antaa.
err-feedback-text = Kirjoita palautteesi.
err-feedback-reply-login = Kirjaudu sisään, jos haluat vastauksen Omalle sivulle, tai valitse sähköposti tai puhelin.
err-feedback-phone = Kirjoita puhelinnumero, esimerkiksi 08-123 456 78 tai 070-123 45 67.
satisfaction-heading = Mitä mieltä olit?
satisfaction-legend = Kuinka helppoa tämän tekeminen oli?
satisfaction-hint = Vastaaminen on vapaaehtoista. Vastauksesi tallennetaan ilman nimeäsi, ja se auttaa meitä parantamaan Omaa sivua.
satisfaction-rating-1 = 1 – Erittäin vaikeaa
satisfaction-rating-2 = 2 – Melko vaikeaa
satisfaction-rating-3 = 3 – Ei helppoa eikä vaikeaa
satisfaction-rating-4 = 4 – Melko helppoa
satisfaction-rating-5 = 5 – Erittäin helppoa
satisfaction-comment-label = Haluatko kertoa lisää? (vapaaehtoinen)
satisfaction-submit = Lähetä vastaus
satisfaction-thanks = Kiitos vastauksestasi!
err-satisfaction-rating = Valitse asteikolla 1–5, kuinka helppoa se oli.

## Not found

not-found-title = Sivua ei löydy
not-found-text = Etsimääsi sivua ei ole olemassa tai se on siirretty.
not-found-back = Siirry etusivulle
