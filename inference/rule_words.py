"""The word lists of the rule baseline (:mod:`arabic_ie.inference.rules`): what the cue rules look at.

The amount and period grammar is the value readers' own (:func:`arabic_ie.inference.amounts.match`,
:func:`arabic_ie.inference.periods.match`); here are the few words of context that say where a period
is not one, and the name cues, titles, places, corporate words and chip families.
"""

from __future__ import annotations

import re

from arabic_ie.inference import amounts, periods
from arabic_ie.inference.arabic import fold
from arabic_ie.inference.vocabulary import word_set

# ---------------------------------------------------------------- context of amounts and periods
# The rules find amounts and periods with the value readers' own grammar (:func:`amounts.match`,
# :func:`periods.match`); these words only say where a period the reader finds is not one.
# Month names that are also common words or names: alone, a month only after a preposition of time.
AMBIGUOUS_MONTHS = word_set("مارس", "ماي", "آب", "أوت", "نيسان", "صفر", "رجب", "شعبان", "محرم", "رمضان", "شوال",
                            "march", "may")
TIME_PREPOSITIONS = word_set("في", "منذ", "حتى", "خلال", "بحلول", "قبل", "بعد", "من", "إلى", "مطلع", "نهاية",
                             "بداية", "منتصف", "أوائل", "أواخر", "شهر", "وفي", "ومنذ", "حلول")
ERA_SIGNS = periods.GREGORIAN_ERA | periods.HIJRI_ERA
# a year number followed by one of these is a quantity, not a year
NOT_AFTER_YEAR = amounts.SCALE_WORDS | frozenset(amounts.CURRENCY_WORDS) \
    | word_set("%", "بالمئة", "بالمائة", "ميغاواط", "غيغاواط", "ميغاوات")
NOT_BEFORE_YEAR = word_set("رؤية", "رؤيتها", "رؤيته", "Vision", "أجندة", "مئوية")

# ---------------------------------------------------------------- lexicon: chips and companies
CHIP_CODE_RE = re.compile(r"^(?:[A-Z]{1,4}\d{2,4}|[A-Z]{2,4}\d)[A-Z]{0,2}$")
# memory standards, process nodes, systems and event names that look like codes
NOT_CHIP_PREFIXES = ("HBM", "DDR", "LPDDR", "GDDR", "NVL", "DGX", "HGX", "FY", "CY", "COP", "PCIE", "USB", "UFS",
                     "LTE", "ISO", "CES", "MWC", "GTC", "SKU", "WWDC")
NOT_CHIP_CODES = frozenset({"G20", "X86", "ARM64", "PS5", "PS4", "CO2", "TV", "IE11", "COVID19", "SARS2"})
DEVICE_WORDS = word_set(
    "Galaxy", "Pixel", "iPhone", "iPad", "Mate", "Pura", "Xbox", "PlayStation", "Model", "Atlas", "CloudMatrix",
    "DGX", "HGX", "Grok", "GPT", "Llama", "Qwen", "Gemini", "Claude", "Kimi", "ERNIE", "Flip", "Fold",
    "جالاكسي", "غالاكسي", "جالكسي", "آيفون", "ايفون", "بيكسل", "هاتف", "هواتف", "هاتفي", "طراز",
    "نموذج", "نموذجها", "نموذجه", "نماذج", "النموذج", "رف", "مؤتمر", "مؤسسة", "الفئة", "فئة", "مشروع", "برنامج",
    "تطبيقات", "نظام", "أنظمة", "خدمة",
)
# Chip families: a family word followed by a model token (``أسند 910B``, ``Snapdragon 8 Elite``);
# the first group also stands alone as a CHIP.
CHIP_FAMILIES_ALONE = word_set(
    "Ascend", "أسند", "اسند", "Xeon", "زيون", "EPYC", "إيبيك", "Ryzen", "رايزن", "Snapdragon", "سنابدراغون",
    "سنابدراجون", "Dimensity", "ديمنسيتي", "Exynos", "إكسينوس", "Kirin", "كيرين", "Gaudi", "غاودي", "Trainium",
    "ترينيوم", "Inferentia", "Graviton", "غرافيتون", "Hanguang", "هانغوانغ", "Kunlun", "كونلون",
)
CHIP_FAMILIES = CHIP_FAMILIES_ALONE | word_set(
    "Instinct", "Tensor", "تنسور", "Maia", "مايا", "Cobalt", "TPU", "MTT", "RTX", "GeForce", "Cortex", "Neoverse",
    "MLU", "Dojo", "Loongson", "لونغسون", "Jetson", "Tegra", "Helio",
)
CHIP_SUFFIXES = word_set("Pro", "Max", "Ultra", "Plus", "Elite", "Gen", "Mini", "Lite", "CPX", "X", "AI", "Ultra",
                         "إيليت", "برو", "ماكس", "ألترا")
# Words after which a Latin name is a chip: «معالج Rhea», «بشريحة Bow IPU».
CHIP_CUES = word_set(
    "معالج", "معالجات", "رقائق", "رقاقة", "رقاقات", "شريحة", "شرائح", "مسرع", "مسرعات", "بطاقة", "بطاقات",
    "وحدات", "معمارية", "سلسلة", "عائلة", "أنظمة", "رقاقتي", "مسرعي", "شريحتي", "معالجي",
)
# chip words that make a nearby unknown Latin name a chip («المعالج المركزي Vera»)
CHIP_WORDS = CHIP_CUES | word_set("الجيل", "جيل", "مسرعا", "وحدة", "المعالجات", "متحكم", "متحكمات", "أنوية",
                                  "نواة", "معالجا", "رقاقه")
# Words after which an unknown word is a company name: «محللو نومورا», «صحيفة نيكي».
NAME_CUES = word_set("محللو", "محللي", "صحيفة", "وكالة", "لصحيفة", "لوكالة", "بصحيفة", "وصحيفة", "ووكالة",
                     "وكالتا", "صحيفتا")
PERSON_TITLES = word_set("التنفيذي", "الرئيس", "رئيس", "رئيسها", "مؤسس", "مؤسسها", "المدير", "مدير", "السيد",
                         "الملياردير", "المؤسس", "الشريك")
PLACE_WORDS = word_set("مدينة", "بمدينة", "ولاية", "بولاية", "مقاطعة", "بمقاطعة", "منطقة", "العاصمة", "إقليم",
                       "جزيرة", "في", "وفي", "مصنع")
NATIONALITY_RE = re.compile("^ال(?:" + "|".join(fold(w) for w in (
    "أمريكي", "أميركي", "صيني", "ياباني", "كوري", "تايواني", "هندي", "سعودي", "إماراتي", "قطري", "أوروبي",
    "فرنسي", "ألماني", "بريطاني", "سويسري", "هولندي", "سويدي", "فنلندي", "كندي", "إسرائيلي", "ماليزي",
    "سنغافوري", "إندونيسي", "كويتي", "إيطالي", "إسباني", "أسترالي", "روسي", "تركي", "برازيلي", "مصري",
    "ناشئ", "مملوك", "منافس",
)) + ")ه$")
STOPWORDS = word_set(
    "أن", "إن", "أنه", "أنها", "إنه", "إنها", "في", "من", "على", "عن", "إلى", "مع", "قد", "لم", "لن", "ما", "لا",
    "التي", "الذي", "الذين", "حيث", "بعد", "قبل", "منذ", "حتى", "أو", "ثم", "كما", "لكن", "بين", "عند", "لدى",
    "خلال", "ضمن", "نحو", "حول", "وفق", "وفقا", "بحسب", "هذا", "هذه", "ذلك", "تلك", "كل", "بعض", "أي", "هو",
    "هي", "هم", "وقال", "وقالت", "قال", "قالت", "يرى", "ترى", "يتوقع", "تتوقع", "أيضا", "فقط", "كان", "كانت",
    "وفي", "ومن", "وهو", "وهي", "إذ", "إذا", "بل", "أما", "عبر", "مثل", "دون", "غير", "لها", "له", "بها", "به",
    "منها", "عليها", "إليها", "فيها", "فيه", "عام", "شركة", "شركات", "مجموعة", "صندوق", "عملاق",
)
# Arabic names of Latin letters, for names spelled as letters; some are also common words.
ARABIC_LETTERS = word_set("إيه", "بي", "سي", "دي", "إي", "إف", "جي", "إتش", "آي", "جيه", "كيه", "إل", "إم", "إن",
                          "أو", "كيو", "آر", "إس", "تي", "يو", "في", "دبليو", "إكس", "واي", "زد")
COMMON_LETTER_WORDS = word_set("في", "أو", "إن", "إي", "آي")
LETTER_PREPOSITIONS = word_set("في", "أو")
LETTER_TERMS = {tuple(fold(w) for w in t.split()) for t in (
    "جي بي تي", "إيه آي", "آي بي أو", "سي إي أو", "إل إل إم", "جي بي يو", "سي بي يو", "إن بي يو", "تي بي يو",
    "إيه إس آي سي", "إتش بي إم", "دي رام", "يو إس", "يو إس بي")}
# Words that continue a company name: «ميكرون تكنولوجي», «ناورا للتكنولوجيا», «جي دي دوت كوم».
CORPORATE_SUFFIXES = word_set(
    "تكنولوجي", "تكنولوجيز", "للتكنولوجيا", "للتقنية", "للمعلومات", "للإلكترونيات", "إلكترونيكس", "القابضة",
    "هولدينغز", "هولدنغز", "هولدينغ", "كابيتال", "فنتشرز", "بارتنرز", "غروب", "جروب", "كلاود", "ريسيرش", "لابز",
    "إنتليجنس", "سيستمز", "سيميكوندكتور", "سيميكونداكتور", "إنترناشونال", "إنترناشيونال", "للاتصالات",
    "بلاتفورمز", "إنداستريز", "إندستريز", "كوربوريشن", "إنك", "ليمتد", "دوت", "كوم", "للاستثمار",
    "Technology", "Technologies", "Holdings", "Holding", "Group", "Capital", "Ventures", "Partners", "Cloud",
    "Research", "Labs", "Systems", "Semiconductor", "International", "Inc", "Ltd", "Corp", "Corporation",
    "Platforms", "Industries", "Electronics", "Intelligence", "تيليكوم", "باور", "Telecom", "Power",
)
# the part of CORPORATE_SUFFIXES that only ends names, never ordinary Arabic phrases
NAME_SUFFIXES = word_set("تكنولوجيز", "هولدينغز", "هولدنغز", "كابيتال", "فنتشرز", "بارتنرز", "غروب", "جروب",
                         "ريسيرش", "لابز", "سيستمز", "سيميكوندكتور", "إنترناشونال", "إنترناشيونال", "بلاتفورمز",
                         "إنداستريز", "إندستريز", "كوربوريشن", "إنك", "ليمتد", "إلكترونيكس")
NOT_BEFORE_NAME = word_set("مؤشر", "لمؤشر", "ومؤشر", "بمؤشر")  # «مؤشر نيكي 225» is an index
COMPANY_HEADS = word_set("شركة", "مجموعة", "بنك", "لشركة", "وشركة", "بشركة", "لمجموعة", "ومجموعة", "بمجموعة",
                         "شركتا", "شركتي", "مصرف", "وكالة", "صحيفة", "موقع", "منصة")
# Latin words in brackets that are terms, not names
LATIN_TERMS = word_set(
    "AI", "GPU", "GPUs", "CPU", "NPU", "TPU", "ASIC", "HBM", "DRAM", "NAND", "SRAM", "CoWoS", "EUV", "DUV", "IPO",
    "CEO", "CFO", "LLM", "API", "SoC", "FPGA", "RISC", "RISC-V", "x86", "AGI", "IoT", "5G", "6G", "ESG",
    "PC", "PCs", "OEM", "ODM", "R&D", "M&A", "ETF", "GDP", "CHIPS", "Act", "EU", "US", "USA", "UK", "UAE",
    "Foundry", "Data", "Center", "Cloud", "AI Factory", "Gigafactory", "OpenRAN", "DCU", "IPU", "XPU", "DPU",
    "GenAI", "CUDA", "ROCm", "NVLink", "InfiniBand", "Ethernet", "PCIe", "Linux", "Android", "iOS", "Windows",
    "ChatGPT", "Copilot", "Omniverse", "Nasdaq", "NYSE", "S&P", "Dow", "Jones", "China", "Japan", "Korea",
    "Taiwan", "India", "Europe",
)

# Arabic letter names of the Latin letters (acronyms: ``إتش بي إي`` = HPE)
LETTER_NAMES = {
    "A": ("ايه", "اي"), "B": ("بي",), "C": ("سي",), "D": ("دي",), "E": ("اي", "ايه"), "F": ("اف",), "G": ("جي",),
    "H": ("اتش", "اتشه"), "I": ("اي",), "J": ("جيه", "جاي", "جي"), "K": ("كيه", "كي"), "L": ("ال",), "M": ("ام",),
    "N": ("ان",), "O": ("او",), "P": ("بي",), "Q": ("كيو",), "R": ("ار",), "S": ("اس",), "T": ("تي",),
    "U": ("يو",), "V": ("في",), "W": ("دبليو",), "X": ("اكس",), "Y": ("واي",), "Z": ("زد", "زي"),
}
# Consonant skeletons, to pair a Latin name with its Arabic transliteration.
ARABIC_SOUNDS = str.maketrans({
    "ب": "b", "ت": "t", "ث": "s", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "z", "ر": "r", "ز": "s", "س": "s",
    "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "", "ا": "", "ء": "", "پ": "b", "ڤ": "f", "گ": "g", "چ": "S",
    " ": "",
})
LATIN_SOUNDS = [("sch", "S"), ("ch", "S"), ("sh", "S"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "k"),
                 ("x", "ks"), ("c(?=[eiy])", "s"), ("c", "k"), ("q", "k"), ("p", "b"), ("v", "f"), ("j", "g"),
                 ("z", "s"), ("[aeiouwy]", ""), ("[^a-zS]", "")]

# ---------------------------------------------------------------- what is not a company (company_checks)
# Given names: a company name the model ends with one, before another word, has run into a person
# («مؤسس أمازون جيف بيزوس»). Chinese syllables are left out: they end company names too («كونلون شين»).
GIVEN_NAMES = word_set(
    "محمد", "أحمد", "علي", "حسن", "حسين", "محمود", "مصطفى", "عمر", "خالد", "سمير", "سامي", "كمال", "كامل", "طارق",
    "هشام", "يوسف", "إبراهيم", "عبد", "عبدالله", "عبدالرحمن", "فيصل", "سعيد", "سعد", "ناصر", "منصور", "فهد", "سلطان",
    "ماجد", "وليد", "رامي", "زياد", "جمال", "عادل", "نبيل", "نزار", "رضا", "منير", "الهادي", "الحبيب", "لطفي",
    "فتحي", "حمدي", "مراد", "رياض", "توفيق", "الطيب", "الصادق", "المنجي", "المنصف", "منصف", "فوزي", "صلاح", "هاني",
    "شريف", "أيمن", "أسامة", "ياسر", "بشير", "فاطمة", "مريم", "سارة", "ليلى", "سلمى", "هند", "آمنة", "نادية",
    "سميرة", "منى", "هدى", "رشيد", "حسني", "أنور", "عماد", "إياد", "حاتم", "حازم", "باسم", "عصام", "غسان",
    "ستيف", "تيم", "مارك", "جيف", "بيل", "إيلون", "جنسن", "ليزا", "سام", "ساتيا", "سوندار", "جون", "جيمس",
    "مايكل", "ديفيد", "دافيد", "روبرت", "ريتشارد", "توماس", "بيتر", "بول", "جورج", "دونالد", "جاك", "جايك",
    "ماريو", "كريستين", "أنجيلا", "ماري", "ماسايوشي", "لاري", "سيرجي", "بات", "بريان", "كيفن", "أندرو",
    "دانيال", "مايك", "جيمي", "براد", "كريغ", "فرانسوا", "جان", "بيير", "ميشال", "ميشيل", "إيمانويل", "نيكولا",
)
# Head words of public and international bodies, associations and parties (ANNOTATION.md: not companies):
# a name in brackets right after such a body's full name is its abbreviation («منظمة الأغذية والزراعة (فاو)»).
# Not «وكالة» (news agencies are companies), «صندوق» (investment funds are) nor «ديوان» (the post office is,
# data/README.md decision 51).
PUBLIC_BODIES = word_set(
    "منظمة", "كنفدرالية", "كونفدرالية", "هيئة", "وزارة", "اتحاد", "مجلس", "جامعة", "برنامج", "جمعية", "غرفة",
    "معهد", "مركز", "حزب", "نقابة", "لجنة", "مفوضية", "الاستخبارات", "المخابرات", "الأمم", "محكمة",
    "مرصد", "رابطة", "البرلمان", "حكومة", "الشرطة", "الجيش", "الفيدرالية", "مؤتمر",
)
