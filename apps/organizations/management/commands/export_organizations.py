import sys

from django.core.management.base import BaseCommand, CommandError

from apps.core.exports import export_bytes
from apps.organizations.models import Organization
from apps.organizations.resources import OrganizationResource


class Command(BaseCommand):
    help = "Xuất cây tổ chức (toàn bộ hoặc một nhánh) ra CSV hoặc XLSX, đúng định dạng để nhập lại."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--org", help="mã tổ chức gốc của nhánh")
        parser.add_argument("--output", help="tệp ghi ra (mặc định: stdout)")

    def handle(self, *args, **options):
        qs = Organization.objects.order_by("path")
        if options["org"]:
            root = Organization.objects.filter(code=options["org"]).first()
            if root is None:
                raise CommandError(f"Không có tổ chức mã {options['org']}")
            qs = qs.filter(path__startswith=root.path)
        data = export_bytes(OrganizationResource(), qs, options["format"])
        if options["output"]:
            with open(options["output"], "wb") as f:
                f.write(data)
        else:
            sys.stdout.buffer.write(data)
