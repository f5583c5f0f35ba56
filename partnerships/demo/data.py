"""Name lists and numbers behind `manage.py seed_demo`: believable, not real.

Agencies are real Quảng Nam bodies by name, but who twins with whom, the plans and every figure
are invented for demonstration. Titles are templates filled per activity:
{xa} commune ("xã Trà Leng"), {huyen} district ("huyện Nam Trà My"), {dt} the main ethnic group
of the district, {n} a small count, {thon} a village number, {y} the year.
"""

from partnerships.models import Agency, DevelopmentModel

K = Agency.Kind

# (name, short name, kind). The first two are the demo officers' agencies.
AGENCIES = [
    ("Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", K.STATE),
    ("Công ty Điện lực Quảng Nam", "PC Quảng Nam", K.ENTERPRISE),
    ("Ban Tổ chức Tỉnh ủy", "BTC Tỉnh ủy", K.PARTY),
    ("Ban Dân vận Tỉnh ủy", "BDV Tỉnh ủy", K.PARTY),
    ("Ban Tuyên giáo Tỉnh ủy", "BTG Tỉnh ủy", K.PARTY),
    ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT Tỉnh ủy", K.PARTY),
    ("Văn phòng Tỉnh ủy", "VP Tỉnh ủy", K.PARTY),
    ("Báo Quảng Nam", "Báo QN", K.PARTY),
    ("Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", K.STATE),
    ("Sở Tài chính", "Sở TC", K.STATE),
    ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT", K.STATE),
    ("Sở Y tế", "Sở YT", K.STATE),
    ("Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH", K.STATE),
    ("Sở Giao thông vận tải", "Sở GTVT", K.STATE),
    ("Sở Tài nguyên và Môi trường", "Sở TN&MT", K.STATE),
    ("Sở Văn hóa, Thể thao và Du lịch", "Sở VHTT&DL", K.STATE),
    ("Ban Dân tộc tỉnh", "Ban DT", K.STATE),
    ("Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", K.STATE),
    ("Đài Phát thanh - Truyền hình Quảng Nam", "QRT", K.STATE),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "UBMTTQ tỉnh", K.MASS_ORGANISATION),
    ("Tỉnh đoàn Quảng Nam", "Tỉnh đoàn", K.MASS_ORGANISATION),
    ("Hội Nông dân tỉnh", "HND tỉnh", K.MASS_ORGANISATION),
    ("Hội Liên hiệp Phụ nữ tỉnh", "HLHPN tỉnh", K.MASS_ORGANISATION),
    ("Hội Cựu chiến binh tỉnh", "HCCB tỉnh", K.MASS_ORGANISATION),
    ("Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh", K.MASS_ORGANISATION),
    ("UBND thành phố Hội An", "UBND Hội An", K.LOCALITY),
    ("UBND thành phố Tam Kỳ", "UBND Tam Kỳ", K.LOCALITY),
    ("UBND thị xã Điện Bàn", "UBND Điện Bàn", K.LOCALITY),
    ("UBND huyện Núi Thành", "UBND Núi Thành", K.LOCALITY),
    ("UBND huyện Thăng Bình", "UBND Thăng Bình", K.LOCALITY),
    ("UBND huyện Duy Xuyên", "UBND Duy Xuyên", K.LOCALITY),
    ("UBND huyện Đại Lộc", "UBND Đại Lộc", K.LOCALITY),
    ("UBND huyện Phú Ninh", "UBND Phú Ninh", K.LOCALITY),
    ("Ngân hàng Nông nghiệp và Phát triển nông thôn - Chi nhánh Quảng Nam", "Agribank Quảng Nam", K.ENTERPRISE),
    ("Ngân hàng TMCP Ngoại thương Việt Nam - Chi nhánh Quảng Nam", "Vietcombank Quảng Nam", K.ENTERPRISE),
    ("Ngân hàng TMCP Công Thương Việt Nam - Chi nhánh Quảng Nam", "VietinBank Quảng Nam", K.ENTERPRISE),
    ("Viễn thông Quảng Nam (VNPT)", "VNPT Quảng Nam", K.ENTERPRISE),
    ("Viettel Quảng Nam", "Viettel QN", K.ENTERPRISE),
    ("Công ty TNHH MTV Khai thác thủy lợi Quảng Nam", "Thủy lợi QN", K.ENTERPRISE),
    ("Bộ Chỉ huy Quân sự tỉnh", "Bộ CHQS tỉnh", K.ARMED_FORCES),
    ("Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BĐBP tỉnh", K.ARMED_FORCES),
    ("Công an tỉnh", "CA tỉnh", K.ARMED_FORCES),
    ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "Liên hiệp Hội KH&KT", K.OTHER),
    ("Hội Chữ thập đỏ tỉnh", "Hội CTĐ tỉnh", K.OTHER),
    ("Hội Doanh nhân trẻ tỉnh", "Hội DNT tỉnh", K.OTHER),
    ("Trường Đại học Quảng Nam", "ĐH Quảng Nam", K.OTHER),
]

OFFICER_AGENCY = AGENCIES[0][0]
OFFICER2_AGENCY = AGENCIES[1][0]
# Hand-placed partnerships that the demo users rely on: (agency, unit code, signed on). The
# officer's agency twins with Xã Trà Leng, where the focal point works, so the focal point has
# something to confirm; the second officer's agency twins with the district of Tây Giang.
KEY_PARTNERSHIPS = [
    (OFFICER_AGENCY, "20935", "2021-10-15"),  # Xã Trà Leng (Nam Trà My)
    (OFFICER2_AGENCY, "504", "2021-10-20"),  # Huyện Tây Giang
    ("Tỉnh đoàn Quảng Nam", "20935", "2021-11-05"),
    (OFFICER_AGENCY, "20443", "2021-12-01"),  # Xã A Xan (Tây Giang)
]
FOCAL_COMMUNE = "20935"  # old Xã Trà Leng; the focal point sits at the commune that took it (20938)

END_REASONS = [
    "Điều chỉnh phân công kết nghĩa giai đoạn 2023–2025 theo Kế hoạch của Ban Thường vụ Tỉnh ủy; "
    "cơ quan chuyển sang giúp đỡ địa phương khác.",
    "Xã đã đạt chuẩn nông thôn mới và ra khỏi diện đặc biệt khó khăn; chuyển nguồn lực sang xã khó khăn hơn.",
    "Cơ quan sắp xếp lại tổ chức bộ máy theo Nghị quyết 18-NQ/TW; đơn vị tiếp nhận nhiệm vụ sẽ ký kết lại.",
    "Hai bên thống nhất kết thúc để tập trung giúp đỡ xã biên giới theo đề nghị của huyện.",
]

# Main ethnic groups by district (for titles only).
ETHNIC_GROUP = {
    "504": "Cơ Tu", "505": "Cơ Tu", "510": "Cơ Tu", "511": "Bh'noong", "512": "Ca Dong",
    "514": "Ca Dong", "515": "Ca Dong", "516": "Xơ Đăng",
}
DEFAULT_ETHNIC_GROUP = "dân tộc thiểu số"

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN_NAMES = ["Văn Hùng", "Thị Thu Hà", "Minh Tuấn", "Thị Lan", "Quốc Bảo", "Thị Hồng", "Văn Tâm",
               "Ngọc Anh", "Đức Thắng", "Thị Mai", "Công Danh", "Thị Kim Oanh", "Văn Sơn", "Hữu Phước"]

# (name, sector) of development models; "{xa}" is the commune.
MODEL_KINDS = [
    ("Mô hình nuôi bò sinh sản {xa}", DevelopmentModel.Sector.LIVESTOCK),
    ("Mô hình trồng quế Trà My {xa}", DevelopmentModel.Sector.FORESTRY),
    ("Mô hình trồng sâm Ngọc Linh dưới tán rừng {xa}", DevelopmentModel.Sector.MEDICINAL),
    ("Mô hình nuôi heo đen bản địa {xa}", DevelopmentModel.Sector.LIVESTOCK),
    ("Mô hình trồng ba kích tím {xa}", DevelopmentModel.Sector.MEDICINAL),
    ("Mô hình trồng đảng sâm {xa}", DevelopmentModel.Sector.MEDICINAL),
    ("Mô hình nuôi gà thả vườn {xa}", DevelopmentModel.Sector.LIVESTOCK),
    ("Mô hình nuôi ong lấy mật {xa}", DevelopmentModel.Sector.LIVESTOCK),
    ("Mô hình trồng rau an toàn {xa}", DevelopmentModel.Sector.CROPS),
    ("Mô hình trồng chuối mốc {xa}", DevelopmentModel.Sector.CROPS),
    ("Mô hình trồng keo gỗ lớn {xa}", DevelopmentModel.Sector.FORESTRY),
    ("Mô hình du lịch cộng đồng {xa}", DevelopmentModel.Sector.TOURISM),
    ("Mô hình dệt thổ cẩm {xa}", DevelopmentModel.Sector.CRAFTS),
    ("Mô hình hợp tác xã dịch vụ nông nghiệp {xa}", DevelopmentModel.Sector.SERVICES),
]

# Per category: title templates and a profile of the figures.
# money: total in million đồng (low, high); split: weights (state, society, in kind);
# households / trained / jobs: ranges; people: people reached per household (or a range when
# the activity reaches individuals, not households).
TITLES = {
    "mo-hinh": [
        "Hỗ trợ bò giống sinh sản cho {n} hộ nghèo {xa}",
        "Hỗ trợ cây giống quế Trà My phát triển kinh tế vườn rừng tại {xa}",
        "Nhân rộng mô hình nuôi heo đen bản địa cho đồng bào {dt} {xa}",
        "Hỗ trợ giống gà thả vườn và thức ăn chăn nuôi cho {n} hộ {xa}",
        "Chuyển giao kỹ thuật trồng ba kích tím cho hộ đồng bào {dt}",
        "Xây dựng mô hình trồng rau an toàn tại {xa}",
        "Hỗ trợ thùng ong, đào tạo kỹ thuật nuôi ong lấy mật cho {n} hộ {xa}",
        "Hỗ trợ cây giống sâm Ngọc Linh, đảng sâm cho hộ nghèo {xa}",
    ],
    "xa-hoi-hoa": [
        "Vận động doanh nghiệp hỗ trợ xây dựng nhà văn hóa thôn {thon} {xa}",
        "Vận động xã hội hóa trao học bổng cho học sinh nghèo {xa} năm học {y}–{y1}",
        "Kêu gọi nhà hảo tâm hỗ trợ sinh kế cho {n} hộ nghèo {xa}",
        "Vận động nguồn lực hỗ trợ xây dựng nông thôn mới tại {xa}",
        "Vận động cán bộ, công chức đóng góp Quỹ hỗ trợ thoát nghèo bền vững cho {xa}",
    ],
    "dao-tao-can-bo": [
        "Bồi dưỡng kỹ năng quản lý nhà nước cho cán bộ, công chức {xa}",
        "Tập huấn chuyển đổi số cho cán bộ {huyen}",
        "Bồi dưỡng nghiệp vụ kế toán ngân sách xã cho cán bộ {xa}",
        "Tập huấn xây dựng kế hoạch phát triển kinh tế - xã hội cấp xã năm {y1} cho {xa}",
        "Cử cán bộ chuyên môn tăng cường về {xa} trong {n} tháng",
        "Bồi dưỡng lý luận chính trị cho cán bộ, đảng viên {xa}",
    ],
    "dao-tao-nghe": [
        "Mở lớp dạy nghề dệt thổ cẩm cho phụ nữ {dt} {xa}",
        "Đào tạo nghề may công nghiệp và giới thiệu việc làm cho thanh niên {xa}",
        "Dạy nghề sửa chữa máy nông nghiệp cho lao động {xa}",
        "Tư vấn, giới thiệu việc làm tại khu công nghiệp cho lao động {huyen}",
        "Đào tạo nghề chăn nuôi, thú y cơ sở tại {xa}",
        "Dạy nghề đan lát thủ công cho đồng bào {dt} {xa}",
    ],
    "an-sinh": [
        "Hỗ trợ thẻ bảo hiểm y tế cho {n} hộ cận nghèo {xa}",
        "Trao học bổng cho học sinh dân tộc thiểu số {xa}",
        "Hỗ trợ gạo cứu đói giáp hạt cho {n} hộ {xa}",
        "Hỗ trợ khắc phục hậu quả mưa lũ tại {xa}",
        "Hỗ trợ xây dựng nhà tiêu hợp vệ sinh cho {n} hộ {xa}",
        "Khám bệnh, cấp thuốc miễn phí cho người dân {xa}",
    ],
    "tuyen-truyen": [
        "Tuyên truyền Chỉ thị 16-CT/TU và chính sách dân tộc tại {xa}",
        "Tuyên truyền phòng, chống tảo hôn và hôn nhân cận huyết thống cho đồng bào {dt}",
        "Vận động xóa bỏ hủ tục, xây dựng đời sống văn hóa tại {xa}",
        "Tuyên truyền pháp luật về quản lý, bảo vệ rừng cho nhân dân {xa}",
        "Tuyên truyền nâng cao ý thức tự lực vươn lên thoát nghèo tại {xa}",
    ],
    "quoc-phong": [
        "Phối hợp tuần tra, bảo vệ đường biên, mốc quốc giới tại {xa}",
        "Tuyên truyền Luật Biên giới quốc gia cho nhân dân {xa}",
        "Xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc tại {xa}",
        "Bồi dưỡng kiến thức quốc phòng, an ninh cho dân quân {xa}",
        "Xây dựng mô hình tổ tự quản an ninh trật tự thôn {thon} {xa}",
    ],
    "ha-tang": [
        "Hỗ trợ xây dựng đường bê tông nông thôn thôn {thon} {xa}",
        "Xây dựng công trình nước sinh hoạt tập trung tại {xa}",
        "Hỗ trợ xây dựng phòng học điểm trường thôn {thon} {xa}",
        "Sửa chữa, nâng cấp nhà văn hóa thôn {thon} {xa}",
        "Xây dựng cầu dân sinh tại {xa}",
        "Đầu tư kéo điện lưới quốc gia về thôn {thon} {xa}",
        "Xây dựng kênh mương nội đồng tại {xa}",
    ],
    "tham-hoi": [
        "Thăm, tặng quà Tết Nguyên đán cho hộ nghèo {xa}",
        "Tặng quà Trung thu cho thiếu nhi {xa}",
        "Thăm hỏi, tặng quà gia đình chính sách nhân dịp 27/7 tại {xa}",
        "Tặng quà cho học sinh nghèo nhân dịp khai giảng năm học {y}–{y1}",
        "Thăm, tặng quà già làng, người có uy tín {xa}",
    ],
    "nha-tinh-nghia": [
        "Bàn giao nhà tình nghĩa cho gia đình chính sách tại {xa}",
        "Bàn giao {n} nhà đại đoàn kết cho hộ nghèo {xa}",
        "Hỗ trợ xây dựng nhà tình thương cho hộ nghèo {xa}",
    ],
    "khac": [
        "Giao lưu văn hóa, thể thao với thanh niên {xa}",
        "Tổ chức Ngày hội Đại đoàn kết toàn dân tộc tại {xa}",
        "Hỗ trợ trang thiết bị làm việc cho UBND {xa}",
        "Khảo sát nhu cầu hỗ trợ giai đoạn {y}–{y2} tại {xa}",
    ],
}

PROFILES = {
    #                  money (million đ)  split (state, society, kind)  households  people  trained  jobs  out of poverty  days
    "mo-hinh":        dict(money=(30, 450), split=(5, 4, 1), households=(5, 40), people=(3, 5), trained=(0, 40), jobs=(0, 0), poverty=0.3, days=(1, 120)),
    "xa-hoi-hoa":     dict(money=(50, 900), split=(0, 9, 1), households=(10, 120), people=(3, 5), trained=(0, 0), jobs=(0, 0), poverty=0.15, days=(0, 30)),
    "dao-tao-can-bo": dict(money=(8, 80), split=(8, 2, 0), households=(0, 0), people=(20, 120), trained=(1, 1), jobs=(0, 0), poverty=0, days=(1, 10)),
    "dao-tao-nghe":   dict(money=(40, 300), split=(6, 4, 0), households=(0, 0), people=(15, 60), trained=(1, 1), jobs=(0.2, 0.7), poverty=0.1, days=(20, 90)),
    "an-sinh":        dict(money=(20, 250), split=(3, 5, 2), households=(15, 150), people=(3, 5), trained=(0, 0), jobs=(0, 0), poverty=0.05, days=(0, 10)),
    "tuyen-truyen":   dict(money=(2, 25), split=(7, 3, 0), households=(0, 0), people=(60, 450), trained=(0, 0), jobs=(0, 0), poverty=0, days=(0, 3)),
    "quoc-phong":     dict(money=(10, 150), split=(8, 1, 1), households=(0, 0), people=(30, 200), trained=(0, 0), jobs=(0, 0), poverty=0, days=(1, 15)),
    "ha-tang":        dict(money=(300, 5000), split=(6, 4, 0), households=(30, 300), people=(3, 5), trained=(0, 0), jobs=(0, 0), poverty=0, days=(60, 240)),
    "tham-hoi":       dict(money=(5, 60), split=(1, 4, 5), households=(20, 150), people=(3, 5), trained=(0, 0), jobs=(0, 0), poverty=0, days=(0, 1)),
    "nha-tinh-nghia": dict(money=(60, 240), split=(2, 7, 1), households=(1, 3), people=(3, 6), trained=(0, 0), jobs=(0, 0), poverty=0.5, days=(30, 90)),
    "khac":           dict(money=(5, 50), split=(5, 5, 0), households=(0, 0), people=(30, 200), trained=(0, 0), jobs=(0, 0), poverty=0, days=(0, 3)),
}

# Share of visits, gifts, charity houses and "other" among a year's activities: the directive's
# complaint, fading as the programme is renewed, so the dashboard has a trend to show.
NON_SUBSTANTIVE_SHARE = {2021: 0.55, 2022: 0.47, 2023: 0.40, 2024: 0.33, 2025: 0.28}
LATER_NON_SUBSTANTIVE_SHARE = 0.25
SUBSTANTIVE_WEIGHTS = {
    "mo-hinh": 20, "xa-hoi-hoa": 10, "dao-tao-can-bo": 10, "dao-tao-nghe": 10, "an-sinh": 16,
    "tuyen-truyen": 14, "quoc-phong": 5, "ha-tang": 15,
}
NON_SUBSTANTIVE_WEIGHTS = {"tham-hoi": 60, "nha-tinh-nghia": 25, "khac": 15}

# Defence titles for communes away from the border (the first two only make sense on it).
INLAND_DEFENCE_TITLES = TITLES["quoc-phong"][2:]

RETURN_COMMENTS = [
    "Đề nghị bổ sung hồ sơ minh chứng (ảnh, biên bản bàn giao).",
    "Số liệu kinh phí chưa khớp với biên bản bàn giao, đề nghị kiểm tra lại.",
    "Đề nghị tách riêng phần kinh phí vận động xã hội hóa và ngân sách nhà nước.",
    "Chưa ghi rõ số hộ, số người được hỗ trợ; đề nghị bổ sung.",
    "Xã thực hiện chưa đúng; đề nghị chọn lại xã nơi diễn ra hoạt động.",
]
DISPUTE_COMMENTS = [
    "Xã mới nhận một phần hỗ trợ, phần còn lại chưa bàn giao.",
    "Số hộ được hỗ trợ thực tế ít hơn số liệu cơ quan báo cáo.",
    "Công trình chưa hoàn thành, chưa nghiệm thu bàn giao cho xã.",
    "Giá trị hiện vật quy đổi cao hơn thực tế nhận được.",
]
CONFIRM_COMMENTS = ["", "", "Đã nhận đủ.", "Xã đã nhận và đưa vào sử dụng.", "Đúng với thực tế."]

DESCRIPTIONS = [
    "Thực hiện theo kế hoạch kết nghĩa năm {y} giữa {agency} và {unit}.",
    "{agency} phối hợp với UBND {xa} tổ chức thực hiện.",
    "Hoạt động trong chương trình kết nghĩa theo Chỉ thị 16-CT/TU; có biên bản bàn giao với {xa}.",
]
