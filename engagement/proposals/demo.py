"""Demo content for proposals."""


def load(stdout):
    pass


def reset():
    pass
