### Min sida: aviseringar på lättläst svenska.
### Aviseringar och koder skickas på det vanliga språket för brev (se locales/sv/notices.ftl);
### den här filen är tom tills myndigheten erbjuder lättlästa aviseringar.
