"""What the API shows of each row: ids and official codes, never database internals (a unit is
its statistics-office code, a category its code; a partnership, activity, plan or model its
portal number, the one its page shows). Read-only, so plain `source=` paths are enough; the
views select_related / prefetch every path used here (constant queries per page)."""

from rest_framework import serializers

from partnerships import geography
from partnerships.models import (
    Activity,
    AdministrativeUnit,
    Agency,
    AnnualPlan,
    DevelopmentModel,
    Partnership,
)


class UnitRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.CharField()


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = AdministrativeUnit
        fields = [
            "code", "name", "level", "parent", "is_mountainous", "is_ethnic_minority_area", "is_border",
            "is_especially_difficult", "valid_from", "valid_to",
        ]


class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "short_name", "kind", "is_active"]


class PartnershipSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    unit = UnitRefSerializer(read_only=True)
    district = serializers.SerializerMethodField()

    class Meta:
        model = Partnership
        fields = ["id", "agency", "unit", "district", "signed_on", "agreement_number", "status", "ended_on"]

    def get_district(self, partnership) -> str | None:
        """Official code of the partner's district area, as the reports group it: the unit itself
        for a district, a commune's district, and for a commune formed after the districts were
        abolished (1 July 2025) the old district it was formed from, never the city above it;
        null when there is none."""
        area = geography.district_area_of(partnership.unit)
        return area.code if area else None


class MoneySerializer(serializers.Serializer):
    state = serializers.IntegerField(source="budget_state", help_text="Ngân sách nhà nước (đồng)")
    society = serializers.IntegerField(source="budget_society", help_text="Xã hội hóa (đồng)")
    in_kind = serializers.IntegerField(source="budget_in_kind", help_text="Hiện vật quy đổi (đồng)")
    total = serializers.IntegerField(source="total_money", help_text="Tổng (đồng)")


class ResultsSerializer(serializers.Serializer):
    households_reached = serializers.IntegerField()
    people_reached = serializers.IntegerField()
    ethnic_minority_people = serializers.IntegerField()
    people_trained = serializers.IntegerField()
    jobs_created = serializers.IntegerField()
    households_out_of_poverty = serializers.IntegerField()


class ActivitySerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(source="partnership_id")
    agency = serializers.IntegerField(source="partnership.agency_id")
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    is_substantive = serializers.BooleanField(source="category.is_substantive")
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    development_model = serializers.IntegerField(source="development_model_id", allow_null=True)
    money = MoneySerializer(source="*")
    results = ResultsSerializer(source="*")
    year = serializers.IntegerField()

    class Meta:
        model = Activity
        fields = [
            "id", "title", "description", "partnership", "agency", "category", "is_substantive", "year",
            "start_date", "end_date", "commune", "development_model", "money", "results", "status",
            "confirmation_status", "confirmation_comment", "confirmed_at", "updated_at",
        ]


class DevelopmentModelSerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(source="partnership_id")
    commune = serializers.SlugRelatedField(slug_field="code", read_only=True)
    replicated_from = serializers.IntegerField(source="replicated_from_id", allow_null=True)

    class Meta:
        model = DevelopmentModel
        fields = [
            "id", "name", "partnership", "commune", "sector", "stage", "households", "started_on", "maintained_on",
            "developed_on", "replicated_on", "description",
            "replicated_from",
        ]


class CategoryTargetSerializer(serializers.Serializer):
    category = serializers.CharField(source="category.code")
    activities_target = serializers.IntegerField()


class PlanSerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(source="partnership_id")
    category_targets = CategoryTargetSerializer(many=True, read_only=True)

    class Meta:
        model = AnnualPlan
        fields = [
            "id", "partnership", "year", "money_target", "society_money_target", "people_trained_target",
            "jobs_target", "households_out_of_poverty_target", "models_target", "category_targets", "note",
            "updated_at",
        ]
