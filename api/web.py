"""The user's own API-token page: create (the key is shown once, on the response to the POST,
never stored in clear), list, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from partnerships.access import policy
from partnerships.exceptions import NotPermitted

from . import tokens
from .forms import TokenForm
from .models import ApiToken


@never_cache
@login_required
def token_list(request):
    if not policy.may_use_api(request.user):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            token, new_key = tokens.token_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except NotPermitted as error:
            raise PermissionDenied(str(error)) from None
        else:
            form = TokenForm()
    context = {
        "form": form,
        "new_key": new_key,
        "tokens": ApiToken.objects.filter(user=request.user),
    }
    return render(request, "api/tokens.html", context)


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
    return redirect("api:tokens")
