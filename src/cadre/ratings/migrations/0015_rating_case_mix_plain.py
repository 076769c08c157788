"""A rating's case mix (body, point, type, employees) as plain columns: no foreign-key
constraints, no single-column indexes on point and type (decision 0010).

Each is a copy of the interaction's, whose constraints already keep them. On the rating a
constraint made every submission lock the shared parent rows (``FOR KEY SHARE`` on one
service type, one body, the employees) at commit, and the point and type indexes were a
few hot pages every rating wrote to. Found with ``bench/rating_submit.py``.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('orgs', '0003_fewer_indexes'),
        ('people', '0005_name_prefix_indexes'),
        ('ratings', '0014_service_type_names'),
    ]

    operations = [
        migrations.AlterField(
            model_name='rating',
            name='employees',
            field=models.ManyToManyField(db_constraint=False, related_name='+', to='people.employee', verbose_name='employees'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='organisation',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='orgs.organisation', verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='service_point',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ratings.servicepoint', verbose_name='service point'),
        ),
        migrations.AlterField(
            model_name='rating',
            name='service_type',
            field=models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='ratings.servicetype', verbose_name='service type'),
        ),
    ]
