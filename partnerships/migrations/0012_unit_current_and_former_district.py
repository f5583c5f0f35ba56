"""Each unit's derived links for reports "as of today": the unit carrying its work now
(`current_unit`) and, for a unit without a district above it, the old district it was formed
from (`former_district`); computed from the successor map already loaded."""

import django.db.models.deletion
from django.db import migrations, models


def link(apps, schema_editor):
    # A frozen copy of partnerships.geography.link_units_forward as of this migration (migrations
    # import no project code): one generation of successors, as loaded in 2025.
    Unit = apps.get_model("partnerships", "AdministrativeUnit")
    Succession = apps.get_model("partnerships", "UnitSuccession")
    units = {pk: (level, parent) for pk, level, parent in Unit.objects.values_list("pk", "level", "parent_id")}
    current, districts = {}, {}
    for pred, succ, is_main in Succession.objects.values_list("predecessor_id", "successor_id", "is_main"):
        level, parent = units[pred]
        if level != "commune":
            continue
        if is_main:
            current[pred] = succ
        if parent and units[parent][0] == "district":
            counts = districts.setdefault(succ, {})
            counts[parent] = counts.get(parent, 0) + 1
    changed = [Unit(pk=pk, current_unit_id=succ) for pk, succ in current.items()]
    changed += [Unit(pk=pk, former_district_id=max(sorted(c), key=c.get)) for pk, c in districts.items()]
    Unit.objects.bulk_update([u for u in changed if u.current_unit_id], ["current_unit"], batch_size=500)
    Unit.objects.bulk_update([u for u in changed if u.former_district_id], ["former_district"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0011_activity_list_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='administrativeunit',
            name='current_unit',
            field=models.ForeignKey(blank=True, editable=False, help_text='Đơn vị mà số liệu của đơn vị đã sáp nhập được tính vào khi báo cáo theo địa giới hiện nay.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partnerships.administrativeunit', verbose_name='đơn vị hiện nay'),
        ),
        migrations.AddField(
            model_name='administrativeunit',
            name='former_district',
            field=models.ForeignKey(blank=True, editable=False, help_text='Huyện (đã bỏ cấp huyện) có các xã đã hợp thành đơn vị này.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='partnerships.administrativeunit', verbose_name='khu vực huyện cũ'),
        ),
        migrations.RunPython(link, migrations.RunPython.noop),
    ]
