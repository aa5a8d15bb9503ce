"""What stops a read from being compiled."""


class Outside(Exception):
    """The operation leaves the compiled subset (or would fail): the resolvers answer it."""
