"""The narrative draft (.docx) in the Party's document format (Hướng dẫn 36-HD/VPTW).

Issuing body and number top left, "ĐẢNG CỘNG SẢN VIỆT NAM" with place and date top right, a bold
title naming Directive 16 and the period; I. results, every key figure with its change against
the named previous year ("so với năm 2024"; a year still running says so and compares the same
months: "so với cùng kỳ năm 2024"), models built / replicated / maintained / developed with named
examples (a zero is said in words or left out), and a summary table (this year, last year,
change); II. limitations drawn from the data; III. proposals drawn from the data (models to
replicate and where, agencies to commend and to remind, partnerships to strengthen); the
signature block with the signer's name line (REPORT_SIGNER, or a dotted line) and "Nơi nhận".
Page numbers in the footer. Times New Roman 14 pt, A4 with the margins of official documents.
Every figure comes from the report's selectors (`reports.annual_report.build`); this module only
words and lays them out. Names are listed with semicolons: agency names contain commas.

Longer than 400 lines on purpose: the sections read top to bottom as the document does, and all
of them word figures with the same helpers (`change`, `figure_text`, `Writer`).
"""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from common.templatetags.ketnghia import format_number, percent
from partnerships import geography

DIRECTIVE = "Chỉ thị số 16-CT/TU, ngày 09/9/2021 của Ban Thường vụ Tỉnh ủy"
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


def change(figure, against: str) -> str:
    """' (tăng 12,5 % so với năm 2024)', or giảm / bằng; for a share, the difference in points.
    Nothing when the previous period had nothing to compare with."""
    if figure.change is None:
        return ""
    if figure.change == 0:
        return _(" (bằng %(against)s)") % {"against": against}
    word = _("tăng") if figure.change > 0 else _("giảm")
    if figure.kind == "share":
        amount = _("%(n)s điểm phần trăm") % {"n": f"{abs(figure.change) * 100:.1f}".replace(".", ",")}
    else:
        amount = percent(abs(figure.change))
    return _(" (%(word)s %(amount)s so với %(against)s)") % {"word": word, "amount": amount, "against": against}


def change_cell(figure) -> str:
    """The change column of the summary table: '+12,5 %', '−3,0 điểm', '–' when not comparable."""
    if figure.change is None:
        return "–"
    sign = "+" if figure.change > 0 else ("−" if figure.change < 0 else "±")
    digits = f"{abs(figure.change) * 100:.1f}".replace(".", ",")
    return f"{sign}{digits}" + (_(" điểm") if figure.kind == "share" else "\u00a0%")


def figure_text(value, kind) -> str:
    if kind == "money":
        return money(value)
    if kind == "share":
        return share(value)
    return format_number(value)


def _names(items, label) -> str:
    """Names separated by semicolons (agency names contain commas), the rest counted."""
    names = [str(item) for item in items[:LISTED]]
    if len(items) > LISTED:
        names.append(_("và %(n)s %(label)s khác") % {"n": len(items) - LISTED, "label": label})
    return "; ".join(names)


def _model_name(model) -> str:
    """'mô hình trồng quế (Xã Trà Leng – Huyện Nam Trà My)': lower case to sit inside a sentence."""
    name = model.name
    if name.startswith("Mô hình"):
        name = "m" + name[1:]
    return _("%(name)s (%(place)s)") % {"name": name, "place": geography.name_with_district(model.commune)}


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

    def page_numbers(self):
        """A PAGE field centred in the footer, so Word and LibreOffice number every page."""
        footer = self.doc.sections[0].footer
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run()
        run.font.size = Pt(13)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            elif text.strip() == "PAGE":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:t")
                element.text = text
            run._r.append(element)

    def table(self, header, rows, widths):
        """A bordered table (header bold), 13 pt, numbers right-aligned."""
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.fixed_widths(table, widths)
        for row_index, values in enumerate([header, *rows]):
            cells = table.rows[0].cells if row_index == 0 else table.add_row().cells
            for col, (cell, value) in enumerate(zip(cells, values)):
                cell.width = Mm(widths[col])
                p = cell.paragraphs[0]
                p.paragraph_format.space_after = Pt(0)
                p.paragraph_format.line_spacing = 1.0
                p.alignment = (WD_ALIGN_PARAGRAPH.CENTER if row_index == 0
                               else WD_ALIGN_PARAGRAPH.LEFT if col == 0 else WD_ALIGN_PARAGRAPH.RIGHT)
                run = p.add_run(value)
                run.font.size = Pt(13)
                run.bold = row_index == 0
        return table

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

    def two_columns(self, widths, indent=0):
        """A borderless two-column table; `indent` (mm, may be negative) shifts it left."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self.fixed_widths(table, widths)
        if indent:
            element = OxmlElement("w:tblInd")
            element.set(qn("w:w"), str(round(indent * 56.7)))
            element.set(qn("w:type"), "dxa")
            table._tbl.tblPr.append(element)
        return table.rows[0].cells

    @staticmethod
    def fixed_widths(table, widths):
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


def _header(w: Writer, report):
    # Each column is wide enough for its longest line ("BAN CÁN SỰ ĐẢNG UBND TỈNH" at 13 pt bold,
    # "ĐẢNG CỘNG SẢN VIỆT NAM" at 14 pt bold): the pair is a little wider than the text block and
    # starts 5 mm into the left margin, as the province's Party documents are laid out.
    left, right = w.two_columns((83, 92), indent=-5)
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


def _figure_sentence(figs, against, *parts) -> str:
    """'key: text' parts joined with '; ', each with its change against the named period."""
    return "; ".join(text % {"n": figure_text(figs[key].value, figs[key].kind)} + change(figs[key], against)
                     for key, text in parts)


def _models_paragraph(w: Writer, report):
    o = report.overview
    parts = []
    if o["built"]:
        parts.append(_("xây dựng mới %(n)s mô hình (%(names)s)") % {
            "n": format_number(o["built"]), "names": _names([_model_name(m) for m in o["examples"]["built"]], "")})
    if o["replicated"]:
        parts.append(_("nhân rộng %(n)s mô hình (%(names)s)") % {
            "n": format_number(o["replicated"]),
            "names": _names([_model_name(m) for m in o["examples"]["replicated"]], "")})
    if parts:
        w.para(_("Trong %(period)s, các cơ quan, đơn vị đã hỗ trợ %(parts)s.") % {
            "period": report.period_label, "parts": "; ".join(parts)})
    else:  # said in words, never "nhân rộng 0 mô hình"
        w.para(_("Trong %(period)s chưa có mô hình mới được xây dựng hoặc nhân rộng.") % {
            "period": report.period_label})
    if o["running"]:
        kept = []
        for key, text in (("maintained", _("%(n)s mô hình được duy trì")), ("developed", _("%(n)s mô hình được phát triển"))):
            if o[key]:
                kept.append(text % {"n": format_number(o[key])} + _(" (như %(names)s)") % {
                    "names": _names([_model_name(m) for m in o["examples"][key]], "")})
        sentence = _("Đến %(when)s có %(n)s mô hình phát triển kinh tế - xã hội đang được thực hiện") % {
            "when": _("ngày %(day)s") % {"day": report.until.strftime("%d/%m/%Y")} if report.until
            else _("cuối %(period)s") % {"period": report.period_label},
            "n": format_number(o["running"])}
        w.para(sentence + (_(", trong đó %(kept)s") % {"kept": "; ".join(kept)} if kept else "") + ".")


def _summary_table(w: Writer, report, figs):
    w.para(_("Bảng: Một số chỉ tiêu chủ yếu"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    current = report.current_label + (_(" (đến %(day)s)") % {"day": report.until.strftime("%d/%m")}
                                      if report.until else "")
    if not report.compared:  # nothing before it in the programme: no previous column, no change
        w.table([_("Chỉ tiêu"), current], [(str(f.label), figure_text(f.value, f.kind)) for f in report.figures],
                (101, 64))
        w.para()
        return
    rows = [(str(f.label), figure_text(f.value, f.kind), figure_text(f.previous, f.kind), change_cell(f))
            for f in report.figures]
    w.table([_("Chỉ tiêu"), current, report.previous_label + (_(" (cùng kỳ)") if report.until else ""),
             _("Tăng, giảm")], rows, (63, 38, 38, 26))
    w.para()


def _results(w: Writer, report):
    k, figs, against = report.key, {f.key: f for f in report.figures}, report.compared_with
    intro = _("Thực hiện %(directive)s, %(issuer)s báo cáo kết quả công tác kết nghĩa %(period)s như sau:") % {
        "directive": DIRECTIVE, "issuer": report.issuer_in_sentence, "period": report.period_label}
    if report.until and not report.compared:
        intro = intro.removesuffix(":") + _(" (%(period)s chưa kết thúc: số liệu tính đến ngày %(day)s):") % {
            "period": report.period_label, "day": report.until.strftime("%d/%m/%Y")}
    elif report.until:
        intro = intro.removesuffix(":") + _(" (%(period)s chưa kết thúc: số liệu tính đến ngày %(day)s, so sánh với "
                                          "cùng kỳ %(previous)s):") % {
            "period": report.period_label, "day": report.until.strftime("%d/%m/%Y"),
            "previous": report.previous_label.lower()}
    w.para(intro)
    w.heading(_("I. KẾT QUẢ THỰC HIỆN"))
    w.heading(_("1. Quan hệ kết nghĩa và kế hoạch"))
    w.para(_("Trong %(period)s có %(figures)s; %(planned)s cơ quan, đơn vị có kế hoạch kết nghĩa năm.") % {
        "period": report.period_label,
        "figures": _figure_sentence(figs, against,
                                    ("active_partnerships", _("%(n)s quan hệ kết nghĩa đang thực hiện")),
                                    ("agencies", _("%(n)s cơ quan, đơn vị có hoạt động hỗ trợ")),
                                    ("districts_reached", _("%(n)s huyện")),
                                    ("communes_reached", _("%(n)s xã được hỗ trợ"))),
        "planned": format_number(report.planned_agencies)})
    w.heading(_("2. Kết quả hỗ trợ"))
    w.para(_("Các cơ quan, đơn vị đã thực hiện %(activities)s hoạt động hỗ trợ%(change_a)s với tổng kinh phí "
             "%(total)s%(change_m)s, trong đó: %(sources)s.") % {
        "activities": format_number(k["activities"]), "change_a": change(figs["activities"], against),
        "total": money(k["money_total"]), "change_m": change(figs["money_total"], against),
        "sources": _figure_sentence(figs, against, ("money_state", _("ngân sách nhà nước %(n)s")),
                                    ("money_society", _("vận động xã hội hóa %(n)s")),
                                    ("money_in_kind", _("hiện vật quy đổi %(n)s")))})
    w.para(_("Hỗ trợ cụ thể, thiết thực theo tinh thần Chỉ thị (xây dựng, nhân rộng mô hình, xã hội hóa, đào tạo, "
             "việc làm, an sinh xã hội...) chiếm %(share_count)s số hoạt động%(change_c)s và %(share_money)s kinh "
             "phí%(change_m)s.") % {
        "share_count": share(k["substantive_share_count"]), "change_c": change(figs["substantive_share_count"], against),
        "share_money": share(k["substantive_share_money"]),
        "change_m": change(figs["substantive_share_money"], against)})
    for row in (r for r in report.by_category if r["count"]):
        w.para(_("- %(name)s: %(count)s hoạt động, %(money)s.") % {
            "name": row["name"], "count": format_number(row["count"]), "money": money(row["money_total"])})
    w.heading(_("3. Mô hình phát triển kinh tế - xã hội"))
    _models_paragraph(w, report)
    w.heading(_("4. Đào tạo, việc làm, giảm nghèo, an sinh"))
    w.para(_("Đã %(figures)s.") % {"figures": _figure_sentence(
        figs, against,
        ("people_trained", _("đào tạo, bồi dưỡng %(n)s người")),
        ("jobs_created", _("tạo việc làm cho %(n)s lao động")),
        ("households_out_of_poverty", _("giúp %(n)s hộ thoát nghèo")),
        ("households_reached", _("hỗ trợ %(n)s hộ")),
        ("people_reached", _("%(n)s người")),
        ("ethnic_minority_people", _("trong đó %(n)s người dân tộc thiểu số")),
        ("confirmed_activities", _("%(n)s hoạt động được địa phương xác nhận đã nhận hỗ trợ")))})
    w.heading(_("5. Đánh giá, xếp loại và đề nghị khen thưởng"))
    evaluation = report.evaluation
    counts = "; ".join(f"{label}: {format_number(n)}" for _code, label, n in evaluation.counts() if n)
    w.para(_("Kết quả đánh giá %(n)s cơ quan, đơn vị theo tiêu chí của năm %(year)s: %(counts)s.") % {
        "n": format_number(len(evaluation.agencies)), "year": evaluation.year, "counts": counts or "–"})
    if evaluation.commendations:
        w.para(_("Đề nghị biểu dương, khen thưởng: %(names)s.") % {
            "names": _names([a.agency.name for a in evaluation.commendations], _("cơ quan, đơn vị"))})
    _summary_table(w, report, figs)


PLAN_WORDS = {
    "money": gettext_lazy("kinh phí"), "society_money": gettext_lazy("vận động xã hội hóa"),
    "people_trained": gettext_lazy("đào tạo"), "jobs": gettext_lazy("việc làm"),
    "households_out_of_poverty": gettext_lazy("hộ thoát nghèo"), "models": gettext_lazy("mô hình"),
}


def _limitations(w: Writer, report):
    k, gaps = report.key, report.gaps
    w.heading(_("II. HẠN CHẾ, NGUYÊN NHÂN"))
    said = False
    gifts = [r for r in report.by_category if not r["is_substantive"] and r["count"]]
    if gifts:
        said = True
        w.para(_("Hình thức thăm hỏi, tặng quà, tặng nhà tình nghĩa và hoạt động khác vẫn chiếm %(count)s số hoạt "
                 "động và %(money)s kinh phí hỗ trợ (%(detail)s).") % {
            "count": share(k["non_substantive_share_count"]), "money": share(k["non_substantive_share_money"]),
            "detail": "; ".join(_("%(name)s: %(n)s hoạt động, %(money)s") % {
                "name": r["name"].lower(), "n": format_number(r["count"]), "money": money(r["money_total"])}
                for r in gifts)})
    lists = [
        (gaps["communes_without_partner"], _("Còn %(n)s xã miền núi, biên giới, đặc biệt khó khăn chưa có cơ quan, "
                                            "đơn vị kết nghĩa: %(names)s."),
         lambda u: geography.name_with_district(u, brackets=True), _("xã")),
        (gaps["communes_without_activity"], _("%(n)s xã đã có cơ quan, đơn vị kết nghĩa nhưng chưa có hoạt động hỗ "
                                             "trợ trong kỳ: %(names)s."),
         lambda u: geography.name_with_district(u, brackets=True), _("xã")),
        (gaps["partnerships_without_activity"], _("%(n)s quan hệ kết nghĩa chưa có hoạt động trong kỳ: %(names)s."),
         lambda p: f"{p.agency.name} – {p.unit.name}", _("quan hệ")),
        (gaps["agencies_without_activity"], _("Có %(n)s cơ quan, đơn vị đã kết nghĩa nhưng chưa có hoạt động hỗ "
                                             "trợ trong kỳ: %(names)s."), lambda a: a.name, _("cơ quan, đơn vị")),
        (report.evaluation.not_completed, _("%(n)s cơ quan, đơn vị xếp loại không hoàn thành nhiệm vụ kết nghĩa: "
                                           "%(names)s."), lambda a: a.agency.name, _("cơ quan, đơn vị")),
        (report.missed_plans, _("%(n)s cơ quan, đơn vị đạt dưới 80 %% chỉ tiêu kế hoạch năm: %(names)s."),
         lambda m: _("%(agency)s (%(targets)s)") % {
             "agency": m["agency"].name, "targets": ", ".join(str(PLAN_WORDS[key]) for key in m["missed"])},
         _("cơ quan, đơn vị")),
    ]
    for items, text, name, label in lists:
        if items:
            said = True
            w.para(text % {"n": format_number(len(items)), "names": _names([name(i) for i in items], label)})
    if k["unconfirmed_activities"] or k["disputed_activities"]:
        said = True
        parts = []
        if k["unconfirmed_activities"]:
            parts.append(_("%(n)s hoạt động đã duyệt chưa được địa phương xác nhận đã nhận hỗ trợ") % {
                "n": format_number(k["unconfirmed_activities"])})
        if k["disputed_activities"]:
            parts.append(_("%(n)s hoạt động bị địa phương phản ánh chưa khớp với thực tế") % {
                "n": format_number(k["disputed_activities"])})
        w.para("; ".join(parts).capitalize() + ".")
    if not said:
        w.para(_("Số liệu %(period)s không cho thấy hạn chế nổi bật.") % {"period": report.period_label})


def _proposals(w: Writer, report):
    w.heading(_("III. NHIỆM VỤ, ĐỀ XUẤT"))
    lines = []
    for model, communes in report.replication[:3]:
        area = geography.district_area_name(model.commune, in_text=True)
        where = (_("ra %(names)s") % {"names": "; ".join(c.name for c in communes)} if communes
                 else _("ra các xã khác của %(district)s") % {"district": area} if area else _("ra các xã khác"))
        lines.append(_("Nhân rộng %(model)s, %(households)s hộ tham gia, %(where)s.") % {
            "model": _model_name(model), "households": format_number(model.households), "where": where})
    evaluation, gaps = report.evaluation, report.gaps
    if evaluation.commendations:
        lines.append(_("Biểu dương, khen thưởng các cơ quan, đơn vị hoàn thành xuất sắc: %(names)s.") % {
            "names": _names([a.agency.name for a in evaluation.commendations], _("cơ quan, đơn vị"))})
    remind = [a.agency.name for a in evaluation.not_completed]
    remind += [a.name for a in gaps["agencies_without_activity"] if a.name not in remind]
    if remind:
        lines.append(_("Nhắc nhở, đôn đốc các cơ quan, đơn vị chưa có hoạt động hoặc không hoàn thành nhiệm vụ xây "
                       "dựng kế hoạch và tổ chức thực hiện: %(names)s.") % {
            "names": _names(remind, _("cơ quan, đơn vị"))})
    if gaps["partnerships_without_activity"]:
        lines.append(_("Củng cố các quan hệ kết nghĩa chưa có hoạt động: %(names)s.") % {
            "names": _names([f"{p.agency.name} – {p.unit.name}" for p in gaps["partnerships_without_activity"]],
                            _("quan hệ"))})
    if gaps["communes_without_partner"]:
        lines.append(_("Phân công cơ quan, đơn vị kết nghĩa với %(n)s xã mục tiêu chưa có đơn vị giúp đỡ.") % {
            "n": format_number(len(gaps["communes_without_partner"]))})
    lines.append(_("Tiếp tục đổi mới nội dung, hình thức kết nghĩa theo hướng cụ thể, thiết thực; đẩy mạnh vận "
                   "động nguồn lực xã hội hóa; gắn kết quả kết nghĩa với đánh giá, xếp loại, thi đua, khen thưởng "
                   "hằng năm của tập thể, cá nhân."))
    for number, line in enumerate(lines, start=1):
        w.para(f"{number}. {line}")
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
    # Hướng dẫn 36-HD/VPTW: "Nơi nhận" 14 pt upright and underlined; the recipients 12 pt upright.
    left.paragraphs[0].text = ""
    run = left.paragraphs[0].add_run(_("Nơi nhận:"))
    run.underline = True
    run.font.size = Pt(14)
    for line in recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        p.add_run(line).font.size = Pt(12)
    body = report.issuer.upper().removesuffix(" UBND TỈNH")
    signer = report.names.signer_name or "……………………………"
    w.cell_lines(right, [
        (_("T/M %(body)s") % {"body": body}, True, False, False, 14),
        (report.names.signer_title.upper(), True, False, False, 14),
        ("", False, False, False, 14), ("", False, False, False, 14), ("", False, False, False, 14),
        (signer, True, False, False, 14),
    ])


def _inspections_paragraph(w: Writer, report):
    """The counts of inspection and supervision and the main findings, in one paragraph."""
    data = report.inspections
    if not data.get("planned"):
        w.para(_("Trong kỳ chưa tổ chức kiểm tra, giám sát việc thực hiện kết nghĩa."))
        return
    recs = data["recommendations"]
    text = _("Công tác kiểm tra, giám sát: đã thực hiện %(done)s/%(planned)s cuộc kiểm tra, giám sát, khảo sát "
             "thực tế theo kế hoạch; đưa ra %(recs)s kiến nghị, đã thực hiện %(recs_done)s, còn %(overdue)s kiến "
             "nghị quá hạn.") % {"done": data["done"], "planned": data["planned"], "recs": recs["total"],
                                 "recs_done": recs["done"], "overdue": recs["overdue"]}
    findings = [f"{row.target_name}: {row.findings.strip().rstrip('.')}" for row in data["findings"][:3]]
    if findings:
        text += " " + _("Qua kiểm tra: %(findings)s.") % {"findings": "; ".join(findings)}
    w.para(text)


def render_docx(report) -> bytes:
    w = Writer()
    w.page_numbers()
    _header(w, report)
    _results(w, report)
    _inspections_paragraph(w, report)
    _limitations(w, report)
    _proposals(w, report)
    _signature(w, report)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
