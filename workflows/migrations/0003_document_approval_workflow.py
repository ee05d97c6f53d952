"""The default "Document approval" workflow (review, then approval) on the library
root, so every controlled document goes through it."""

from django.db import migrations

LIBRARY_URL_PATH = "/home/library/"


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")

    def task(model_name, name, group_name, **fields):
        model = apps.get_model("workflows", model_name)
        content_type, _ = ContentType.objects.get_or_create(
            app_label="workflows", model=model_name.lower()
        )
        created = model.objects.create(name=name, content_type=content_type, **fields)
        created.groups.add(Group.objects.get(name=group_name))
        return created

    workflow = Workflow.objects.create(name="Document approval", active=True)
    review = task("DocumentReviewTask", "Review", "Reviewers")
    approval = task("DocumentApprovalTask", "Approval", "Approvers")
    for sort_order, each in enumerate([review, approval]):
        WorkflowTask.objects.create(workflow=workflow, task=each, sort_order=sort_order)
    WorkflowPage.objects.create(
        page=Page.objects.get(url_path=LIBRARY_URL_PATH), workflow=workflow
    )


def remove_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore.Workflow")
    workflow = Workflow.objects.get(name="Document approval")
    apps.get_model("wagtailcore.WorkflowPage").objects.filter(
        workflow=workflow
    ).delete()
    workflow.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0002_tasks_and_sign_offs"),
        ("policies", "0004_groups_and_permissions"),
    ]

    operations = [migrations.RunPython(create_workflow, remove_workflow)]
