### Min sida: العربية (Arabic, right-to-left).

## Shell

skip-to-content = الانتقال مباشرةً إلى المحتوى
site-name = صفحتي
agency-name = الهيئة النموذجية
main-nav-label = القائمة الرئيسية
nav-start = الصفحة الرئيسية
nav-personal = بياناتي
log-out = تسجيل الخروج
logging-out = جارٍ تسجيل الخروج …
logged-in-as = تم تسجيل الدخول باسم
language-label = اللغة
menu = القائمة
test-env-banner = بيئة اختبار: لا يُستخدم هنا إلا أشخاص تجريبيون وهميون.
footer-contact = تواصل معنا
footer-contact-text = هل تحتاج إلى مساعدة؟ اتصل بنا على ⁦0771-00 00 00⁩ أو زُر أحد مكاتب الخدمة.
loading = جارٍ التحميل …
page-load-failed-title = تعذّر عرض الصفحة
page-load-failed-text = تعذّر تحميل جزء من صفحتي. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى. لم يضِع شيء مما قمت به.
page-load-retry = إعادة المحاولة

## Login

login-title = تسجيل الدخول إلى صفحتي
login-intro = هنا ترى بياناتك وتتابع قضاياك لدينا.
login-test-heading = تسجيل دخول تجريبي
login-test-warning = للاختبار والعرض التوضيحي فقط. الأشخاص وهميون.
login-choose-person = اختر شخصًا تجريبيًا
login-as = تسجيل الدخول باسم
login-manual-heading = تسجيل الدخول برقم الهوية الشخصية
login-personal-number = رقم الهوية الشخصية
login-personal-number-hint = 10 أو 12 رقمًا، مثل ⁦19811218-9876⁩
login-button = تسجيل الدخول
login-in-progress = جارٍ تسجيل الدخول …
login-unavailable = تسجيل الدخول غير متاح الآن. حاول مرة أخرى لاحقًا.
session-expired-notice = تم تسجيل خروجك لأنك لم تقم بأي نشاط منذ فترة. سجّل الدخول مرة أخرى للمتابعة.
logged-out-notice = تم تسجيل خروجك.
login-eid-heading = تسجيل الدخول بالهوية الإلكترونية
login-with = تسجيل الدخول باستخدام { $name }
login-failed-cancelled = لقد ألغيت تسجيل الدخول، لذلك لم يتم تسجيل دخولك. سجّل الدخول مرة أخرى عندما تريد المتابعة.
login-failed-expired = استغرق تسجيل الدخول وقتًا طويلًا أو بُدئ في نافذة أخرى، لذلك لم يتم تسجيل دخولك. ابدأ من جديد بتسجيل الدخول مرة أخرى.
login-failed-generic = تعذّر تسجيل الدخول، ولم يتم تسجيل دخولك. حاول مرة أخرى بعد قليل. إذا استمرت المشكلة، فاتصل على ⁦0771-00 00 00⁩.
login-failed-assurance = هويتك الإلكترونية لا توفّر مستوى الأمان الذي تتطلبه صفحتي، لذلك لم يتم تسجيل دخولك. سجّل الدخول بهوية إلكترونية ذات مستوى أمان أعلى (مستوى الثقة 3 أو 4)، أو زُر أحد مكاتب الخدمة.
login-failed-unknown-person = هويتك الإلكترونية صالحة، لكننا لم نجدك ضمن الأشخاص الذين يمكنهم استخدام صفحتي، لذلك لم يتم تسجيل دخولك. اتصل على ⁦0771-00 00 00⁩ إذا كنت تعتقد أن في ذلك خطأ.
login-failed-invalid-identity = لم تزوّدنا هويتك الإلكترونية برقم هوية شخصية أو رقم تنسيق يمكننا استخدامه، لذلك لم يتم تسجيل دخولك. جرّب هوية إلكترونية أخرى أو اتصل على ⁦0771-00 00 00⁩.

## Start

start-title = الصفحة الرئيسية
start-welcome = مرحبًا بك
start-intro = هنا تجد كل ما يمكنك القيام به في صفحتي.
start-services-heading = خدماتك
start-personal-link = بياناتي
start-personal-text = اطّلع على البيانات المسجّلة عنك في سجل النفوس، وغيّر بيانات الاتصال الخاصة بك.

## Personal details

personal-title = بياناتي
personal-intro = هنا ترى البيانات المسجّلة لدينا عنك. أما بيانات الاتصال فالقرار فيها لك.
registered-heading = سجل النفوس
registered-source = هذه البيانات مأخوذة من سجل النفوس. لا يمكنك تغييرها هنا.
field-name = الاسم
field-personal-number = رقم الهوية الشخصية
field-coordination-number = رقم التنسيق
field-birth-date = تاريخ الميلاد
field-registered-address = العنوان المسجّل في سجل النفوس
field-postal-address = عنوان بريدي خاص
field-municipality = البلدية
field-county = المحافظة
field-registered-since = مسجّل في هذا العنوان منذ
field-citizenship = الجنسية
report-change-heading = هل توجد معلومة غير صحيحة؟
report-change-move = هل انتقلت إلى سكن جديد؟ أبلِغ عن انتقالك في موعد أقصاه أسبوع واحد بعد الانتقال، وسنحدّث سجل النفوس.
report-change-other = هل توجد معلومة أخرى غير صحيحة؟ اتصل بنا على ⁦0771-00 00 00⁩ أو زُر أحد مكاتب الخدمة، وسنساعدك.
contact-heading = بيانات الاتصال
contact-intro = نستخدم بيانات الاتصال الخاصة بك لإعلامك عندما يصل شيء جديد إلى صفحتي. تقديم هذه البيانات اختياري.
contact-email = عنوان البريد الإلكتروني
contact-email-hint = مثل namn@exempel.se
contact-mobile = رقم الهاتف المحمول
contact-mobile-hint = مثل ⁦070-123 45 67⁩ أو ⁦+46 70 123 45 67⁩
contact-save = حفظ بيانات الاتصال
contact-saving = جارٍ الحفظ …
contact-saved = تم حفظ بيانات الاتصال الخاصة بك.
contact-last-changed = آخر تعديل
contact-remove-hint = اترك الحقل فارغًا إذا أردت حذف المعلومة.

## Errors

error-summary-title = صحّح ما يلي قبل المتابعة:
err-required = املأ هذا الحقل.
err-too-long = النص طويل جدًا.
err-invalid-email = اكتب عنوان البريد الإلكتروني بهذا الشكل: namn@exempel.se
err-invalid-phone = اكتب رقم هاتف محمول، مثل ⁦070-123 45 67⁩ أو ⁦+46 70 123 45 67⁩.
err-invalid-personal-number = اكتب رقم هوية شخصية صحيحًا من 10 أو 12 رقمًا، مثل ⁦19811218-9876⁩.
err-unknown-person = لا يوجد شخص تجريبي برقم الهوية الشخصية هذا.
err-network = تعذّر الوصول إلى صفحتي. تحقّق من اتصالك بالإنترنت وحاول مرة أخرى.
err-unauthenticated = يجب أن تسجّل الدخول.
err-session-expired = تم تسجيل خروجك لأنك لم تقم بأي نشاط منذ فترة.
err-forbidden = ليست لديك صلاحية لرؤية هذا أو القيام به.
err-not-found = لم نجد ما تبحث عنه.
err-csrf = لأسباب أمنية يجب إعادة تحميل الصفحة. أعد تحميل الصفحة وحاول مرة أخرى.
err-payload-too-large = حجم ما أرسلته كبير جدًا.
err-unsupported-media-type = الصيغة غير مدعومة.
err-bad-request = كان هناك خطأ في الطلب. أعد تحميل الصفحة وحاول مرة أخرى.
err-rate-limited = لقد أجريت محاولات كثيرة جدًا. انتظر قليلًا وحاول مرة أخرى.
err-provider-disabled = طريقة تسجيل الدخول هذه معطّلة.
err-server = حدث خطأ من جهتنا. حاول مرة أخرى بعد قليل.
err-decode = تلقّينا ردًا غير متوقع. أعد تحميل الصفحة وحاول مرة أخرى.

## Messages and matters

nav-messages = الرسائل
nav-matters = قضاياي
unread-suffix = غير مقروءة
start-messages-text = اقرأ الخطابات والقرارات الواردة منا، واطّلع على إيصالات ما أرسلته.
start-matters-text = تابع قضاياك، وردّ على طلبات الاستكمال، وأرسل المستندات.
todo-heading = ما عليك القيام به
todo-nothing = لا يوجد شيء بانتظارك حاليًا.
unread-message = رسالة غير مقروءة
inbox-title = الرسائل
inbox-intro = هنا تجد الخطابات والقرارات الواردة منا، وما أرسلته إلينا. لا نحذف أي شيء أبدًا: تبقى الرسائل المؤرشفة في الأرشيف.
folders-label = المجلدات
folder-inbox = صندوق الوارد
folder-unread = غير المقروءة
folder-sent = المرسلة
folder-archived = الأرشيف
filter-heading = البحث والتصفية
filter-search = البحث في الموضوع والنص
filter-matter = القضية
filter-all-matters = جميع القضايا
filter-from = من تاريخ
filter-to = حتى تاريخ
filter-apply = عرض الرسائل
filter-clear = مسح عوامل التصفية
err-date-order = يجب أن يكون التاريخ في حقل «حتى تاريخ» هو التاريخ نفسه في حقل «من تاريخ» أو بعده.
inbox-empty = لا توجد رسائل لعرضها.
inbox-showing = عرض الرسائل من { $first } إلى { $last } من أصل { $total }
pagination-label = الصفحات
pagination-prev = الصفحة السابقة
pagination-next = الصفحة التالية
pagination-page-of = الصفحة { $page } من { $pages }
unread-prefix = غير مقروءة:{" "}
kind-receipt = إيصال
kind-supplement-request = طلب استكمال
sent-by-you = مرسلة منك
attachments =
    { $n ->
        [zero] لا توجد مرفقات
        [one] مرفق واحد
        [two] مرفقان
        [few] { $n } مرفقات
        [many] { $n } مرفقًا
       *[other] { $n } مرفق
    }
documents =
    { $n ->
        [zero] لا توجد مستندات
        [one] مستند واحد
        [two] مستندان
        [few] { $n } مستندات
        [many] { $n } مستندًا
       *[other] { $n } مستند
    }
message-title = رسالة
back-to-inbox = العودة إلى الرسائل
message-from = من
message-to = إلى
message-sent-at = تاريخ الإرسال
matter-label = القضية
attachments-heading = المرفقات
document-download = تنزيل
mark-read = وضع علامة «مقروءة»
mark-unread = وضع علامة «غير مقروءة»
marked-read = تم وضع علامة «مقروءة» على الرسالة.
marked-unread = تم وضع علامة «غير مقروءة» على الرسالة.
archive = نقل إلى الأرشيف
restore = إعادة إلى صندوق الوارد
archived = تم نقل الرسالة إلى الأرشيف.
restored = تمت إعادة الرسالة إلى صندوق الوارد.
archive-hint = لا تُحذف الرسائل المؤرشفة أبدًا. تجدها في مجلد «الأرشيف».
request-heading = نحتاج منك إلى استكمال معلومات
request-what-we-need = هذا ما نحتاجه منك
request-due = الرد في موعد أقصاه
request-answer = الرد على طلب الاستكمال
request-open = بانتظار ردك.
request-overdue = انقضى الموعد النهائي. لا يزال بإمكانك الرد.
request-answered = لقد أرسلت ردك.
request-withdrawn = لم نعد بحاجة إلى الاستكمال.
request-answered-at = تم الرد في
request-read-message = قراءة الرسالة
request-not-open = لم يعد طلب الاستكمال هذا بانتظار ردك. يمكنك كتابة رسالة عادية في القضية.
matters-title = قضاياي
matters-intro = هنا ترى قضاياك لدينا، وما حدث فيها، وما نحتاجه منك.
matters-empty = ليست لديك أي قضايا لدينا حاليًا.
matter-title = القضية
back-to-matters = العودة إلى قضاياي
back-to-matter = العودة إلى القضية
matter-reference = رقم القضية
matter-status = الحالة
matter-category = نوع القضية
matter-handler = الموظف المسؤول
matter-opened = تاريخ الفتح
matter-updated = آخر حدث
open-requests =
    { $n ->
        [zero] لا توجد طلبات استكمال بانتظارك
        [one] طلب استكمال واحد بانتظارك
        [two] طلبا استكمال بانتظارك
        [few] { $n } طلبات استكمال بانتظارك
        [many] { $n } طلب استكمال بانتظارك
       *[other] { $n } طلب استكمال بانتظارك
    }
category-recurring = متكررة
category-life-event = حدث حياتي
category-ongoing = قضية جارية
category-other = أخرى
status-received = تم الاستلام
status-in-progress = قيد المعالجة
status-awaiting-person = بانتظارك
status-decided = صدر القرار
status-closed = مغلقة
write-in-matter = كتابة رسالة في القضية
messages-in-matter = عرض رسائل القضية
matter-closed-hint = القضية مغلقة، لذلك لا يمكنك الكتابة فيها. هل لديك أسئلة؟ اتصل على ⁦0771-00 00 00⁩.
timeline-heading = أحداث القضية
earlier-requests-heading = طلبات استكمال سابقة
event-opened = فُتحت القضية
event-status-changed = حالة جديدة
event-message-received = رسالة منا
event-supplement-requested = طلبنا استكمالًا
event-message-sent = رسالة منك
compose-title = كتابة رسالة
answer-title = الرد على طلب الاستكمال
supplement-subject-prefix = استكمال للقضية
subject-label = الموضوع
body-label = الرسالة
body-hint = اكتب ما تريد إخبارنا به. لا تحتاج إلى كتابة رقم هويتك الشخصية، فنحن نعرف من أنت.
files-label = إرفاق مستندات
files-hint = PDF أو JPEG أو PNG. بحد أقصى 20 ميغابايت لكل ملف، و10 ملفات على الأكثر.
chosen-files = المستندات المختارة
uploading = جارٍ رفع
upload-done = تم الرفع
upload-removed = تمت الإزالة
remove-file = إزالة
send-button = إرسال
sending = جارٍ الإرسال …
sent-notice = شكرًا! لقد استلمنا ما أرسلته. تجد الإيصال أيضًا بين رسائلك.
receipt-in-inbox = عرض الإيصال بين الرسائل
receipt-heading = إيصال
receipt-intro = هذا ما استلمناه منك. احتفظ برقم الإيصال إذا أردت التواصل معنا بشأنه.
receipt-number = رقم الإيصال
receipt-received-at = تاريخ الاستلام
receipt-documents = المستندات
receipt-no-documents = لم تُرفق أي مستندات.
receipt-checksum = المجموع الاختباري (SHA-256)
receipt-checksum-hint = يُثبت المجموع الاختباري أن المستند الذي استلمناه مطابق تمامًا للمستند الذي أرسلته.
err-uploads-pending = انتظر حتى يكتمل رفع جميع الملفات، ثم حاول مرة أخرى.
err-file-type = الملف ليس بصيغة PDF أو JPEG أو PNG. اختر ملفًا آخر.
err-file-too-large = حجم الملف أكبر من 20 ميغابايت. اختر ملفًا أصغر.
err-file-name = الملف ليس له اسم. غيّر اسم الملف وحاول مرة أخرى.
err-body-or-document-required = اكتب رسالة أو أرفق مستندًا واحدًا على الأقل.
err-too-many-documents = يمكنك إرفاق 10 مستندات على الأكثر.
err-unknown-upload = أحد المستندات لم يعد موجودًا. أزِله ثم ارفعه مرة أخرى.
err-invalid-date = اكتب تاريخًا صحيحًا.
err-invalid-value = اختر أحد الخيارات.
err-unsupported-file-type = نوع الملف غير مدعوم. استخدم PDF أو JPEG أو PNG.
err-conflict = لا يمكن تنفيذ ذلك الآن، مثلًا لأن القضية مغلقة أو لأنه تم الرد على الطلب بالفعل. أعد تحميل الصفحة.
err-integrity = تعذّر التحقق من المحتوى، لذلك لا يُعرض. يُرجى التواصل معنا.

## Accessibility

nav-accessibility = إمكانية الوصول
footer-statement = بيان إمكانية الوصول
footer-feedback = قدّم ملاحظاتك
a11y-title = إمكانية الوصول
a11y-intro = اختر كيف تبدو صفحتي وكيف تعمل بما يناسبك. تُطبَّق التغييرات فورًا وتُحفظ على هذا الجهاز، وكذلك في ملفك الشخصي عندما تكون مسجّلًا الدخول، حتى تنتقل معك إلى أجهزتك الأخرى.
a11y-text-size = حجم النص
a11y-theme = الألوان والتباين
a11y-theme-auto = كما في جهازي
a11y-theme-light = فاتح
a11y-theme-dark = داكن
a11y-theme-high-contrast = تباين عالٍ
a11y-motion = الحركة
a11y-motion-auto = كما في جهازي
a11y-motion-reduce = تقليل الحركة والرسوم المتحركة
a11y-reading = النص وسهولة القراءة
a11y-spacing = مسافات أكبر بين الأسطر والكلمات والحروف
a11y-readable-font = خط أسهل للقراءة
a11y-easy-read = السويدية المبسّطة
a11y-easy-read-hint = تُعرض النصوص التوضيحية باللغة السويدية المبسّطة (عندما تكون اللغة المختارة هي السويدية).
a11y-saved-device = تم الحفظ على هذا الجهاز.
a11y-saved-profile = تم الحفظ على هذا الجهاز وفي ملفك الشخصي.
a11y-reset = استعادة الإعدادات الافتراضية
a11y-reset-done = تمت استعادة الإعدادات الافتراضية.
statement-title = بيان إمكانية الوصول
statement-intro = الهيئة النموذجية هي المسؤولة عن صفحتي. نريد أن يتمكن الجميع من استخدام الخدمة، أيًّا كانت قدراتهم. نصف هنا كيف تستوفي صفحتي متطلبات القانون السويدي بشأن إمكانية الوصول إلى الخدمات العامة الرقمية، ومتطلبات معيار WCAG 2.2 على المستوى AA.
statement-supported-heading = ما يعمل
statement-supported1 = يمكن استخدام الخدمة بأكملها بلوحة المفاتيح فقط، ويكون موضع التركيز ظاهرًا دائمًا.
statement-supported2 = تحصل برامج قراءة الشاشة على العناوين والمعالم والتسميات ورسائل الحالة.
statement-supported3 = يمكنك اختيار حجم نص يصل إلى 200%، وتباين عالٍ، ووضع داكن، وتقليل الحركة، ومسافات أكبر في النص، وخط أسهل للقراءة، والسويدية المبسّطة.
statement-supported4 = تعمل الصفحات على الشاشات الصغيرة وعند التكبير بنسبة 400% دون الحاجة إلى التمرير أفقيًا.
statement-known-heading = أوجه قصور معروفة
statement-known1 = النصوص التي يكتبها موظفو الهيئة المسؤولون عن القضايا، مثل الرسائل وأسماء القضايا، تكون باللغة السويدية حتى إذا اخترت لغة أخرى. وهي مُعلَّمة على أنها سويدية حتى تقرأها برامج قراءة الشاشة بشكل صحيح.
statement-known2 = قد لا تكون المستندات التي ترسلها الهيئة بصيغة PDF سهلة الوصول بالكامل. اطلب منا نسخة سهلة الوصول.
statement-report-heading = الإبلاغ عن أوجه القصور
statement-report = هل تواجه مشكلات في إمكانية الوصول؟ اتصل على ⁦0771-00 00 00⁩ أو زُر أحد مكاتب الخدمة، وسنساعدك ونصحّح الخطأ.
statement-enforcement = تتولى هيئة الإدارة الرقمية (Digg) الإشراف على تطبيق هذا القانون. إذا لم تكن راضيًا عن طريقة تعاملنا مع ملاحظاتك، يمكنك تقديم شكوى إلى Digg.
statement-updated = تم تحديث هذا البيان في 23 نوفمبر 2026.
statement-settings-link = تغيير إعدادات إمكانية الوصول الخاصة بك

## Channel preferences

nav-channels = خيارات التواصل
start-channels-text = اختر كيف نتواصل معك، وما إذا كنت تريد إشعارًا عبر البريد الإلكتروني أو رسالة نصية (SMS) عندما يصل شيء جديد.
contact-channels-link = اختر كيف نتواصل معك، وتحقّق من بريدك الإلكتروني ورقم هاتفك المحمول في «خيارات التواصل»
channels-title = خيارات التواصل والإشعارات
channels-intro = هنا تختار كيف نتواصل معك في الأنواع المختلفة من القضايا، وما إذا كنت تريد إشعارًا عندما يصل شيء جديد إلى صفحتي، وما إذا كنت تريد خطابات ورقية. لا يذكر الإشعار إلا أن شيئًا جديدًا قد وصل، ولا يذكر أبدًا موضوعه.
defaults-heading = لم تقم بأي اختيار بعد. في هذه الحالة نفعل ما يلي:
defaults-mailbox = كل ما نرسله إليك يصل إلى صندوق الوارد في صفحتي.
defaults-paper = القرارات التي يجب أن نرسلها ورقيًا تصل أيضًا بالبريد إلى عنوانك المسجّل في سجل النفوس.
defaults-notices = لن تتلقى أي إشعار عبر البريد الإلكتروني أو الرسائل النصية (SMS) حتى تتحقّق من عنوان بريدك الإلكتروني أو رقم هاتفك المحمول وتختاره هنا.
verify-heading = بيانات الاتصال التي تم التحقق منها
verify-intro = لا نرسل الإشعارات إلا إلى عنوان بريد إلكتروني أو رقم هاتف محمول تحقّقت منه. تتحقّق منه بإدخال رمز نرسله إليه.
verify-email-heading = عنوان البريد الإلكتروني
verify-mobile-heading = رقم الهاتف المحمول
code-sent-email = أرسلنا رمزًا إلى عنوان بريدك الإلكتروني. أدخله أدناه.
code-sent-mobile = أرسلنا رمزًا في رسالة نصية (SMS) إلى رقم هاتفك المحمول. أدخله أدناه.
err-code-format = يتكوّن الرمز من 6 أرقام. تأكّد من أنك أدخلته بشكل صحيح.
email-verified = تم التحقق من عنوان بريدك الإلكتروني. يمكنك الآن اختيار الإشعارات عبر البريد الإلكتروني.
mobile-verified = تم التحقق من رقم هاتفك المحمول. يمكنك الآن اختيار الإشعارات عبر الرسائل النصية (SMS) والمكالمات الهاتفية.
ask-new-code = اطلب رمزًا جديدًا لتحاول مرة أخرى.
verified-on = تم التحقق في
no-email-given = لم تُدخل أي عنوان بريد إلكتروني.
no-mobile-given = لم تُدخل أي رقم هاتف محمول.
add-in-personal = أضِفه في «بياناتي»
verified = تم التحقق منه
not-verified = لم يتم التحقق منه
code-label-email = الرمز الوارد في رسالة البريد الإلكتروني
code-label-mobile = الرمز الوارد في الرسالة النصية
code-hint = 6 أرقام. لديك 5 محاولات.
code-valid-until = الرمز صالح حتى
verify-button = تحقّق
send-new-code = إرسال رمز جديد
send-code-email = إرسال رمز إلى بريدي الإلكتروني
send-code-mobile = إرسال رمز إلى رقم هاتفي المحمول
err-too-many-codes = لقد طلبت رموزًا كثيرة جدًا. انتظر قليلًا قبل أن تطلب رمزًا جديدًا.
prefs-heading = كيف نتواصل معك
prefs-intro = اختر لكل نوع من القضايا الطريقة التي نتواصل بها معك في المقام الأول، وما إذا كنت تريد إشعارًا عندما يصل شيء جديد إلى صفحتي.
paper-heading = الخطابات الورقية
paper-opt-out = لا أريد تلقي خطابات ورقية
paper-opt-out-hint = عندها يصل كل شيء إلى صفحتي فقط. ننصحك باختيار إشعار أعلاه لتعرف متى يصل شيء جديد.
letter-language-heading = لغة الخطابات والرسائل
letter-swedish = السويدية
letter-english = الإنجليزية
letter-finnish = الفنلندية
letter-arabic = العربية
phone-times-heading = الأوقات المفضلة للاتصال بك (أيام العمل)
phone-times-hint = لا تختر أي وقت إذا كانت جميع الأوقات مناسبة لك. لا نتصل بك إلا إذا اخترت الهاتف أعلاه أو إذا تطلّبت القضية ذلك.
phone-morning = من الساعة 8 إلى 10
phone-midday = من الساعة 10 إلى 13
phone-afternoon = من الساعة 13 إلى 16
phone-any-time = جميع الأوقات
channels-save = حفظ خيارات التواصل
channels-saving = جارٍ الحفظ …
channels-saved = تم حفظ خيارات التواصل الخاصة بك.
kind-recurring = الإقرار الضريبي والقضايا المتكررة الأخرى
kind-life-event = الأحداث الحياتية، مثل الانتقال إلى سكن جديد أو ولادة طفل
kind-ongoing = القضايا الجارية
kind-other = أخرى
channel-legend = طريقة تواصلنا معك
channel-mailbox = صفحتي
channel-paper = البريد الورقي
channel-phone = الهاتف
notice-legend = إشعار عندما يصل شيء جديد إلى صفحتي
notice-by-email = البريد الإلكتروني
notice-by-sms = رسالة نصية (SMS)
history-heading = سجل التغييرات
history-empty = لم تغيّر أي شيء بعد.
history-channel = غيّرت طريقة تواصلنا معك بشأن «{ $kind }» من { $from } إلى { $to }.
history-email-on = اخترت تلقي الإشعارات عبر البريد الإلكتروني بشأن «{ $kind }».
history-email-off = ألغيت الإشعارات عبر البريد الإلكتروني بشأن «{ $kind }».
history-sms-on = اخترت تلقي الإشعارات عبر الرسائل النصية (SMS) بشأن «{ $kind }».
history-sms-off = ألغيت الإشعارات عبر الرسائل النصية (SMS) بشأن «{ $kind }».
history-paper-opt-out = اخترت عدم تلقي خطابات ورقية.
history-paper-opt-in = اخترت تلقي الخطابات الورقية مرة أخرى.
history-language = غيّرت لغة الخطابات والرسائل من { $from } إلى { $to }.
history-phone-times = غيّرت الأوقات المفضلة للاتصال بك إلى: { $times }.
history-email-verified = تحقّقت من عنوان بريدك الإلكتروني.
history-mobile-verified = تحقّقت من رقم هاتفك المحمول.
history-email-cleared = تغيّر عنوان بريدك الإلكتروني، ويجب التحقق منه مرة أخرى.
history-mobile-cleared = تغيّر رقم هاتفك المحمول، ويجب التحقق منه مرة أخرى.
notices-heading = الإشعارات المرسلة
notices-intro = هنا ترى الإشعارات والرموز التي أرسلناها إليك. لا نذكر أبدًا في البريد الإلكتروني أو الرسالة النصية موضوع أي رسالة.
notices-refresh = تحديث القائمة
notices-empty = لم نرسل إليك أي إشعارات.
notice-email = البريد الإلكتروني
notice-sms = رسالة نصية (SMS)
purpose-new-message = جديد في صفحتي
purpose-code = رمز التحقق
notice-to = إلى
notice-pending = في انتظار الإرسال
notice-retrying = جارٍ إعادة محاولة الإرسال
notice-sent = تم الإرسال
notice-failed = تعذّر الإرسال
err-email-not-verified = تحقّق من عنوان بريدك الإلكتروني أولًا لتتمكن من تلقي الإشعارات عبر البريد الإلكتروني.
err-mobile-not-verified = تحقّق من رقم هاتفك المحمول أولًا لتتمكن من تلقي الرسائل النصية (SMS) أو المكالمات.
err-paper-opted-out = لقد اخترت عدم تلقي خطابات ورقية. اختر «صفحتي» أو «الهاتف»، أو ألغِ اختيارك عدم تلقي الخطابات الورقية.
err-wrong-code = الرمز غير صحيح. تحقّق من الرمز وحاول مرة أخرى.
err-code-expired = لم يعد الرمز صالحًا. اطلب رمزًا جديدًا.
err-too-many-attempts = لقد أدخلت رمزًا خاطئًا مرات كثيرة جدًا. اطلب رمزًا جديدًا.
err-no-pending-code = لا يوجد رمز صالح. اطلب رمزًا جديدًا.
err-no-address = أضِف أولًا عنوان بريد إلكتروني أو رقم هاتف محمول في «بياناتي».
err-request-not-open = لم يعد طلب الاستكمال بانتظار الرد.

## Representation

role-signatory = مفوّض بالتوقيع
role-representative = وكيل
role-guardian = وليّ أمر
role-trustee = وصيّ
role-administrator = قيّم
area-messages = الرسائل
area-matters = القضايا
area-preferences = خيارات التواصل والإعدادات
area-personal-data = البيانات
level-none = بدون صلاحية
level-read = القراءة
level-act = القراءة والتعامل مع القضايا
acting-as-label = أنت تتصرف نيابةً عن
acting-for = أنت تتصرف نيابةً عن
acting-switch = تبديل
acting-back-to-self = التصرف بصفتك الشخصية
acting-for-self = أنت تتصرف بصفتك الشخصية.
acting-choose-link = التصرف نيابةً عن شركة أو شخص آخر
choose-party-title = اختر من تتصرف نيابةً عنه
choose-party-intro = يمكنك التصرف نيابةً عن شركات تكون فيها مفوّضًا بالتوقيع أو وكيلًا، ونيابةً عن أشخاص تكون وكيلهم أو وصيّهم أو قيّمهم أو وليّ أمرهم. ما تراه وتفعله يخص من اخترته. كل ما تفعله نيابةً عن شخص آخر يُسجَّل، ويمكن لمن تتصرف نيابةً عنه أن يطّلع عليه.
party-yourself = أنت نفسك
party-current = تتصرف الآن باسم هذا الطرف
no-mandates = ليست لديك حاليًا أي صلاحيات للتصرف نيابةً عن شخص آخر.
party-organisation = منظمة
party-person = شخص
mandate-role = الصفة
mandate-scopes = ما يحق لك رؤيته وفعله
mandate-valid-until = ساري المفعول حتى
mandate-open-ended = حتى إشعار آخر
act-for = التصرف نيابةً عن
organisation-source = تأتي هذه البيانات من سجلات هيئة تسجيل الشركات (Bolagsverket) ومصلحة الضرائب (Skatteverket). أبلِغ هيئة تسجيل الشركات بأي تغييرات.
registration-f-tax = معتمدة لضريبة F (F-skatt)
registration-vat = مسجّلة لضريبة القيمة المضافة (moms)
registration-employer = مسجّلة كصاحب عمل
organisation-heading = بيانات المنظمة
organisation-name = الاسم
organisation-number = رقم المنظمة
organisation-legal-form = الشكل القانوني
organisation-address = العنوان
organisation-registered-since = مسجّلة منذ
registrations-heading = التسجيلات لدى مصلحة الضرائب (Skatteverket)
registrations-none = ليست لدى المنظمة أي تسجيلات ضريبية.
registered-from = اعتبارًا من
grants-title = وكلاؤك
grants-intro = هنا يمكنك أن تمنح شخصًا آخر الحق في التصرف نيابةً عنك في صفحتي لمدة محدودة، مثل قريب يساعدك. أنت تختار ما يحق لهذا الشخص رؤيته وفعله. ويمكنك سحب هذا الحق متى شئت.
grants-only-own = أنت تتصرف حاليًا نيابةً عن شخص آخر. لا يمكنك تعيين وكلاء إلا لنفسك.
grants-list-heading = الوكلاء الذين عيّنتهم
grants-none = لم تمنح أحدًا الحق في التصرف نيابةً عنك.
grant-created = تم. يمكن للوكيل الآن التصرف نيابةً عنك:
grant-form-heading = امنح شخصًا الحق في التصرف نيابةً عنك
grant-personal-number = رقم الهوية الشخصية للوكيل
grant-scopes-legend = ما الذي يحق للوكيل رؤيته وفعله؟
grant-valid-until = ساري المفعول حتى
grant-valid-until-hint =
    { $n ->
        [zero] { $n } يوم كحد أقصى من تاريخ اليوم.
        [one] يوم واحد كحد أقصى من تاريخ اليوم.
        [two] يومان كحد أقصى من تاريخ اليوم.
        [few] { $n } أيام كحد أقصى من تاريخ اليوم.
        [many] { $n } يومًا كحد أقصى من تاريخ اليوم.
       *[other] { $n } يوم كحد أقصى من تاريخ اليوم.
    }
grant-submit = منح الحق
grant-valid = ساري المفعول
grant-revoked = تم سحبه
grant-active = ساري المفعول الآن
grant-expired = انتهت مدته
grant-revoke = سحب الحق
access-log-title = من اطّلع على بياناتي
access-log-intro = هنا ترى متى قرأ شخص آخر غيرك البيانات أو فعل بها شيئًا: الوكلاء والأوصياء وغيرهم ممن يتصرفون نيابةً عنك، وأنظمة مصلحة الضرائب (Skatteverket).
access-log-empty = لم يطّلع أحد آخر على البيانات.
access-read = قراءة
access-downloaded = تنزيل مستندات من
access-sent = إرسال في
access-changed = تغيير
access-by-system = النظام
start-grants-text = امنح شخصًا آخر الحق في مساعدتك في قضاياك.
start-access-log-text = اعرف متى قرأ شخص آخر بياناتك أو قام بشيء نيابةً عنك.
err-invalid-organisation-number = اكتب رقم منظمة صحيحًا من 10 أرقام، مثل ⁦556677-8899⁩.
err-self-grant = لا يمكنك أن تمنح نفسك الحق في التصرف نيابةً عنك.
err-out-of-range = القيمة صغيرة جدًا أو كبيرة جدًا.
err-choose-scope = اختر ما يحق للوكيل رؤيته أو فعله في مجال واحد على الأقل.
no-act-right = ليست لديك صلاحية لإرسال أي شيء في قضايا من تتصرف نيابةً عنه.

## Customer terminals, inactivity, drafts

welcome-title = مرحبًا بك في صفحتي
welcome-greeting = أهلًا وسهلًا
welcome-choose-language = اضغط هنا للعربية
welcome-how-heading = طريقة الاستخدام
welcome-step1 = اختر اللغة أعلاه. يمكنك في «إمكانية الوصول» تكبير النص أو تغيير الألوان.
welcome-step2 = سجّل الدخول بهويتك الإلكترونية.
welcome-step3 = اضغط على «إنهاء الزيارة» عند الانتهاء. عندها يُحذف كل شيء من هذا الحاسوب.
welcome-privacy = هذا الحاسوب مشترك مع زوار آخرين. لا يُحفظ عليه شيء مما تفعله. ما تكتبه في رسالة يُحفظ كمسودة في صفحتي، وليس هنا.
terminal-label = محطة العملاء
help-ask = طلب المساعدة من الموظفين
help-cancel = لم أعد بحاجة إلى المساعدة
help-requested = تلقّى الموظفون طلبك وسيأتون إليك.
help-failed = تعذّر إرسال الطلب. يُرجى التوجه إلى الموظفين في الاستقبال.
help-cancelled = تم إلغاء طلبك للمساعدة.
help-share-question = سيأتي إليك الموظفون. هل تسمح لهم برؤية الصفحة التي أنت فيها حتى يتمكنوا من مساعدتك بشكل أسرع؟ لن يروا أبدًا بياناتك أو ما تكتبه.
help-share-yes = نعم، يمكنهم رؤية الصفحة التي أنا فيها
help-share-no = لا، أريد المساعدة فقط
cancel = إلغاء
end-visit = إنهاء الزيارة
ending-visit = جارٍ إنهاء الزيارة …
idle-title = هل ما زلت هنا؟
idle-text =
    { $n ->
        [one] لم تقم بأي نشاط منذ فترة. لأسباب أمنية سيتم تسجيل خروجك خلال ثانية واحدة. ما كتبته في رسالة محفوظ.
        [two] لم تقم بأي نشاط منذ فترة. لأسباب أمنية سيتم تسجيل خروجك خلال ثانيتين. ما كتبته في رسالة محفوظ.
        [few] لم تقم بأي نشاط منذ فترة. لأسباب أمنية سيتم تسجيل خروجك خلال { $n } ثوانٍ. ما كتبته في رسالة محفوظ.
       *[other] لم تقم بأي نشاط منذ فترة. لأسباب أمنية سيتم تسجيل خروجك خلال { $n } ثانية. ما كتبته في رسالة محفوظ.
    }
idle-text-terminal =
    { $n ->
        [one] لم تقم بأي نشاط منذ فترة. ستنتهي زيارتك خلال ثانية واحدة وسيُحذف كل شيء من هذا الحاسوب. ما كتبته في رسالة محفوظ في صفحتي.
        [two] لم تقم بأي نشاط منذ فترة. ستنتهي زيارتك خلال ثانيتين وسيُحذف كل شيء من هذا الحاسوب. ما كتبته في رسالة محفوظ في صفحتي.
        [few] لم تقم بأي نشاط منذ فترة. ستنتهي زيارتك خلال { $n } ثوانٍ وسيُحذف كل شيء من هذا الحاسوب. ما كتبته في رسالة محفوظ في صفحتي.
       *[other] لم تقم بأي نشاط منذ فترة. ستنتهي زيارتك خلال { $n } ثانية وسيُحذف كل شيء من هذا الحاسوب. ما كتبته في رسالة محفوظ في صفحتي.
    }
idle-ten-seconds = بقيت 10 ثوانٍ.
idle-continue = أنا هنا – متابعة
terminal-no-download = لا يمكنك تنزيل الملفات على هذا الحاسوب. تبقى المستندات في صندوق الوارد في صفحتي. يمكنك طباعة الصفحة أو طلب المساعدة من الموظفين.
print-page = طباعة الصفحة
draft-save-failed = تعذّر حفظ المسودة الآن. ما كتبته لا يزال موجودًا في الصفحة.
draft-saved-at = حُفظت المسودة في
draft-restored = استعدنا ما كتبته آخر مرة. حُفظت المسودة في
draft-discard = حذف المسودة والبدء من جديد
draft-discarded = تم حذف المسودة.
enroll-title = محطة العملاء في مكتب الخدمة
enroll-intro = للموظفين: اجعل هذا المتصفح محطة عملاء. عندها يُحذف كل شيء بعد كل زيارة، ولا يمكن تنزيل الملفات، وتنتهي الزيارة بعد فترة من عدم النشاط. تحتاج إلى مفتاح المكتب.
enroll-is-terminal = هذا المتصفح محطة عملاء. أدخل مفتاح المكتب لإيقاف وضع محطة العملاء.
enroll-office = معرّف المكتب
enroll-office-hint = مثل malmo
enroll-key = مفتاح المكتب
enroll-name = اسم المحطة
enroll-name-hint = الاسم الذي يراه الموظفون، مثل Malmö 2
enroll-button = تحويل المتصفح إلى محطة عملاء
unenroll-button = إيقاف وضع محطة العملاء

## Feedback and satisfaction

feedback-title = قدّم ملاحظاتك
feedback-intro = أخبرنا بما يعمل جيدًا وبما يمكننا تحسينه. لا تحتاج إلى تسجيل الدخول، ولا تحتاج إلى إخبارنا بمن أنت.
feedback-kind-legend = ما نوع الملاحظات التي تريد تقديمها؟
feedback-kind-praise = إشادة
feedback-kind-suggestion = اقتراح
feedback-kind-complaint = شكوى
feedback-kind-error-report = الإبلاغ عن عطل – هناك شيء لا يعمل
feedback-text-label = ملاحظاتك
feedback-text-hint = 2000 حرف كحد أقصى. لا تكتب رقم هويتك الشخصية أو أي بيانات حساسة أخرى عن نفسك.
feedback-matter-label = هل تتعلق ملاحظاتك بإحدى قضاياك؟
feedback-matter-none = لا، لا تتعلق بقضية معيّنة
feedback-reply-legend = هل تريد أن نرد عليك؟
feedback-reply-none = لا، لا أريد ردًا
feedback-reply-min-sida = نعم، في صفحتي
feedback-reply-email = نعم، عبر البريد الإلكتروني
feedback-reply-phone = نعم، اتصلوا بي
feedback-email-label = عنوان البريد الإلكتروني
feedback-phone-label = رقم الهاتف
feedback-phone-hint = مثل ⁦08-123 456 78⁩ أو ⁦070-123 45 67⁩
feedback-name-label = الاسم (اختياري)
feedback-name-hint = الاسم الذي نسأل عنه عندما نرد عليك.
feedback-privacy-notice = لا نحفظ إلا ما تكتبه وتختاره هنا. إذا لم تختر الرد في صفحتي أو إحدى قضاياك، فلن نعرف من أنت.
feedback-submit = إرسال الملاحظات
feedback-thanks-title = شكرًا على ملاحظاتك
feedback-thanks-text = لقد استلمناها. اذكر الرقم المرجعي إذا تواصلت معنا بشأنها.
feedback-reference = الرقم المرجعي
feedback-promise-none = لقد اخترت عدم تلقي رد.
feedback-promise-min-sida = سنرد عليك في صفحتي.
feedback-promise-email = سنرد عليك عبر البريد الإلكتروني.
feedback-promise-phone = سنتصل بك.
feedback-more = تقديم ملاحظات أخرى
err-feedback-kind = اختر نوع الملاحظات التي تريد تقديمها.
err-feedback-text = اكتب ملاحظاتك.
err-feedback-reply-login = سجّل الدخول لتتلقى الرد في صفحتي، أو اختر البريد الإلكتروني أو الهاتف.
err-feedback-phone = اكتب رقم هاتف، مثل ⁦08-123 456 78⁩ أو ⁦070-123 45 67⁩.
satisfaction-heading = ما رأيك؟
satisfaction-legend = ما مدى سهولة القيام بذلك؟
satisfaction-hint = الإجابة اختيارية. تُحفظ إجابتك دون اسمك، وتساعدنا على تحسين صفحتي.
satisfaction-rating-1 = 1 – صعب جدًا
satisfaction-rating-2 = 2 – صعب إلى حد ما
satisfaction-rating-3 = 3 – لا سهل ولا صعب
satisfaction-rating-4 = 4 – سهل إلى حد ما
satisfaction-rating-5 = 5 – سهل جدًا
satisfaction-comment-label = هل تريد أن تخبرنا بالمزيد؟ (اختياري)
satisfaction-submit = إرسال الإجابة
satisfaction-thanks = شكرًا على إجابتك!
err-satisfaction-rating = اختر مدى سهولة ذلك، من 1 إلى 5.

## Not found

not-found-title = الصفحة غير موجودة
not-found-text = الصفحة التي تبحث عنها غير موجودة أو تم نقلها.
not-found-back = العودة إلى الصفحة الرئيسية

## E-services

nav-eservices = الخدمات الإلكترونية
eservices-title = خدماتي الإلكترونية
eservices-intro = هذه هي الخدمات الإلكترونية التي يمكنك استخدامها. نحفظ إجاباتك بعد كل صفحة، لكي تتمكن من المتابعة لاحقًا.
eservices-none-text = لا توجد خدمات إلكترونية لك في الوقت الحالي.
eservices-handler = الجهة المسؤولة
eservices-last-sent = آخر إرسال
eservices-never-sent = أبدًا
eservices-continue-saved = تابع من حيث توقفت (حُفظ { $time })
eservice-back-to-list = العودة إلى خدماتي الإلكترونية
eservice-for = أنت تملأ الخدمة الإلكترونية نيابة عن { $name }.
eservice-draft-notice = لقد بدأت هذه الخدمة الإلكترونية. حُفظت إجاباتك { $time }.
eservice-saved-intro = نحفظ إجاباتك بعد كل صفحة. يمكنك المتابعة لاحقًا، حتى بعد تسجيل الخروج.
eservice-start-button = ابدأ
eservice-continue-button = تابع
eservice-start-over = ابدأ من جديد
eservice-start-over-notice = حُذفت إجاباتك المحفوظة. أنت تبدأ من البداية.
eservice-start-over-failed-warning = لم نتمكن من حذف إجاباتك المحفوظة. حاول مرة أخرى.
eservice-back = رجوع
eservice-continue = متابعة
eservice-saving = جارٍ الحفظ …
eservice-page-of = الصفحة { $page } من { $pages }
eservice-prefill-notice = هذه هي المعلومات الموجودة لدينا. هل هي صحيحة؟ يمكنك تغييرها.
eservice-optional = (اختياري)
eservice-yes = نعم
eservice-no = لا
eservice-care-of = c/o (اختياري)
eservice-street = عنوان الشارع
eservice-postal-code = الرمز البريدي
eservice-town = المدينة
eservice-date-hint = اكتب التاريخ بالشكل YYYY-MM-DD، مثلًا 2027-01-15.
eservice-date-range-hint = ليس قبل { $earliest } وليس بعد { $latest }.
eservice-date-earliest-hint = ليس قبل { $earliest }.
eservice-date-latest-hint = ليس بعد { $latest }.
eservice-personal-number-hint = 12 رقمًا، مثلًا 19811218-9876.
eservice-organisation-number-hint = 10 أرقام، مثلًا 556677-8899.
eservice-amount-hint = اكتب المبلغ بالكرونات الكاملة.
eservice-number-hint = اكتب عددًا صحيحًا.
eservice-range-hint = من { $min } إلى { $max }.
eservice-max-length-hint = { $n } حرفًا على الأكثر.
eservice-choose-many-hint = اختر كل ما ينطبق.
eservice-files-hint = PDF أو JPEG أو PNG، بحد أقصى 20 ميغابايت لكل ملف. { $n } ملفات على الأكثر.
eservice-uploaded-files = الملفات المرفوعة
eservice-saved-notice = حُفظت إجاباتك.
eservice-save-failed-warning = لم نتمكن من حفظ إجاباتك على الخادم الآن. ما زالت موجودة في هذه النافذة.
eservice-page-hidden-text = هذه الصفحة غير مطلوبة بحسب الإجابات التي قدمتها.
eservice-go-to-start = انتقل إلى بداية الخدمة الإلكترونية
eservice-conflict-text = تغيرت الخدمة الإلكترونية منذ أن بدأت. أعد تحميلها لترى النسخة الجديدة. الإجابات التي حفظتها باقية.
eservice-reload = أعد تحميل الخدمة الإلكترونية
eservice-check-title = راجع إجاباتك
eservice-check-intro = راجع إجاباتك قبل الإرسال. يمكنك تغيير أي إجابة.
eservice-change = تغيير
eservice-not-answered = لم تتم الإجابة
eservice-file-unknown = الملف رقم { $n }
eservice-incomplete-warning = بعض الأسئلة تحتاج إلى إجابة أو تصحيح قبل أن تتمكن من الإرسال.
eservice-go-to-incomplete = انتقل إلى السؤال
eservice-send-heading = أرسل إجاباتك
eservice-send-text = عند الإرسال تحصل على إيصال ونفتح قضية. يمكنك متابعتها في قضاياي.
eservice-send = إرسال
eservice-receipt-title = أُرسلت إجاباتك
eservice-receipt-intro = لقد استلمنا إجاباتك. احتفظ برقم الإيصال إذا أردت التواصل معنا بشأنها. الإيصال موجود أيضًا في صندوق الوارد.
eservice-answers-checksum = المجموع الاختباري للإجابات (SHA-256)
eservice-receipt-missing-text = يظهر الإيصال هنا فقط بعد الإرسال مباشرة. ستجده في صندوق الوارد.
eservice-to-inbox = انتقل إلى صندوق الوارد
eservice-sent-notice = أُرسلت إجاباتك.
eservice-new = املأ الخدمة الإلكترونية مرة أخرى
err-eservice-required = أجب عن السؤال.
err-eservice-choose = اختر أحد الخيارات.
err-eservice-choice-count = اختر عدد الخيارات الذي يطلبه السؤال.
err-eservice-file = ارفع ملفًا.
err-eservice-file-count = ارفع عدد الملفات الذي يطلبه السؤال.
err-eservice-street = اكتب عنوان الشارع.
err-eservice-postal-code = اكتب الرمز البريدي من خمسة أرقام، مثلًا 123 45.
err-eservice-town = اكتب اسم المدينة.
err-eservice-date = اكتب تاريخًا صحيحًا بالشكل YYYY-MM-DD ضمن التواريخ المسموح بها.
err-eservice-number = اكتب عددًا صحيحًا بالأرقام، مثلًا 1200.
err-eservice-digits = اكتب أرقامًا فقط.
err-eservice-registration = اكتب رقم التسجيل بالشكل ABC 123 أو ABC 12D.
eservice-to-matter = انتقل إلى القضية
