"""`manage.py backup [--out DIR]` (`make backup`): the database and MEDIA_ROOT in one dated archive."""

from django.core.management.base import BaseCommand, CommandError

from common import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đã lưu (MEDIA_ROOT) vào một tệp nén có ngày giờ."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="backups", help="thư mục ghi tệp sao lưu (mặc định: backups)")

    def handle(self, *args, out, **options):
        try:
            archive = backup.backup(out)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
