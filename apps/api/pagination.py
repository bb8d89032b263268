from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page numbers, with `page_size` up to 500; a malformed page_size is refused (400), not
    silently replaced by the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_query_description = "Số kết quả mỗi trang, từ 1 đến 500 (mặc định 50)."

    def get_page_size(self, request):
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        if (
            len(values) > 1
            or not values[0].isdigit()
            or not 1 <= int(values[0]) <= self.max_page_size
        ):
            raise ValidationError(
                {
                    "page_size": [
                        _("page_size phải là số nguyên từ 1 đến %(max)s.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return int(values[0])

    def get_schema_operation_parameters(self, view):
        """The bounds the refusal above enforces, declared in the schema (1 to max_page_size)."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(
                    {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size}
                )
        return parameters
