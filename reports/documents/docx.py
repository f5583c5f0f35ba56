"""The narrative draft (.docx) in the Party's document format (Hướng dẫn 36-HD/VPTW).

Issuing body and number top left, "ĐẢNG CỘNG SẢN VIỆT NAM" with place and date top right, a bold
title naming Directive 16 and the period, sections (results with the figures filled in,
limitations, proposals), the signature block and the recipients. Times New Roman 14 pt, A4 with
the margins of official documents. Staff finish it in Word before signing: the number, the day
and the signatory are left blank on purpose.
"""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from common.templatetags.ketnghia import format_number, percent
from partnerships import geography
from reports.documents.annual import DIRECTIVE

FONT = "Times New Roman"
LISTED = 10  # names listed in the text before "và N ... khác"


def money(value) -> str:
    """1250000 → '1.250.000 đồng'; large sums in millions as officials write them."""
    value = value or 0
    if value >= 10_000_000:
        millions = f"{value / 1_000_000:,.1f}".replace(",", "·").replace(".", ",").replace("·", ".")
        return _("%(amount)s triệu đồng") % {"amount": millions.removesuffix(",0")}
    return _("%(amount)s đồng") % {"amount": format_number(value)}


def share(value) -> str:
    return percent(value) if value is not None else "–"


def change(figure) -> str:
    """', tăng 12,5 % so với năm 2023' (or giảm / bằng), for counts and money."""
    if figure.previous in (None, 0) or figure.change is None:
        return ""
    if figure.change == 0:
        return _(" (bằng kỳ trước)")
    word = _("tăng") if figure.change > 0 else _("giảm")
    return _(" (%(word)s %(pct)s so với kỳ trước)") % {"word": word, "pct": percent(abs(figure.change))}


def _names(items, label) -> str:
    names = [str(item) for item in items[:LISTED]]
    if len(items) > LISTED:
        names.append(_("và %(n)s %(label)s khác") % {"n": len(items) - LISTED, "label": label})
    return ", ".join(names)


class Writer:
    def __init__(self):
        self.doc = doc = Document()
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        style = doc.styles["Normal"]
        style.font.name, style.font.size = FONT, Pt(14)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.line_spacing = 1.15

    def para(self, text="", *, bold=False, italic=False, size=None, align=None, indent=True, underline=False):
        p = self.doc.add_paragraph()
        if align is not None:
            p.alignment = align
        elif indent:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Mm(12.7)
        run = p.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
        return p

    def heading(self, text):
        return self.para(text, bold=True)

    def cell_lines(self, cell, lines):
        """(text, bold, italic, underline, size) lines, centred, in a borderless table cell."""
        cell.paragraphs[0].text = ""
        for index, (text, bold, italic, underline, size) in enumerate(lines):
            p = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.space_after = Pt(0)
            run = p.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            run.font.size = Pt(size)

    def two_columns(self, widths):
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        # A fixed layout with the widths on the table, the grid and the cells: Word and LibreOffice
        # each read a different one.
        properties = table._tbl.tblPr
        for name, attribute, value in (("w:tblW", "w:w", str(round(sum(widths) * 56.7))),
                                       ("w:tblLayout", "w:type", "fixed")):
            element = properties.find(qn(name))
            if element is None:
                element = OxmlElement(name)
                properties.append(element)
            element.set(qn(attribute), value)
            if name == "w:tblW":
                element.set(qn("w:type"), "dxa")
        for column, cell, width in zip(table.columns, table.rows[0].cells, widths):
            column.width = cell.width = Mm(width)
        return table.rows[0].cells


def _header(w: Writer, report):
    left, right = w.two_columns((68, 97))
    number = getattr(settings, "REPORT_NUMBER_SUFFIX", "BCSĐ")
    w.cell_lines(left, [
        (report.parent_body.upper(), False, False, False, 13),
        (report.issuer.upper(), True, False, False, 13),
        ("*", False, False, False, 13),
        (_("Số      -BC/%(suffix)s") % {"suffix": number}, False, False, False, 13),
    ])
    year = timezone.localdate(report.generated_at).year
    w.cell_lines(right, [
        ("ĐẢNG CỘNG SẢN VIỆT NAM", True, False, True, 14),
        ("", False, False, False, 8),
        (_("%(place)s, ngày    tháng    năm %(year)s") % {"place": report.place, "year": year},
         False, True, False, 13),
    ])
    w.para()
    w.para(_("BÁO CÁO"), bold=True, size=15, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_after = Pt(0)
    title = _("kết quả thực hiện %(directive)s về tăng cường đổi mới công tác kết nghĩa, giúp đỡ các huyện, xã vùng "
              "dân tộc thiểu số và miền núi, biên giới đất liền trên địa bàn tỉnh, %(period)s") % {
        "directive": DIRECTIVE, "period": report.period_label}
    if report.district:
        title += _(" (%(district)s)") % {"district": report.district.name}
    w.para(title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER).paragraph_format.space_after = Pt(0)
    w.para("-----", align=WD_ALIGN_PARAGRAPH.CENTER)


def _results(w: Writer, report):
    k, figs = report.key, {f.key: f for f in report.figures}
    w.para(_("Thực hiện %(directive)s, %(issuer)s báo cáo kết quả công tác kết nghĩa %(period)s như sau:") % {
        "directive": DIRECTIVE, "issuer": report.issuer_in_sentence,
        "period": report.period_label})
    w.heading(_("I. KẾT QUẢ THỰC HIỆN"))
    w.heading(_("1. Quan hệ kết nghĩa và kế hoạch"))
    planned = sum(1 for a in report.evaluation.agencies if a.row["plan"]["plans"])
    w.para(_("Trong %(period)s có %(partnerships)s quan hệ kết nghĩa đang thực hiện; %(agencies)s cơ quan, đơn vị "
             "có hoạt động hỗ trợ tại %(districts)s huyện, %(communes)s xã; %(planned)s cơ quan, đơn vị có kế hoạch "
             "kết nghĩa năm.") % {
        "period": report.period_label, "partnerships": format_number(k["active_partnerships"]),
        "agencies": format_number(k["agencies"]), "districts": format_number(k["districts_reached"]),
        "communes": format_number(k["communes_reached"]), "planned": format_number(planned)})
    w.heading(_("2. Kết quả hỗ trợ"))
    w.para(_("Các cơ quan, đơn vị đã thực hiện %(activities)s hoạt động hỗ trợ%(change_a)s với tổng kinh phí "
             "%(total)s%(change_m)s, trong đó: ngân sách nhà nước %(state)s; vận động xã hội hóa %(society)s; "
             "hiện vật quy đổi %(in_kind)s.") % {
        "activities": format_number(k["activities"]), "change_a": change(figs["activities"]),
        "total": money(k["money_total"]), "change_m": change(figs["money_total"]), "state": money(k["money_state"]),
        "society": money(k["money_society"]), "in_kind": money(k["money_in_kind"])})
    w.para(_("Hỗ trợ cụ thể, thiết thực theo tinh thần Chỉ thị (xây dựng, nhân rộng mô hình, xã hội hóa, đào tạo, "
             "việc làm, an sinh xã hội...) chiếm %(share_count)s số hoạt động và %(share_money)s kinh phí "
             "(kỳ trước: %(prev_count)s và %(prev_money)s).") % {
        "share_count": share(k["substantive_share_count"]), "share_money": share(k["substantive_share_money"]),
        "prev_count": share(report.previous_key["substantive_share_count"]),
        "prev_money": share(report.previous_key["substantive_share_money"])})
    rows = [r for r in report.by_category if r["count"]]
    for row in rows:
        w.para(_("- %(name)s: %(count)s hoạt động, %(money)s.") % {
            "name": row["name"], "count": format_number(row["count"]), "money": money(row["money_total"])})
    w.heading(_("3. Mô hình phát triển kinh tế - xã hội"))
    models = report.models
    w.para(_("Đã hỗ trợ xây dựng mới %(built)s mô hình và nhân rộng %(replicated)s mô hình với %(households)s hộ "
             "tham gia.") % {"built": format_number(models["models_built"]),
                             "replicated": format_number(models["models_replicated"]),
                             "households": format_number(models["households"])})
    w.heading(_("4. Đào tạo, việc làm, giảm nghèo"))
    w.para(_("Đã đào tạo, bồi dưỡng %(trained)s người; tạo việc làm cho %(jobs)s lao động; giúp %(poverty)s hộ "
             "thoát nghèo; %(confirmed)s hoạt động được địa phương xác nhận đã nhận hỗ trợ.") % {
        "trained": format_number(k["people_trained"]), "jobs": format_number(k["jobs_created"]),
        "poverty": format_number(k["households_out_of_poverty"]),
        "confirmed": format_number(k["confirmed_activities"])})
    w.heading(_("5. Đánh giá, xếp loại và đề nghị khen thưởng"))
    evaluation = report.evaluation
    counts = "; ".join(f"{label}: {format_number(n)}" for _code, label, n in evaluation.counts())
    w.para(_("Kết quả đánh giá %(n)s cơ quan, đơn vị theo tiêu chí của năm %(year)s: %(counts)s.") % {
        "n": format_number(len(evaluation.agencies)), "year": evaluation.year, "counts": counts})
    if evaluation.commendations:
        w.para(_("Đề nghị biểu dương, khen thưởng: %(names)s.") % {
            "names": _names([a.agency.name for a in evaluation.commendations], _("cơ quan, đơn vị"))})


def _limitations(w: Writer, report):
    k, gaps = report.key, report.gaps
    w.heading(_("II. HẠN CHẾ, NGUYÊN NHÂN"))
    non_substantive = 1 - k["substantive_share_money"] if k["substantive_share_money"] is not None else None
    w.para(_("Hình thức thăm hỏi, tặng quà, tặng nhà tình nghĩa và hoạt động khác vẫn chiếm %(share)s kinh phí hỗ "
             "trợ.") % {"share": share(non_substantive)})
    communes = gaps["communes_without_partner"]
    if communes:
        w.para(_("Còn %(n)s xã miền núi, biên giới, đặc biệt khó khăn chưa có cơ quan, đơn vị kết nghĩa: "
                 "%(names)s.") % {"n": format_number(len(communes)),
                                  "names": _names([geography.name_with_district(u, brackets=True) for u in communes], _("xã"))})
    idle = gaps["agencies_without_activity"]
    if idle:
        w.para(_("Có %(n)s cơ quan, đơn vị đã kết nghĩa nhưng chưa có hoạt động hỗ trợ trong kỳ: %(names)s.") % {
            "n": format_number(len(idle)), "names": _names([a.name for a in idle], _("cơ quan, đơn vị"))})
    weak = report.evaluation.not_completed
    if weak:
        w.para(_("%(n)s cơ quan, đơn vị xếp loại không hoàn thành nhiệm vụ kết nghĩa: %(names)s.") % {
            "n": format_number(len(weak)), "names": _names([a.agency.name for a in weak], _("cơ quan, đơn vị"))})
    if k["disputed_activities"]:
        w.para(_("%(n)s hoạt động bị địa phương phản ánh chưa khớp với thực tế nhận hỗ trợ.") % {
            "n": format_number(k["disputed_activities"])})


def _proposals(w: Writer, report):
    w.heading(_("III. NHIỆM VỤ, ĐỀ XUẤT"))
    lines = [
        _("1. Các cơ quan, đơn vị tiếp tục đổi mới nội dung, hình thức kết nghĩa theo hướng cụ thể, thiết thực; "
          "giảm hình thức thăm hỏi, tặng quà; tập trung xây dựng, duy trì, phát triển và nhân rộng mô hình phát "
          "triển kinh tế - xã hội."),
        _("2. Phân công cơ quan, đơn vị kết nghĩa với các xã mục tiêu chưa có đơn vị giúp đỡ; đôn đốc các cơ quan, "
          "đơn vị chưa có hoạt động xây dựng kế hoạch và tổ chức thực hiện."),
        _("3. Đẩy mạnh vận động nguồn lực xã hội hóa; gắn kết quả kết nghĩa với đánh giá, xếp loại, thi đua, khen "
          "thưởng hằng năm của tập thể, cá nhân."),
    ]
    replicable = [m for m in report.models["models"] if not m.is_replica]  # the selectors' rule
    if replicable:
        lines.append(_("4. Nghiên cứu nhân rộng các mô hình: %(names)s.") % {
            "names": _names([f"{m.name} ({m.commune.name})" for m in replicable], _("mô hình"))})
    for line in lines:
        w.para(line)
    w.para(_("Trên đây là báo cáo kết quả thực hiện %(directive)s %(period)s, kính báo cáo Ban Thường vụ Tỉnh ủy.")
           % {"directive": DIRECTIVE, "period": report.period_label})


def _signature(w: Writer, report):
    left, right = w.two_columns((80, 85))
    recipients = [
        _("- Thường trực Tỉnh ủy (b/c),"),
        _("- Ban Thường vụ Tỉnh ủy (b/c),"),
        _("- Các cơ quan tham mưu, giúp việc Tỉnh ủy,"),
        _("- Các sở, ban, ngành, Mặt trận, đoàn thể CT-XH tỉnh,"),
        _("- Các huyện, thị, thành ủy,"),
        _("- Lưu VT."),
    ]
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run(_("Nơi nhận:"))
    run.bold = run.underline = True
    run.font.size = Pt(12)
    for line in recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).font.size = Pt(11)
    body = report.issuer.upper().removesuffix(" UBND TỈNH")
    w.cell_lines(right, [
        (_("T/M %(body)s") % {"body": body}, True, False, False, 14),
        (_("BÍ THƯ"), True, False, False, 14),
        ("", False, False, False, 14), ("", False, False, False, 14), ("", False, False, False, 14),
    ])


def render_docx(report) -> bytes:
    w = Writer()
    _header(w, report)
    _results(w, report)
    _limitations(w, report)
    _proposals(w, report)
    _signature(w, report)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
