### Min sida (Oma sivu): ilmoitukset ja koodit (sähköposti ja tekstiviesti), suomi.

new-message-email-subject = Uusi viesti Omalla sivulla (Min sida)
new-message-email-body =
    Hei!

    Olet saanut uuden viestin Omalle sivulle (Min sida). Kirjaudu osoitteessa { $url } lukeaksesi sen.

    Turvallisuussyistä emme koskaan kerro sähköpostissa tai tekstiviestissä, mitä viesti koskee, emmekä koskaan lähetä linkkejä, jotka kirjaavat sinut sisään.

    Saat tämän ilmoituksen, koska olet valinnut sen Omalla sivulla kohdassa Yhteydenottovalinnat (Kontaktval). Siellä voit myös muuttaa ilmoituksia tai lopettaa ne.

    Tähän sähköpostiin ei voi vastata.
new-message-sms = Olet saanut uuden viestin Omalle sivulle (Min sida). Kirjaudu osoitteessa { $url } lukeaksesi sen. Ilmoituksia voit muuttaa kohdassa Yhteydenottovalinnat (Kontaktval).
code-email-subject = Koodisi sähköpostiosoitteen vahvistamiseen
code-email-body =
    Hei!

    Koodisi sähköpostiosoitteesi vahvistamiseen Omalla sivulla (Min sida) on:

    { $code }

    Koodi on voimassa { $minutes ->
        [one] { $minutes } minuutin
       *[other] { $minutes } minuuttia
    }. Kirjoita se Omalla sivulla kohtaan Yhteydenottovalinnat (Kontaktval).

    Jos et pyytänyt koodia, voit jättää tämän viestin huomiotta. Mikään ei muutu ilman koodia. Älä koskaan anna koodia kenellekään; me emme koskaan kysy sitä.

    Tähän sähköpostiin ei voi vastata.
code-sms = Koodisi matkapuhelinnumeron vahvistamiseen Omalla sivulla (Min sida): { $code }. Se on voimassa { $minutes } minuuttia. Jos et pyytänyt koodia, voit jättää viestin huomiotta. Älä koskaan anna koodia kenellekään.
