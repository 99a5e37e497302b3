### Min sida: English (complete).

## Shell

skip-to-content = Skip to main content
site-name = My page
agency-name = The Example Agency
main-nav-label = Main menu
nav-start = Home
nav-personal = My details
log-out = Log out
logging-out = Logging out …
logged-in-as = Logged in as
language-label = Language
menu = Menu
test-env-banner = Test environment: only made-up test persons are used here.
footer-contact = Contact us
footer-contact-text = Need help? Call +46 771 00 00 00 or visit a service office.
loading = Loading …
page-load-failed-title = The page could not be shown
page-load-failed-text = Part of My page could not be fetched. Check your internet connection and try again. Nothing you have done is lost.
page-load-retry = Try again

## Login

login-title = Log in to My page
login-intro = See your details and manage your matters with us.
login-test-heading = Test login
login-test-warning = For testing and demonstration only. The persons are made up.
login-choose-person = Choose a test person
login-as = Log in as
login-manual-heading = Log in with a personal identity number
login-personal-number = Personal identity number
login-personal-number-hint = 10 or 12 digits, for example 19811218-9876
login-button = Log in
login-in-progress = Logging in …
login-unavailable = Login is not available right now. Please try again later.
session-expired-notice = You have been logged out because you were inactive for a while. Log in again to continue.
logged-out-notice = You are now logged out.
login-eid-heading = Log in with e-ID
login-with = Log in with { $name }
login-failed-cancelled = You cancelled the login and are not logged in. Log in again when you want to continue.
login-failed-expired = The login took too long or was started in another window, so you are not logged in. Start again by logging in once more.
login-failed-generic = The login failed and you are not logged in. Please try again in a while. If it still does not work, call +46 771 00 00 00.
login-failed-assurance = Your e-ID does not have the level of assurance that Min sida requires, so you are not logged in. Log in with an e-ID with a higher level of assurance (level 3 or 4), or visit a service office.
login-failed-unknown-person = Your e-ID is valid, but we cannot find you among the people who can use Min sida, so you are not logged in. Call +46 771 00 00 00 if you think this is wrong.
login-failed-invalid-identity = Your e-ID did not give us a personal identity number or coordination number that we can use, so you are not logged in. Try another e-ID or call +46 771 00 00 00.

## Start

start-title = Home
start-welcome = Welcome
start-intro = Everything you can do on My page, in one place.
start-services-heading = Your services
start-personal-link = My details
start-personal-text = See what the population register holds about you and change your contact details.

## Personal details

personal-title = My details
personal-intro = These are the details we hold about you. Your contact details are yours to decide.
registered-heading = Population register
registered-source = These details come from the population register. You cannot change them here.
field-name = Name
field-personal-number = Personal identity number
field-coordination-number = Coordination number
field-birth-date = Date of birth
field-registered-address = Registered address
field-postal-address = Special postal address
field-municipality = Municipality
field-county = County
field-registered-since = Registered at this address since
field-citizenship = Citizenship
report-change-heading = Is something wrong?
report-change-move = Have you moved? Report your move no later than one week after moving and we will update the population register.
report-change-other = Is another detail wrong? Call us on +46 771 00 00 00 or visit a service office and we will help you.
contact-heading = Contact details
contact-intro = We use your contact details to let you know when something new has arrived on My page. They are optional.
contact-email = Email address
contact-email-hint = For example name@example.com
contact-mobile = Mobile number
contact-mobile-hint = For example 070-123 45 67 or +46 70 123 45 67
contact-save = Save contact details
contact-saving = Saving …
contact-saved = Your contact details have been saved.
contact-last-changed = Last changed
contact-remove-hint = Leave a field empty to remove that detail.

## Errors

error-summary-title = Correct the following before you continue:
err-required = Fill in this field.
err-too-long = The text is too long.
err-invalid-email = Enter the email address like this: name@example.com
err-invalid-phone = Enter a mobile number, for example 070-123 45 67 or +46 70 123 45 67.
err-invalid-personal-number = Enter a valid personal identity number with 10 or 12 digits, for example 19811218-9876.
err-unknown-person = There is no test person with that personal identity number.
err-network = We could not reach My page. Check your internet connection and try again.
err-unauthenticated = You need to log in.
err-session-expired = You have been logged out because you were inactive for a while.
err-forbidden = You are not allowed to see or do this.
err-not-found = We could not find what you are looking for.
err-csrf = For security reasons the page needs to be reloaded. Reload the page and try again.
err-payload-too-large = What you sent is too large.
err-unsupported-media-type = The format is not supported.
err-bad-request = Something in the request was wrong. Reload the page and try again.
err-rate-limited = Too many attempts. Wait a while and try again.
err-provider-disabled = This login method is switched off.
err-server = Something went wrong on our side. Please try again in a while.
err-decode = We received an unexpected answer. Reload the page and try again.

## Messages and matters

nav-messages = Messages
nav-matters = My matters
unread-suffix = unread
start-messages-text = Read letters and decisions from us and see receipts for what you have sent.
start-matters-text = Follow your matters, answer requests for more information and send documents.
todo-heading = To do
todo-nothing = Nothing is waiting for you right now.
unread-message = Unread message
inbox-title = Messages
inbox-intro = Letters and decisions from us, and what you have sent to us. Nothing is ever deleted: archived messages stay in the archive.
folders-label = Folders
folder-inbox = Inbox
folder-unread = Unread
folder-sent = Sent
folder-archived = Archive
filter-heading = Search and filter
filter-search = Search subject and text
filter-matter = Matter
filter-all-matters = All matters
filter-from = From date
filter-to = To date
filter-apply = Show messages
filter-clear = Clear filters
err-date-order = The to date must be the same as or later than the from date.
inbox-empty = No messages to show.
inbox-showing = Showing { $first }–{ $last } of { $total } messages
pagination-label = Pages
pagination-prev = Previous page
pagination-next = Next page
pagination-page-of = Page { $page } of { $pages }
unread-prefix = Unread:{" "}
kind-receipt = Receipt
kind-supplement-request = Request for more information
sent-by-you = Sent by you
attachments =
    { $n ->
        [one] 1 attachment
       *[other] { $n } attachments
    }
documents =
    { $n ->
        [one] 1 document
       *[other] { $n } documents
    }
message-title = Message
back-to-inbox = Back to messages
message-from = From
message-to = To
message-sent-at = Sent
matter-label = Matter
attachments-heading = Attachments
document-download = download
mark-read = Mark as read
mark-unread = Mark as unread
marked-read = The message is marked as read.
marked-unread = The message is marked as unread.
archive = Move to archive
restore = Move back to inbox
archived = The message has been moved to the archive.
restored = The message has been moved back to the inbox.
archive-hint = Archived messages are never deleted. You find them under Archive.
request-heading = We need more information from you
request-what-we-need = What we need from you
request-due = Answer no later than
request-answer = Answer the request
request-open = Waiting for your answer.
request-overdue = The last day has passed. You can still answer.
request-answered = You have answered.
request-withdrawn = We no longer need this information.
request-answered-at = Answered
request-read-message = Read the message
request-not-open = This request no longer waits for an answer. You can write an ordinary message in the matter.
matters-title = My matters
matters-intro = Your matters with us, what has happened and what we need from you.
matters-empty = You have no matters with us right now.
matter-title = Matter
back-to-matters = Back to my matters
back-to-matter = Back to the matter
matter-reference = Matter number
matter-status = Status of the matter
matter-category = Kind of matter
matter-handler = Handled by
matter-opened = Opened
matter-updated = Latest event
open-requests =
    { $n ->
        [one] 1 request for more information is waiting for you
       *[other] { $n } requests for more information are waiting for you
    }
category-recurring = Recurring
category-life-event = Life event
category-ongoing = Ongoing matter
category-other = Other
status-received = Received
status-in-progress = In progress
status-awaiting-person = Waiting for you
status-decided = Decided
status-closed = Closed
write-in-matter = Write a message in the matter
messages-in-matter = Show messages in the matter
matter-closed-hint = The matter is closed, so you cannot write in it. Questions? Call +46 771 00 00 00.
timeline-heading = What has happened
earlier-requests-heading = Earlier requests for more information
event-opened = The matter was opened
event-status-changed = New status
event-message-received = Message from us
event-supplement-requested = We asked for more information
event-message-sent = You sent
compose-title = Write a message
answer-title = Answer the request for more information
supplement-subject-prefix = Supplement to matter
subject-label = Subject
body-label = Message
body-hint = Write what you want to tell us. You do not need to write your personal identity number, we know who you are.
files-label = Attach documents
files-hint = PDF, JPEG or PNG. At most 20 MB per file and at most 10 files.
chosen-files = Chosen documents
uploading = Uploading
upload-done = Uploaded
upload-removed = Removed
remove-file = Remove
send-button = Send
sending = Sending …
sent-notice = Thank you! We have received what you sent. The receipt is also among your messages.
receipt-in-inbox = Show the receipt among messages
receipt-heading = Receipt
receipt-intro = This is what we received from you. Keep the receipt number if you want to contact us about it.
receipt-number = Receipt number
receipt-received-at = Received
receipt-documents = Documents
receipt-no-documents = No documents were attached.
receipt-checksum = Checksum (SHA-256)
receipt-checksum-hint = The checksum shows that the document we received is exactly the one you sent.
err-uploads-pending = Wait until all files are uploaded and try again.
err-file-type = The file is not a PDF, JPEG or PNG file. Choose another file.
err-file-too-large = The file is larger than 20 MB. Choose a smaller file.
err-file-name = The file has no name. Rename the file and try again.
err-body-or-document-required = Write a message or attach at least one document.
err-too-many-documents = You can attach at most 10 documents.
err-unknown-upload = One of the documents no longer exists. Remove it and upload it again.
err-invalid-date = Enter a valid date.
err-invalid-value = Choose one of the options.
err-unsupported-file-type = The file type is not supported. Use PDF, JPEG or PNG.
err-conflict = That is not possible right now, for example because the matter is closed or already answered. Reload the page.
err-integrity = The content could not be verified and is therefore not shown. Please contact us.

## Accessibility

nav-accessibility = Accessibility
footer-statement = Accessibility statement
a11y-title = Accessibility
a11y-intro = Choose how My page looks and works for you. Changes apply at once and are saved on this device, and in your profile when you are logged in so that they follow you to other devices.
a11y-text-size = Text size
a11y-theme = Colours and contrast
a11y-theme-auto = Same as my device
a11y-theme-light = Light
a11y-theme-dark = Dark
a11y-theme-high-contrast = High contrast
a11y-motion = Motion
a11y-motion-auto = As on my device
a11y-motion-reduce = Reduce motion and animation
a11y-reading = Text and readability
a11y-spacing = More space between lines, words and letters
a11y-readable-font = Easy-to-read typeface
a11y-easy-read = Easy-to-read Swedish
a11y-easy-read-hint = Guidance texts are shown in easy-to-read Swedish (when Swedish is the language).
a11y-saved-device = Saved on this device.
a11y-saved-profile = Saved on this device and in your profile.
a11y-reset = Reset to defaults
a11y-reset-done = The settings have been reset.
statement-title = Accessibility statement
statement-intro = The Example Agency is responsible for My page. We want everyone to be able to use the service, whatever their abilities. Here we describe how My page meets the Swedish act on accessibility of digital public services and WCAG 2.2 level AA.
statement-supported-heading = What works
statement-supported1 = The whole service can be used with a keyboard only, and focus is always visible.
statement-supported2 = Screen readers get headings, landmarks, labels and status messages.
statement-supported3 = You can choose text size up to 200 %, high contrast, dark mode, reduced motion, more text spacing, an easy-to-read typeface and easy-to-read Swedish.
statement-supported4 = The pages work on small screens and at 400 % zoom without scrolling sideways.
statement-known-heading = Known problems
statement-known1 = Texts written by the agency's case officers, such as messages and the names of matters, are in Swedish even when you have chosen another language. They are marked as Swedish so that screen readers read them correctly.
statement-known2 = Documents the agency sends as PDF may not be fully accessible. Ask us for an accessible version.
statement-report-heading = Report a problem
statement-report = Do you have problems with accessibility? Call +46 771 00 00 00 or visit a service office and we will help you and fix the problem.
statement-enforcement = The Agency for Digital Government (Digg) supervises the act. If you are not satisfied with how we handle your feedback, you can report it to Digg.
statement-updated = This statement was updated on 23 November 2026.
statement-settings-link = Change your accessibility settings

## Channel preferences

nav-channels = Contact choices
start-channels-text = Choose how we contact you and whether you want a notice by e-mail or text message when something new arrives.
contact-channels-link = Choose how we contact you and verify your e-mail and mobile number under Contact choices
channels-title = Contact choices and notices
channels-intro = Here you choose how we contact you in different kinds of matters, whether you want a notice when something new arrives on My page, and whether you want paper letters. A notice only says that something new has arrived, never what it is about.
defaults-heading = You have not made any choices yet. This is what we do then:
defaults-mailbox = Everything we send you arrives in your inbox on My page.
defaults-paper = Decisions that we must send on paper also arrive by post at your registered address.
defaults-notices = You get no notice by e-mail or text message until you have verified your e-mail address or mobile number and chosen it here.
verify-heading = Verified contact details
verify-intro = We only send notices to an e-mail address or mobile number that you have verified. You verify it by entering a code that we send there.
verify-email-heading = E-mail address
verify-mobile-heading = Mobile number
code-sent-email = We have sent a code to your e-mail address. Enter it below.
code-sent-mobile = We have sent a code by text message to your mobile number. Enter it below.
err-code-format = The code is 6 digits. Check that you have copied it correctly.
email-verified = Your e-mail address is verified. You can now choose notices by e-mail.
mobile-verified = Your mobile number is verified. You can now choose notices by text message and phone calls.
ask-new-code = Ask for a new code to try again.
verified-on = Verified on
no-email-given = You have not given an e-mail address.
no-mobile-given = You have not given a mobile number.
add-in-personal = Add it under My details
verified = Verified
not-verified = Not verified
code-label-email = Code from the e-mail
code-label-mobile = Code from the text message
code-hint = 6 digits. You have 5 attempts.
code-valid-until = The code is valid until
verify-button = Verify
send-new-code = Send a new code
send-code-email = Send a code to my e-mail address
send-code-mobile = Send a code to my mobile number
err-too-many-codes = You have asked for too many codes. Wait a while before you ask for a new one.
prefs-heading = How we contact you
prefs-intro = For each kind of matter, choose how we primarily contact you and whether you want a notice when something new arrives on My page.
paper-heading = Paper letters
paper-opt-out = I do not want paper letters
paper-opt-out-hint = Everything then arrives only on My page. Consider choosing a notice above so that you see when something new arrives.
letter-language-heading = Language of letters and messages
letter-swedish = Swedish
letter-english = English
letter-finnish = Finnish
letter-arabic = Arabic
phone-times-heading = Times when we preferably call you (weekdays)
phone-times-hint = Choose no time if any time suits you. We only call if you have chosen phone above or the matter requires it.
phone-morning = 08:00–10:00
phone-midday = 10:00–13:00
phone-afternoon = 13:00–16:00
phone-any-time = any time
channels-save = Save contact choices
channels-saving = Saving …
channels-saved = Your contact choices are saved.
kind-recurring = Tax return and other recurring matters
kind-life-event = Life events, such as moving or the birth of a child
kind-ongoing = Ongoing matters
kind-other = Other
channel-legend = How we contact you
channel-mailbox = My page
channel-paper = Letter
channel-phone = Phone
notice-legend = Notice when something new arrives on My page
notice-by-email = E-mail
notice-by-sms = Text message
history-heading = History of changes
history-empty = You have not changed anything yet.
history-channel = You changed how we contact you about “{ $kind }” from { $from } to { $to }.
history-email-on = You chose notices by e-mail for “{ $kind }”.
history-email-off = You removed notices by e-mail for “{ $kind }”.
history-sms-on = You chose notices by text message for “{ $kind }”.
history-sms-off = You removed notices by text message for “{ $kind }”.
history-paper-opt-out = You opted out of paper letters.
history-paper-opt-in = You chose to get paper letters again.
history-language = You changed the language of letters and messages from { $from } to { $to }.
history-phone-times = You changed the times when we preferably call you to { $times }.
history-email-verified = You verified your e-mail address.
history-mobile-verified = You verified your mobile number.
history-email-cleared = Your e-mail address changed and needs to be verified again.
history-mobile-cleared = Your mobile number changed and needs to be verified again.
notices-heading = Notices sent
notices-intro = Here you see the notices and codes we have sent you. We never write what a message is about in an e-mail or text message.
notices-refresh = Refresh the list
notices-empty = We have not sent you any notices.
notice-email = E-mail
notice-sms = Text message
purpose-new-message = New on My page
purpose-code = Verification code
notice-to = to
notice-pending = Waiting to be sent
notice-retrying = Trying again
notice-sent = Sent
notice-failed = Could not be sent
err-email-not-verified = Verify your e-mail address first to get notices by e-mail.
err-mobile-not-verified = Verify your mobile number first to get text messages or calls.
err-paper-opted-out = You have opted out of paper letters. Choose My page or phone, or remove the paper opt-out.
err-wrong-code = The code is not correct. Check the code and try again.
err-code-expired = The code is no longer valid. Ask for a new code.
err-too-many-attempts = You have entered a wrong code too many times. Ask for a new code.
err-no-pending-code = There is no valid code. Ask for a new code.
err-no-address = First add an e-mail address or mobile number under My details.
err-request-not-open = The request to supplement no longer waits for an answer.

## Representation

role-signatory = authorised signatory
role-representative = representative
role-guardian = guardian
role-trustee = trustee (god man)
role-administrator = administrator (förvaltare)
area-messages = Messages
area-matters = Matters
area-preferences = Contact choices and settings
area-personal-data = Details
level-none = No access
level-read = read
level-act = read and act
acting-as-label = You are acting for
acting-for = You are acting for
acting-switch = Switch
acting-back-to-self = Act for yourself
acting-for-self = You are acting for yourself.
acting-choose-link = Act for a company or another person
choose-party-title = Choose whom you act for
choose-party-intro = You can act for companies where you are an authorised signatory or representative, and for persons you represent as representative, trustee, administrator or guardian. What you see and do applies to the one you have chosen. Everything you do for someone else is logged, and the one you act for can see it.
party-yourself = Yourself
party-current = You are acting for this one now
no-mandates = You have no rights to act for anyone else at the moment.
party-organisation = Organisation
party-person = Person
mandate-role = Role
mandate-scopes = May see and do
mandate-valid-until = Valid until
mandate-open-ended = Until further notice
act-for = Act for
organisation-source = The details come from the Companies Registration Office and the Tax Agency's registers. Report changes to the Companies Registration Office.
registration-f-tax = Approved for F-tax
registration-vat = Registered for VAT
registration-employer = Registered as employer
organisation-heading = About the organisation
organisation-name = Name
organisation-number = Organisation number
organisation-legal-form = Legal form
organisation-address = Address
organisation-registered-since = Registered since
registrations-heading = Registrations with the Tax Agency
registrations-none = The organisation has no tax registrations.
registered-from = from
grants-title = Your representatives
grants-intro = Here you can give another person the right to act for you on My page for a limited time, for example a relative who helps you. You choose what the person may see and do. You can take the right back at any time.
grants-only-own = You are acting for someone else right now. You can only appoint representatives for yourself.
grants-list-heading = Representatives you have appointed
grants-none = You have not given anyone the right to act for you.
grant-created = Done. The representative can now act for you:
grant-form-heading = Give a person the right to act for you
grant-personal-number = The representative's personal identity number
grant-scopes-legend = What may the representative see and do?
grant-valid-until = Valid until
grant-valid-until-hint = At most { $n } days from today.
grant-submit = Give the right
grant-valid = Valid
grant-revoked = Revoked
grant-active = Active
grant-expired = Expired
grant-revoke = Revoke
access-log-title = Who has looked at my data
access-log-intro = Here you see when someone other than you has read or done something with the data: representatives, trustees and others acting for you, and the Tax Agency's systems.
access-log-empty = No one else has looked at the data.
access-read = Read
access-downloaded = Downloaded documents in
access-sent = Sent in
access-changed = Changed
access-by-system = The system
start-grants-text = Give another person the right to help you with your matters.
start-access-log-text = See when someone else has read or done something for you.
err-invalid-organisation-number = Enter a valid 10-digit organisation number, for example 556677-8899.
err-self-grant = You cannot appoint yourself as your own representative.
err-choose-scope = Choose what the representative may see or do in at least one area.
no-act-right = You do not have the right to send anything in matters for the one you are acting for.

## Customer terminals, inactivity, drafts

welcome-title = Welcome to My page
welcome-greeting = Welcome
welcome-choose-language = Press here for English
welcome-how-heading = How it works
welcome-step1 = Choose a language above. Under Accessibility you can make the text larger or change the colours.
welcome-step2 = Log in with your e-ID.
welcome-step3 = Press End my visit when you are done. Everything is then removed from this computer.
welcome-privacy = This computer is shared with other visitors. Nothing you do is kept on it. What you write in a message is kept as a draft on My page, not here.
terminal-label = Customer terminal
help-ask = Ask staff for help
help-cancel = I no longer need help
help-requested = Staff have received your request and will come to you.
help-failed = The request could not be sent. Please turn to the staff at the reception.
help-cancelled = Your request for help has been withdrawn.
help-share-question = Staff will come to you. May they see which page you are on, so they can help you faster? They never see your details or what you write.
help-share-yes = Yes, they may see which page I am on
help-share-no = No, just ask for help
cancel = Cancel
end-visit = End my visit
ending-visit = Ending your visit …
idle-title = Are you still there?
idle-text =
    { $n ->
        [one] You have not done anything for a while. For your security you will be logged out in { $n } second. What you have written in a message is saved.
       *[other] You have not done anything for a while. For your security you will be logged out in { $n } seconds. What you have written in a message is saved.
    }
idle-text-terminal =
    { $n ->
        [one] You have not done anything for a while. Your visit ends in { $n } second and everything is removed from this computer. What you have written in a message is saved on My page.
       *[other] You have not done anything for a while. Your visit ends in { $n } seconds and everything is removed from this computer. What you have written in a message is saved on My page.
    }
idle-ten-seconds = 10 seconds left.
idle-continue = I am here – continue
terminal-no-download = You cannot download files on this computer. The documents stay in your inbox on My page. You can print the page or ask staff for help.
print-page = Print the page
draft-save-failed = The draft could not be saved just now. What you have written is still on the page.
draft-saved-at = Draft saved
draft-restored = We have filled in what you wrote last. The draft was saved
draft-discard = Discard the draft and start again
draft-discarded = The draft has been removed.
enroll-title = Customer terminal at a service office
enroll-intro = For staff: make this browser a customer terminal. Everything is then removed after each visit, files cannot be downloaded and the visit ends after a while without activity. You need the office's key.
enroll-is-terminal = This browser is a customer terminal. Enter the office's key to turn terminal mode off.
enroll-office = Office id
enroll-office-hint = For example malmo
enroll-key = Office key
enroll-name = Name of the terminal
enroll-name-hint = The name staff see, for example Malmö 2
enroll-button = Make a customer terminal
unenroll-button = Turn terminal mode off

## Not found

not-found-title = Page not found
not-found-text = The page you are looking for does not exist, or it has moved.
not-found-back = Go to the home page
