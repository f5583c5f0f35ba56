"""Creating notices, e-mailing them, reminders. Called by the services where the events happen.

The in-app notice is a row written in the caller's transaction: it exists exactly when the event
does (a rolled-back submission leaves no notice). E-mail is only ever sent after that commit:
blocking events queue `send_notice_email` with `transaction.on_commit`, the rest wait for the
daily digest. A failed send is retried (with a delay where the task backend can defer) and then
picked up by the next digest; the notice itself is never touched by a failure.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_tasks import task

from .models import BLOCKING_EVENTS, EmailState, Notification, Preference, ReminderSchedule
from .registry import rules

logger = logging.getLogger(__name__)

MAX_IMMEDIATE_ATTEMPTS = 3


def wants_email(user) -> bool:
    if not user.email:
        return False
    preference = Preference.objects.filter(user=user).first()
    return preference.email_enabled if preference else True


def notify(*, recipients, event: str, title: str, url: str, body: str = "", key: str = "") -> list[Notification]:
    """One notice per distinct, active recipient; with a key, at most one per recipient ever."""
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if key:
        already = set(Notification.objects.filter(key=key, recipient_id__in=people).values_list("recipient_id", flat=True))
        people = {pk: user for pk, user in people.items() if pk not in already}
    disabled = set(Preference.objects.filter(user_id__in=people, email_enabled=False).values_list("user_id", flat=True))
    created = []
    for user in people.values():
        email = bool(user.email) and user.pk not in disabled
        notice = Notification(
            recipient=user, event=event, title=title[:300], body=body, url=url, key=key[:120],
            email_state=EmailState.PENDING if email else EmailState.NONE,
        )
        notice.full_clean()
        created.append(notice)
    with transaction.atomic():
        for notice in created:
            notice.save()
    if event in BLOCKING_EVENTS:
        for notice in created:
            if notice.email_state == EmailState.PENDING:
                _queue_email(notice.pk)
    return created


def _queue_email(notice_id: int, delay: int = 0) -> None:
    def send():
        task = send_notice_email.using(queue_name=settings.JOBS_QUEUE)
        if delay and task.get_backend().supports_defer:
            task = task.using(run_after=timezone.now() + timedelta(seconds=delay))
        task.enqueue(notice_id)

    transaction.on_commit(send)


def _absolute(url: str) -> str:
    return settings.PORTAL_URL.rstrip("/") + url if url.startswith("/") else url


def deliver(notice_id: int) -> bool:
    """Send one blocking notice's e-mail now. True when sent; a failure is retried, then left
    pending for the digest."""
    notice = Notification.objects.select_related("recipient").filter(pk=notice_id).first()
    if notice is None or notice.email_state != EmailState.PENDING:
        return False
    with override(settings.LANGUAGE_CODE):
        subject = _("[Kết nghĩa] %(title)s") % {"title": notice.title}
        text = render_to_string("notifications/email_notice.txt", {"notice": notice, "link": _absolute(notice.url)})
    try:
        send_mail(subject, text, None, [notice.recipient.email])
    except Exception:  # SMTP down, refused address, ...: the in-app notice stays as it is
        logger.exception("e-mail for notice %s failed", notice.pk)
        attempts = notice.email_attempts + 1
        Notification.objects.filter(pk=notice.pk).update(email_attempts=attempts)
        if attempts < MAX_IMMEDIATE_ATTEMPTS:
            with transaction.atomic():
                _queue_email(notice.pk, delay=60 * attempts)
        return False
    Notification.objects.filter(pk=notice.pk).update(
        email_state=EmailState.SENT, emailed_at=timezone.now(), email_attempts=notice.email_attempts + 1
    )
    return True


def send_digests(*, now=None) -> int:
    """One e-mail per person with every notice still waiting for e-mail. Returns e-mails sent."""
    now = now or timezone.now()
    waiting = Notification.objects.filter(email_state=EmailState.PENDING).select_related("recipient")
    by_user: dict = {}
    for notice in waiting.order_by("recipient_id", "created_at"):
        by_user.setdefault(notice.recipient, []).append(notice)
    sent = 0
    for user, notices in by_user.items():
        if not wants_email(user):
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(email_state=EmailState.NONE)
            continue
        with override(settings.LANGUAGE_CODE):
            subject = _("[Kết nghĩa] %(count)s việc đang chờ bạn") % {"count": len(notices)}
            text = render_to_string(
                "notifications/email_digest.txt",
                {"user": user, "items": [(n, _absolute(n.url)) for n in notices],
                 "inbox": _absolute("/thong-bao/")},
            )
        try:
            send_mail(subject, text, None, [user.email])
        except Exception:
            logger.exception("digest for %s failed; kept for the next one", user.pk)
            Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
                email_attempts=F("email_attempts") + 1
            )
            continue
        Notification.objects.filter(pk__in=[n.pk for n in notices]).update(
            email_state=EmailState.SENT, emailed_at=now
        )
        sent += 1
    return sent


def mark_read(*, actor, notice: Notification) -> None:
    if notice.recipient_id != actor.pk:
        return
    Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())


def mark_all_read(*, actor) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def set_email_preference(*, actor, enabled: bool) -> Preference:
    preference, _created = Preference.objects.update_or_create(user=actor, defaults={"email_enabled": enabled})
    return preference


def run_reminders(*, today=None) -> dict:
    """Each active schedule once a day: its rule notifies whoever it concerns. Returns counts."""
    today = today or timezone.localdate()
    known = rules()
    counts = {}
    for schedule in ReminderSchedule.objects.filter(is_active=True).filter(
        Q(last_run_on__isnull=True) | Q(last_run_on__lt=today)
    ):
        rule = known.get(schedule.rule)
        if rule is None:
            continue
        with transaction.atomic():
            counts[schedule.pk] = rule.run(schedule, today)
            ReminderSchedule.objects.filter(pk=schedule.pk).update(last_run_on=today)
    return counts


# --- the worker's tasks (here, beside what they run, so that nothing imports in a circle) --------


@task(queue_name=settings.JOBS_QUEUE)
def send_notice_email(notice_id: int) -> None:
    deliver(notice_id)


@task(queue_name=settings.JOBS_QUEUE)
def send_digests_task() -> int:
    return send_digests()


@task(queue_name=settings.JOBS_QUEUE)
def run_reminders_task() -> dict:
    return {str(pk): count for pk, count in run_reminders().items()}
