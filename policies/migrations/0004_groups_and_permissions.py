"""The groups of docs/invariants.md (Roles) and their permissions, so nobody configures them by hand.

Document owners may add and edit pages under the library root but never publish: only
the approval workflow makes content live. Wagtail's starter groups (Editors,
Moderators) are removed: Moderators could publish without approval; the starter
"Moderators approval" workflow goes with them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LIBRARY_URL_PATH = "/home/library/"

# Everyone who works in the admin uses it and reads the clause catalogue.
ADMIN_READER = [
    ("wagtailadmin", "admin", "access_admin"),
    ("policies", "clause", "view_clause"),
    ("policies", "processarea", "view_processarea"),
]
GROUP_PERMISSIONS = {
    "Document owners": ADMIN_READER,
    "Reviewers": ADMIN_READER,
    "Approvers": ADMIN_READER,
    "Auditors": ADMIN_READER,
    "Staff": [],
}
LIBRARY_PAGE_PERMISSIONS = {"Document owners": ["add_page", "change_page"]}
ROOT_COLLECTION_PERMISSIONS = {
    # No change_document: replacing a file in place would bypass approval.
    "Document owners": ["add_document", "choose_document"],
}


def ensure_permissions(apps):
    # Model permissions are normally created after all migrations have run.
    for app_label in ("wagtailcore", "wagtaildocs", "policies"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth.Group")
    # Wagtail's starter groups: Moderators may publish anywhere, which would bypass
    # the approval workflow. Its starter workflow, whose only task was for Moderators,
    # is switched off so that nothing waits on a task nobody can act on.
    Group.objects.filter(name__in=["Moderators", "Editors"]).delete()
    Workflow = apps.get_model("wagtailcore.Workflow")
    starter = Workflow.objects.filter(name="Moderators approval")
    apps.get_model("wagtailcore.WorkflowPage").objects.filter(
        workflow__in=starter
    ).delete()
    starter.update(active=False)
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    library = Page.objects.get(url_path=LIBRARY_URL_PATH)
    root_collection = Collection.objects.get(depth=1)
    for name, permissions in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *[
                Permission.objects.get(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename=codename,
                )
                for app_label, model, codename in permissions
            ]
        )
        for codename in LIBRARY_PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=library,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for codename in ROOT_COLLECTION_PERMISSIONS.get(name, []):
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label="wagtaildocs", codename=codename
                ),
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0003_site_tree"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
