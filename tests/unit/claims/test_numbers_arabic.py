"""Arabic figures: digits, scale words, number words, ranges, vague counts, qualifiers."""

from __future__ import annotations

import pytest

from streams.claims.numbers import find_numbers
from streams.text.normalize import normalize


def _found(text: str) -> list[tuple[str, float, float, str, str]]:
    norm = normalize(text)
    return [
        (norm.slice(m.start, m.end), m.low, m.high, m.qualifier, m.unit)
        for m in find_numbers(norm, "ar")
    ]


FIGURES = [
    # digits, separators and scale words
    ("أحصت الوكالة 4500 نازح", "4500", 4500, 4500, "exact"),
    ("دخل المدينة 40,000 زائر", "40,000", 40000, 40000, "exact"),
    ("بلغ عدد المسجلين 40.000 شخص", "40.000", 40000, 40000, "exact"),
    ("أنفقت الوزارة 1.5 مليون دينار", "1.5 مليون", 1.5e6, 1.5e6, "exact"),
    ("خصصت البلدية ٢٫٥ مليون ليرة", "٢٫٥ مليون", 2.5e6, 2.5e6, "exact"),
    ("جاء ٤٠ ألف متطوع", "٤٠ ألف", 40000, 40000, "exact"),
    ("وصل 25 ألفا من العمال", "25 ألفا", 25000, 25000, "exact"),
    ("سجلت 3 آلاف حالة", "3 آلاف", 3000, 3000, "exact"),
    ("تبرع بمليون دولار للمستشفى", "مليون", 1e6, 1e6, "exact"),
    ("استقبل المخيم ألفين من الأسر", "ألفين", 2000, 2000, "exact"),
    ("اشترت الشركة مليوني سهم", "مليوني", 2e6, 2e6, "exact"),
    ("بلغت الكلفة مليونا ونصف المليون", "مليونا ونصف المليون", 1.5e6, 1.5e6, "exact"),
    ("كلف المشروع نصف مليون يورو", "نصف مليون", 5e5, 5e5, "exact"),
    # number words with gender, case and spelling variants
    ("شارك ثلاثة صحفيين في الجولة", "ثلاثة", 3, 3, "exact"),
    ("التقى الوفد بمسؤولَين اثنين", "اثنين", 2, 2, "exact"),
    ("زرعوا مئة وخمسين شجرة", "مئة وخمسين", 150, 150, "exact"),
    ("يقيم ستمئة وعشرة آلاف لاجئ", "ستمئة وعشرة آلاف", 610_000, 610_000, "exact"),
    ("وصل مئة وعشرة أشخاص", "مئة وعشرة", 110, 110, "exact"),
    ("تضم القرية مائتين وعشرين منزلا", "مائتين وعشرين", 220, 220, "exact"),
    ("أطلق سراح خمسة وعشرين معتقلا", "خمسة وعشرين", 25, 25, "exact"),
    ("نقلت الحافلات ثلاثة آلاف وخمسمائة راكب", "ثلاثة آلاف وخمسمائة", 3500, 3500, "exact"),
    ("وصل ثلاثمائة لاجئ", "ثلاثمائة", 300, 300, "exact"),
    ("وصل ثلاث مئة لاجئ", "ثلاث مئة", 300, 300, "exact"),
    ("عاد أحد عشر بحارا", "أحد عشر", 11, 11, "exact"),
    ("أنقذ الغواصون ثلاثة عشر طفلا", "ثلاثة عشر", 13, 13, "exact"),
    ("فاز عشرون متسابقا", "عشرون", 20, 20, "exact"),
    ("انضم ثلاثة وعشرون ألفا إلى الحملة", "ثلاثة وعشرون ألفا", 23000, 23000, "exact"),
    ("خرج ألف وخمسمائة متظاهر", "ألف وخمسمائة", 1500, 1500, "exact"),
    ("والف رجل عادوا", "الف", 1000, 1000, "exact"),
    # ranges where the scale word applies to both ends
    ("طلب المهربون 20 و30 ألف دولار", "20 و30 ألف", 20000, 30000, "range"),
    ("تتراوح الأجور بين 20 و30 ألفا", "بين 20 و30 ألفا", 20000, 30000, "range"),
    ("يقدر العدد بـ20-30 ألفا", "20-30 ألفا", 20000, 30000, "range"),
    ("ارتفع العدد من 20 إلى 30 ألف", "من 20 إلى 30 ألف", 20000, 30000, "range"),
    ("يتقاضى ما بين 500 و700 دولار", "ما بين 500 و700", 500, 700, "range"),
    # vague counts
    ("قدر الخبراء عددهم ببضعة آلاف", "بضعة آلاف", 3000, 9000, "vague"),
    ("دفعوا عشرات الآلاف من الدولارات", "عشرات الآلاف", 20000, 99000, "vague"),
    ("فر الآلاف من المدينة", "الآلاف", 2000, 9000, "vague"),
    ("تجمع آلاف المحتجين", "آلاف", 2000, 9000, "vague"),
    ("اعتقلت الشرطة العشرات", "العشرات", 20, 99, "vague"),
    ("أصيب مئات الأشخاص", "مئات", 200, 999, "vague"),
    ("نزح مئات الآلاف", "مئات الآلاف", 200000, 999000, "vague"),
    ("عبر عدة آلاف الحدود", "عدة آلاف", 3000, 9000, "vague"),
    ("بقي بضع مئات في المخيم", "بضع مئات", 300, 900, "vague"),
    ("تضرر ملايين السكان", "ملايين", 2e6, 9e6, "vague"),
    # qualifiers before and after, with glued prefixes
    ("قتل نحو 36 مدنيا", "نحو 36", 36, 36, "approximately"),
    ("وصل حوالي 300 زائر", "حوالي 300", 300, 300, "approximately"),
    ("وقرابة 1500 عادوا", "قرابة 1500", 1500, 1500, "approximately"),
    ("نزح زهاء ألفي شخص", "زهاء ألفي", 2000, 2000, "approximately"),
    ("نجا ما يقارب 700 راكب", "ما يقارب 700", 700, 700, "approximately"),
    ("بلغ 200 منهم تقريبا", "200", 200, 200, "approximately"),
    ("بلغ عددهم 200 تقريبا", "200 تقريبا", 200, 200, "approximately"),
    ("من بين أكثر من 5000 متطوع", "أكثر من 5000", 5000, 5000, "at_least"),
    ("يقدر عددهم بما يزيد على ألف", "ما يزيد على ألف", 1000, 1000, "at_least"),
    ("قتل 40 جنديا على الأقل", "40", 40, 40, "at_least"),
    ("لا يقل عن 60 طالبا", "لا يقل عن 60", 60, 60, "at_least"),
    ("عبر ما يصل إلى 30 ألف مقاتل", "ما يصل إلى 30 ألف", 30000, 30000, "at_most"),
    ("تستوعب القاعة حتى 500 ضيف", "حتى 500", 500, 500, "at_most"),
    ("شارك أقل من 90 نائبا", "أقل من 90", 90, 90, "at_most"),
    ("قطع نحو 150 كيلومترا", "نحو 150", 150, 150, "approximately"),
    ("يقدر عددهم بنحو 40 ألفا", "نحو 40 ألفا", 40000, 40000, "approximately"),
    # percentages and fractions
    ("ارتفعت الأسعار 40%", "40%", 40, 40, "exact"),
    ("ارتفعت الأسعار ٤٠٪", "٤٠٪", 40, 40, "exact"),
    ("تراجع الإنتاج 15 بالمئة", "15 بالمئة", 15, 15, "exact"),
    ("صوت 55 في المائة من الناخبين", "55 في المائة", 55, 55, "exact"),
    ("عاد نحو نصف المهاجرين", "نحو نصف", 0.5, 0.5, "approximately"),
    ("خسر ثلث الموظفين وظائفهم", "ثلث", 0.3333, 0.3333, "exact"),
]


DIGIT_CONVENTIONS = [
    # dots group thousands in groups of three unless a scale word or percent sign follows
    ("أحصت البلدية 812.406 ناخبين", "812.406", 812406, 812406, "exact"),
    ("سجل 1.500 طالب في الدورة", "1.500", 1500, 1500, "exact"),
    ("سجل 2.437 مريضا", "2.437", 2437, 2437, "exact"),
    ("يضم السجل 2.437 مليون اسم", "2.437 مليون", 2_437_000, 2_437_000, "exact"),
    ("بلغت النسبة 4.125%", "4.125%", 4.125, 4.125, "exact"),
    ("بلغ عدد السكان 32.8 مليون نسمة", "32.8 مليون", 32_800_000, 32_800_000, "exact"),
    # a comma is a decimal before a scale word and groups thousands otherwise
    ("بلغت الكلفة 1,6 مليون دولار", "1,6 مليون", 1.6e6, 1.6e6, "exact"),
    ("دفعت الأسرة 1,600 دولار", "1,600", 1600, 1600, "exact"),
    # the ر decimal mark: European digits store the fraction first, Arabic-Indic the integer
    ("عاد 6ر2 مليون لاجئ", "6ر2 مليون", 2.6e6, 2.6e6, "exact"),
    ("صدرت 5ر12 مليون طن", "5ر12 مليون", 12.5e6, 12.5e6, "exact"),
    ("بلغت الديون ٢ر٦ مليار دولار", "٢ر٦ مليار", 2.6e9, 2.6e9, "exact"),
    ("بلغت الديون ١٢ر٥ مليار دولار", "١٢ر٥ مليار", 12.5e9, 12.5e9, "exact"),
    ("بلغت الديون ٢٫٦ مليار دولار", "٢٫٦ مليار", 2.6e9, 2.6e9, "exact"),
    ("ارتفعت الأسعار 5ر2%", "5ر2%", 2.5, 2.5, "exact"),
    # decimals in words, a leading dot and the trillion
    ("خصصت الحكومة اثنان فاصلة خمسة مليون دولار", "اثنان فاصلة خمسة مليون", 2.5e6, 2.5e6, "exact"),
    ("نما الاقتصاد ثلاثة فاصلة اثنان في المئة", "ثلاثة فاصلة اثنان في المئة", 3.2, 3.2, "exact"),
    ("تراجع المؤشر بنسبة .77%", ".77%", 0.77, 0.77, "exact"),
    ("بلغ الدين ثلاثة تريليونات دولار", "ثلاثة تريليونات", 3e12, 3e12, "exact"),
]


COMPOUNDS = [
    # digits after و finish a scale group: the rest of the number, not a second figure
    ("سجلت الهيئة 3 ملايين و171606 ناخبين", "3 ملايين و171606", 3171606, 3171606, "exact"),
    ("أحصى المكتب 384 ألفاً و719 طلباً", "384 ألفاً و719", 384719, 384719, "exact"),
    ("فرغت الموانئ 926 ألفا و187 حاوية", "926 ألفا و187", 926187, 926187, "exact"),
    ("سجل المعرض ألف و858 زائرا", "ألف و858", 1858, 1858, "exact"),
    ("وزعت الجمعية مليون و11366 وجبة", "مليون و11366", 1011366, 1011366, "exact"),
    ("صار عدد المشتركين مليونًا و17 ألفا", "مليونًا و17 ألفا", 1017000, 1017000, "exact"),
    (
        "قدرت اللجنة نحو 3 ملايين و200 ألف ناخب",
        "نحو 3 ملايين و200 ألف",
        3.2e6,
        3.2e6,
        "approximately",
    ),
    ("زار المتحف مليونًا ومائتي ألف شخص", "مليونًا ومائتي ألف", 1.2e6, 1.2e6, "exact"),
    ("يسكن الإقليم عشرة ملايين ونصف", "عشرة ملايين ونصف", 10.5e6, 10.5e6, "exact"),
    # digits set in brackets ahead of their scale word
    ("بلغ عدد المستفيدين (1.78) مليون مستفيد", "(1.78) مليون", 1.78e6, 1.78e6, "exact"),
    ("أحصى التعداد (11.58) مليون مقيم", "(11.58) مليون", 11.58e6, 11.58e6, "exact"),
    ("يحتاج (3.5) مليون طفل إلى لقاح", "(3.5) مليون", 3.5e6, 3.5e6, "exact"),
    ("وصل {٦١} ألف طن من القمح", "{٦١} ألف", 61000, 61000, "exact"),
    ("يقيم نحو (9.3) ملايين شخص في المخيمات", "نحو (9.3) ملايين", 9.3e6, 9.3e6, "approximately"),
    ("سجلت المستشفيات (113) متوفياً", "113", 113, 113, "exact"),
]


BOUND_VERBS = [
    # a verb of exceeding right before the number opens the mention
    ("تجاوزت 500 إصابة في أسبوع", "تجاوزت 500", 500, 500, "at_least"),
    ("وفاق 2000 زائر توقعات المنظمين", "فاق 2000", 2000, 2000, "at_least"),
    ("ناهزت 40 ألف طن", "ناهزت 40 ألف", 40000, 40000, "approximately"),
    ("حدد سقفا لا يتجاوز 30 راكبا", "لا يتجاوز 30", 30, 30, "at_most"),
    # Arabic puts the counted noun between the verb and the number: the verb still qualifies
    # the figure but stays out of the mention, which ends at the noun the frame reads
    ("تجاوز عدد الإصابات 100 ألف", "100 ألف", 1e5, 1e5, "at_least"),
    ("تجاوزت الخسائر 100 ألف دولار", "100 ألف", 1e5, 1e5, "at_least"),
    ("يتجاوز عدد المصابين مئة ألف", "مئة ألف", 1e5, 1e5, "at_least"),
    ("تخطى عدد الطلاب 500 طالب", "500", 500, 500, "at_least"),
    ("تخطت كلفة الإعمار مليار دولار", "مليار", 1e9, 1e9, "at_least"),
    ("فاق عدد المشاركين ثلاثة آلاف", "ثلاثة آلاف", 3000, 3000, "at_least"),
    ("ناهز عدد النازحين 3 ملايين", "3 ملايين", 3e6, 3e6, "approximately"),
    ("لم يتجاوز عدد الحضور 40 شخصا", "40", 40, 40, "at_most"),
    # after a bound, a scale word with the article is the round figure itself
    ("قال إن عدد المشتركين تخطى المليون", "تخطى المليون", 1e6, 1e6, "at_least"),
    ("حضر أكثر من الألفين", "أكثر من الألفين", 2000, 2000, "at_least"),
    ("عاد قرابة المليون إلى قراهم", "قرابة المليون", 1e6, 1e6, "approximately"),
    # a year after the word for year takes no scale word: the figure starts after it
    ("كان عددهم في عام 2015 مليونا ومئتي ألف", "مليونا ومئتي ألف", 1.2e6, 1.2e6, "exact"),
]


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "qualifier"),
    FIGURES + DIGIT_CONVENTIONS + COMPOUNDS + BOUND_VERBS,
)
def test_arabic_figure_is_read_with_value_and_qualifier(
    text: str, surface: str, low: float, high: float, qualifier: str
) -> None:
    found = _found(text)
    assert len(found) == 1, found
    got_surface, got_low, got_high, got_qualifier, _ = found[0]
    assert (got_surface, got_low, got_high, got_qualifier) == (surface, low, high, qualifier)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("ارتفعت الأسعار 40%", "percent"),
        ("تراجع الإنتاج 15 بالمئة", "percent"),
        ("خسر ثلث الموظفين وظائفهم", "fraction"),
        ("عاد نحو نصف المهاجرين", "fraction"),
        ("جاء ٤٠ ألف متطوع", "count"),
    ],
)
def test_arabic_shares_are_relative_units(text: str, unit: str) -> None:
    assert [f[4] for f in _found(text)] == [unit]


NOT_CLAIMS = [
    # marks of both kinds on both sides of the last one: no number (it once raised)
    "قتل 0.0٬0٬0 شخص",
    "وقع الهجوم عام 2017 في الشمال",
    "انضموا إلى التنظيم في 2013 ثم عادوا",
    "في سنة 2014 تغير كل شيء",
    "تسللوا منذ أواخر 2014 وحتى منتصف 2016",
    "وقعت الضربة في 20 يناير/كانون الثاني 2018 قرب الحدود",
    "صدر التقرير في ديسمبر/كانون الأول 2017",
    "اختفى في إبريل/نيسان 2015",
    "خلال معركة آب/أغسطس 2017",
    "التوقيت الجمعة، 22 نوفمبر 2024",
    "التوقيت 10:33 م بتوقيت القاهرة",
    "رجل يبلغ 46 عاما",
    "حكم عليه بالسجن 7 سنوات",
    "قضى ثلاث سنوات في السجن",
    "خلال الأربع سنوات الماضية",
    "بقي هناك عامين",
    "استمرت المعركة 12 يوما",
    "في التاسع عشر من آذار",
    "حلقت مقاتلات إف-18 فوق المدينة",
    "استخدمت صواريخ R9X في الضربة",
    "نصت المادة 5 من القانون",
    "بحسب القرار 2254 الصادر عن مجلس الأمن",
    "تابعوا الوسم #داعش2019",
    "طائرات MQ-9 المسيرة",
    "للتواصل 0123456789",
    "الرابط www.example.com/news/2019/123",
    "يعاني من كوفيد-19",
    "قمة مجموعة G20",
    "حتى 2016 لم يتغير شيء",
    "توجهت القوات نحو البادية",
    "فاز بالمركز الـ20",
    "واحد من أبرز القادة",
    "حدثت فاصلة زمنية قصيرة",
    "وقع الحادث في 1.5.2017 صباحا",
    "يحمل الجهاز الرقم 2ر3ر4",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_arabic_non_claim_yields_nothing(text: str) -> None:
    assert _found(text) == []


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # a noun between two figures coordinates them
        ("أسفر الانفجار عن مقتل 85 شخصا و120 جريحا", [(85, 85), (120, 120)]),
        ("قتل ألف شخص و200 جريح", [(1000, 1000), (200, 200)]),
        # a tail as large as the scale is a second figure or a range's upper end
        ("وزعت 5 آلاف و7 آلاف", [(5000, 5000), (7000, 7000)]),
        ("دفعوا بين 20 ألف و30 ألف دولار", [(20000, 30000)]),
        # punctuation ends a verb's reach
        ("تجاوز الجيش النهر، وقتل 30 شخصا", [(30, 30)]),
    ],
)
def test_arabic_figures_joined_by_and_stay_apart(
    text: str, figures: list[tuple[float, float]]
) -> None:
    found = _found(text)
    assert [(f[1], f[2]) for f in found] == figures
    assert all(f[3] in ("exact", "range") for f in found)


@pytest.mark.parametrize("text", ["وزعت المليون على الفقراء", "وصل المليون"])
def test_a_scale_word_with_the_article_and_no_bound_is_a_reference(text: str) -> None:
    assert _found(text) == []


def test_arabic_sentence_with_several_figures_keeps_text_order() -> None:
    text = "قتل نحو 36 شخصا وأصيب 90 آخرون، وفر الآلاف في عام 2018"
    assert [(f[0], f[3]) for f in _found(text)] == [
        ("نحو 36", "approximately"),
        ("90", "exact"),
        ("الآلاف", "vague"),
    ]


def test_arabic_spans_point_at_value_inside_qualified_mention() -> None:
    norm = normalize("عبر ما يصل إلى 30 ألف مقاتل")
    (mention,) = find_numbers(norm, "ar")
    assert norm.slice(mention.value_start, mention.value_end) == "30 ألف"
    assert norm.slice(mention.start, mention.end) == "ما يصل إلى 30 ألف"


def test_diacritics_and_tatweel_do_not_change_the_reading() -> None:
    assert _found("قُتِلَ نَحْوَ أربعـــين ألفًا")[0][1:4] == (40000, 40000, "approximately")


@pytest.mark.parametrize("text", ["التقى بضعة مسؤولين", "زار عدة دول", "met several officials"])
def test_few_or_several_without_a_scale_word_is_not_a_figure(text: str) -> None:
    assert find_numbers(normalize(text), "und") == []
