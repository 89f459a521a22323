from datetime import date
from decimal import Decimal

import pytest

from arabic_ie.inference.amounts import digit_number
from arabic_ie.inference.names import ALIASES_PATH, AliasError, alias_table, name_key, read_aliases
from arabic_ie.inference.schemas import AMOUNT_KEYS, PERIOD_KEYS
from arabic_ie.inference.values import entity_value

REFERENCE = date(2026, 11, 23)  # a Monday


def amount(value, currency, low=None, high=None, **extra):
    return dict.fromkeys(AMOUNT_KEYS) | {"amount": value, "currency": currency, "low": low, "high": high, **extra}


def span(start, end, granularity, **extra):
    return dict.fromkeys(PERIOD_KEYS) | {"start": start, "end": end, "granularity": granularity, **extra}


# ---------------------------------------------------------------- AMOUNT
@pytest.mark.parametrize("text, expected", [
    # digits and scales
    ("380 مليار يوان", amount(380_000_000_000, "CNY")),
    ("53 مليار دولار", amount(53_000_000_000, "USD")),
    ("7 مليارات دولار", amount(7_000_000_000, "USD")),
    ("1.5 تريليون ين", amount(1_500_000_000_000, "JPY")),
    ("12 ألف دولار", amount(12_000, "USD")),
    ("7 آلاف دولار", amount(7_000, "USD")),
    ("210 ملايين دولار أمريكي", amount(210_000_000, "USD")),
    ("12,000 دولار", amount(12_000, "USD")),
    ("1,599 دولارا", amount(1_599, "USD")),
    ("2,5 مليار يورو", amount(2_500_000_000, "EUR")),
    ("77.11 دولار", amount(77.11, "USD")),
    # Arabic-Indic digits and signs
    ("٢٫٥ مليار دولار", amount(2_500_000_000, "USD")),
    ("١٢٬٠٠٠ دولار", amount(12_000, "USD")),
    ("١٤٥٥ ينا", amount(1_455, "JPY")),
    # number words, fractions, duals, a scale alone
    ("مليار دولار", amount(1_000_000_000, "USD")),
    ("ملياري دولار", amount(2_000_000_000, "USD")),
    ("ملياران دولار", amount(2_000_000_000, "USD")),
    ("مليونا دولار", amount(2_000_000, "USD")),
    ("ألفي ريال", amount(2_000, "SAR")),
    ("نصف مليار دولار", amount(500_000_000, "USD")),
    ("ربع مليار يوان", amount(250_000_000, "CNY")),
    ("ثلاثة مليارات يورو", amount(3_000_000_000, "EUR")),
    ("عشرة ملايين دولار", amount(10_000_000, "USD")),
    ("مليار و200 مليون دولار", amount(1_200_000_000, "USD")),
    ("150 مليونا دولار", amount(150_000_000, "USD")),
    ("سنت واحد", amount(0.01, "USD")),
    ("دولارين", amount(2, "USD")),
    ("33 سنتا", amount(0.33, "USD")),
    # vague amounts
    ("مليارات الدولارات", amount(None, "USD", approximate="billions")),
    ("بمليارات الدولارات", amount(None, "USD", approximate="billions")),
    ("عشرات المليارات من الدولارات", amount(None, "USD", approximate="tens of billions")),
    ("مئات مليارات اليوانات", amount(None, "CNY", approximate="hundreds of billions")),
    # ranges: amount None, the scale applies to both ends
    ("84 إلى 98 مليار دولار", amount(None, "USD", 84_000_000_000, 98_000_000_000)),
    ("600 و700 مليار يوان", amount(None, "CNY", 600_000_000_000, 700_000_000_000)),
    ("12-13 ألف دولار", amount(None, "USD", 12_000, 13_000)),
    ("٣ و٤ ملايين دولار", amount(None, "USD", 3_000_000, 4_000_000)),
    ("1.175 و1.275 مليار دولار", amount(None, "USD", 1_175_000_000, 1_275_000_000)),
    ("180 و190 دولارا", amount(None, "USD", 180, 190)),
    # proclitics
    ("و700 مليار يوان", amount(700_000_000_000, "CNY")),
    ("ب9.3 مليار دولار", amount(9_300_000_000, "USD")),
    ("بـ5 ملايين دولار", amount(5_000_000, "USD")),
    # Latin and symbols
    ("$5 billion", amount(5_000_000_000, "USD")),
    ("US$5bn", amount(5_000_000_000, "USD")),
    ("$5 bn", amount(5_000_000_000, "USD")),
    ("€2 مليار", amount(2_000_000_000, "EUR")),
    ("€1.08 مليار", amount(1_080_000_000, "EUR")),
    ("£3 مليارات", amount(3_000_000_000, "GBP")),
    ("5 million euros", amount(5_000_000, "EUR")),
    # currencies: inflections, qualifiers, defaults
    ("5 مليارات دولار هونغ كونغ", amount(5_000_000_000, "HKD")),
    ("280 دولارا تايوانيا", amount(280, "TWD")),
    ("24 مليار دولار أسترالي", amount(24_000_000_000, "AUD")),
    ("500 مليون دولار سنغافوري", amount(500_000_000, "SGD")),
    ("10 مليارات دولار كندي", amount(10_000_000_000, "CAD")),
    ("50 مليار يوان صيني", amount(50_000_000_000, "CNY")),
    ("21.2 مليار رنمينبي", amount(21_200_000_000, "CNY")),
    ("24.45 تريليون وون كوري", amount(24_450_000_000_000, "KRW")),
    ("بعشرات مليارات الوون", amount(None, "KRW", approximate="tens of billions")),
    ("7.5 مليار ريال سعودي", amount(7_500_000_000, "SAR")),
    ("50 مليار ريال", amount(50_000_000_000, "SAR")),
    ("٢٣٫٧ مليار ريال قطري", amount(23_700_000_000, "QAR")),
    ("14.7 مليار ريال برازيلي", amount(14_700_000_000, "BRL")),
    ("ملياري درهم إماراتي", amount(2_000_000_000, "AED")),
    ("36.7 مليار درهم مغربي", amount(36_700_000_000, "MAD")),
    ("1.96 مليار دينار كويتي", amount(1_960_000_000, "KWD")),
    ("75 مليون دينار بحريني", amount(75_000_000, "BHD")),
    ("50 مليون دينار أردني", amount(50_000_000, "JOD")),
    ("٦٣٨ مليون جنيه مصري", amount(638_000_000, "EGP")),
    ("٨٠ مليار جنيه", amount(80_000_000_000, "EGP")),
    ("5 مليارات جنيه إسترليني", amount(5_000_000_000, "GBP")),
    ("910 مليارات روبية هندية", amount(910_000_000_000, "INR")),
    ("١١ مليار فرنك سويسري", amount(11_000_000_000, "CHF")),
    ("56.2 مليار كرونة سويدية", amount(56_200_000_000, "SEK")),
    ("٢٠ مليار رينغيت ماليزي", amount(20_000_000_000, "MYR")),
    ("5.4 مليار راند جنوب أفريقي", amount(5_400_000_000, "ZAR")),
    ("3 مليارات ليرة تركية", amount(3_000_000_000, "TRY")),
    ("150 مليون شيكل", amount(150_000_000, "ILS")),
    ("اثنا عشر مليار دولار", amount(12_000_000_000, "USD")),
    ("25 فلسا", amount(25, None, unit="fils")),
    ("مئتي مليون دولار", amount(200_000_000, "USD")),
    ("33 سنتا أمريكيا", amount(0.33, "USD")),
    ("آلاف المليارات من الدولارات", amount(None, "USD", approximate="thousands of billions")),
    # wire text: the Arabic comma between digits is the decimal sign, words fused by a missing space
    ("117،901 مليون دينار", amount(117_901_000, None)),
    ("2،5 مليار دينار تونسي", amount(2_500_000_000, "TND")),
    ("حوالي4 ملايين دينار", amount(4_000_000, None)),
    ("الـ180 ألف دينار", amount(180_000, None)),
])
def test_amounts(text, expected):
    assert entity_value("AMOUNT", text) == expected


@pytest.mark.parametrize("word, expected", [
    ("700", (Decimal(700), None)),
    ("و700", (Decimal(700), None)),
    ("$5", (Decimal(5), "USD")),
    ("5€", (Decimal(5), "EUR")),
    ("2.5bn", (Decimal(2_500_000_000), None)),
    ("5G", None),
    ("H100", None),
    ("دولار", None),
])
def test_digit_numbers(word, expected):
    assert digit_number(word) == expected


@pytest.mark.parametrize("text", [
    "9.4 مليار",  # no currency
    "123%",
    "مليون معالج",
    "نحو 5 مليارات دولار",  # an approximator is outside the span
    "5 ، 7 مليارات دولار",  # a spaced Arabic comma separates two numbers, it is no decimal sign
    "5 bn",
    "دولار زيمبابوي",
    "مليار دولار إضافية",
    "",
])
def test_unreadable_amounts(text):
    assert entity_value("AMOUNT", text) is None


# ---------------------------------------------------------------- PERIOD
@pytest.mark.parametrize("text, expected", [
    ("2025", span("2025-01-01", "2025-12-31", "year")),
    ("٢٠٢٤", span("2024-01-01", "2024-12-31", "year")),
    ("عام 2025", span("2025-01-01", "2025-12-31", "year")),
    ("العام 2025", span("2025-01-01", "2025-12-31", "year")),
    ("لعام 2025", span("2025-01-01", "2025-12-31", "year")),
    ("ولعام 2028", span("2028-01-01", "2028-12-31", "year")),
    ("النصف الأول من 2024", span("2024-01-01", "2024-06-30", "half", half=1)),
    ("النصف الثاني من ٢٠٢٥", span("2025-07-01", "2025-12-31", "half", half=2)),
    ("الربع الثالث من 2025", span("2025-07-01", "2025-09-30", "quarter", quarter=3)),
    ("الربع الأخير من 2024", span("2024-10-01", "2024-12-31", "quarter", quarter=4)),
    ("بالربع الأخير من 2024", span("2024-10-01", "2024-12-31", "quarter", quarter=4)),
    ("Q3 2025", span("2025-07-01", "2025-09-30", "quarter", quarter=3)),
    ("الأشهر التسعة الأولى من 2025", span("2025-01-01", "2025-09-30", "months")),
    ("الأرباع الثلاثة الأولى من 2025", span("2025-01-01", "2025-09-30", "quarters")),
    ("فبراير/شباط 2025", span("2025-02-01", "2025-02-28", "month")),
    ("كانون الأول 2024", span("2024-12-01", "2024-12-31", "month")),
    ("ديسمبر/كانون الأول 2024", span("2024-12-01", "2024-12-31", "month")),
    ("جويلية 2025", span("2025-07-01", "2025-07-31", "month")),
    ("فيفري ٢٠٢٤", span("2024-02-01", "2024-02-29", "month")),
    ("15 مارس 2025", span("2025-03-15", "2025-03-15", "day")),
    ("28 أكتوبر/تشرين الأول 2025", span("2025-10-28", "2025-10-28", "day")),
    ("أبريل إلى يونيو 2025", span("2025-04-01", "2025-06-30", "range")),
    ("2024 و2030", span("2024-01-01", "2030-12-31", "range")),
    ("2024 إلى 2026", span("2024-01-01", "2026-12-31", "range")),
    ("٢٠٢٢ و٢٠٢٣", span("2022-01-01", "2023-12-31", "range")),
    ("عامي 2026 و2027", span("2026-01-01", "2027-12-31", "range")),
    ("خريف 2026", span("2026-09-01", "2026-11-30", "season")),
    ("نهاية 2026", span("2026-01-01", "2026-12-31", "year", anchor="end")),
    ("مطلع ٢٠٢٥", span("2025-01-01", "2025-12-31", "year", anchor="start")),
    # Hijri: tabular calendar, within a day or two of the sighted month
    ("1446 هـ", span("2024-07-08", "2025-06-26", "hijri_year", hijri_year=1446)),
    ("عام 1447هـ", span("2025-06-27", "2026-06-16", "hijri_year", hijri_year=1447)),
    ("ذي القعدة ١٤٤٦ هـ", span("2025-04-29", "2025-05-28", "hijri_month", hijri_year=1446, hijri_month=11)),
    # fiscal years: dates only when the text names the month they end in
    ("السنة المالية 2025", span(None, None, "fiscal_year", fiscal_year=2025)),
    ("العام المالي 2025/2026", span(None, None, "fiscal_year", fiscal_year=2026)),
    ("السنة المالية المنتهية في مارس/آذار 2026", span("2025-04-01", "2026-03-31", "fiscal_year", fiscal_year=2026)),
    ("الربع الأول من السنة المالية 2026", span(None, None, "fiscal_quarter", fiscal_year=2026, quarter=1)),
    ("FY2025", span(None, None, "fiscal_year", fiscal_year=2025)),
])
def test_absolute_periods(text, expected):
    assert entity_value("PERIOD", text) == expected
    assert entity_value("PERIOD", text, REFERENCE) == expected


@pytest.mark.parametrize("text, start, end, granularity", [
    ("العام الماضي", "2025-01-01", "2025-12-31", "year"),
    ("بالعام الماضي", "2025-01-01", "2025-12-31", "year"),
    ("العام المقبل", "2027-01-01", "2027-12-31", "year"),
    ("هذا العام", "2026-01-01", "2026-12-31", "year"),
    ("العام الجاري", "2026-01-01", "2026-12-31", "year"),
    ("العام الحالي", "2026-01-01", "2026-12-31", "year"),
    ("الربع الماضي", "2026-07-01", "2026-09-30", "quarter"),
    ("الشهر الماضي", "2026-10-01", "2026-10-31", "month"),
    ("الأسبوع الماضي", "2026-11-16", "2026-11-22", "week"),
    ("هذا الأسبوع", "2026-11-23", "2026-11-29", "week"),
    ("الخميس", "2026-11-19", "2026-11-19", "day"),
    ("الأشهر الستة المقبلة", "2026-12-01", "2027-05-31", "months"),
    ("السنوات الثلاث المقبلة", "2027-01-01", "2029-12-31", "years"),
    ("العامين الماضيين", "2024-01-01", "2025-12-31", "years"),
    ("السنوات العشر الماضية", "2016-01-01", "2025-12-31", "years"),
    ("العقد الماضي", "2010-01-01", "2019-12-31", "decade"),
    ("الربع الثالث", "2026-07-01", "2026-09-30", "quarter"),
    ("النصف الأول من العام الجاري", "2026-01-01", "2026-06-30", "half"),
    ("15 مارس", "2026-03-15", "2026-03-15", "day"),
    ("فبراير/شباط", "2026-02-01", "2026-02-28", "month"),
    ("الربع المنتهي في 30 سبتمبر", "2026-07-01", "2026-09-30", "quarter"),
    ("هذا الصيف", "2026-06-01", "2026-08-31", "season"),
    ("ديسمبر/كانون الأول الماضي", "2025-12-01", "2025-12-31", "month"),
    ("مارس المقبل", "2027-03-01", "2027-03-31", "month"),
    ("الأشهر الاثني عشر المقبلة", "2026-12-01", "2027-11-30", "months"),
    ("للعام كاملا", "2026-01-01", "2026-12-31", "year"),
    ("مايو/أيار ويوليو/تموز", "2026-05-01", "2026-07-31", "range"),
])
def test_relative_periods(text, start, end, granularity):
    resolved = entity_value("PERIOD", text, REFERENCE)
    assert (resolved["start"], resolved["end"], resolved["granularity"]) == (start, end, granularity)
    bare = {"بالعام الماضي": "العام الماضي", "للعام كاملا": "العام كاملا"}.get(text, text)
    assert resolved["relative"] == bare
    unresolved = entity_value("PERIOD", text)
    assert (unresolved["start"], unresolved["end"], unresolved["relative"]) == (None, None, bare)
    assert unresolved["granularity"] == granularity


def test_relative_period_without_reference_date_keeps_the_text():
    assert entity_value("PERIOD", "العام الماضي") == span(None, None, "year", relative="العام الماضي")
    # as written: hamza and ta marbuta kept; diacritics, tatweel, extra spaces and the proclitic gone
    assert entity_value("PERIOD", "بالأشهرِ  الستـة المقبلة")["relative"] == "الأشهر الستة المقبلة"


@pytest.mark.parametrize("text, expected", [
    ("بنهاية العقد", span("2020-01-01", "2029-12-31", "decade", relative="نهاية العقد", anchor="end")),
    ("السنوات المقبلة", span("2027-01-01", None, "years", relative="السنوات المقبلة")),
    ("العام نفسه", span(None, None, "year", relative="العام نفسه")),
    ("الفترة نفسها من العام الماضي", span(None, None, "same_period", relative="الفترة نفسها من العام الماضي")),
    ("السنة المالية الحالية", span(None, None, "fiscal_year", relative="السنة المالية الحالية")),
])
def test_periods_that_stay_open(text, expected):
    assert entity_value("PERIOD", text, REFERENCE) == expected


@pytest.mark.parametrize("text", ["مرحبا", "30 دقيقة", "لمدة 10 سنوات", "31 فبراير 2025", "العام", "2024 و1446 هـ", ""])
def test_unreadable_periods(text):
    assert entity_value("PERIOD", text, REFERENCE) is None


# ---------------------------------------------------------------- COMPANY and CHIP
@pytest.mark.parametrize("label, text, name", [
    ("COMPANY", "إنفيديا", "Nvidia"),
    ("COMPANY", "انفيديا", "Nvidia"),
    ("COMPANY", "نفيديا", "Nvidia"),
    ("COMPANY", "NVIDIA", "Nvidia"),
    ("COMPANY", "وإنفيديا", "Nvidia"),
    ("COMPANY", "لإنفيديا", "Nvidia"),
    ("COMPANY", "وتينسنت", "Tencent"),
    ("COMPANY", "بتينسنت", "Tencent"),
    ("COMPANY", "تنسنت", "Tencent"),
    ("COMPANY", "تينسنت القابضة", "Tencent"),
    ("COMPANY", "علي بابا", "Alibaba"),
    ("COMPANY", "آلي بابا", "Alibaba"),
    ("COMPANY", "لعلي بابا", "Alibaba"),
    ("COMPANY", "Alibaba Group Holding", "Alibaba"),
    ("COMPANY", "علي بابا كلاود", "Alibaba Cloud"),
    ("COMPANY", "“علي بابا”", "Alibaba"),
    ("COMPANY", "تي إس إم سي", "TSMC"),
    ("COMPANY", "تايوان لصناعة أشباه الموصلات", "TSMC"),
    ("COMPANY", "أوبن إيه آي", "OpenAI"),
    ("COMPANY", "هواوي", "Huawei"),
    # names that start like a proclitic: known aliases win
    ("COMPANY", "بايدو", "Baidu"),
    ("COMPANY", "وبايدو", "Baidu"),
    ("COMPANY", "لينوفو", "Lenovo"),
    ("COMPANY", "ولينوفو", "Lenovo"),
    ("COMPANY", "فوكسكون", "Foxconn"),
    ("COMPANY", "كامبريكون", "Cambricon"),
    ("COMPANY", "وكامبريكون", "Cambricon"),
    ("COMPANY", "وولفسبيد", "Wolfspeed"),
    ("COMPANY", "ويدبوش", "Wedbush"),
    ("COMPANY", "لصندوق الاستثمارات العامة", "PIF"),
    ("COMPANY", "والمصرية للاتصالات", "Telecom Egypt"),
    # unknown names keep their text, without a proclitic
    ("COMPANY", "أوميترا", "أوميترا"),
    ("COMPANY", "وأوميترا", "أوميترا"),
    ("COMPANY", "لأوميترا", "أوميترا"),
    ("COMPANY", "وزيلوميكس للحوسبة", "زيلوميكس للحوسبة"),
    ("COMPANY", "كوريكا", "كوريكا"),  # «ك» before a plain letter is part of the name
    ("COMPANY", "وافيرلي", "وافيرلي"),  # «و» before alef is a foreign W (an invented name)
    ("COMPANY", "وايمو", "Waymo"),
    ("COMPANY", "Zylomix Labs", "Zylomix Labs"),
    ("COMPANY", "وZylomix Labs", "Zylomix Labs"),
    ("COMPANY", "وأكسيليرا", "Axelera AI"),
    # chips
    ("CHIP", "H100", "H100"),
    ("CHIP", "h100", "H100"),
    ("CHIP", "وH200", "H200"),
    ("CHIP", "كونلون بي800", "Kunlun P800"),
    ("CHIP", "وكونلون بي800", "Kunlun P800"),
    ("CHIP", "Kunlun P800", "Kunlun P800"),
    ("CHIP", "أسند 910B", "Ascend 910B"),
    ("CHIP", "وأسند 910B", "Ascend 910B"),
    ("CHIP", "Ascend 910B", "Ascend 910B"),
    ("CHIP", "أسند 910D", "Ascend 910D"),  # a known family with an unknown model
    ("CHIP", "بلاكويل", "Blackwell"),
    ("CHIP", "Instinct MI355X", "MI355X"),
    ("CHIP", "سنابدراغون 8 إيليت", "Snapdragon 8 Elite"),
    ("CHIP", "بودهي ١", "Bodhi 1"),
    ("CHIP", "Zylo Z1", "Zylo Z1"),
    ("CHIP", "هايلو-8", "Hailo-8"),
])
def test_names(label, text, name):
    assert entity_value(label, text) == {"name": name}


@pytest.mark.parametrize("label, text", [("COMPANY", ""), ("CHIP", "   "), ("COMPANY", "“”"), ("PERSON", "إنفيديا")])
def test_unreadable_names(label, text):
    assert entity_value(label, text) is None


# ---------------------------------------------------------------- the alias table
def test_alias_table_lines_have_three_fields():
    lines = ALIASES_PATH.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    assert rows[0] == "label\tcanonical\talias"
    bad = [(n, line) for n, line in enumerate(lines, 1)
           if line.strip() and not line.startswith("#") and len(line.split("\t")) != 3]
    assert bad == []


def test_alias_table_parses_and_maps_each_alias_to_one_canonical():
    rows = read_aliases()
    assert {r.label for r in rows} == {"COMPANY", "CHIP"}
    seen: dict[tuple[str, str], str] = {}
    clashes = [(r.line, r.alias, seen[k], r.canonical) for r in rows
               if seen.setdefault(k := (r.label, name_key(r.alias)), r.canonical) != r.canonical]
    assert clashes == []
    table = alias_table()
    assert len({c for (label, _), c in table.items() if label == "COMPANY"}) >= 150
    assert len({c for (label, _), c in table.items() if label == "CHIP"}) >= 60


def test_every_canonical_name_is_its_own_alias():
    table = alias_table()
    for row in read_aliases():
        assert table[(row.label, name_key(row.canonical))] == row.canonical


def test_a_malformed_alias_table_names_the_line(tmp_path):
    path = tmp_path / "aliases.tsv"
    path.write_text("# comment\nlabel\tcanonical\talias\nCOMPANY\tNvidia\n", encoding="utf-8")
    with pytest.raises(AliasError, match="aliases.tsv:3"):
        read_aliases(path)
    path.write_text("label\tcanonical\talias\nCOMPANY\tNvidia\tإنفيديا\nCOMPANY\tIntel\tانفيديا\n", encoding="utf-8")
    with pytest.raises(AliasError, match="aliases.tsv:3"):
        alias_table(path)


# -- value reading is total, and reads through invisible marks ----------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

from arabic_ie.inference.amounts import amount_value  # noqa: E402
from arabic_ie.inference.names import name_value  # noqa: E402
from arabic_ie.inference.periods import period_value  # noqa: E402

_PIECES = list("0123456789٠١٢٣٤٥٦٧٨٩²³¹½⁵٫٬.,/-– ") + [
    "مليار", "مليون", "دولار", "يوان", "الأشهر", "الأولى", "الربع", "من", "عام", "2025", "الماضي", "ونصف", "ثلث",
    "هـ", "Q3", "الـ", "شهر", "يناير", "الثلاثاء", "\u200e", "\u200f", "\u200d", "\x00", "ﻋﻠﻲ", "$", "€"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8).map(" ".join) | st.text(max_size=30))
def test_every_value_reader_is_total(text):
    """No string makes a reader raise: what it cannot read is None."""
    amount_value(text)
    period_value(text)
    period_value(text, date(2025, 5, 1))
    name_value("COMPANY", text)
    name_value("CHIP", text)
    entity_value("PERIOD", text)


def test_a_superscript_digit_is_not_a_number():
    assert period_value("الأشهر ² الأولى") is None
    assert amount_value("² مليار دولار") is None


def test_values_read_through_invisible_marks_and_presentation_forms():
    assert entity_value("AMOUNT", "\u200e380\u200e مليار يوان")["amount"] == 380_000_000_000
    assert entity_value("COMPANY", "\u200fعلي بابا\u200f") == {"name": "Alibaba"}
    assert entity_value("COMPANY", "ﻋﻠﻲ ﺑﺎﺑﺎ") == {"name": "Alibaba"}


def test_entities_never_start_or_end_on_an_invisible_mark():
    from arabic_ie.inference.tagger import Tagger

    text = "أعلنت \u200fعلي بابا\u200f أنها ستنفق \u200e380\u200e مليار يوان"
    found = Tagger.from_pretrained("rules").tag([text])[0]
    assert [e.text for e in found] == ["علي بابا", "380\u200e مليار يوان"]
    assert all(text[e.start:e.end] == e.text for e in found)


@pytest.mark.parametrize("text, currency, expected", [
    ("ثلث مليار دولار", "USD", 333333333.33), ("ثلث مليار ين", "JPY", 333333333),
    ("ثلث مليون دينار كويتي", "KWD", 333333.333), ("2.345 مليار دولار", "USD", 2345000000),
])
def test_money_is_rounded_to_the_currency_minor_unit(text, currency, expected):
    value = entity_value("AMOUNT", text)
    assert (value["amount"], value["currency"]) == (expected, currency)


def test_every_value_of_the_corpus_has_its_schema_keys_exactly():
    from arabic_ie.training.gold import load_records
    from tests.conftest import REPO

    keys = {"AMOUNT": set(AMOUNT_KEYS), "PERIOD": set(PERIOD_KEYS), "COMPANY": {"name"}, "CHIP": {"name"}}
    for split in ("train", "dev", "test"):
        for record in load_records(REPO / "data" / "corpus" / f"{split}.jsonl"):
            for s in record.spans:
                value = entity_value(s.label, record.text[s.start:s.end], REFERENCE)
                assert value is None or set(value) == keys[s.label], (record.id, s)


# Spans that are PERIODs by ANNOTATION.md but have no calendar value we can give; each pattern says why.
NO_VALUE = [
    (r"موسم|مواسم", "a season of a trade (agricultural, tourist, sports): its months vary by country and trade"),
    (r"رمضان|ربيع الأول", "a Hijri month without a year, or a Hijri day: only whole Hijri months of a given year are read"),
    (r"المنتهي(ة)? في", "a period ending on a given day or in a month without its year, or several fiscal years"),
    (r"^(أيام|يومي) \d+ و", "a list of separate days"),
    (r"الستينات|الألفينات", "a decade by name: its century is not written"),
    (r"^(الأسبوع|الصيف)$", "a bare unit or season: which one depends on context the reader does not have"),
    (r"الأيام العشرة|الأشهر الثلاثة (حتى|ذاتها)|ربع العطلات|العام الدراسي",
     "a count of days or months with no year, a named holiday quarter, a school year"),
]


def _allowed(text: str) -> bool:
    import re

    return any(re.search(pattern, text) for pattern, _ in NO_VALUE)


def test_every_gold_and_rule_amount_and_period_gets_a_value_or_is_explained():
    """One grammar per value: what the annotators and the rules call a span, the value readers read."""
    from arabic_ie.inference.rules import RuleTagger
    from tests.conftest import REPO
    from arabic_ie.training.gold import load_records

    records = [r for split in ("train", "dev", "test") for r in load_records(REPO / "data" / "corpus" / f"{split}.jsonl")]
    unread = [(r.id, r.text[s.start:s.end]) for r in records for s in r.spans
              if s.label in ("AMOUNT", "PERIOD") and entity_value(s.label, r.text[s.start:s.end], REFERENCE) is None]
    assert [u for u in unread if not _allowed(u[1])] == []
    assert len(unread) < 0.01 * sum(s.label in ("AMOUNT", "PERIOD") for r in records for s in r.spans)
    tagged = RuleTagger().tag([r.text for r in records], reference_date=REFERENCE)
    assert [e.text for entities in tagged for e in entities
            if e.label in ("AMOUNT", "PERIOD") and e.value is None and not _allowed(e.text)] == []


@pytest.mark.parametrize("text, found", [
    ("أنفقت مليار ونصف المليار دولار العام الماضي", ("مليار ونصف المليار دولار", 1_500_000_000)),
    ("بلغت في 2024 و1.6 مليار يوان", ("و1.6 مليار يوان", 1_600_000_000)),  # a year, then an amount: no range
    ("نطاق 84 إلى 98 مليار دولار تقريبا", ("84 إلى 98 مليار دولار", None)),
    ("دفعت ب5 مليارات دولار", ("ب5 مليارات دولار", 5_000_000_000)),
    ("لا شيء هنا", None),
])
def test_amount_matcher_finds_the_longest_amount_with_its_value(text, found):
    """`amounts.match` is the one grammar: the span it finds is the span `amount_value` reads."""
    from arabic_ie.inference import amounts
    from arabic_ie.inference.words import split_words

    words = [w.text for w in split_words(text)]
    hits = [(i, amounts.match(words, i)) for i in range(len(words))]
    hits = [(" ".join(words[i:hit[1]]), hit[0]["amount"]) for i, hit in hits if hit is not None]
    assert (hits[0] if hits else None) == found
    for span, _ in hits:
        assert amount_value(span) is not None


@pytest.mark.parametrize("text, span", [
    ("في الربع الثالث من العام المالي 2025 ارتفعت", "الربع الثالث من العام المالي 2025"),
    ("قال يوم الخميس الماضي إن", "يوم الخميس الماضي"),
    ("خلال الـ12 شهرا الماضية", "الـ12 شهرا الماضية"),
    ("حتى نهاية العام الجاري تقريبا", "نهاية العام الجاري"),
    ("منذ مطلع جانفي 2017 وحتى", "مطلع جانفي 2017"),
])
def test_period_matcher_finds_the_longest_period_with_its_value(text, span):
    from arabic_ie.inference import periods
    from arabic_ie.inference.words import split_words

    words = [w.text for w in split_words(text)]
    first = next((i, hit) for i in range(len(words)) if (hit := periods.match(words, i, REFERENCE)))
    i, (value, end) = first
    assert " ".join(words[i:end]) == span
    assert value == period_value(span, REFERENCE)


def test_rules_find_amounts_and_periods_with_the_readers_grammar():
    """A span the rules find is one the readers read, with the readers' value (one grammar)."""
    from arabic_ie.inference.rules import RuleTagger

    text = "قالت الشركة يوم الثلاثاء الماضي إنها أنفقت مليار ونصف المليار دولار خلال الأشهر التسعة الأولى من 2025."
    entities = RuleTagger().tag([text], reference_date=REFERENCE)[0]
    found = {(e.label, e.text) for e in entities if e.label in ("AMOUNT", "PERIOD")}
    assert found == {("PERIOD", "يوم الثلاثاء الماضي"), ("AMOUNT", "مليار ونصف المليار دولار"),
                     ("PERIOD", "الأشهر التسعة الأولى من 2025")}
    assert all(e.value is not None for e in entities if e.label in ("AMOUNT", "PERIOD"))


@pytest.mark.parametrize("label, text, expected", [
    ("AMOUNT", "600 م د", amount(600_000_000, "TND")),
    ("AMOUNT", "3ر35851 م د", amount(35_851_300_000, "TND")),  # the wire style: fraction first
    ("AMOUNT", "800ر1 و500ر2 د", amount(None, "TND", 1.8, 2.5)),
    ("AMOUNT", "500 دج", amount(500, "DZD")),
    ("AMOUNT", "850 مليون أورو", amount(850_000_000, "EUR")),
    ("AMOUNT", "1925 مليما", amount(1.925, "TND")),
    ("AMOUNT", "950 بيسة", amount(0.95, "OMR")),
    ("AMOUNT", "مئات الدولارات", amount(None, "USD", approximate="hundreds")),
    ("PERIOD", "الثلاثي الأول من 2017", span("2017-01-01", "2017-03-31", "quarter", quarter=1)),
    ("PERIOD", "السداسي الأول من سنة 2024", span("2024-01-01", "2024-06-30", "half", half=1)),
    ("PERIOD", "السنة الفارطة", span("2025-01-01", "2025-12-31", "year", relative="السنة الفارطة")),
    ("PERIOD", "موفى ديسمبر 2017", span("2017-12-01", "2017-12-31", "month", anchor="end")),
    ("PERIOD", "شهر مارس 2018", span("2018-03-01", "2018-03-31", "month")),
    ("PERIOD", "شتنبر 2025", span("2025-09-01", "2025-09-30", "month")),
    ("PERIOD", "أمس الأحد", span("2026-11-22", "2026-11-22", "day", relative="أمس الأحد")),
    ("PERIOD", "مساء الخميس", span("2026-11-19", "2026-11-19", "day", relative="مساء الخميس")),
    ("PERIOD", "الأربعاء المقبل", span("2026-11-25", "2026-11-25", "day", relative="الأربعاء المقبل")),
    ("PERIOD", "الاثنين الماضي", span("2026-11-16", "2026-11-16", "day", relative="الاثنين الماضي")),
    ("PERIOD", "نفس الفترة من السنة الفارطة", span(None, None, "same_period", relative="نفس الفترة من السنة الفارطة")),
])
def test_maghreb_and_levant_wire_style(label, text, expected):
    assert entity_value(label, text, REFERENCE) == expected


def test_the_rules_find_wire_amounts_whose_words_stand_glued():
    """The matcher sees where the text had no space (``117،901``), so the rules find what the reader reads."""
    from arabic_ie.inference import amounts
    from arabic_ie.inference.rules import RuleTagger
    from arabic_ie.inference.words import split_words

    text = "بلغت الصادرات 117،901 مليون دينار مقابل 194،647 م د، و5 ، 7 مليارات دولار ."
    found = [(e.text, e.value["amount"]) for e in RuleTagger().tag([text])[0] if e.label == "AMOUNT"]
    assert found == [("117،901 مليون دينار", 117_901_000), ("194،647 م د", 194_647_000), ("7 مليارات دولار", 7_000_000_000)]
    words = split_words(text)
    assert amounts.match(words, 2)[1] == 7 and amounts.match([w.text for w in words], 2) is None
