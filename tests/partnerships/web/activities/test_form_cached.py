"""The activity form's drop-downs, cached per data version and scope (issue 15): each writer is
offered their own partnerships only, whoever opened the form before them."""

import datetime
import re

import pytest
from django.urls import reverse

from partnerships.models import Partnership, PartnershipStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("data_version_row")]

CREATE = reverse("partnerships:activity_create")



def offered(client, user):
    """Which partnerships the form's partnership drop-down offers (that drop-down's options only:
    on SQLite the ids are small and the other drop-downs have options of the same values)."""
    client.force_login(user)
    form = client.get(CREATE).content.decode()
    drop_down = re.search(r'<select name="partnership".*?</select>', form, re.S).group(0)
    return {str(p.pk): f'value="{p.pk}"' in drop_down for p in Partnership.objects.order_by("pk")}


def test_each_writer_is_offered_their_own_partnerships(client, officer, other_officer, coordinator,
                                                         partnership, other_partnership):
    mine, theirs = str(partnership.pk), str(other_partnership.pk)
    assert offered(client, coordinator) == {mine: True, theirs: True}
    assert offered(client, officer) == {mine: True, theirs: False}
    assert offered(client, other_officer) == {mine: False, theirs: True}
    assert offered(client, officer) == {mine: True, theirs: False}


def test_an_ended_partnership_is_no_longer_offered(client, officer, partnership):
    assert offered(client, officer)[str(partnership.pk)]
    Partnership.objects.filter(pk=partnership.pk).update(status=PartnershipStatus.ENDED, ended_on=datetime.date.today())
    assert not offered(client, officer)[str(partnership.pk)]
