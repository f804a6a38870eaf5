"""GIN indexes for the "who to contact" search (PostgreSQL only).

The search matched each word against the text-search vector of every person of the language, computed
row by row (39 ms for the 1,008 people of a city's language). An index on exactly the expression the
search uses (home.models.contacts.search_vector), one for each language's configuration, answers it
from the index. Elsewhere the search works as before.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from home.models.contacts import TEXT_SEARCH_CONFIGS, search_vector


def indexes():
    return [GinIndex(search_vector(config), name=f"home_contact_search_{config}") for config in TEXT_SEARCH_CONFIGS.values()]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("home", "ContactPerson")
    for index in indexes():
        schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    model = apps.get_model("home", "ContactPerson")
    for index in indexes():
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):
    dependencies = [("home", "0009_page_id_as_text_index")]

    operations = [migrations.RunPython(create, drop)]
