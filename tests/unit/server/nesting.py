"""Deeply nested values, for the JSON stand-ins' depth limits."""


def nested(levels: int) -> list:
    """``levels`` lists, each inside the one before."""
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value
