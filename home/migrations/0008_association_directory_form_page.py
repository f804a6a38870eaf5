# The directory links to its form page (engagement.directory.AssociationFormPage).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0007_directory_permissions'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.AddField(
            model_name='associationindexpage',
            name='form_page',
            field=models.ForeignKey(blank=True, help_text='The page where associations add their entry or suggest an update.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailcore.page', verbose_name='form for associations'),
        ),
    ]
