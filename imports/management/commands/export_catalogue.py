"""export_catalogue: print the whole catalogue in the export contract of DESIGN.md.

Why: the same JSON (or CSV) that /initiatives/export.json gives, for scripts and archives,
without a web server.
"""

from django.core.management.base import BaseCommand

from initiatives.export import iter_json
from initiatives.models import Initiative
from initiatives.spreadsheets import iter_csv


class Command(BaseCommand):
    help = "Print the catalogue as JSON (the export contract) or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, format="json", **options):
        queryset = Initiative.objects.public().for_list().order_by("title", "slug")
        chunks = iter_json(queryset) if format == "json" else iter_csv(queryset)
        for chunk in chunks:
            self.stdout.write(chunk, ending="")
        if format == "json":
            self.stdout.write("")
