import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from apps.congresses.cache import TTL_SECONDS, facts_version


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


class FactsCountPaginator(DjangoPaginator):
    """A paginator whose total is cached until the facts change (apps.congresses.cache): the
    rows of a page come from an index in the list's order whatever the tree's size, but the
    total counted every visible congress or organisation on every page (13,000 at the root).
    The key is the list's own SQL (its filters carry what the caller may see) and the facts
    version, which every change to congresses, the tree, memberships and permissions moves."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:  # a list, not a queryset: nothing to count in the database
            return super().count
        digest = hashlib.sha256(str(query).encode()).hexdigest()
        key = f"api-count:{facts_version()}:{digest}"
        total = cache.get(key)
        if total is None:
            total = super().count
            cache.set(key, total, TTL_SECONDS)
        return total


class FactsCountPagination(Pagination):
    """Pagination for the lists of facts (congresses, organisations): the total cached."""

    django_paginator_class = FactsCountPaginator
