"""The model page shows the whole replication family: the original, every ancestor, and all
descendants (not only the direct replicas), each with its commune, district and stage."""

import datetime
import re

import pytest
from django.urls import reverse

from partnerships.models import DevelopmentModel
from partnerships.selectors.plans import replication_tree
from tests.factories import CommuneFactory, DevelopmentModelFactory

pytestmark = pytest.mark.django_db
D = datetime.date
R = DevelopmentModel.Stage.REPLICATED


def test_the_page_shows_ancestors_and_all_descendants(client, coordinator, partnership, commune, district,
                                                      django_assert_max_num_queries):
    c2, c3, c4 = (CommuneFactory(name=n, parent=district) for n in ("Xã Lăng", "Xã Bhalêê", "Xã Ch'ơm"))
    root = DevelopmentModelFactory(name="Nuôi bò sinh sản", partnership=partnership, commune=commune,
                                   started_on=D(2022, 3, 1), stage=DevelopmentModel.Stage.DEVELOPED)
    child = DevelopmentModelFactory(name="Nuôi bò ở Lăng", partnership=partnership, commune=c2,
                                    started_on=D(2023, 3, 1), stage=R, replicated_from=root)
    grandchild = DevelopmentModelFactory(name="Nuôi bò ở Bhalêê", partnership=partnership, commune=c3,
                                         started_on=D(2024, 3, 1), stage=R, replicated_from=child)
    sibling = DevelopmentModelFactory(name="Nuôi bò ở Ch'ơm", partnership=partnership, commune=c4,
                                      started_on=D(2024, 5, 1), stage=R, replicated_from=root)
    with django_assert_max_num_queries(6):
        nodes = replication_tree(grandchild, coordinator)
    assert [(n.model.name, n.depth, n.is_current) for n in nodes] == [
        ("Nuôi bò sinh sản", 0, False), ("Nuôi bò ở Lăng", 1, False), ("Nuôi bò ở Bhalêê", 2, True),
        ("Nuôi bò ở Ch'ơm", 1, False)]
    client.force_login(coordinator)
    html = client.get(reverse("partnerships:model_detail", args=[child.pk])).content.decode()
    tree = re.search(r'<ul class="list-group list-group-flush" id="replication-tree">(.*?)</ul>', html, re.S).group(1)
    for name in ("Nuôi bò sinh sản", "Nuôi bò ở Lăng", "Nuôi bò ở Bhalêê", "Nuôi bò ở Ch&#x27;ơm"):
        assert name in tree, name
    assert "Xã Bhalêê – Huyện Tây Giang" in tree and "Phát triển" in tree and "Nhân rộng" in tree
    assert 'aria-current="true"' in tree and f'href="/mo-hinh/{grandchild.pk}/"' in tree  # two levels down
    assert sibling.pk
