"""Reads for the plan pages: each plan's targets beside the APPROVED results of the same year.

Results are aggregated in the database with a fixed number of queries whatever the number of
partnerships (one per kind of figure), and always through `visible_to(user)`.

What counts as a result of year Y for a partnership:
- activities, money, people trained, jobs, households out of poverty: its approved activities
  whose start date falls in Y (the portal's reporting-year rule);
- models: its development models started in Y (built, or replicated from another model).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from partnerships import geography
from partnerships.models import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    AnnualPlan,
    DevelopmentModel,
    PlanCategoryTarget,
    money_total,
)


def activities_per_year(activities) -> list[dict]:
    """Per reporting year, newest first, of an already scoped activity queryset: all, approved and
    waiting activities, and the approved money (total and society)."""
    approved = Q(status=ActivityStatus.APPROVED)
    return list(
        activities.order_by()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(
            total=Count("id"),
            approved=Count("id", filter=approved),
            pending=Count("id", filter=Q(status=ActivityStatus.SUBMITTED)),
            money=Sum(money_total(), filter=approved),
            society=Sum("budget_society", filter=approved),
        )
        .order_by("-year")
    )


def activity_totals(activities) -> dict:
    """All and approved activities of an already scoped queryset, and the approved money."""
    approved = Q(status=ActivityStatus.APPROVED)
    return activities.aggregate(
        count=Count("pk"), approved=Count("pk", filter=approved), money=Sum(money_total(), filter=approved)
    )


RESULT_SUMS = {
    "money": Sum(money_total()),
    "society_money": Sum("budget_society"),
    "people_trained": Sum("people_trained"),
    "jobs": Sum("jobs_created"),
    "households_out_of_poverty": Sum("households_out_of_poverty"),
}

# (plan field, result key, label, is money)
FIGURES = (
    ("money_target", "money", _("Kinh phí hỗ trợ (tổng)"), True),
    ("society_money_target", "society_money", _("Trong đó xã hội hóa"), True),
    ("people_trained_target", "people_trained", _("Số người được đào tạo, bồi dưỡng"), False),
    ("jobs_target", "jobs", _("Số việc làm tạo ra"), False),
    ("households_out_of_poverty_target", "households_out_of_poverty", _("Số hộ thoát nghèo"), False),
    ("models_target", "models", _("Số mô hình xây dựng, nhân rộng"), False),
)


@dataclass
class Figure:
    label: str
    target: int
    result: int
    is_money: bool = False

    @property
    def ratio(self) -> float | None:
        """Share of the target achieved; None when there was no target."""
        return self.result / self.target if self.target else None


@dataclass
class PlanVsResults:
    partnership: object
    year: int
    plan: AnnualPlan | None
    figures: list[Figure] = field(default_factory=list)
    categories: list[Figure] = field(default_factory=list)
    activities: int = 0

    @property
    def money(self) -> Figure:
        return self.figures[0]


def plans_vs_results(user, partnerships, year: int) -> list[PlanVsResults]:
    """One PlanVsResults per partnership in `partnerships` (already scoped, evaluated in order)."""
    partnerships = list(partnerships)
    ids = [p.pk for p in partnerships]
    plans = {p.partnership_id: p for p in AnnualPlan.objects.visible_to(user).filter(partnership_id__in=ids, year=year)}
    targets = defaultdict(dict)
    for target in PlanCategoryTarget.objects.filter(plan__in=[p.pk for p in plans.values()]):
        targets[target.plan_id][target.category_id] = target.activities_target

    approved = Activity.objects.visible_to(user).filter(
        partnership_id__in=ids, status=ActivityStatus.APPROVED, start_date__year=year
    )
    sums = {
        row.pop("partnership_id"): row
        for row in approved.order_by().values("partnership_id").annotate(activities=Count("id"), **RESULT_SUMS)
    }
    per_category = defaultdict(dict)
    for row in approved.order_by().values("partnership_id", "category_id").annotate(n=Count("id")):
        per_category[row["partnership_id"]][row["category_id"]] = row["n"]
    models = dict(
        DevelopmentModel.objects.visible_to(user)
        .filter(partnership_id__in=ids, started_on__year=year)
        .order_by()
        .values("partnership_id")
        .annotate(n=Count("id"))
        .values_list("partnership_id", "n")
    )
    categories = list(ActivityCategory.objects.all())

    rows = []
    for partnership in partnerships:
        plan = plans.get(partnership.pk)
        results = dict(sums.get(partnership.pk) or {})
        results["models"] = models.get(partnership.pk, 0)
        row = PlanVsResults(partnership=partnership, year=year, plan=plan, activities=results.get("activities", 0))
        for plan_field, key, label, is_money in FIGURES:
            row.figures.append(
                Figure(str(label), getattr(plan, plan_field, 0) if plan else 0, results.get(key) or 0, is_money)
            )
        plan_targets = targets.get(plan.pk, {}) if plan else {}
        counts = per_category.get(partnership.pk, {})
        for category in categories:
            if category.is_active or category.pk in plan_targets or category.pk in counts:
                row.categories.append(Figure(category.name, plan_targets.get(category.pk, 0), counts.get(category.pk, 0)))
        rows.append(row)
    return rows


@dataclass(frozen=True)
class TreeNode:
    model: DevelopmentModel
    depth: int  # 0: the root (the original model)
    is_current: bool


MAX_TREE_DEPTH = 20  # a replication chain is a few levels; the bound guards against a cycle in bad data


def replication_tree(model: DevelopmentModel, user) -> list[TreeNode]:
    """The model's whole replication family as the user may see it: its ancestors up to the
    original, then every descendant, depth first (replicas by start date), each with its
    commune (and district) and stage. One query per level of the family."""
    visible = DevelopmentModel.objects.visible_to(user).select_related(*geography.naming_joins("commune"), "partnership__agency")
    root = model
    for _level in range(MAX_TREE_DEPTH):
        if not root.replicated_from_id:
            break
        parent = visible.filter(pk=root.replicated_from_id).first()
        if parent is None:  # the original belongs to an area the user does not see
            break
        root = parent
    children: dict[int, list[DevelopmentModel]] = defaultdict(list)
    level = [root.pk]
    for _level in range(MAX_TREE_DEPTH):
        replicas = list(visible.filter(replicated_from__in=level).order_by("started_on", "pk"))
        if not replicas:
            break
        for replica in replicas:
            children[replica.replicated_from_id].append(replica)
        level = [replica.pk for replica in replicas]
    if root.pk == model.pk:
        root = model
    nodes: list[TreeNode] = []

    def walk(node: DevelopmentModel, depth: int) -> None:
        nodes.append(TreeNode(node, depth, node.pk == model.pk))
        for child in children.get(node.pk, []):
            if depth < MAX_TREE_DEPTH:
                walk(child, depth + 1)

    walk(root, 0)
    return nodes
