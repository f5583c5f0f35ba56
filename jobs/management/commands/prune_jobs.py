from django.core.management.base import BaseCommand

from jobs.services import job_prune


class Command(BaseCommand):
    help = "Xóa các tệp đã hết hạn trong “Tệp của tôi” và phần dở dang của tác vụ bị ngắt."

    def handle(self, *args, **options):
        count = job_prune()
        self.stdout.write(f"{count}")
