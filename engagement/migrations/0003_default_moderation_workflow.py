"""Make sure submitted pages have a workflow to go through: "Moderators approval" on the root page.

Wagtail creates it on a fresh install; this only fills the gap on a database where it was removed.
"""

from django.db import migrations


def ensure_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    root = Page.objects.filter(depth=1).first()
    if root is None or WorkflowPage.objects.filter(page=root).exists():
        return
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.filter(name="Moderators approval", active=True).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name="Moderators approval", content_type=content_type, active=True)
        task.groups.add(moderators)
    workflow = Workflow.objects.filter(name="Moderators approval", active=True).first()
    if workflow is None:
        workflow = Workflow.objects.create(name="Moderators approval", active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(page=root, workflow=workflow)


class Migration(migrations.Migration):
    dependencies = [
        ("engagement", "0002_page_submission"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("home", "0002_locales_and_home_pages"),
    ]

    operations = [migrations.RunPython(ensure_workflow, migrations.RunPython.noop)]
