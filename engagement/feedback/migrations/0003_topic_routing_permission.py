"""Only people who may read feedback decide where a topic's feedback goes (issue 13, finding 10).

Feedback handlers get the routing permission and may edit topics; Communications staff keep editing a
topic's public texts but no longer its notify address, handler group or contact people.
"""

from django.db import migrations

from home.groups import ensure_group


def grant_routing(apps, schema_editor):
    ensure_group(
        apps,
        "Feedback handlers",
        permissions=["feedback.change_feedbacktopic", "feedback.change_topic_routing"],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0002_feedback_handlers_group"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="feedbacktopic",
            options={
                "ordering": ["sort_order", "name"],
                "permissions": [("change_topic_routing", "Can change who is notified of a topic's feedback")],
                "verbose_name": "feedback topic",
                "verbose_name_plural": "feedback topics",
            },
        ),
        migrations.RunPython(grant_routing, migrations.RunPython.noop),
    ]
