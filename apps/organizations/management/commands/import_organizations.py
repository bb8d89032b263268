from apps.core.importing_command import ImportCommand
from apps.organizations.importing import import_organizations


class Command(ImportCommand):
    help = (
        "Nhập cây tổ chức từ CSV/XLSX: code,parent_code,name,short_name,kind (tất cả hoặc không)."
    )
    importer = staticmethod(import_organizations)
