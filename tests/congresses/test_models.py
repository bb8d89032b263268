"""The rule set's defaults come from one place (deadlines.RuleParams)."""

import pytest

from apps.congresses.deadlines import RuleParams
from apps.congresses.facts import params_for
from apps.congresses.models import RuleSet

pytestmark = pytest.mark.django_db


def test_a_new_rule_set_starts_from_the_pure_modules_defaults():
    rule_set = RuleSet.objects.create(name="Bộ quy tắc mới")
    rule_set.refresh_from_db()
    assert params_for(rule_set) == RuleParams()
    assert (rule_set.r30_days, rule_set.r20_days) == (30, 20)
