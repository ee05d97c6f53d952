"""Retrying a failed delivery, in the manner of wagtail.actions: `check()` says
who may and why not, `execute()` makes the change."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from wagtail.actions.base import BaseAction
from wagtail.log_actions import log

from .models import WebhookDelivery
from .tasks import retry_now

LOG_ACTION = "itsms.webhook_retry"


class RetryDeliveryAction(BaseAction):
    """Try a failed delivery once more, now. Superusers only; a delivery that is
    pending or delivered has nothing to retry."""

    action_name = "retry"

    def __init__(self, delivery: WebhookDelivery, *, user):
        super().__init__(delivery, user=user)
        self.delivery = delivery

    def check(self, skip_permission_checks: bool = False) -> None:
        if not skip_permission_checks and not (
            self.user and self.user.is_active and self.user.is_superuser
        ):
            raise PermissionDenied("Only administrators retry webhook deliveries.")
        if self.delivery.status != WebhookDelivery.Status.FAILED:
            raise ValidationError("Only a failed delivery can be retried.")

    def is_available(self) -> bool:
        try:
            self.check()
        except (PermissionDenied, ValidationError):
            return False
        return True

    def execute(self, skip_permission_checks: bool = False) -> None:
        self.check(skip_permission_checks=skip_permission_checks)
        with transaction.atomic():
            log(
                instance=self.delivery,
                action=LOG_ACTION,
                user=self.user,
                data={"delivery": str(self.delivery.delivery_id)},
            )
            # Queued once the log entry is kept, like every other delivery.
            transaction.on_commit(lambda: retry_now(self.delivery))
