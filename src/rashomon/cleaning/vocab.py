"""Page-furniture vocabulary: the words of a news site's *interface*, in many languages.

These are UI words only (buttons, widget labels, section markers), never article content:
a line is furniture when such words make up most of it and it does not read as a sentence,
so "Share" alone goes, while a sentence that mentions sharing stays. Written in the
languages of the development data (ar, fa, en, de, es, fr, it, pl, ru, tr, zh) plus ur; add a
language by adding its words here. Everything is compared on the matching key (normalize.py),
so spelling variants of Arabic/Persian letters need not be listed twice.
"""

from __future__ import annotations

import functools
import re

from rashomon.cleaning.normalize import matching_key

# Interface words and labels: share bars, counters, print/e-mail buttons, section labels.
UI = """
share|shares|share this|share on|tweet|print|email|e-mail|comment|comments|no comments|
leave a comment|add comment|report|delete|edit|reply|like|save|copy link|link copied|
related|related news|related articles|related stories|read more|read also|see also|also read|
more stories|more news|you may also like|you might also like|recommended|most read|most popular|
trending|latest news|top stories|tags|tag|topics|categories|category|section|advertisement|
sponsored|subscribe|newsletter|sign up|log in|login|register|menu|search|home|next|previous|
back to top|click here|download the app|open in app|description|contents|table of contents|
in this article|listen|listen to this article|font size|follow us|follow|join us|watch|video|
photos|gallery|image|in channel|advertisements|article|end|ends|the end|end of story|
مشاركة|شارك|شاركها|تغريد|طباعة|اطبع|ارسل|إرسال|أرسل|بريد|البريد الإلكتروني|تعليق|تعليقات|
التعليقات|لا توجد تعليقات|أضف تعليق|اضف تعليقك|تبليغ|إبلاغ|حذف|تعديل|رد|إعجاب|حفظ|نسخ الرابط|
ذات صلة|أخبار ذات صلة|اخبار متعلقة|مواضيع ذات صلة|مقالات ذات صلة|اقرأ أيضا|اقرأ ايضا|اقرا المزيد|
اقرأ المزيد|المزيد|شاهد أيضا|إخترنا لك|اخترنا لك|قد يعجبك أيضا|قد يهمك|قصص قد تهمك|موضوعات قد تهمك|
الأكثر قراءة|الاكثر مشاهدة|آخر الأخبار|أحدث الأخبار|الوسوم|وسوم|كلمات مفتاحية|تصنيفات|التصنيفات|
تصنيف|القسم|إعلان|اعلان|اشترك|النشرة البريدية|تسجيل الدخول|الرئيسية|التالي|السابق|اضغط هنا|
حمل التطبيق|الوصف|محتويات|محتويات هذا المقال|محتويات المقال|جدول المحتويات|في هذا المقال|استمع|
حجم الخط|انتهى|/انتهى/|تابعونا|تابعنا|تابعوا|انضم إلينا|شاهد|فيديو|صور|معرض الصور|
اشتراک|اشتراک گذاری|اشتراک‌گذاری|به اشتراک بگذارید|چاپ|ایمیل|ارسال|نظر|نظرات|دیدگاه|دیدگاه‌ها|
ارسال نظر|گزارش|حذف|ویرایش|پاسخ|پسندیدن|ذخیره|کپی لینک|مرتبط|اخبار مرتبط|مطالب مرتبط|بیشتر بخوانید|
بخوانید|همچنین بخوانید|پیشنهاد ما|پربازدید|پربازدیدترین|پربیننده|آخرین اخبار|برچسب‌ها|برچسب|
برچسب ها|کلیدواژه|دسته‌بندی|دسته بندی|آگهی|تبلیغات|عضویت|خبرنامه|ورود|صفحه اصلی|بعدی|قبلی|
دانلود اپلیکیشن|انتهای پیام|انتهای متن|انتهای خبر|پایان پیام|توضیحات|فهرست مطالب|بشنوید|کد خبر|دنبال کنید|ما را دنبال کنید|ویدیو|عکس|گالری|
شیئر|تبصرہ|تبصرے|مزید پڑھیں|متعلقہ|
teilen|drucken|kommentar|kommentare|melden|verwandte artikel|mehr zum thema|weiterlesen|lesen sie auch|
das könnte sie auch interessieren|meistgelesen|schlagworte|themen|anzeige|werbung|abonnieren|
newsletter abonnieren|anmelden|startseite|weiter|zurück|folgen sie uns|folgen|themen folgen|
compartir|imprimir|comentario|comentarios|denunciar|relacionado|noticias relacionadas|leer más|
lee también|te puede interesar|lo más leído|etiquetas|temas|publicidad|suscríbete|suscribirse|
síguenos|portada|
partager|imprimer|commentaire|commentaires|signaler|articles liés|à lire aussi|lire aussi|lire la suite|
les plus lus|mots-clés|publicité|abonnez-vous|s'abonner|newsletter|suivez-nous|accueil|
condividi|stampa|commenti|articoli correlati|leggi anche|leggi di più|i più letti|pubblicità|
iscriviti|seguici|
udostępnij|drukuj|komentarz|komentarze|zgłoś|powiązane|czytaj więcej|czytaj także|zobacz też|
najczęściej czytane|tagi|reklama|subskrybuj|obserwuj nas|
поделиться|печать|распечатать|комментарий|комментарии|пожаловаться|похожие новости|читайте также|
читать далее|подробнее|самое читаемое|теги|реклама|подписаться|подписывайтесь|главная|
paylaş|yazdır|yorum|yorumlar|şikayet et|ilgili haberler|devamını oku|bunlar da ilginizi çekebilir|
en çok okunanlar|etiketler|reklam|abone ol|bizi takip edin|ana sayfa|
分享|分享到|打印|评论|相关新闻|相关文章|阅读更多|延伸阅读|热门|标签|广告|订阅|关注我们|首页|责任编辑|
"""

# Section markers after which a page lists other articles, tags or comments: the marker line
# and the short lines after it (until the end) are furniture.
BLOCK_MARKERS = """
related|related news|related articles|related stories|read more|read also|see also|also read|
more stories|more news|you may also like|you might also like|recommended|most read|most popular|
trending|latest news|tags|topics|categories|comments|no comments|leave a comment|in channel|
ذات صلة|أخبار ذات صلة|اخبار متعلقة|مواضيع ذات صلة|مقالات ذات صلة|اقرأ أيضا|اقرأ ايضا|اقرأ المزيد|
إخترنا لك|اخترنا لك|قد يعجبك أيضا|قد يهمك|قصص قد تهمك|موضوعات قد تهمك|الأكثر قراءة|آخر الأخبار|
الوسوم|وسوم|كلمات مفتاحية|تصنيفات|التصنيفات|تعليقات|التعليقات|
اخبار مرتبط|مطالب مرتبط|بیشتر بخوانید|همچنین بخوانید|پیشنهاد ما|پربازدیدترین|برچسب‌ها|برچسب|
نظرات|دیدگاه‌ها|
verwandte artikel|mehr zum thema|lesen sie auch|meistgelesen|schlagworte|kommentare|
noticias relacionadas|lee también|te puede interesar|lo más leído|etiquetas|comentarios|
articles liés|à lire aussi|lire aussi|les plus lus|mots-clés|commentaires|
articoli correlati|leggi anche|i più letti|commenti|
powiązane|czytaj także|zobacz też|najczęściej czytane|tagi|komentarze|
похожие новости|читайте также|самое читаемое|теги|комментарии|
ilgili haberler|bunlar da ilginizi çekebilir|en çok okunanlar|etiketler|yorumlar|
相关新闻|相关文章|延伸阅读|热门|标签|评论|
"""

SOCIAL = """
facebook|twitter|instagram|telegram|youtube|whatsapp|tiktok|linkedin|snapchat|pinterest|
vk|vkontakte|bluesky|mastodon|rss|google news|apple news|aparat|rubika|eitaa|bale|soroush|
فيسبوك|فيس بوك|تويتر|إنستغرام|انستغرام|انستجرام|تلغرام|تيليجرام|يوتيوب|واتساب|تيك توك|لينكدإن|
فیسبوک|توییتر|اینستاگرام|تلگرام|یوتیوب|واتس‌اپ|واتساپ|تیک‌تاک|آپارات|روبیکا|
微博|微信|抖音
"""

# Verbs and phrases of social and app prompts (follow us, join, download, subscribe, install).
PROMPT = """
follow|follow us|join|join us|subscribe|download|install|get the app|on our channel|find us|
like us|تابعونا|تابعنا|تابعوا|تابع|انضم|اشترك|حمل|حمّل|نزّل|تحميل|قناتنا|
دنبال کنید|بپیوندید|عضو شوید|دانلود|نصب|کانال|
folgen|abonnieren|herunterladen|síguenos|suscríbete|descarga|suivez|abonnez|téléchargez|seguici|
iscriviti|scarica|obserwuj|pobierz|подписывайтесь|подпишитесь|скачайте|takip edin|abone ol|indir|
关注|下载|订阅
"""

READING_TIME = """
min read|minute read|minutes read|reading time|time reading|read time|دقائق القراءة|دقيقة للقراءة|
دقائق للقراءة|وقت القراءة|مدة القراءة|زمان مطالعه|دقیقه مطالعه|مطالعه|lesezeit|min lesezeit|
temps de lecture|tiempo de lectura|tempo di lettura|czas czytania|мин чтения|время чтения|
okuma süresi|dk okuma|阅读时间
"""

# Photo credits and caption labels; agencies that sign photos.
CREDIT = """
photo|photos|image|picture|credit|credits|file photo|getty images|getty|afp|reuters|ap|epa|
anadolu|xinhua|dpa|ansa|efe|shutterstock|istock|imago|picture alliance|sipa|
صورة|الصورة|صور|أرشيفية|ارشيفية|رويترز|أ ف ب|فرانس برس|أسوشيتد برس|الأناضول|
عکس|تصویر|آرشیو|منبع عکس|
foto|bild|fotos|archivbild|crédit|crédit photo|фото|фотография|görsel|fotoğraf|图|图片|摄
"""

# Labels that open a photo caption ("Photo: ...", "صورة: ..."); agencies are not labels
# ("Reuters: ..." opens a headline).
PHOTO_LABEL = """
photo|photos|image|picture|credit|credits|file photo|photo credit|foto|fotos|bild|crédit|
crédit photo|фото|фотография|görsel|fotoğraf|صورة|الصورة|صور|عکس|تصویر|منبع عکس|图片|图
"""

# Words that may sit in a furniture line without making it content (function words of the
# UI phrases above, "this", "us", "on", ...).
NEUTRAL = """
the|a|an|on|in|of|to|for|us|our|this|and|with|by|at|from|is|min|minutes|minute|
هذا|هذه|على|في|من|عن|إلى|الى|لك|لكم|عبر|و|
را|در|با|به|از|این|ما|و|
der|die|das|und|auf|uns|le|la|les|de|du|des|et|sur|nous|el|los|en|y|nos|il|di|e|su|ci|na|w|i|
z|nas|на|в|и|нас|ve|bizi|
"""

# Closed-class words that cannot start an article: a first line that starts with one of them
# (or with a lowercase Latin letter) continues a sentence that was cut off.
CONTINUATION = """
and|but|or|which|whose|moreover|furthermore|
لكن|لكنّ|بل|ثم|أيضا|وفق|ووفق|وفي|وقال|وأضاف|وأكد|وتابع|وأشار|وكان|وقد|ولكن|فقد|
و|همچنین|نیز|که|زیرا|سپس|بلکه|
und|aber|oder|sowie|jedoch|mais|ou|donc|cependant|pero|sino|ma|però|oppure|
oraz|ale|lub|но|или|однако|ve|ama|veya|fakat|ancak|而且|并且
"""


def _split(block: str) -> list[str]:
    return [w.strip() for w in block.replace("\n", "").split("|") if w.strip()]


def _phrase_re(phrases: list[str]) -> re.Pattern[str]:
    keys = sorted({matching_key(p) for p in phrases}, key=len, reverse=True)
    parts = []
    for k in keys:
        # \s* between words: the key drops ZWNJ, so "انتهای‌پیام" keys as one word.
        body = r"\s*".join(re.escape(w) for w in k.split())
        # CJK has no spaces between words: match those phrases as plain substrings.
        if re.search(r"[\u3040-\u9fff]", k):
            parts.append(body)
        else:
            parts.append(rf"(?<!\w){body}(?!\w)")
    return re.compile("|".join(parts))


@functools.cache
def pattern(name: str) -> re.Pattern[str]:
    """A compiled regex over the matching key for a vocabulary ("UI", or "SOCIAL+UI")."""
    return _phrase_re([w for part in name.split("+") for w in _split(globals()[part])])


@functools.lru_cache(maxsize=1)
def neutral_words() -> frozenset[str]:
    return frozenset(matching_key(w) for w in _split(NEUTRAL))


@functools.lru_cache(maxsize=1)
def continuation_words() -> frozenset[str]:
    return frozenset(matching_key(w) for w in _split(CONTINUATION))
