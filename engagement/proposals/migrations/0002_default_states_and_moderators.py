"""The default proposal states, and the permissions of the "Moderators" group (Wagtail makes the group)."""

from django.db import migrations

from home.groups import COMMUNICATIONS_STAFF, ensure_group, snippet_permissions

STATES = [
    # slug, fi, sv, public, decision, closed
    ("received", "Vastaanotettu", "Mottaget", False, False, False),
    ("published", "Julkaistu", "Publicerat", True, False, False),
    ("in-preparation", "Valmistelussa", "Under beredning", True, False, False),
    ("accepted", "Päätetty: hyväksytty", "Beslutat: godkänt", True, True, False),
    ("partly-accepted", "Päätetty: osittain hyväksytty", "Beslutat: delvis godkänt", True, True, False),
    ("not-accepted", "Päätetty: ei hyväksytty", "Beslutat: inte godkänt", True, True, False),
    ("implemented", "Toteutettu", "Genomfört", True, True, True),
    ("closed", "Suljettu", "Avslutat", True, False, True),
]


def create_states(apps, schema_editor):
    ProposalState = apps.get_model("proposals", "ProposalState")
    for order, (slug, fi, sv, public, decision, closed) in enumerate(STATES):
        ProposalState.objects.get_or_create(
            slug=slug,
            defaults={
                "name_fi": fi,
                "name_sv": sv,
                "sort_order": order * 10,
                "is_public": public,
                "is_decision": decision,
                "is_closed": closed,
            },
        )


def grant_permissions(apps, schema_editor):
    ensure_group(
        apps,
        "Moderators",
        permissions=[
            "wagtailadmin.access_admin",
            "proposals.view_proposal",
            "proposals.change_proposal",
            "proposals.view_support",
            "proposals.change_support",
            "proposals.delete_support",
            *snippet_permissions("proposals", "proposaltheme", "proposalstate"),
        ],
    )
    ensure_group(apps, COMMUNICATIONS_STAFF, permissions=snippet_permissions("proposals", "proposaltheme"))


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("home", "0003_communications_staff_group"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [
        migrations.RunPython(create_states, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
