"""The HKEX report in Traditional Chinese: its words, the company's zh-Hant text, every format."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import UTC, date, datetime

import docx
import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook
from report_data import esg_year, programme_year

from checklist_helpers import acknowledge_every_item
from supplyesg.clock import FixedClock
from supplyesg.db.session import Database
from supplyesg.domain.errors import InvalidInputError
from supplyesg.domain.four_eyes import Person
from supplyesg.domain.frameworks import Framework
from supplyesg.domain.organisation import EntityKind, ReportingEntity
from supplyesg.domain.publishing_checklist import ChecklistOpenError
from supplyesg.domain.report_workspace import TextKind
from supplyesg.reports import publish, renderers, versions
from supplyesg.reports.consistency import numbers_in
from supplyesg.reports.hkex import workspace
from supplyesg.reports.hkex.content import HkexReport, build_hkex_report, load_hkex_content
from supplyesg.reports.hkex.inputs import HkexInputs
from supplyesg.reports.hkex.language import factor_title
from supplyesg.reports.renderers import RENDERERS
from supplyesg.reports.words import words
from supplyesg.services import esg_data, esg_organisation
from supplyesg.services import report_versions as service
from supplyesg.services.esg_entries import Entry

ZH = "zh-Hant"
ANA, BEN = Person("ana@example.com"), Person("ben@example.com")
CLOCK = FixedClock.on(date(2026, 3, 2))
PUBLISHED_ON = FixedClock(datetime(2026, 3, 20, 9, 30, tzinfo=UTC))
ENGLISH_WORDS = re.compile(r"\b[A-Za-z]{4,}\b")


def _zh_report(inputs: HkexInputs, guide: Framework, **changes: object) -> HkexReport:
    zh_inputs = dataclasses.replace(inputs, language=ZH, **changes)  # type: ignore[arg-type]
    return build_hkex_report(zh_inputs, load_hkex_content(guide, language=ZH), guide)


def test_the_chinese_report_has_chinese_headings_title_and_tables(
    hkex_inputs: HkexInputs, guide: Framework
) -> None:
    document = _zh_report(hkex_inputs, guide).document
    assert document.language == ZH
    assert document.title == "環境、社會及管治報告"
    assert document.subtitle.endswith("2025年1月1日至2025年12月31日")
    headings = [s.heading for s in document.sections]
    assert "3.1 排放物" in headings
    assert "7 內容索引" in headings
    ghg = document.table("ghg")
    assert ghg.title == "溫室氣體排放"
    assert [c.label for c in ghg.columns][2:] == [
        "2025財政年度",
        "2024財政年度",
        "2023財政年度",
        "變幅（%）",
    ]
    assert ghg.rows[0].cells[:2][1].text == "噸二氧化碳當量"
    index = document.table("content-index")
    groups = [r.cells[0].text for r in index.rows if r.kind == "group"]
    assert "層面A1：排放物" in groups
    assert "層面B5：供應鏈管理" in groups
    asks = {r.cells[0].text: r.cells[1].text for r in index.rows if r.kind != "group"}
    assert asks["B5.1"] == "按地區劃分的供應商數目"


def test_every_word_the_chinese_report_uses_is_in_the_words_file(
    hkex_inputs: HkexInputs, guide: Framework
) -> None:
    zh = words(ZH)
    zh.missing.clear()
    report = _zh_report(hkex_inputs, guide)
    for name in ("html", "xlsx", "docx"):
        renderers.renderer(name).render(publish.with_feedback(report.document, "https://x.test"))
    assert zh.missing == set()


def test_the_chinese_report_prints_the_zh_hant_text_and_lists_the_untranslated_sections(
    hkex_inputs: HkexInputs, guide: Framework
) -> None:
    report = _zh_report(
        hkex_inputs,
        guide,
        statements={"energy": "本集團推行節能措施。"},
        untranslated_sections=("board", "water"),
    )
    texts = [text for section, text in report.document.texts() if section.number == "3.3"]
    assert texts[0] == "本集團推行節能措施。"
    ids = {c.item.id for c in report.checklist if c.acknowledgement is None}
    assert {"text.untranslated:board", "text.untranslated:water"} <= ids
    # an untranslated section is listed as such, not as unwritten
    assert "section.unwritten:board" not in ids
    assert "section.unwritten:waste" in ids


def test_the_english_report_is_unchanged_by_the_languages(hkex_report: HkexReport) -> None:
    document = hkex_report.document
    assert document.language == "en"
    assert document.title == "Environmental, Social and Governance Report"
    assert document.table("ghg").columns[2].label == "FY2025"


def test_numbers_inside_chinese_text_are_checked_against_the_tables() -> None:
    text = "於2025年1月1日，範圍1排放為 1,352.99 噸，載於第3.1節；集團共有263家供應商。"
    assert numbers_in(text) == ["1,352.99", "263"]


@pytest.fixture(scope="module")
def zh_files(guide: Framework, sample_hkex_inputs: HkexInputs) -> dict[str, bytes]:
    report = _zh_report(sample_hkex_inputs, guide)
    document = publish.with_feedback(report.document, "https://esg.example.com/feedback")
    return {
        name: renderers.renderer(name).render(document) for name in ("html", "pdf", "xlsx", "docx")
    }


def test_the_chinese_html_is_marked_as_chinese_with_a_cjk_font(zh_files: dict[str, bytes]) -> None:
    html = zh_files["html"].decode("utf-8")
    assert '<html lang="zh-Hant">' in html
    assert '"Noto Sans CJK TC"' in html
    assert "溫室氣體排放" in html
    assert ">草稿<" in html
    assert ">DRAFT<" not in html


def test_the_chinese_pdf_embeds_a_cjk_font_and_its_text_extracts_as_chinese(
    zh_files: dict[str, bytes],
) -> None:
    reader = PdfReader(io.BytesIO(zh_files["pdf"]))
    fonts = {
        str(font["/BaseFont"]): font
        for page in reader.pages
        for ref in (page["/Resources"].get("/Font") or {}).values()
        for font in (ref.get_object(),)
    }
    cjk = [font for name, font in fonts.items() if "NotoSansCJK" in name.replace("-", "")]
    assert cjk, sorted(fonts)
    for font in cjk:  # embedded: the font program is in the file (a Type 0 font's descendant)
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "環境、社會及管治報告" in text
    assert "溫室氣體排放" in text
    assert "層面A1：排放物" in text
    assert "第 1 頁" in text


def test_the_chinese_workbook_and_word_document_are_in_chinese(zh_files: dict[str, bytes]) -> None:
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(zh_files["xlsx"]))
    assert workbook.sheet_names[0] == "報告"
    assert "溫室氣體排放" in workbook.sheet_names
    first = workbook.get_sheet_by_index(0).to_python()
    assert first[0][0] == "環境、社會及管治報告 2025"
    word = docx.Document(io.BytesIO(zh_files["docx"]))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert "3.1 排放物" in headings
    assert word.sections[0].header.paragraphs[0].text == "草稿"
    assert word.core_properties.language == ZH


# -- from the report workspace --------------------------------------------------------------


@pytest.fixture
def year_2025(db: Database) -> Database:
    """A group with one plant that bought 8,000 MWh in FY2025."""
    esg_organisation.save_entity(
        db, ReportingEntity("GRP", "Qilin Trucks Group", EntityKind.GROUP, "CN")
    )
    esg_organisation.save_entity(
        db, ReportingEntity("CQ1", "Chongqing plant", EntityKind.SITE, "CN", parent="GRP")
    )
    esg_organisation.add_financial_year(db, date(2025, 1, 1))
    record = esg_data.submit_value(
        db, Entry("CQ1", "electricity_purchased", "2025", "8000", "MWh"), "maker"
    )
    esg_data.approve_values(db, [record.row.id], "checker")
    return db


def _write(db: Database, key: str, text: str, language: str) -> None:
    where = workspace.address(2025, TextKind.SECTION, key, language)
    workspace.write(db, where, text, ANA, CLOCK)


def test_the_zh_hant_report_prints_the_zh_hant_texts_and_never_the_english_ones(
    year_2025: Database,
) -> None:
    _write(year_2025, "energy", "We cut energy use at every plant.", "en")
    _write(year_2025, "energy", "本集團於所有廠房減少能源使用。", ZH)
    _write(year_2025, "board", "The board oversees our ESG strategy.", "en")
    report = publish.hkex_report(year_2025, 2025, ZH)
    texts = [text for _, text in report.document.texts()]
    assert "本集團於所有廠房減少能源使用。" in texts
    assert not any("energy use" in t or "board oversees" in t for t in texts)
    sections = {s.number: s for s in report.document.sections}
    assert sections["1"].blocks == ()  # the English board statement is not printed
    open_items = {c.item.id: c.item.reason for c in report.checklist if c.acknowledgement is None}
    assert "not translated yet" in open_items["text.untranslated:board"]
    assert "text.untranslated:energy" not in open_items
    english = publish.hkex_report(year_2025, 2025)
    english_texts = [text for _, text in english.document.texts()]
    assert "The board oversees our ESG strategy." in english_texts
    assert not any("本集團" in t for t in english_texts)


def test_no_english_running_text_leaks_into_the_zh_hant_report(year_2025: Database) -> None:
    _write(year_2025, "energy", "Energy text in English only.", "en")
    document = publish.report_document(year_2025, "hkex", 2025, "https://esg.test", ZH)
    for section, text in document.texts():
        if text.startswith("https://"):
            continue
        leaked = [w for w in ENGLISH_WORDS.findall(text) if w not in {"Qilin", "Trucks", "Group"}]
        assert leaked == [], (section.heading, text)


def test_a_language_the_report_is_not_written_in_is_refused(year_2025: Database) -> None:
    with pytest.raises(InvalidInputError) as refused:
        publish.report_document(year_2025, "hkex", 2025, language="fr")
    assert refused.value.problems[0].field == "lang"
    with pytest.raises(InvalidInputError):
        publish.report_document(year_2025, "supply-chain", 2025, language=ZH)


def test_a_zh_hant_file_is_named_with_its_language(year_2025: Database) -> None:
    produced = publish.report_file(year_2025, "hkex", 2025, "html", language=ZH)
    assert produced.filename == "hkex-esg-report-2025-zh-Hant.html"
    assert "本報告載述Qilin Trucks Group於2025財政年度" in produced.content.decode("utf-8")


# -- publishing ----------------------------------------------------------------------------


@pytest.fixture
def seeded(db: Database) -> Database:
    """The demo-like year with the energy section written in English only, every item of the
    English checklist acknowledged."""
    esg_year(db)
    programme_year(db)
    _write(db, "energy", "We cut energy use at every plant.", "en")
    acknowledge_every_item(db, 2025, PUBLISHED_ON)
    return db


def test_a_version_is_published_in_traditional_chinese_once_its_checklist_is_clear(
    seeded: Database,
) -> None:
    versions.submit_for_review(seeded, "hkex", 2025, ANA, PUBLISHED_ON)
    service.approve(seeded, "hkex", 2025, BEN, PUBLISHED_ON)
    with pytest.raises(ChecklistOpenError) as refused:
        versions.publish(seeded, "hkex", 2025, BEN, PUBLISHED_ON, ("zh-Hant",))
    assert "cannot be published in zh-Hant" in str(refused.value)
    assert "text.untranslated:energy" in {p.field for p in refused.value.problems}

    assert acknowledge_every_item(seeded, 2025, PUBLISHED_ON, language=ZH) > 0
    published = versions.publish(seeded, "hkex", 2025, BEN, PUBLISHED_ON, ("zh-Hant",))
    assert sorted((f.format, f.language) for f in published.files) == sorted(
        (name, language) for name in RENDERERS for language in ("en", ZH)
    )
    stored = service.download(seeded, published.id, "pdf", ZH)
    assert stored.filename == "hkex-esg-report-2025-zh-Hant.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(stored.content)).pages)
    assert "環境、社會及管治報告" in text
    assert "草稿" not in text
    assert "We cut energy use" not in text
    english = service.download(seeded, published.id, "html", "en").content.decode("utf-8")
    assert "We cut energy use at every plant." in english


def test_a_version_cannot_be_published_in_a_language_the_report_is_not_written_in(
    seeded: Database,
) -> None:
    versions.submit_for_review(seeded, "hkex", 2025, ANA, PUBLISHED_ON)
    service.approve(seeded, "hkex", 2025, BEN, PUBLISHED_ON)
    with pytest.raises(InvalidInputError) as refused:
        versions.publish(seeded, "hkex", 2025, BEN, PUBLISHED_ON, ("fr",))
    assert [(p.field, p.value) for p in refused.value.problems] == [("lang", "fr")]


def test_a_zh_hant_text_is_previewed_with_the_figures_in_chinese_words(
    year_2025: Database,
) -> None:
    shown = workspace.preview(year_2025, 2025, "energy", "{{ fy }}用電 {{ energy_total }}。", ZH)
    assert [b.text for b in shown.blocks] == ["2025財政年度用電 8,000.00 兆瓦時。"]  # type: ignore[union-attr]
    typed = workspace.preview(year_2025, 2025, "energy", "我們用了 1,234 兆瓦時。", ZH)
    assert [(p.field, p.value) for p in typed.problems] == [("3.3 能源", "1,234")]


def test_targets_are_shown_in_chinese_without_the_company_s_english_words(
    hkex_inputs: HkexInputs, guide: Framework
) -> None:
    from test_hkex_targets import INTENSITY, WATER

    zh = words(ZH)
    zh.missing.clear()
    intensity = dataclasses.replace(INTENSITY, metric="ghg_total", per="vehicle produced")
    water = dataclasses.replace(WATER, metric="water_consumption")
    report = _zh_report(hkex_inputs, guide, targets=(intensity, water))
    table = report.document.table("targets-climate")
    assert table.title == "氣候相關目標"
    assert [c.label for c in table.columns][:3] == ["目標", "單位", "基準"]
    first = table.rows[0].cells
    assert (
        first[0].text == "每輛生產車輛範圍1及範圍2排放（2021財政年度至2030財政年度），扣除碳信用額"
    )
    assert first[1].text == "噸二氧化碳當量/輛"
    assert first[-1].text == "進度符合"
    assert report.document.table("targets-water").title == "用水效益目標"
    texts = " ".join(text for _, text in report.document.texts())
    assert "Cut the emissions" not in texts
    assert "Chief operating officer" not in texts
    assert "進度符合" in texts
    open_items = {c.item.id for c in report.checklist if c.acknowledgement is None}
    assert "text.untranslated:target/ghg_total/2030" in open_items
    assert zh.missing == set()


@pytest.mark.parametrize(
    ("library", "chinese"),
    [
        ("CO2 from gas/diesel oil", "柴油的二氧化碳排放系數"),
        ("GWP of nitrous oxide (AR6)", "氧化亞氮的全球暖化潛勢（AR6）"),
        ("Net calorific value of diesel (China default)", "柴油的淨熱值（中國預設值）"),
        ("Mainland China national grid average 2022", "中國內地全國電網平均排放系數（2022年）"),
        ("Kilograms to tonnes", "千克換算為噸"),
        ("HK Electric 2019", "HK Electric 2019"),  # a name the words do not know stays cited
    ],
)
def test_factor_names_read_in_chinese_where_their_parts_are_known(
    library: str, chinese: str
) -> None:
    assert factor_title(library, words(ZH)) == chinese


def test_the_chinese_appendix_names_the_factors_in_chinese(
    hkex_inputs: HkexInputs, guide: Framework
) -> None:
    factors = _zh_report(hkex_inputs, guide).document.table("factors")
    assert "千克換算為噸" in [row.cells[0].text for row in factors.rows]


def test_a_published_chinese_file_prints_no_english_before_publishing_list(
    hkex_inputs: HkexInputs, guide: Framework
) -> None:
    document = _zh_report(hkex_inputs, guide).document
    assert document.warnings  # the sample year has open items
    draft = renderers.renderer("html").render(document).decode("utf-8")
    assert "發佈前須處理" in draft
    final = dataclasses.replace(document, draft=False)
    published = renderers.renderer("html").render(final).decode("utf-8")
    assert '<aside class="report-warnings"' not in published
    assert "發佈前須處理" not in published
    word = docx.Document(io.BytesIO(renderers.renderer("docx").render(final)))
    assert not any(ENGLISH_WORDS.search(p.text) and "is neither" in p.text for p in word.paragraphs)
