"""`manage.py restore FILE` (`make restore FILE=…`): an archive of `backup` into an empty database
and an empty MEDIA_ROOT, checked against its manifest (row counts, file checksums)."""

from django.core.management.base import BaseCommand, CommandError

from common import backup


class Command(BaseCommand):
    help = "Khôi phục tệp sao lưu vào cơ sở dữ liệu trống và thư mục MEDIA_ROOT trống, rồi đối chiếu."

    def add_arguments(self, parser):
        parser.add_argument("file", help="tệp sao lưu ketnghia-….tar.gz")

    def handle(self, *args, file, **options):
        try:
            manifest = backup.restore(file)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{len(manifest['tables'])} tables, {sum(manifest['tables'].values())} rows, "
                          f"{len(manifest['files'])} files restored and checked ({manifest['created']}).")
