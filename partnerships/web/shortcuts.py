"""What every portal page does the same way: a row in the user's scope or 404, a form saved through a service."""


from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from common.forms import add_validation_error
from partnerships.exceptions import DomainError, NotPermitted


def scoped_or_404(model, user, **lookup):
    return get_object_or_404(model.objects.visible_to(user), **lookup)



def save_through(form, service, **kwargs):
    """Call a write service for a valid form; a rule it refuses becomes a form error (None returned),
    a row the actor may not write is a 403."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        add_validation_error(form, error)
    except NotPermitted:
        raise PermissionDenied from None
    except DomainError as error:
        form.add_error(None, error.message)
    return None


