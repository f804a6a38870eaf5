"""Demo content for feedback."""


def load(stdout):
    pass


def reset():
    pass
