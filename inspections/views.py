"""Pages for inspections and reviews. Thin: rows from selectors (out of scope → 404), "may" from
policy (→ 403 or the button is absent), writes through services (a rule's refusal → a message)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerships.exceptions import DomainError, NotPermitted

from partnerships.access import policy

from . import exports, selectors, services
from .forms import (
    CommendationForm,
    FollowUpForm,
    InspectionFileForm,
    InspectionPlanForm,
    InspectionResultForm,
    RecommendationFormSet,
    ReviewFileForm,
    ReviewForm,
    TeamFormSet,
)
from .models import Commendation, Inspection, InspectionKind, InspectionStatus, Recommendation, Review


def _refusal(error) -> str:
    return error.message if isinstance(error, DomainError) else " ".join(error.messages)


def _scoped(request):
    return Inspection.objects.visible_to(request.user).select_related(
        "agency", "partnership__agency", "partnership__unit", "unit"
    )


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return timezone.localdate().year


@login_required
def inspection_list(request):
    year = _year(request)
    rows = _scoped(request).filter(year=year).annotate(
        recommendation_count=Count("recommendations", distinct=True),
        overdue_count=Count("recommendations", distinct=True, filter=Q(
            recommendations__follow_up="open", recommendations__deadline__lt=timezone.localdate())),
    )
    kind = request.GET.get("kind")
    if kind in InspectionKind.values:
        rows = rows.filter(kind=kind)
    status = request.GET.get("status")
    if status in InspectionStatus.values:
        rows = rows.filter(status=status)
    if request.GET.get("xuat") == "xlsx":  # what the page lists, as a workbook
        conditions = [str(label) for value, label in InspectionKind.choices if value == kind]
        conditions += [str(label) for value, label in InspectionStatus.choices if value == status]
        stream = exports.inspection_list_xlsx(rows.select_related("agency", "partnership__agency", "partnership__unit",
                                                                  "unit"), year=year, conditions=conditions)
        return FileResponse(stream, as_attachment=True, content_type=exports.XLSX,
                            filename=f"kiem-tra-giam-sat-{year}.xlsx")
    this_year = timezone.localdate().year
    return render(request, "inspections/inspection_list.html", {
        "year": year, "rows": rows, "figures": selectors.year_figures(request.user, year),
        "years": range(this_year + 1, this_year - 6, -1), "kinds": InspectionKind.choices,
        "statuses": InspectionStatus.choices, "kind": kind, "status": status,
        "may_plan": policy.may_plan_inspections(request.user),
    })


def _team_initial(inspection):
    return [{"name": m.name, "position": m.position, "body": m.body, "is_lead": m.is_lead}
            for m in inspection.team.all()] if inspection else []


def _team(formset):
    return [{key: form.cleaned_data[key] for key in ("name", "position", "body", "is_lead")}
            for form in formset if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _plan_form(request, inspection=None):
    if not policy.may_plan_inspections(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh lập kế hoạch kiểm tra, giám sát."))
    form = InspectionPlanForm(request.POST or None, instance=inspection, user=request.user)
    team = TeamFormSet(request.POST or None, prefix="team", initial=_team_initial(inspection))
    if request.method == "POST" and form.is_valid() and team.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.INSPECTION_FIELDS}
        try:
            if inspection:
                inspection = services.inspection_update(actor=request.user, inspection=inspection,
                                                        team=_team(team), **fields)
            else:
                inspection = services.inspection_plan(actor=request.user, team=_team(team), **fields)
        except (DomainError, ValidationError) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã lưu kế hoạch kiểm tra."))
            return redirect("inspections:detail", inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form, "team": team, "inspection": inspection})


@login_required
def inspection_create(request):
    return _plan_form(request)


@login_required
def inspection_update(request, pk):
    return _plan_form(request, get_object_or_404(_scoped(request), pk=pk))


@login_required
def inspection_detail(request, pk):
    inspection = get_object_or_404(
        _scoped(request).prefetch_related(
            "team", "files", "checked_activities", "checked_models", "checked_plans__partnership__unit",
            Prefetch("recommendations", queryset=Recommendation.objects.select_related(
                "owner_agency", "owner_unit", "reported_by")),
        ), pk=pk,
    )
    recommendations = [
        (rec, FollowUpForm(prefix=f"r{rec.pk}", initial={"note": rec.follow_up_note, "done": rec.follow_up == "done"})
         if policy.may_report_follow_up(request.user, rec) else None)
        for rec in inspection.recommendations.all()
    ]
    return render(request, "inspections/inspection_detail.html", {
        "inspection": inspection, "recommendations": recommendations, "today": timezone.localdate(),
        "may_record": policy.may_record_inspections(request.user), "file_form": InspectionFileForm(),
    })


@login_required
def inspection_record(request, pk):
    inspection = get_object_or_404(_scoped(request), pk=pk)
    if not policy.may_record_inspections(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh ghi kết quả kiểm tra, giám sát."))
    initial = {"done_date": inspection.done_date, "rating": inspection.rating, "findings": inspection.findings,
               "conclusion": inspection.conclusion, "activities": inspection.checked_activities.all(),
               "models": inspection.checked_models.all(), "plans": inspection.checked_plans.all()}
    form = InspectionResultForm(request.POST or None, inspection=inspection, initial=initial)
    formset = RecommendationFormSet(request.POST or None, prefix="rec")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        new = [{key: sub.cleaned_data[key] for key in ("text", "owner_agency", "owner_unit", "deadline")}
               for sub in formset if sub.cleaned_data]
        try:
            services.inspection_record(
                actor=request.user, inspection=inspection, done_date=data["done_date"], findings=data["findings"],
                rating=data["rating"], conclusion=data["conclusion"], activities=data["activities"],
                models=data["models"], plans=data["plans"], recommendations=new,
            )
        except (DomainError, ValidationError) as error:  # a rule refused it: nothing was written
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã ghi kết quả kiểm tra."))
            return redirect("inspections:detail", inspection.pk)
    return render(request, "inspections/inspection_record.html",
                  {"inspection": inspection, "form": form, "formset": formset})


@login_required
@require_POST
def inspection_cancel(request, pk):
    inspection = get_object_or_404(_scoped(request), pk=pk)
    try:
        services.inspection_cancel(actor=request.user, inspection=inspection)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    except (DomainError, ValidationError) as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("Đã hủy cuộc kiểm tra."))
    return redirect("inspections:detail", pk)


@login_required
@require_POST
def recommendation_report(request, pk):
    recommendation = get_object_or_404(selectors.visible_recommendations(request.user).select_related("owner_unit"),
                                       pk=pk)
    form = FollowUpForm(request.POST, request.FILES, prefix=f"r{pk}")
    if form.is_valid():
        try:
            services.recommendation_report(actor=request.user, recommendation=recommendation,
                                           note=form.cleaned_data["note"], done=form.cleaned_data["done"],
                                           evidence=form.cleaned_data["evidence"])
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
        except (DomainError, ValidationError) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã gửi báo cáo thực hiện kiến nghị."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(f"{recommendation.inspection.get_absolute_url()}#kien-nghi-{pk}")


@login_required
@require_POST
def inspection_file_add(request, pk):
    inspection = get_object_or_404(_scoped(request), pk=pk)
    form = InspectionFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.inspection_file_add(actor=request.user, inspection=inspection,
                                         upload=form.cleaned_data["file"], kind=form.cleaned_data["kind"])
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
        except (DomainError, ValidationError) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã đính kèm tệp."))
    else:
        messages.error(request, _("Hãy chọn tệp cần đính kèm."))
    return redirect("inspections:detail", pk)


def _serve(field, name):
    try:
        return FileResponse(field.open("rb"), as_attachment=True, filename=name)
    except FileNotFoundError as error:
        raise Http404(_("Tệp không còn trên máy chủ.")) from error


@login_required
def inspection_file(request, pk, file_pk):
    inspection = get_object_or_404(_scoped(request), pk=pk)
    row = get_object_or_404(inspection.files, pk=file_pk)
    return _serve(row.file, row.original_name)


@login_required
def recommendation_evidence(request, pk):
    recommendation = get_object_or_404(selectors.visible_recommendations(request.user), pk=pk)
    if not recommendation.evidence:
        raise Http404
    return _serve(recommendation.evidence, recommendation.evidence_name or "minh-chung")


# --- reviews -------------------------------------------------------------------------------

def _require_read_reviews(request):
    if not policy.may_read_reviews(request.user):
        raise PermissionDenied(_("Sơ kết, tổng kết dành cho cán bộ tổng hợp và lãnh đạo tỉnh."))


@login_required
def review_list(request):
    _require_read_reviews(request)
    reviews = Review.objects.annotate(commendation_count=Count("commendations"))
    return render(request, "inspections/review_list.html",
                  {"reviews": reviews, "may_manage": policy.may_manage_reviews(request.user)})


def _review_form(request, review=None):
    if not policy.may_manage_reviews(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh quản lý sơ kết, tổng kết."))
    form = ReviewForm(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_save(actor=request.user, review=review,
                                          **{name: form.cleaned_data[name] for name in services.REVIEW_FIELDS})
        except (DomainError, ValidationError) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("inspections:review_detail", review.pk)
    return render(request, "inspections/review_form.html", {"form": form, "review": review})


@login_required
def review_create(request):
    return _review_form(request)


@login_required
def review_update(request, pk):
    return _review_form(request, get_object_or_404(Review, pk=pk))


@login_required
def review_detail(request, pk):
    _require_read_reviews(request)
    review = get_object_or_404(Review.objects.prefetch_related("files"), pk=pk)
    commendations = review.commendations.select_related("agency", "unit")
    may_manage = policy.may_manage_reviews(request.user)
    return render(request, "inspections/review_detail.html", {
        "review": review, "collectives": [c for c in commendations if c.kind == Commendation.Kind.COLLECTIVE],
        "individuals": [c for c in commendations if c.kind == Commendation.Kind.INDIVIDUAL],
        "may_manage": may_manage, "form": CommendationForm() if may_manage else None,
        "file_form": ReviewFileForm() if may_manage else None,
    })


@login_required
def commendation_edit(request, pk, commendation_pk=None):
    review = get_object_or_404(Review, pk=pk)
    if not policy.may_manage_reviews(request.user):
        raise PermissionDenied(_("Chỉ cán bộ tổng hợp cấp tỉnh sửa danh sách khen thưởng."))
    row = get_object_or_404(review.commendations, pk=commendation_pk) if commendation_pk else None
    form = CommendationForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.commendation_save(actor=request.user, review=review, commendation=row,
                                       **{name: form.cleaned_data[name] for name in services.COMMENDATION_FIELDS})
        except (DomainError, ValidationError) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã lưu danh sách khen thưởng."))
            return redirect("inspections:review_detail", review.pk)
    return render(request, "inspections/commendation_form.html", {"form": form, "review": review, "row": row})


@login_required
@require_POST
def commendation_delete(request, pk, commendation_pk):
    review = get_object_or_404(Review, pk=pk)
    row = get_object_or_404(review.commendations, pk=commendation_pk)
    try:
        services.commendation_delete(actor=request.user, commendation=row)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("Đã xóa khỏi danh sách."))
    return redirect("inspections:review_detail", review.pk)


@login_required
@require_POST
def review_file_add(request, pk):
    review = get_object_or_404(Review, pk=pk)
    form = ReviewFileForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.review_file_add(actor=request.user, review=review, upload=form.cleaned_data["file"],
                                     title=form.cleaned_data["title"])
        except NotPermitted as error:
            raise PermissionDenied(error.message) from error
        except (DomainError, ValidationError) as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
    else:
        messages.error(request, _("Hãy chọn tệp cần đính kèm."))
    return redirect("inspections:review_detail", pk)


@login_required
def review_file(request, pk, file_pk):
    _require_read_reviews(request)
    row = get_object_or_404(get_object_or_404(Review, pk=pk).files, pk=file_pk)
    return _serve(row.file, row.original_name)


@login_required
def commendation_export(request, pk, fmt):
    _require_read_reviews(request)
    if fmt not in ("docx", "xlsx"):
        raise Http404
    review = get_object_or_404(Review, pk=pk)
    rows = list(review.commendations.select_related("agency", "unit"))
    if fmt == "docx":
        stream, name, content_type = exports.commendation_docx(review, rows)
    else:
        stream, name, content_type = exports.commendation_xlsx(review, rows)
    return FileResponse(stream, as_attachment=True, filename=name, content_type=content_type)
