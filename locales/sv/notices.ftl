### Min sida: aviseringar och koder (e-post och sms), svenska.
### Skickas på personens språk för brev och meddelanden (Kontaktval).
### En avisering säger bara att något nytt finns på Min sida: aldrig ämne eller innehåll.

new-message-email-subject = Nytt meddelande på Min sida
new-message-email-body =
    Hej!

    Du har fått ett nytt meddelande på Min sida. Logga in på { $url } för att läsa det.

    Av säkerhetsskäl skriver vi aldrig vad meddelandet handlar om i e-post eller sms, och vi skickar aldrig länkar som loggar in dig.

    Du får den här aviseringen för att du har valt det under Kontaktval på Min sida. Där kan du också ändra eller stänga av aviseringarna.

    Det går inte att svara på det här e-postmeddelandet.
new-message-sms = Du har fått ett nytt meddelande på Min sida. Logga in på { $url } för att läsa det. Aviseringar ändrar du under Kontaktval.
code-email-subject = Din kod för att bekräfta e-postadressen
code-email-body =
    Hej!

    Din kod för att bekräfta din e-postadress på Min sida är:

    { $code }

    Koden gäller i { $minutes } minuter. Skriv in den under Kontaktval på Min sida.

    Om du inte har bett om en kod kan du bortse från det här meddelandet. Ingenting ändras utan koden. Lämna aldrig ut koden till någon; vi frågar aldrig efter den.

    Det går inte att svara på det här e-postmeddelandet.
code-sms = Din kod för att bekräfta mobilnumret på Min sida: { $code }. Den gäller i { $minutes } minuter. Har du inte bett om en kod kan du bortse från sms:et. Lämna aldrig ut koden.
