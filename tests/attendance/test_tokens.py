"""The card's signed token: genuine for its congress only; altered or made up → refused."""

import pytest

from apps.attendance.tokens import (
    CardClaim,
    ForgedToken,
    OtherCongressToken,
    card_token,
    read_token,
)


def test_a_card_reads_back_at_its_congress():
    token = card_token(congress_id=17, code="QB7K2M9X")
    assert token.startswith("17:QB7K2M9X:")
    assert read_token(f"  {token}\n", congress_id=17) == CardClaim(17, "QB7K2M9X")


def test_a_card_of_another_congress_is_recognised_as_such():
    token = card_token(congress_id=17, code="QB7K2M9X")
    with pytest.raises(OtherCongressToken) as caught:
        read_token(token, congress_id=18)
    assert caught.value.claim == CardClaim(17, "QB7K2M9X")


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature altered
        lambda t: t.replace("QB7K2M9X", "QB7K2M9Y"),  # another delegate's code, same signature
        lambda t: t.replace("17:", "18:", 1),  # the congress changed
        lambda t: "17:QB7K2M9X",  # no signature at all
        lambda t: "QB7K2M9X",  # a typed code is not a token
        lambda t: "",
        lambda t: "https://example.org/?q=17",
    ],
)
def test_forged_tokens_are_refused(forge):
    token = card_token(congress_id=17, code="QB7K2M9X")
    with pytest.raises(ForgedToken):
        read_token(forge(token), congress_id=17)


def test_the_salt_is_per_congress(settings):
    """The same value signed for congress 18 does not verify as a card of 17."""
    from django.core import signing

    other = signing.TimestampSigner(salt="attendance.delegate-card:18", sep=":").sign("17:QB7K2M9X")
    with pytest.raises(ForgedToken):
        read_token(other, congress_id=17)
