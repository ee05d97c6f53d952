"""The admin's pages: webhooks (Settings → Webhooks) and their delivery log
(Settings → Webhook deliveries). Superusers only (webhooks.permissions)."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet

from .actions import RetryDeliveryAction
from .forms import WebhookForm
from .models import Webhook, WebhookDelivery


class SecretPanel(FieldPanel):
    """The secret, read-only, on the edit page only: it exists once the webhook
    is saved, and the receiver needs it to verify signatures."""

    class BoundPanel(FieldPanel.BoundPanel):
        def is_shown(self):
            return self.instance.pk is not None


class WebhookCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class WebhookViewSet(ModelViewSet):
    model = Webhook
    icon = "link-external"
    menu_label = "Webhooks"
    add_to_settings_menu = True
    add_view_class = WebhookCreateView
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = [
        TitleColumn("name", url_name="webhooks:edit"),
        Column("url", label="URL"),
        Column("events_label", label="Events"),
        Column("active"),
        Column("created_at", label="Created"),
    ]
    list_filter = ["active"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("active"),
            FieldPanel("include_confidential"),
            SecretPanel(
                "secret",
                read_only=True,
                help_text="Give this to the receiver: it verifies each request's "
                "X-ITSMS-Signature with it.",
            ),
        ],
        base_form_class=WebhookForm,
    )


class DeliveryInspectView(InspectView):
    template_name = "webhooks/delivery_inspect.html"
    fields = [
        "webhook",
        "event_type",
        "document_number",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "event_id",
        "delivery_id",
    ]

    def get_object(self, queryset=None):
        return get_object_or_404(
            WebhookDelivery.objects.select_related("webhook"), pk=self.pk
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["payload"] = json.dumps(self.object.payload, indent=2, sort_keys=True)
        action = RetryDeliveryAction(self.object, user=self.request.user)
        if action.is_available():
            context["retry_url"] = reverse(
                "webhook_deliveries:retry", args=(self.object.pk,)
            )
        return context


class DeliveryViewSet(ModelViewSet):
    """The delivery log: read-only; a failed delivery can be retried."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = "Webhook deliveries"
    add_to_settings_menu = True
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = []
    list_filter = ["webhook", "status", "event_type"]
    list_display = [
        TitleColumn(
            "event_type",
            label="Event",
            accessor="get_event_type_display",
            url_name="webhook_deliveries:inspect",
        ),
        Column("document_number", label="Document"),
        Column("webhook", label="Webhook"),
        StatusTagColumn(
            "status",
            accessor="get_status_display",
            primary=lambda delivery: delivery.status != "failed",
        ),
        Column("attempts"),
        Column("last_status_code", label="Last answer"),
        Column("created_at", label="Created"),
    ]

    def get_queryset(self, request):
        return WebhookDelivery.objects.select_related("webhook")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("retry/<int:pk>/", retry_delivery, name="retry"),
        ]


@require_POST
def retry_delivery(request, pk):
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    inspect_url = reverse("webhook_deliveries:inspect", args=(pk,))
    try:
        # PermissionDenied passes through: Wagtail answers it for the admin.
        RetryDeliveryAction(delivery, user=request.user).execute()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(inspect_url)
    messages.success(
        request,
        format_html("Delivery to {} queued to be tried again now.", delivery.webhook),
    )
    return redirect(inspect_url)
