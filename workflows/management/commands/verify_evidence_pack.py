"""Recheck an evidence pack: every file's SHA-256 and size against its manifest,
no file missing and none extra; exit non-zero naming each problem."""

import zipfile

from django.core.management.base import BaseCommand, CommandError

from workflows.evidence import MANIFEST, manifest_problems


class Command(BaseCommand):
    help = "Verify an evidence pack's files against its manifest.json."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The evidence pack, a .zip file.")

    def handle(self, *args, file, **options):
        try:
            with zipfile.ZipFile(file) as archive:
                problems = manifest_problems(archive)
                count = len(set(archive.namelist()) - {MANIFEST})
        except (OSError, zipfile.BadZipFile) as error:
            raise CommandError(f"{file}: not a readable ZIP file ({error})") from None
        if problems:
            raise CommandError(
                f"{file} does not match its manifest:\n" + "\n".join(problems)
            )
        self.stdout.write(
            f"{file}: {count} file(s) match the manifest (SHA-256 and size); "
            "none missing, none extra."
        )
