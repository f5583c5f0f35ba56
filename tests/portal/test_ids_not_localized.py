"""USE_THOUSAND_SEPARATOR would print id 4613 as "4.613" in form values, and the bulk approval
(or the coordinator's agency choice on the import page) would then post an id that does not
exist. On PostgreSQL ids pass 1000 quickly (sequences are not reset between tests, nor in use)."""

import pytest
from django.urls import reverse

from tests.factories import ActivityFactory, AgencyFactory


@pytest.mark.django_db
def test_ids_in_form_values_are_plain(client, coordinator, partnership):
    ActivityFactory(pk=4613, partnership=partnership, status="submitted")
    AgencyFactory(pk=1234, name="Ban Dân tộc tỉnh")
    client.force_login(coordinator)
    listing = client.get(reverse("partnerships:activity_list")).content.decode()
    assert 'value="4613"' in listing and "4.613" not in listing
    upload = client.get(reverse("partnerships:import_upload")).content.decode()
    assert '<option value="1234">' in upload
