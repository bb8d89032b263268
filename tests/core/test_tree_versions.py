import pytest
from django.core.cache import cache
from django.db import transaction

from apps.core import tree_versions
from apps.core.tree_versions import EVERYTHING, SCOPES, current, renew, subtree, subtrees

pytestmark = pytest.mark.django_db  # renewing registers an after-commit callback


def test_each_subtree_has_its_own_name():
    assert subtrees(["0001", "0001000A"]) == {"tv:0001", "tv:0001000A"}
    assert len({EVERYTHING, SCOPES, subtree("0001")}) == 3


def test_current_tokens_are_stable_until_renewed_and_only_the_renewed_ones_change():
    names = [EVERYTHING, SCOPES, subtree("0001"), subtree("0002")]
    first = current(names)
    assert current(names) == first and len(set(first.values())) == 4
    renew([subtree("0001")])
    after = current(names)
    assert after[subtree("0001")] != first[subtree("0001")]
    assert {n: after[n] for n in names if n != subtree("0001")} == {
        n: first[n] for n in names if n != subtree("0001")
    }


def test_a_token_lost_from_the_cache_comes_back_as_a_new_one_never_an_old_one():
    before = current([subtree("0001")])[subtree("0001")]
    cache.clear()  # evicted, flushed, Redis restarted
    again = current([subtree("0001")])[subtree("0001")]
    assert again != before
    assert current([subtree("0001")])[subtree("0001")] == again


def test_renewed_at_once_and_again_after_the_commit_in_one_cache_call(
    django_capture_on_commit_callbacks, monkeypatch
):
    name_a, name_b = subtree("0001"), subtree("0002")
    # names left pending by earlier tests' transactions, which roll back and never commit
    monkeypatch.setattr(tree_versions._pending, "names", set(), raising=False)
    first = current([name_a, name_b])
    with django_capture_on_commit_callbacks() as callbacks:
        renew([name_a])
        renew([name_b])
        inside = current([name_a, name_b])
        # the writer's own request sees its change at once
        assert inside[name_a] != first[name_a] and inside[name_b] != first[name_b]
    calls = []
    real = cache.set_many
    monkeypatch.setattr(
        cache, "set_many", lambda data, timeout: calls.append(set(data)) or real(data, timeout)
    )
    for callback in callbacks:
        callback()
    # the first callback renews both names in one call; the second finds nothing left
    assert calls == [{name_a, name_b}]
    after = current([name_a, name_b])
    assert after[name_a] not in (first[name_a], inside[name_a])
    assert after[name_b] not in (first[name_b], inside[name_b])


@pytest.mark.django_db(transaction=True)
def test_names_of_a_rolled_back_transaction_are_renewed_with_the_next_commit():
    name_a, name_b = subtree("0001"), subtree("0002")
    with pytest.raises(RuntimeError), transaction.atomic():
        renew([name_a])
        raise RuntimeError
    rolled_back = current([name_a])[name_a]
    with transaction.atomic():
        renew([name_b])
    # one needless renewal of `name_a`, never a missed one of `name_b`
    assert current([name_a])[name_a] != rolled_back
    assert not getattr(tree_versions._pending, "names", set())
