"""Accounts that resist guessing, and safe defaults: throttled logins with an
administrator's unlock, passwords people can change and reset, sessions that end
after a working day idle, names only administrators change, a Content-Security-
Policy, private responses, mail that a title cannot stop, saves that do not
overwrite someone else's, and clear pages instead of bare 500s."""

import errno
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model

from policies.models import PolicyPage
from tests.factories import PASSWORD, make_document, make_user
from tests.workflows.helpers import act, client_for, edit_data, submit


def log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_until_an_administrator_unlocks(
    owner,
):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "owner", "wrong")
    locked = log_in(client, "owner", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session

    admin = make_user(username="root", is_superuser=True, is_staff=True)
    attempts = client_for(admin).get(reverse("locked_out_logins:index"))
    assert "owner" in attempts.content.decode()
    attempt = AccessAttempt.objects.get(username="owner")
    client_for(admin).post(reverse("locked_out_logins:delete", args=(attempt.pk,)))
    assert log_in(client, "owner", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_everyone_changes_their_own_password(staff):
    client = client_for(staff)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-passphrase-26",
            "new_password2": "a-much-longer-passphrase-26",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password("a-much-longer-passphrase-26")


@pytest.mark.django_db
def test_a_password_reset_by_email_works_end_to_end(staff):
    client = Client()
    client.post(reverse("password_reset"), {"email": staff.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {
            "new_password1": "quiet-river-stone-42",
            "new_password2": "quiet-river-stone-42",
        },
    )
    assert done.status_code == 302
    assert log_in(Client(), "staff", "quiet-river-stone-42").status_code == 302


@pytest.mark.django_db
def test_weak_passwords_are_refused(staff):
    response = client_for(staff).post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "1234", "new_password2": "1234"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()


@pytest.mark.django_db
def test_a_session_ends_after_a_working_day_idle(owner):
    client = Client()
    log_in(client, "owner", PASSWORD)
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert 0 < client.session.get_expiry_age() <= 8 * 3600


@pytest.mark.django_db
def test_only_administrators_change_display_names_and_addresses(owner):
    page = client_for(owner).get(reverse("wagtailadmin_account")).content.decode()
    assert 'name="name_email-first_name"' not in page
    client_for(owner).post(
        reverse("wagtailadmin_account"),
        {"name_email-first_name": "Approver", "name_email-email": "a@example.com"},
    )
    owner.refresh_from_db()
    assert (owner.first_name, owner.email) == ("Olivia", "owner@example.com")


@pytest.mark.django_db
def test_responses_carry_a_content_security_policy_and_stay_private(staff_client):
    response = staff_client.get("/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_line_break_in_a_title_does_not_stop_the_mail(
    issued_policy, owner, reviewer, django_capture_on_commit_callbacks
):
    PolicyPage.objects.filter(pk=issued_policy.pk).update(title="Access\npolicy")
    issued_policy.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        submit(client_for(owner), issued_policy, owner)
    assert [m.subject for m in mail.outbox if m.to == [reviewer.email]] == [
        "[POL-001] Review needed: Access policy"
    ]


@pytest.mark.django_db
def test_a_save_over_a_newer_draft_is_refused_and_says_who(issued_policy, owner):
    colleague = make_user("Document owners", first_name="Ken", last_name="Kaur")
    issued_policy.document_owner = colleague
    PolicyPage.objects.filter(pk=issued_policy.pk).update(document_owner=colleague)
    loaded = issued_policy.latest_revision_id
    draft = issued_policy.get_latest_revision_as_object()
    draft.purpose = "Ken's change."
    draft.save_revision(user=colleague)
    data = edit_data(issued_policy, owner, purpose="Olivia's change.")
    data["document_owner"] = colleague.pk
    data["loaded_revision_id"] = loaded
    response = client_for(colleague).post(
        reverse("wagtailadmin_pages:edit", args=(issued_policy.pk,)), data
    )
    assert response.status_code == 200
    assert "Ken Kaur saved a newer version" in response.content.decode()
    assert "Olivia&#x27;s change." in response.content.decode(), "typed text kept"
    issued_policy.refresh_from_db()
    assert issued_policy.get_latest_revision().content["purpose"] == "Ken's change."


@pytest.mark.django_db
def test_a_malformed_editor_post_is_a_clear_400(issued_policy, owner):
    data = edit_data(issued_policy, owner)
    data["body-count"] = "not a number"
    response = client_for(owner).post(
        reverse("wagtailadmin_pages:edit", args=(issued_policy.pk,)), data
    )
    assert response.status_code == 400
    assert "Nothing was saved" in response.content.decode()


class ReadOnlyStorage(FileSystemStorage):
    """A file store on a read-only disk."""

    def _save(self, name, content):
        raise OSError(errno.EROFS, "Read-only file system", name)


@pytest.mark.django_db
def test_an_unwritable_file_store_is_a_clear_503(owner, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ReadOnlyStorage"},
    }
    response = client_for(owner).post(
        reverse("wagtaildocs:add"),
        {
            "title": "Contract",
            "file": SimpleUploadedFile("contract.txt", b"Signed contract"),
            "collection": 1,
        },
    )
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert not get_document_model().objects.filter(title="Contract").exists()


@pytest.mark.django_db
def test_a_nul_in_the_audit_export_filters_is_a_400(auditor):
    response = client_for(auditor).get("/audit/export/", {"document": "POL\x00"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_change_of_readers_is_a_controlled_change(
    library, owner, reviewer, approver, staff
):
    document = make_document(
        PolicyPage, library, owner=owner, classification="confidential"
    )
    assert client_for(staff).get(document.url).status_code == 404
    data = edit_data(document, owner, purpose=document.purpose)
    data["classification"] = "confidential"
    data["reader_users"] = [staff.pk]
    data.update(change_summary="Staff may read it.", significance="minor")
    data["action-submit"] = "Submit"
    client_for(owner).post(
        reverse("wagtailadmin_pages:edit", args=(document.pk,)), data
    )
    assert client_for(staff).get(document.url).status_code == 404, "not approved yet"
    diff = client_for(reviewer).get(
        f"/documents/{document.document_number}/diff/1.0/draft/"
    )
    assert "Readers (people)" in diff.content.decode()
    act(client_for(reviewer), document, "approve")
    act(client_for(approver), document, "approve")
    assert client_for(staff).get(document.url).status_code == 200
