"""Demo content for events."""


def load(stdout):
    pass


def reset():
    pass
