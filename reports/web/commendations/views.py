"""Propose a review's commendations from the evaluation: reports owns the scoring, inspections
owns the list, so the proposal is made here and written through inspections' service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.templatetags.ketnghia import format_number
from inspections import services as inspection_services
from inspections.models import CommendationForm, Review
from partnerships.exceptions import NotPermitted
from reports.evaluation import evaluate
from reports.selectors import ReportFilter


@login_required
@require_POST
def commendations_propose(request, pk):
    review = get_object_or_404(Review, pk=pk)
    evaluation = evaluate(ReportFilter(year_from=review.year_from, year_to=review.year_to))
    collectives = [
        (item.agency, _("Xếp loại %(classification)s giai đoạn %(years)s (%(score)s điểm)") % {
            "classification": item.classification_label.lower(), "years": review.years_label,
            "score": format_number(round(item.score)) if item.score is not None else "–"})
        for item in evaluation.commendations
    ]
    try:
        added = inspection_services.commendations_propose(
            actor=request.user, review=review, collectives=collectives, form=CommendationForm.CERTIFICATE_PROVINCE)
    except NotPermitted as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, _("Đã đề xuất thêm %(count)s tập thể từ kết quả đánh giá; danh sách vẫn sửa được.")
                     % {"count": len(added)})
    return redirect("inspections:review_detail", review.pk)
