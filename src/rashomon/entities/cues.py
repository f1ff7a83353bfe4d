"""Cue words: the words around a name that say what kind of thing it is.

These are common nouns and verbs (president, newspaper, said; رئيس، صحيفة، قال; رئیس، روزنامه،
گفت), never names: the names themselves come from the gazetteer (library data), the name model
(learned) and the text. Lists are small and per language; everything is compared by
`token_key`, so Arabic/Persian letter variants and harakat do not matter. A cue in the list of
another language still works (Persian text quoting an Arabic title, and so on).
"""

from __future__ import annotations

from functools import cache

from rashomon.entities.keys import token_key

# Titles and roles that precede or follow a person's name.
PERSON = """
president vice minister premier chancellor spokesman spokeswoman spokesperson ambassador envoy
secretary deputy general lieutenant colonel major admiral commander senator governor mayor
king queen prince princess sheikh emir sultan pope ayatollah cardinal bishop imam rabbi
adviser advisor aide director chief chairman chairwoman ceo founder leader judge prosecutor
mr mrs ms dr professor prof sir lord lady correspondent reporter analyst expert official
counterpart representative congressman congresswoman lawmaker diplomat journalist writer author activist
الرئيس رئيس رئيسة نائب وزير وزيرة الوزير المتحدث المتحدثة الناطق الناطقة سفير السفير سفيرة
المبعوث مبعوث مستشار المستشار مستشارة مساعد مدير المدير قائد القائد زعيم الزعيم الملك الأمير
الشيخ السلطان الجنرال اللواء العميد العقيد الفريق المشير الأدميرال السيناتور السيناتورة النائب
حاكم الحاكم محافظ الدكتور السيد السيدة المحلل الخبير مراسل المراسل الكاتب الصحفي الصحفية
الأمين المندوب البابا المستشارة آية الله المرشد القاضي المدعي الباحث الأستاذ نظير نظيره نظيرها
رئیس وزیر سخنگو سخنگوی سفیر فرستاده نماینده معاون مشاور دستیار مدیر فرمانده رهبر پادشاه
شاهزاده شیخ امیر سلطان ژنرال سرلشکر سرتیپ دریادار سردار سناتور فرماندار استاندار شهردار
همتای دبیر صدراعظم نخستوزیر آقای خانم دکتر تحلیلگر کارشناس خبرنگار نویسنده قاضی دادستان آیت پاپ
"""

# Media outlets: the cue precedes the name (صحيفة X, روزنامه X) or is its head (X Post).
OUTLET = """
newspaper daily magazine agency channel television tv radio broadcaster website site outlet
network weekly tabloid journal
صحيفة جريدة وكالة مجلة قناة تلفزيون التلفزيون إذاعة موقع شبكة منصة يومية
روزنامه خبرگزاری مجله شبکه تلویزیون رادیو سایت وبسایت وبگاه پایگاه نشریه هفتهنامه
"""
# Words that end an outlet's own name in Latin script.
OUTLET_HEAD = """
post times herald journal tribune gazette telegraph guardian news press chronicle observer
express mail independent daily weekly agency tv radio
"""

ORGANISATION = """
ministry department party company corporation council committee commission organization
organisation union bank army forces navy parliament congress senate assembly court agency
institute university foundation movement front group association federation office cabinet
government administration authority police guard
وزارة الوزارة حزب الحزب شركة الشركة مجلس المجلس لجنة اللجنة منظمة المنظمة اتحاد الاتحاد بنك
البنك جيش الجيش قوات القوات البحرية البرلمان الكونغرس محكمة المحكمة معهد جامعة الجامعة مؤسسة
حركة الحركة جبهة جماعة جمعية هيئة الهيئة مكتب الحكومة حكومة إدارة الإدارة سلطة الشرطة الحرس
وزارت حزب شرکت شورای شورا کمیته کمیسیون سازمان اتحادیه بانک ارتش نیروی نیروهای مجلس کنگره
سنا دادگاه موسسه مؤسسه دانشگاه بنیاد جنبش جبهه گروه انجمن فدراسیون دفتر کابینه دولت پلیس سپاه
"""

EQUIPMENT = """
aircraft plane jet airliner fighter bomber missile missiles drone drones helicopter tank
warship carrier ship destroyer frigate submarine rifle system systems vessel satellite rocket
طائرة طائرات الطائرة الطائرات مقاتلة مقاتلات صاروخ صواريخ الصاروخ الصواريخ مسيرة مسيرات مروحية
مروحيات دبابة دبابات حاملة سفينة السفينة مدمرة فرقاطة غواصة منظومة منظومات بندقية قمر
هواپیما هواپیمای هواپیماهای جنگنده جنگندههای بمبافکن موشک موشکهای پهپاد پهپادهای بالگرد هلیکوپتر
تانک ناو ناوشکن ناوگروه کشتی زیردریایی سامانه سامانههای تفنگ ماهواره
"""
# "of the type / model": the name follows.
MODEL = """type model class طراز نوع فئة طراز مدل نوع کلاس"""
# Ship prefixes (USS Gerald R. Ford, HMS ...): the capitalised words after them are a vessel.
SHIP_PREFIX = """uss hms ins rfs ps hmas hmcs"""

EVENT = """
agreement treaty accord deal pact summit conference war election elections olympics cup
protocol convention talks ceasefire operation
اتفاقية الاتفاقية معاهدة المعاهدة اتفاق الاتفاق قمة القمة مؤتمر المؤتمر حرب الحرب انتخابات
الانتخابات بروتوكول عملية هدنة
توافق توافقنامه معاهده قرارداد پیمان نشست اجلاس کنفرانس جنگ انتخابات عملیات آتشبس
"""

# Reported speech: the speaker's name is next to these.
SPEECH = """
said says told added stated announced declared wrote warned denied confirmed insisted noted
قال قالت أكد أكدت أضاف أضافت صرح صرحت أعلن أعلنت أوضح أوضحت أشار أشارت نفى نفت كتب كتبت
اعتبر اعتبرت حذر حذرت ذكر ذكرت
گفت گفته افزود کرد نوشت تاکید اعلام
"""

# Lowercase words allowed inside a capitalised Latin name (Gerald R. Ford; Bank of England).
LATIN_CONNECTORS = {
    "of",
    "the",
    "de",
    "del",
    "la",
    "le",
    "da",
    "di",
    "van",
    "von",
    "bin",
    "al",
    "el",
    "du",
    "des",
    "y",
    "and",
    "for",
    "&",
}


@cache
def cue_set(name: str) -> frozenset[str]:
    words = globals()[name].split()
    return frozenset(token_key(w) for w in words)


def is_cue(key: str, name: str) -> bool:
    return key in cue_set(name)


def any_cue(key: str) -> str | None:
    for name, typ in (
        ("PERSON", "person"),
        ("OUTLET", "outlet"),
        ("ORGANISATION", "organisation"),
        ("EQUIPMENT", "equipment"),
        ("EVENT", "event"),
    ):
        if key in cue_set(name):
            return typ
    return None
