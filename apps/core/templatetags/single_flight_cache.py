"""`{% cache_once %}`: Django's `{% cache %}` for fragments many people ask for at the same
moment. When the fragment is not cached, one request renders it and the others asking for the
same key wait for that rendering (apps.core.single_flight) instead of rendering it too: four
central users opening the root dashboard right after a change render its table once.

    {% load single_flight_cache %}
    {% cache_once 600 dashboard_table key request.GET.urlencode %} … {% endcache_once %}

The arguments are those of `{% cache %}` (timeout, fragment name, what it varies on); the
fragment is stored in the default cache under Django's own fragment key.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.template.base import FilterExpression, NodeList, Parser, Token

from apps.core.single_flight import computed_once

register = template.Library()


class CacheOnceNode(template.Node):
    def __init__(
        self,
        nodelist: NodeList,
        timeout: FilterExpression,
        fragment_name: str,
        vary_on: list[FilterExpression],
    ) -> None:
        self.nodelist = nodelist
        self.timeout = timeout
        self.fragment_name = fragment_name
        self.vary_on = vary_on

    def render(self, context: Any) -> str:
        timeout = int(self.timeout.resolve(context))
        key = make_template_fragment_key(
            self.fragment_name, [var.resolve(context) for var in self.vary_on]
        )
        html: str = computed_once(
            key,
            lambda: cache.get(key),
            lambda: self.nodelist.render(context),
            lambda value: cache.set(key, value, timeout),
        )
        return html


@register.tag("cache_once")
def do_cache_once(parser: Parser, token: Token) -> CacheOnceNode:
    nodelist = parser.parse(("endcache_once",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a timeout and a fragment name")
    return CacheOnceNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(bit) for bit in bits[3:]],
    )
