from apps.core.importing_command import ImportCommand
from apps.organizations.importing import import_people


class Command(ImportCommand):
    help = "Nhập người và vai trò (username, họ tên, email, mã tổ chức, vai trò, từ/đến ngày)."
    importer = staticmethod(import_people)
