from apps.congresses.importing import import_congresses
from apps.core.importing_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập lịch đại hội: organization_code,term,ordinal,kind,opening_date,days,place,is_pilot."
    )
    importer = staticmethod(import_congresses)
