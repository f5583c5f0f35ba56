"""The figures resource: the dashboard's key figures and breakdowns, read from the same
selectors (`reports.selectors`) with the same filter (`ReportFilter.from_querydata`)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from api.serializers import ResultsSerializer
from reports import selectors

PARAMETERS = [
    OpenApiParameter("year", OpenApiTypes.INT, description="Một năm (mặc định: năm nay)."),
    OpenApiParameter("year_from", OpenApiTypes.INT, description="Từ năm (thay cho year)."),
    OpenApiParameter("year_to", OpenApiTypes.INT, description="Đến năm (thay cho year)."),
    OpenApiParameter("district", OpenApiTypes.STR, description="Mã huyện."),
    OpenApiParameter("commune", OpenApiTypes.STR, description="Mã xã."),
    OpenApiParameter("agency", OpenApiTypes.INT, description="Mã số cơ quan, đơn vị."),
    OpenApiParameter("agency_kind", OpenApiTypes.STR, description="Loại cơ quan, đơn vị."),
    OpenApiParameter("category", OpenApiTypes.STR, description="Mã loại hoạt động."),
    OpenApiParameter("include_submitted", OpenApiTypes.BOOL, description="Tính cả hoạt động chờ duyệt."),
]


class _CountsAndMoney(serializers.Serializer):
    count = serializers.IntegerField()
    money_state = serializers.IntegerField()
    money_society = serializers.IntegerField()
    money_in_kind = serializers.IntegerField()
    money_total = serializers.IntegerField()
    substantive_count = serializers.IntegerField()
    substantive_money = serializers.IntegerField()
    substantive_share_count = serializers.FloatField(allow_null=True)
    substantive_share_money = serializers.FloatField(allow_null=True)
    confirmed = serializers.IntegerField()
    disputed = serializers.IntegerField()


class MeasuresSerializer(_CountsAndMoney, ResultsSerializer):
    """The measures every breakdown row carries (definitions: docs/dashboard.md): counts and money,
    then the results, the same fields as an activity's (the bases' order is the fields' order)."""


class CategoryRowSerializer(MeasuresSerializer):
    code = serializers.CharField()
    name = serializers.CharField()
    is_substantive = serializers.BooleanField()


class DistrictRowSerializer(MeasuresSerializer):
    code = serializers.CharField()
    name = serializers.CharField()


class YearRowSerializer(MeasuresSerializer):
    year = serializers.IntegerField()


class KeyFigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=["count", "money", "share"])
    value = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="Tương đối (0,25 = +25 %); với tỷ lệ: điểm phần trăm.")
    compared = serializers.BooleanField(
        help_text="Có kỳ trước để so sánh hay không (như trang tổng quan); false: previous và change là null.")


class PeriodSerializer(serializers.Serializer):
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    district = serializers.CharField(source="district_code", allow_null=True)
    commune = serializers.CharField(source="commune_code", allow_null=True)
    agency = serializers.IntegerField(source="agency_id", allow_null=True)
    agency_kind = serializers.CharField(allow_null=True)
    category = serializers.CharField(source="category_code", allow_null=True)
    include_submitted = serializers.BooleanField()
    until = serializers.DateField(
        allow_null=True, help_text="Kỳ chưa kết thúc: số liệu tính đến ngày này (hôm nay); null: cả kỳ.")


class ComparedPeriodSerializer(serializers.Serializer):
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    until = serializers.DateField(allow_null=True, help_text="Cùng kỳ: đến ngày này của kỳ trước; null: cả kỳ.")


class FiguresSerializer(serializers.Serializer):
    period = PeriodSerializer()
    compared = ComparedPeriodSerializer(
        allow_null=True,
        help_text="Kỳ mà key_figures so sánh với (kỳ trước cùng độ dài; kỳ đang diễn ra: cùng kỳ); null khi "
                  "kỳ này không có kỳ trước trong chương trình (2021, hoặc một kỳ bắt đầu từ 2021).")
    key_figures = KeyFigureSerializer(many=True)
    by_category = CategoryRowSerializer(many=True)
    by_district = DistrictRowSerializer(many=True)
    by_year = YearRowSerializer(many=True)


def build(f, user) -> dict:
    # As the dashboard: a running period is counted to today and compared with the same months of
    # the period before it; a period with nothing before it in the programme, with nothing.
    cut = f.to_date()
    return {
        "period": cut,
        "compared": cut.compared(),
        "key_figures": selectors.key_figures_with_change(f, user),
        "by_category": selectors.by_category(f, user),
        "by_district": selectors.by_district(f, user),
        "by_year": selectors.trend_by_year(f, user),
    }
