"""The signed token a delegate card's QR code carries, and reading it back at the door.

The token is ``<congress id>:<delegate code>`` signed by Django's TimestampSigner (HMAC over the
SECRET_KEY) with a salt of its own per congress: a card cannot be forged or altered, and a card
printed for one congress never verifies at another, even for a person who is a delegate at both.
The timestamp records when the card was printed; cards do not expire (a congress lasts at most
ten days and a card reprinted later is still the same delegate), so no maximum age is checked.

Reading a token that fails the congress's salt looks once more at the congress it names: if it
is a genuine card of that other congress, the message says so instead of calling it forged.
Nothing here touches the database; the check-in service decides what a valid claim means.
"""

from __future__ import annotations

from typing import NamedTuple

from django.core import signing

SALT = "attendance.delegate-card"
SEP = ":"


class CardClaim(NamedTuple):
    """What a genuine card says: the congress it was printed for and the delegate's code."""

    congress_id: int
    code: str


class ForgedToken(Exception):
    """The token was not signed by this portal (altered, made up, or not a card at all)."""


class OtherCongressToken(Exception):
    """A genuine card, but of another congress."""

    def __init__(self, claim: CardClaim) -> None:
        super().__init__(claim.code)
        self.claim = claim


def _signer(congress_id: int) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=f"{SALT}{SEP}{congress_id}", sep=SEP)


def card_token(*, congress_id: int, code: str) -> str:
    """The text of the card's QR code."""
    return _signer(congress_id).sign(f"{congress_id}{SEP}{code}")


def _claim(value: str) -> CardClaim:
    congress, _sep, code = value.partition(SEP)
    if not congress.isdigit() or not code:
        raise ForgedToken(value)
    return CardClaim(int(congress), code)


def read_token(token: str, *, congress_id: int) -> CardClaim:
    """The card's claim if it is a genuine card of this congress.

    Raises OtherCongressToken for a genuine card of another congress, ForgedToken otherwise."""
    token = token.strip()
    try:
        return _claim(_signer(congress_id).unsign(token))
    except signing.BadSignature:
        pass
    named, _sep, _rest = token.partition(SEP)
    if named.isdigit() and int(named) != congress_id:
        try:
            claim = _claim(_signer(int(named)).unsign(token))
        except signing.BadSignature:
            raise ForgedToken(token) from None
        raise OtherCongressToken(claim)
    raise ForgedToken(token)
