### Min sida: notices and codes (e-mail and text messages), English.

new-message-email-subject = New message on Min sida
new-message-email-body =
    Hello,

    You have received a new message on Min sida. Log in at { $url } to read it.

    For your security we never write what a message is about in e-mail or text messages, and we never send links that log you in.

    You receive this notice because you chose it under Contact choices (Kontaktval) on Min sida. You can change or turn off notices there.

    Please do not reply to this e-mail.
new-message-sms = You have a new message on Min sida. Log in at { $url } to read it. Change notices under Contact choices.
code-email-subject = Your code to confirm your e-mail address
code-email-body =
    Hello,

    Your code to confirm your e-mail address on Min sida is:

    { $code }

    The code is valid for { $minutes } minutes. Enter it under Contact choices (Kontaktval) on Min sida.

    If you did not ask for a code, you can ignore this e-mail. Nothing changes without the code. Never give the code to anyone; we never ask for it.

    Please do not reply to this e-mail.
code-sms = Your code to confirm your mobile number on Min sida: { $code }. It is valid for { $minutes } minutes. If you did not ask for a code, ignore this message. Never share the code.
